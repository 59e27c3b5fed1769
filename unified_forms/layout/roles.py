"""What kind of text a box prints (label, parents' text, legal record, data) and what that implies.

issue 13: labels broke inside words (「技術・家｜庭」) and parents' text printed at 4.5 pt because
every box chose its own minimum. A text's role now decides its smallest size (one table,
``spec.ROLE_MIN_PT``) and, for labels, where it may break (``text.breaking.label_allows_break``).
The role is the box's ``style.role``; a form that declares ``text_role`` gives it to its data
boxes, and its printed labels (static text) are labels. A form that declares nothing keeps the
boxes' own minimums (``role`` stays None), so forms adopt roles one at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from unified_forms import caches
from unified_forms.errors import LayoutError
from unified_forms.layout.spec import ROLE_MIN_PT, TextStyle

if TYPE_CHECKING:
    from unified_forms.layout.build import Frame


def role_of(style: TextStyle, static: bool, text_role: str | None, frame: Frame | None) -> str | None:
    """The role of one text: the style's own (``$option`` resolved; "" means unset), else the form's."""
    role = style.role
    if isinstance(role, str) and role.startswith("$"):
        if frame is None or role[1:] not in frame.options:
            raise LayoutError(str(frame.file) if frame else "", "style.role", f"'{role}' is not a known option")
        role = str(frame.options[role[1:]])
    if role:
        if role not in ROLE_MIN_PT:
            known = ", ".join(ROLE_MIN_PT)
            raise LayoutError(str(frame.file) if frame else "", "style.role", f"unknown role '{role}' ({known})")
        return role
    if text_role is None:
        return None
    return "label" if static else text_role


# by the identity of the layout's (immutable) style, see caches.IdentityMemo
_STYLES: caches.IdentityMemo[TextStyle, TextStyle] = caches.IdentityMemo(
    "layout.roles: styles per role", limit=4096, per_text=False
)


def role_style(style: TextStyle, role: str) -> TextStyle:
    """``style`` with its role's minimum size (never lower than the box's own) and, for a label,
    line breaks only between words."""
    hit = _STYLES.lookup(style, (role,))
    return hit if hit is not None else _STYLES.store(style, (role,), _role_style(style, role))


def _role_style(style: TextStyle, role: str) -> TextStyle:
    fit = style.fit
    update: dict[str, object] = {}
    floor = ROLE_MIN_PT[role]
    if fit.min_size < floor:
        update["min_size"] = floor
    if role == "label" and fit.breaks != "label":
        update["breaks"] = "label"
    new_fit = fit.model_copy(update=update) if update else fit
    return style.model_copy(update={"fit": new_fit, "role": role})


def check_size(size: float, role: str, frame: Frame | None) -> None:
    """A box drawn smaller than its role allows is a layout error (the box must be redesigned)."""
    floor = ROLE_MIN_PT[role]
    if size < floor - 1e-9:
        where = frame.where if frame else "style.size"
        raise LayoutError(
            str(frame.file) if frame else "",
            where,
            f"text size {size:g} pt is below the {floor:g} pt minimum of role '{role}' (spec.ROLE_MIN_PT)",
        )
