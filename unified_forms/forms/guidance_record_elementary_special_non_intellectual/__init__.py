"""指導要録 小学校 特別支援学級_知的障がい以外: declared by the 指導要録 family (families/guidance_record)."""

from unified_forms.families.guidance_record import declaration
from unified_forms.forms import Form

FORM = Form(**declaration("guidance_record_elementary_special_non_intellectual"))
