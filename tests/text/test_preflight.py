"""外字 preflight finds exactly what the font cannot print, with the same rules as rendering."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

import unified_forms as uf
from unified_forms.text.preflight import check_text

KUZU = "葛"


@pytest.mark.parametrize("selector", range(0xE0102, 0xE0109))
def test_ipamj_has_kuzu_selectors_e0102_to_e0108(selector: int) -> None:
    assert check_text(KUZU + chr(selector), "x") == []


@pytest.mark.parametrize("text", ["\ufa11", "\U00020bb7", "髙", "齋", "渡邊", "　", "ー"])
def test_ipamj_prints_these_exactly(text: str) -> None:
    assert check_text(text, "x") == []


@pytest.mark.parametrize(
    ("text", "reason", "position", "flagged"),
    [
        ("葛\U000e0100飾区", "ivs-not-in-font", 1, "葛\U000e0100"),  # Adobe-Japan1 selector, not in IPAmj
        ("山田\U000f0001", "missing-glyph", 3, "\U000f0001"),  # private use plane 15
        ("山\x07田", "control", 2, "\x07"),
    ],
)
def test_known_problem_cases(text: str, reason: str, position: int, flagged: str) -> None:
    (issue,) = check_text(text, "students[0].name.family")
    assert issue.reason == reason
    assert issue.position == position
    assert issue.text == flagged
    assert issue.path == "students[0].name.family"
    assert issue.codepoints == " ".join(f"U+{ord(c):04X}" for c in flagged)


def test_line_breaks_are_not_characters() -> None:
    assert check_text("一行目\r\n二行目\n三行目", "remarks") == []


def test_preflight_walks_every_value_with_its_path() -> None:
    data = copy.deepcopy(uf.sample("roster"))
    assert uf.preflight("roster", data) == []
    data["students"][5]["name"]["family"] = "葛\U000e0100西"
    data["school"]["name"] = "山口市立\U000f0002小学校"
    issues = uf.preflight("roster", data)
    assert {(i.path, i.reason) for i in issues} == {
        ("students[5].name.family", "ivs-not-in-font"),
        ("school.name", "missing-glyph"),
    }


def test_rendering_records_the_same_fallback_in_the_report() -> None:
    data = copy.deepcopy(uf.sample("roster"))
    data["students"][5]["name"]["family"] = "葛\U000e0100西"
    result = uf.render("roster", data)
    assert [(f.path, f.reason, f.text) for f in result.report.fallbacks] == [
        ("students[5].name", "ivs-not-in-font", "葛\U000e0100")
    ]


def test_cli_preflight_exit_codes(tmp_path: Path) -> None:
    data = copy.deepcopy(uf.sample("roster"))
    good = tmp_path / "good.json"
    good.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    ok = subprocess.run([sys.executable, "-m", "unified_forms", "preflight", "roster", str(good)],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    data["students"][0]["name"]["given"] = "葛\U000e0100"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "unified_forms", "preflight", "roster", str(bad)],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "students[0].name.given" in done.stdout and "U+845B U+E0100" in done.stdout
