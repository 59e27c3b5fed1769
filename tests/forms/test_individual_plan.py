"""個別の教育支援計画 / 個別の指導計画 end to end: names exact (葛+IVS), every section printed, rules
refused at their paths, long texts continue on a 別紙 in full, 評価 columns follow the 学期数."""

from __future__ import annotations

import copy
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import unified_forms as uf
from unified_forms import api
from unified_forms.errors import FormDataError, LayoutError
from unified_forms.layout.page import Document

SUPPORT = "individual_support_plan"
INSTRUCTION = "individual_instruction_plan"
KATSU = "葛\U000e0102"  # IVS: must come back as given


def _sample(form: str) -> dict[str, Any]:
    return copy.deepcopy(uf.sample(form))


def _doc(form: str, data: dict[str, Any]) -> Document:
    return api.compile_form(form, data).document


def _pdf_text(pdf: bytes, tmp: Path) -> str:
    path = tmp / "x.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _printed(doc: Document, field: str) -> str:
    """What the page shows of one field: the lines in its box, then the 別紙 texts (whole)."""
    boxes = [t for p in doc.pages for t in p.texts if t.field == field]
    return "".join(("".join(line.run.text for line in t.lines) if i == 0 else t.text) for i, t in enumerate(boxes))


def _paths(exc: pytest.ExceptionInfo[FormDataError]) -> set[str]:
    return {e.path for e in exc.value.errors}


def test_registered_as_a4_portrait() -> None:
    forms = {f.id: f for f in uf.forms()}
    assert forms[SUPPORT].title == "個別の教育支援計画" and forms[SUPPORT].paper == "A4 portrait"
    assert forms[INSTRUCTION].title == "個別の指導計画" and forms[INSTRUCTION].paper == "A4 portrait"


def test_support_plan_prints_every_section(tmp_path: Path) -> None:
    data = _sample(SUPPORT)
    text = _pdf_text(uf.render_pdf(SUPPORT, data), tmp_path)
    flat = re.sub(r"\s+", "", text)
    assert f"{KATSU}城" in text and "葛城" not in text
    for needle in (
        "本人の願い",
        "保護者の願い",
        "障害の状態・実態",
        "支援の目標（長期）",
        "関係機関",
        "機関名種別担当者連絡先支援内容",
        "合理的配慮",
        "引継ぎ",
        "保護者同意",
        "保護者署名",
        "令和7年5月9日",
        "作成者山本由美作成日令和7年4月25日見直し日令和7年9月30日",
        "平成29年9月12日",
        "自閉スペクトラム症（山口県立こころの医療センター）（令和4年6月3日診断）",
        "0836-58-2370",
    ):
        assert needle in flat, needle
    assert re.sub(r"\s+", "", data["wish_self"]) in flat
    assert f"{KATSU}城美咲" in flat


def test_support_plan_two_sheets_texts_whole() -> None:
    data = _sample(SUPPORT)
    doc = _doc(SUPPORT, data)
    assert len(doc.pages) == 2
    for field in ("wish_guardian", "present_state", "long_term_goal", "accommodations"):
        got = _printed(doc, field)
        assert got.replace("\n", "") == data[field].replace("\n", ""), field


def test_consent_date_blank_for_hand_writing_when_not_given(tmp_path: Path) -> None:
    data = _sample(SUPPORT)
    data["consent"] = {}
    flat = re.sub(r"\s+", "", _pdf_text(uf.render_pdf(SUPPORT, data), tmp_path))
    assert "令和年月日" in flat and "美咲" not in flat


def test_instruction_plan_rows_and_term_columns(tmp_path: Path) -> None:
    data = _sample(INSTRUCTION)
    text = _pdf_text(uf.render_pdf(INSTRUCTION, data), tmp_path)
    assert re.search(r"教科等\s+目標（短期）\s+手立て\s+評価（1学期）\s+評価（2学期）\s+評価（3学期）", text)
    flat = re.sub(r"\s+", "", text)
    assert f"{KATSU}城悠真" in flat
    doc = _doc(INSTRUCTION, data)
    for i, area in enumerate(data["areas"]):
        assert area["area"][:2] in flat
        for key in ("area", "goal", "method"):
            assert "".join(t.text for t in doc.pages[0].texts if t.field == f"areas[{i}].{key}") == area[key]
    data["terms"] = 2
    for area in data["areas"]:
        area["evaluations"] = area["evaluations"][:2]
    two = _pdf_text(uf.render_pdf(INSTRUCTION, data), tmp_path)
    assert "評価（2学期）" in two and "評価（3学期）" not in two


@pytest.mark.parametrize(
    ("form", "change", "path"),
    [
        (SUPPORT, lambda d: d.update(review_on="2025-04-01"), "review_on"),
        (SUPPORT, lambda d: d["consent"].update(agreed_on="2025-04-01"), "consent.agreed_on"),
        (SUPPORT, lambda d: d["agencies"].append(dict(d["agencies"][0])), "agencies[3].name"),
        (SUPPORT, lambda d: d["agencies"][0].update(kind="学校"), "agencies[0].kind"),
        (SUPPORT, lambda d: d.update(wish_self=""), "wish_self"),
        (INSTRUCTION, lambda d: d["areas"].append(dict(d["areas"][0])), "areas[4].area"),
        (INSTRUCTION, lambda d: d.update(terms=2), "areas[0].evaluations"),
        (INSTRUCTION, lambda d: d.update(created_on="2026-04-01"), "created_on"),
        (INSTRUCTION, lambda d: d.update(areas=[]), "areas"),
    ],
)
def test_errors_name_their_path(form: str, change: Any, path: str) -> None:
    data = _sample(form)
    change(data)
    with pytest.raises(FormDataError) as info:
        uf.validate(form, data)
    assert path in _paths(info)
    assert path in str(info.value)


def test_too_many_areas_refused_at_areas() -> None:
    data = _sample(INSTRUCTION)
    data["areas"] += [dict(data["areas"][0], area=f"教科{i}") for i in range(3)]
    with pytest.raises(FormDataError) as info:
        uf.validate(INSTRUCTION, data)
    assert "areas" in _paths(info)


def test_long_goal_continues_on_a_besshi_in_full(tmp_path: Path) -> None:
    data = _sample(INSTRUCTION)
    long_text = "".join(
        f"第{i}文。手順表を見ながら、自分で道具を準備して学習を始めることができる。" for i in range(1, 30)
    )
    data["areas"][1]["method"] = long_text
    doc = _doc(INSTRUCTION, data)
    assert len(doc.pages) >= 2 and doc.sheet_names[1] == "別紙1"
    field = "areas[1].method"
    box = next(t for t in doc.pages[0].texts if t.field == field)
    in_box = "".join(line.run.text for line in box.lines)
    assert in_box and long_text.startswith(in_box) and len(in_box) < len(long_text)
    rest = "".join(t.text for p in doc.pages[1:] for t in p.texts if t.field == field)
    assert in_box + rest == long_text
    text = _pdf_text(uf.render_pdf(INSTRUCTION, data), tmp_path)
    assert "前ページからの続き" in text
    assert re.sub(r"\s+", "", rest) in re.sub(r"\s+", "", text)


def test_long_present_state_continues_on_a_besshi(tmp_path: Path) -> None:
    data = _sample(SUPPORT)
    long_text = "\n".join(
        f"{i}. 学習面では、具体物を操作しながら考えると理解が深まり、手順を示すと一人で取り組める。" for i in range(40)
    )
    data["present_state"] = long_text
    doc = _doc(SUPPORT, data)
    assert len(doc.pages) >= 3 and doc.sheet_names[2] == "別紙1"
    got = _printed(doc, "present_state")
    assert got.replace("\n", "") == long_text.replace("\n", "")
    assert "障害の状態・実態" in _pdf_text(uf.render_pdf(SUPPORT, data), tmp_path)


def test_layout_without_the_wishes_box_is_refused(tmp_path: Path) -> None:
    shipped = uf.registry.get(SUPPORT).layout_file()
    lines = shipped.read_text(encoding="utf-8").splitlines()
    own = tmp_path / "own.yaml"
    own.write_text("\n".join(line for line in lines if "slot: wish_guardian" not in line) + "\n", encoding="utf-8")
    with pytest.raises(LayoutError) as info:
        api.compile_form(SUPPORT, _sample(SUPPORT), layout=own)
    assert "wish_guardian" in set(info.value.paths)


_TEXT = st.text(alphabet="あいうえお学習活動目標手立て。、", min_size=1, max_size=400)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(goal=_TEXT, evaluation=_TEXT)
def test_any_text_is_printed_whole(goal: str, evaluation: str) -> None:
    data = _sample(INSTRUCTION)
    data["areas"][0]["goal"] = goal
    data["areas"][0]["evaluations"] = [evaluation, None, None]
    doc = _doc(INSTRUCTION, data)
    for field, want in (("areas[0].goal", goal), ("areas[0].evaluations[0]", evaluation)):
        assert _printed(doc, field) == want, field


@pytest.mark.parametrize("form", [SUPPORT, INSTRUCTION])
def test_same_input_same_bytes_pdf_and_xlsx(form: str) -> None:
    data = _sample(form)
    xlsx = uf.render_xlsx(form, data)
    assert xlsx[:2] == b"PK" and xlsx == uf.render_xlsx(form, data)
    assert uf.render_pdf(form, data) == uf.render_pdf(form, data)
