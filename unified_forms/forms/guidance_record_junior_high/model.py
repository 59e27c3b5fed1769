"""Input of the 指導要録（中学校）: the 指導要録 family's record, built for this variant."""

from unified_forms.families.guidance_record import variant_model

GuidanceRecordJuniorHighInput = variant_model("guidance_record_junior_high")
