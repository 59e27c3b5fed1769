"""Issue 19 §6: mutated samples of every form → a PDF/XLSX that passes qpdf, or an error with a path.

Never a crash, a hang, a memory blow-up, a FormDataError entry without a path or a
message carrying control characters (guard.check_outcome says exactly what is allowed).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unified_forms import registry

from .conftest import examples
from .guard import Guard, Job, check_outcome
from .mutate import mutated_document

SAMPLES = [
    (form_id, stem, json.loads(path.read_text(encoding="utf-8")))
    for form_id in registry.form_ids()
    for stem, path in registry.get(form_id).sample_files()[:1]
]


@pytest.mark.parametrize(("form_id", "stem", "sample"), SAMPLES, ids=[s for _, s, _ in SAMPLES])
def test_mutated_samples_render_or_fail_with_a_path(
    form_id: str, stem: str, sample: dict[str, Any], guard: Guard
) -> None:
    @settings(max_examples=examples(), deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(data=mutated_document(sample), fmt=st.sampled_from(["pdf", "pdf", "pdf", "xlsx"]))
    def run(data: dict[str, Any], fmt: str) -> None:
        outcome = guard.run(Job(form_id, data, fmt))
        problem = check_outcome(outcome, fmt)
        assert problem is None, problem

    run()
