"""unified_forms.caches: every cache registers itself; clearing any of them changes no byte."""

from __future__ import annotations

import unified_forms as uf
from unified_forms import caches


def test_every_stage_registers_its_caches() -> None:
    uf.render_pdf("roster", uf.sample("roster"))
    names = {c.name.split(":")[0] for c in caches.registered()}
    assert names >= {
        "text.shape",
        "text.chartable",
        "text.measure",
        "layout.fitbox",
        "layout.place",
        "render.cidfont",
        "render.pdf",
    }
    assert all(isinstance(v, int) and v >= 0 for v in caches.sizes().values())


def test_clearing_everything_changes_no_byte() -> None:
    data = uf.sample("report_card")
    warm = uf.render_pdf("report_card", data)
    caches.clear_all()
    assert all(v == 0 for v in caches.sizes().values())
    assert uf.render_pdf("report_card", data) == warm


def test_trim_only_past_the_limit() -> None:
    table: dict[int, int] = {}
    cache = caches.register_dict("test: a dict", table)
    try:
        table.update({1: 1, 2: 2})
        assert not cache.trim(2) and len(table) == 2
        assert cache.trim(1) and table == {}
    finally:
        caches._registry.pop("test: a dict", None)


def test_identity_memo_answers_only_for_the_same_object() -> None:
    memo: caches.IdentityMemo[list[int], str] = caches.IdentityMemo("test: identity", limit=2)
    try:
        a, twin = [1], [1]
        assert memo.lookup(a, (10,)) is None
        assert memo.store(a, (10,), "a10") == "a10"
        assert memo.lookup(a, (10,)) == "a10"
        assert memo.lookup(a, (12,)) is None  # the extras are part of the key
        assert memo.lookup(twin, (10,)) is None  # equal but not the same object
        memo.store(a, (12,), "a12")
        memo.store(twin, (10,), "t10")  # full: emptied first, never past the limit
        assert len(memo) == 1 and memo.lookup(twin, (10,)) == "t10"
        assert caches.sizes()["test: identity"] == 1
    finally:
        caches._registry.pop("test: identity", None)
