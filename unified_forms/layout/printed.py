"""Which data a layout file prints: so that data with no box is an error, never silently dropped.

A school's own arrangement file may leave out a block (no 所見, no 外国語活動).
Bindings declare the data that must appear (``Bound.must_print``); the
compiler checks it against the slots and list sources of the layout actually
used, whichever file that is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from unified_forms.layout.load import load_form_layout, load_pattern


def printed_sources(file: Path, flags: frozenset[str] = frozenset()) -> frozenset[str]:
    """Slot names and list sources some element of this layout prints (options resolved;
    blocks whose ``when`` does not hold for ``flags`` left out)."""
    from unified_forms.layout.compile import block_enabled, resolve_options

    layout = load_form_layout(file)
    designs = [(p.blocks, p.elements) for p in layout.pages] or [(layout.blocks, layout.elements)]
    out: set[str] = set()

    def collect(elements: tuple[Any, ...], options: dict[str, Any]) -> None:
        for el in elements:
            for attr in ("source", "slot"):
                name = getattr(el, attr, None)
                if isinstance(name, str):
                    if name.startswith("$") and name[1:] in options:
                        name = str(options[name[1:]])
                    out.add(name)

    for blocks, elements in designs:
        collect(elements, {})
        for i, block in enumerate(blocks):
            if not block_enabled(block, flags):
                continue
            pattern = load_pattern(block.use, referenced_from=file)
            collect(pattern.elements, resolve_options(pattern, block.options, file, f"blocks[{i}]"))
    return frozenset(out)
