"""Form id → its declaration, derived from the form packages (see ``unified_forms.forms``).

Nothing is registered here by hand: ``REGISTRY`` is built from the ``FORM`` each package under
``unified_forms/forms/`` declares. Kept as the name the CLI, batch and docs have always used.
"""

from __future__ import annotations

from typing import Any

from unified_forms.forms import Form, all_forms, form_ids
from unified_forms.forms import get as _get

FormInfo = Form  # the public name of a form's declaration (api-contract: .id, .title, .paper)

__all__ = ["REGISTRY", "FormInfo", "form_ids", "get"]  # noqa: F822  (REGISTRY: module __getattr__)

_registry: dict[str, Form] | None = None


def __getattr__(name: str) -> Any:
    """``REGISTRY`` (id → Form, in list order) is built on first use: it imports every form."""
    global _registry
    if name == "REGISTRY":
        if _registry is None:
            _registry = {f.id: f for f in all_forms()}
        return _registry
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def get(form_id: str) -> Form:
    if _registry is not None and form_id in _registry:  # a form a test added to the table
        return _registry[form_id]
    return _get(form_id)
