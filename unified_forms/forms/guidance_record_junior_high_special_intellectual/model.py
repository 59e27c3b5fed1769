"""Input of the 指導要録 中学校 特別支援学級_知的障がい: the 指導要録 family's record, built for this variant."""

from unified_forms.families.guidance_record import variant_model

GuidanceRecordJuniorHighSpecialIntellectualInput = variant_model("guidance_record_junior_high_special_intellectual")
