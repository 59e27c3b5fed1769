"""Tries and outcomes per form, without stopping at the first finding (for issue notes).

    python -m tests.fuzz.survey [EXAMPLES_PER_FORM] [inputs|layouts]

Runs the same mutations as the fuzz tests through the same guarded worker and
prints, per form, how many examples ended as a document, a FormDataError, a
LayoutError, or a finding (crash, hang, memory, an error without a path), with
the distinct findings.
"""

from __future__ import annotations

import collections
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unified_forms import registry

from .guard import Guard, Job, check_outcome, cleanup, fresh_dir
from .mutate import mutated_document, mutated_layout


def _survey_form(guard: Guard, root: Path, form_id: str, n: int, what: str, findings: Counter[str]) -> Counter[str]:
    info = registry.get(form_id)
    sample = json.loads(info.sample_file.read_text(encoding="utf-8"))
    counts: Counter[str] = collections.Counter()
    layout_doc = yaml.safe_load(info.layout_file().read_text(encoding="utf-8"))
    strategy = mutated_document(sample) if what == "inputs" else mutated_layout(layout_doc)

    @settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(doc=strategy, fmt=st.sampled_from(["pdf", "pdf", "pdf", "xlsx"]))
    def run(doc: Any, fmt: str) -> None:
        if what == "inputs":
            job = Job(form_id, doc, fmt)
        else:
            path = root / f"{form_id}-{sum(counts.values())}.yaml"
            path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
            job = Job(form_id, sample, fmt, layout=str(path))
        outcome = guard.run(job)
        problem = check_outcome(outcome, fmt)
        counts[outcome.kind if problem is None else "FINDING"] += 1
        if problem is not None:
            findings[f"{form_id}: {problem[:160]}"] += 1

    run()
    return counts


def survey(n: int, what: str) -> int:
    guard = Guard()
    root = fresh_dir()
    total: Counter[str] = collections.Counter()
    findings: Counter[str] = collections.Counter()
    start = time.monotonic()
    try:
        for form_id in registry.form_ids():
            counts = _survey_form(guard, root, form_id, n, what, findings)
            total.update(counts)
            print(f"{form_id:32s} " + "  ".join(f"{k} {v}" for k, v in sorted(counts.items())), flush=True)
    finally:
        guard.close()
        cleanup(root)
    print(f"\n{sum(total.values())} tries in {time.monotonic() - start:.0f} s: {dict(total)}")
    for finding, count in sorted(findings.items()):
        print(f"  {count:4d}  {finding}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(survey(int(sys.argv[1]) if len(sys.argv) > 1 else 100, sys.argv[2] if len(sys.argv) > 2 else "inputs"))
