"""A layout is checked against the binding it prints: a typo or a hidden box can never blank a field.

Every case here once printed a form at exit 0 with data missing (issue 17: ``count_mael``;
issue 19: a 所見 hidden by a ``when:`` that never holds or placed off the page, a 名簿 without
its table, another form's layout given with ``--layout``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

import unified_forms as uf
from unified_forms.errors import LayoutError


def _shipped(form_id: str, variant: str | None = None) -> str:
    return uf.registry.get(form_id).layout_file(variant).read_text(encoding="utf-8")


def _own(tmp_path: Path, text: str) -> Path:
    own = tmp_path / "our_school.yaml"
    own.write_text(text, encoding="utf-8")
    return own


def test_a_slot_typo_is_refused_with_the_file_the_entry_and_the_right_name(tmp_path: Path) -> None:
    own = _own(tmp_path, _shipped("roster").replace("slot: count_male", "slot: count_mael"))
    with pytest.raises(LayoutError) as info:
        uf.render_pdf("roster", uf.sample("roster"), layout=own)
    err = info.value
    assert err.file.endswith("our_school.yaml")
    assert err.where == "count_mael"
    assert "did you mean 'count_male'" in err.message


def test_a_roster_layout_without_its_table_prints_no_pupil_and_is_refused(tmp_path: Path) -> None:
    layout = yaml.safe_load(_shipped("roster"))
    layout["elements"] = [e for e in layout["elements"] if e["kind"] != "table"]
    own = _own(tmp_path, yaml.safe_dump(layout, allow_unicode=True))
    with pytest.raises(LayoutError) as info:
        uf.render_pdf("roster", uf.sample("roster"), layout=own)
    assert "students[0].name" in info.value.paths
    assert len([p for p in info.value.paths if p.endswith(".name")]) == len(uf.sample("roster")["students"])


def test_another_forms_layout_is_refused_not_printed_empty(tmp_path: Path) -> None:
    own = _own(tmp_path, _shipped("attendance_register"))
    with pytest.raises(LayoutError) as info:
        uf.render_pdf("roster", uf.sample("roster"), layout=own)
    assert re.search(r"no (slot or )?list '\w+'", info.value.message), info.value.message


def test_an_element_condition_that_never_holds_cannot_hide_given_text(tmp_path: Path) -> None:
    """The 所見 box kept in the file but switched off by a flag nobody sets."""
    text = _shipped("transcript")
    assert "slot: comments," in text
    own = _own(tmp_path, text.replace("slot: comments,", "slot: comments, when: never_set,"))
    with pytest.raises(LayoutError) as info:
        uf.render_pdf("transcript", uf.sample("transcript"), layout=own)
    assert info.value.paths == ("comments",)


@pytest.mark.parametrize("origin", ["[5000, 5000]", "[100000, 100000]", "[-400, 10]"])
def test_a_table_placed_off_the_page_is_refused(tmp_path: Path, origin: str) -> None:
    text = _shipped("roster")
    assert "origin: [15, 36]" in text
    own = _own(tmp_path, text.replace("origin: [15, 36]", f"origin: {origin}"))
    with pytest.raises(LayoutError) as info:
        uf.render_pdf("roster", uf.sample("roster"), layout=own)
    # beyond ±1000 mm the loader refuses the number itself (issue 19 bounds), before anything is drawn
    assert "outside the 210 x 297 mm page" in info.value.message or "beyond ±1000" in info.value.message
    assert info.value.where.startswith("elements[")


def test_an_optional_column_not_chosen_is_not_bound_so_nothing_is_lost() -> None:
    """住所 given but not chosen for this print run: the choice is the user's, not a layout fault."""
    data = uf.sample("roster")
    assert "address" not in data.get("columns", []) and any(s.get("address") for s in data["students"])
    assert uf.render_pdf("roster", data).startswith(b"%PDF-")


def test_every_shipped_layout_prints_everything_its_samples_carry() -> None:
    """Each form's every layout variant with each of its samples: compiles, i.e. no unread value."""
    checked = 0
    for form in uf.forms():
        for _stem, path in form.sample_files():
            data = json.loads(path.read_text(encoding="utf-8"))
            uf.compile_form(form.id, data)
            checked += 1
    assert checked >= len(uf.forms())
