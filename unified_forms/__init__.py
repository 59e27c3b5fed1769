"""unified_forms: Yamaguchi prefecture's unified school forms, printed identically by every system.

Public API (see README / api-contract.md)::

    import unified_forms as uf
    uf.forms(); uf.model(id); uf.schema(id); uf.sample(id)
    uf.validate(id, data); uf.render_pdf(id, data); uf.render_xlsx(id, data)
    uf.render(id, data, format="pdf")  # bytes + render report
    uf.preflight(id, data)             # characters IPAmj明朝 cannot print exactly
    uf.render_pdf(id, data, pdfa=True) # archival PDF/A-2b; embed_data=True: PDF/A-3b with the data
    uf.extract_data(pdf_bytes)         # the data a PDF was printed from (調査書)
"""

# ``unified_forms.forms`` and ``unified_forms.render`` share a name with a public function
# (uf.forms, uf.render). Both are imported here first (their __init__ modules are light), so that
# binding the functions below is final: a later import of a form or a renderer module sets an
# attribute on the subpackage, never on this package again.
import unified_forms.forms
import unified_forms.render  # noqa: F401  (see above)
from unified_forms.api import (
    RenderResult,
    compile_form,
    extract_data,
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

__version__ = "0.1.0"

_LAZY = {
    "attendance": "unified_forms.attendance",
    "batch": "unified_forms.batch",
    "registry": "unified_forms.registry",
    "RenderReport": "unified_forms.report",
    "ExtractError": "unified_forms.extract",
}


def __getattr__(name: str) -> object:
    """Subpackages and names that need the heavier modules load on first use."""
    import importlib

    if name not in _LAZY:
        raise AttributeError(f"module 'unified_forms' has no attribute '{name}'")
    module = importlib.import_module(_LAZY[name])
    return module if module.__name__.endswith(name) else getattr(module, name)


__all__ = [
    "ErrorEntry",
    "ExtractError",
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
    "extract_data",
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
