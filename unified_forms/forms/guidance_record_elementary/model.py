"""Input of the 指導要録（小学校）: the 指導要録 family's record, built for this variant."""

from unified_forms.families.guidance_record import variant_model

GuidanceRecordElementaryInput = variant_model("guidance_record_elementary")
