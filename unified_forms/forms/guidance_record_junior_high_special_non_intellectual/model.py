"""Input of the 指導要録 中学校 特別支援学級_知的障がい以外: the 指導要録 family's record, built for this variant."""

from unified_forms.families.guidance_record import variant_model

GuidanceRecordJuniorHighSpecialNonIntellectualInput = variant_model(
    "guidance_record_junior_high_special_non_intellectual"
)
