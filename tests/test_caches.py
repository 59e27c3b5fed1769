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
