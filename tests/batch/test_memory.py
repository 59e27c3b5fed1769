"""Workers keep memory flat: the per-text caches are started afresh, and the bytes do not change."""

from __future__ import annotations

from typing import Any

import unified_forms as uf
from unified_forms.batch.worker import Job, Task, cache_load, render_chunk, trim_caches
from unified_forms.render import cidfont

from .conftest import roster_records


def test_trimming_after_every_document_gives_the_same_bytes(records6: list[dict[str, Any]]) -> None:
    job = Job("roster", "pdf", "/nonexistent", return_bytes=True, extra={"cache_entry_limit": 0})
    outcomes = render_chunk(job, [Task(i, f"{i}.pdf", r) for i, r in enumerate(records6, 1)])
    assert all(o.ok for o in outcomes)
    assert cache_load() == 0  # cleared after the last document
    assert [o.data for o in outcomes] == [uf.render_pdf("roster", r) for r in records6]


def test_trim_clears_every_registered_per_text_cache() -> None:
    from unified_forms import caches

    uf.render_pdf("roster", roster_records(1)[0])
    assert len(cidfont.H_OPS) > 0 and cache_load() > 0
    per_text = [c for c in caches.registered() if c.per_text]
    assert {c.name.split(":")[0] for c in per_text} >= {"text.shape", "layout.fitbox", "layout.place", "render.cidfont"}
    assert not trim_caches(limit=10**9)
    assert trim_caches(limit=0)
    assert len(cidfont.H_OPS) == 0
    assert all(c.size() == 0 for c in per_text)
    assert caches.sizes()["text.chartable: glyph and advance per character"] > 0  # per character: kept
