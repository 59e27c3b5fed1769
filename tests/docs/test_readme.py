"""README.md's form table is what the form declarations say (regenerate with the module's main)."""

from __future__ import annotations

from pathlib import Path

from unified_forms.docsgen.readme import forms_table, updated

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_forms_table_matches_the_declarations() -> None:
    text = README.read_text(encoding="utf-8")
    assert forms_table() in text, "README.md is stale: run `python -m unified_forms.docsgen.readme`"
    assert updated(text) == text


def test_the_table_has_one_row_per_form() -> None:
    import unified_forms as uf

    rows = [line for line in forms_table().splitlines() if line.startswith("| `")]
    assert [r.split("`")[1] for r in rows] == [f.id for f in uf.forms()]
