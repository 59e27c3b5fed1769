"""unified_forms: Yamaguchi prefecture's unified school forms, printed identically by every system.

Public API (see README / api-contract.md)::

    import unified_forms as uf
    uf.forms(); uf.model(id); uf.schema(id); uf.sample(id)
    uf.validate(id, data); uf.render_pdf(id, data); uf.render_xlsx(id, data)
    uf.render(id, data, format="pdf")  # bytes + render report
    uf.preflight(id, data)             # characters IPAmj明朝 cannot print exactly
"""

# These subpackages share a name with a public function (uf.render, uf.forms). They must be
# imported before the functions are bound below: importing them later would rebind the
# package attribute to the module and shadow the function.
import unified_forms.forms
import unified_forms.render  # noqa: F401  (see above)
from unified_forms.api import (
    RenderResult,
    compile_form,
    forms,
    model,
    preflight,
    render,
    render_pdf,
    render_xlsx,
    sample,
    schema,
    validate,
)
from unified_forms.errors import ErrorEntry, FontNotFoundError, FormDataError, LayoutError
from unified_forms.registry import FormInfo
from unified_forms.report import RenderReport

__version__ = "0.1.0"

_LAZY_SUBPACKAGES = ("attendance", "batch")


def __getattr__(name: str) -> object:
    """``uf.attendance`` and ``uf.batch`` load on first use: they are not needed to print one form."""
    if name in _LAZY_SUBPACKAGES:
        import importlib

        return importlib.import_module(f"unified_forms.{name}")
    raise AttributeError(f"module 'unified_forms' has no attribute '{name}'")


__all__ = [
    "ErrorEntry",
    "FontNotFoundError",
    "FormDataError",
    "FormInfo",
    "LayoutError",
    "RenderReport",
    "RenderResult",
    "__version__",
    "attendance",
    "batch",
    "compile_form",
    "forms",
    "model",
    "preflight",
    "render",
    "render_pdf",
    "render_xlsx",
    "sample",
    "schema",
    "validate",
]
