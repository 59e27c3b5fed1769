"""Input of the 指導要録 小学校 特別支援学級_知的障がい: the 指導要録 family's record, built for this variant."""

from unified_forms.families.guidance_record import variant_model

GuidanceRecordElementarySpecialIntellectualInput = variant_model("guidance_record_elementary_special_intellectual")
