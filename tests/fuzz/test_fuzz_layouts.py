"""Issue 19 §6: mutated shipped layout and pattern files → a document that passes qpdf, or a LayoutError
(or FormDataError) naming the entry; never a hang, a crash or a memory blow-up.

A school's arrangement file is untrusted data: the numbers the review found (``.nan``,
``1e300``, ``rows: 1e8``, ``origin: [100000, 100000]``) are among the replacements.
"""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unified_forms import registry
from unified_forms.layout.load import layouts_dir

from .conftest import examples
from .guard import Guard, Job, check_outcome, cleanup, fresh_dir
from .mutate import mutated_layout

FORMS = [
    (form_id, json.loads(registry.get(form_id).sample_file.read_text(encoding="utf-8")))
    for form_id in registry.form_ids()
]
_counter = itertools.count()


def _patterns_used(form_file: Path) -> list[str]:
    text = form_file.read_text(encoding="utf-8")
    return sorted(p.name for p in (layouts_dir() / "patterns").glob("*.yaml") if p.stem.split("_")[0] in text)


@pytest.mark.parametrize(("form_id", "sample"), FORMS, ids=[f for f, _ in FORMS])
def test_mutated_layouts_render_or_fail_naming_the_entry(form_id: str, sample: dict[str, Any], guard: Guard) -> None:
    form_file = registry.get(form_id).layout_file()
    form_doc = yaml.safe_load(form_file.read_text(encoding="utf-8"))
    patterns = _patterns_used(form_file)
    root = fresh_dir()
    shutil.copytree(layouts_dir(), root / "layouts")
    pattern_docs = {
        name: yaml.safe_load((root / "layouts" / "patterns" / name).read_text(encoding="utf-8")) for name in patterns
    }
    try:

        @settings(
            max_examples=examples(15), deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        @given(
            target=st.sampled_from(["form", "form", *patterns]) if patterns else st.just("form"),
            fmt=st.sampled_from(["pdf", "pdf", "xlsx"]),
            data=st.data(),
        )
        def run(target: str, fmt: str, data: st.DataObject) -> None:
            n = next(_counter)
            if target == "form":
                doc = data.draw(mutated_layout(form_doc))
                layout = root / f"form{n}.yaml"
                layout.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
                outcome = guard.run(Job(form_id, sample, fmt, layout=str(layout)))
            else:  # the pattern file mutated in place in the copy, and put back after the example
                file = root / "layouts" / "patterns" / target
                original = file.read_text(encoding="utf-8")
                doc = data.draw(mutated_layout(pattern_docs[target]))
                file.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
                try:
                    outcome = guard.run(Job(form_id, sample, fmt, layouts_root=str(root / "layouts")))
                finally:
                    file.write_text(original, encoding="utf-8")
            problem = check_outcome(outcome, fmt)
            assert problem is None, f"{target}: {problem}"

        run()
    finally:
        cleanup(root)
