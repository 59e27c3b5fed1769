"""指導要録（中学校）: declared by the 指導要録 family (families/guidance_record)."""

from unified_forms.families.guidance_record import declaration
from unified_forms.forms import Form

FORM = Form(**declaration("guidance_record_junior_high"))
