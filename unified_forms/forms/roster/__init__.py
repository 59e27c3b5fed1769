"""名簿 (roster)."""

from unified_forms.forms import Form
from unified_forms.forms.roster.binding import bind
from unified_forms.forms.roster.model import RosterInput

FORM = Form(
    id="roster",
    title="名簿",
    paper="A4 portrait",
    model=RosterInput,
    bind=bind,
    summary='名簿 (column chooser: 住所 / 保護者 / 備考)',
    order=1,
)
