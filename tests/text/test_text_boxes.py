"""Text boxes end to end: fit steps, continuation sheets, ruby, vertical text, never a lost character."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from tests.text.conftest import compile_box, pdftotext
from unified_forms.errors import FormDataError
from unified_forms.layout.bound import Value
from unified_forms.render.pdf import render_pdf
from unified_forms.text.graphemes import graphemes

SHOKEN = (
    "学習面では、国語の「書くこと」の単元で、自分の考えを理由とともに分かりやすく書くことができました。"
    "算数では、図や式を使って考え方を説明し、友達の意見を聞いて自分の考えを深めていました。"
    "生活面では、係活動に責任をもって取り組み、学級のために進んで仕事を見付けて働く姿が見られました。"
    "休み時間には下級生に優しく声をかけ、思いやりのある行動が光っていました。"
)


def _shoken(n: int) -> str:
    return (SHOKEN * (n // len(SHOKEN) + 1))[:n]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_4000_character_shoken_continues_in_full_on_continuation_sheets(tmp_path: Path) -> None:
    text = _shoken(4000)
    box = {"rect": [20, 60, 170, 80], "label": "総合所見", "style": {"size": 10, "valign": "top",
           "fit": {"min_size": 8, "wrap": True, "overflow": "continuation"}}}
    compiled = compile_box(tmp_path, box, Value(text, "years[0].remarks"), continuation_subject="3年1組 5番 﨑山 蓮")
    doc = compiled.document
    assert len(doc.pages) >= 3  # the form page plus at least two 別紙
    pdf = render_pdf(doc)
    extracted = _flat(pdftotext(pdf, tmp_path))
    assert _in_order(text, extracted)
    fits = [f for p, f in compiled.fits if p == "years[0].remarks"]
    assert fits[0].remainder and fits[0].size == 8.0  # shrank to the minimum, then continued
    assert "".join("".join(f.lines) for f in fits) == text.replace("\n", "")
    sheet_text = pdftotext(pdf, tmp_path, "-f", "2", "-l", "2")
    assert "別" in sheet_text and "総合所見" in sheet_text and "﨑山" in sheet_text


def _in_order(text: str, extracted: str) -> bool:
    pos = 0
    for g in graphemes(text):
        pos = extracted.find(g, pos)
        if pos < 0:
            return False
        pos += len(g)
    return True


def test_overflow_without_continuation_names_path_capacity_and_length(tmp_path: Path) -> None:
    box = {"rect": [20, 60, 170, 80], "style": {"size": 10, "fit": {"min_size": 8, "wrap": True}}}
    with pytest.raises(FormDataError) as info:
        compile_box(tmp_path, box, Value(_shoken(4000), "years[0].remarks"))
    (entry,) = info.value.errors
    assert entry.path == "years[0].remarks"
    assert "最小8.0pt" in entry.message and "入力は4000字" in entry.message
    assert re.search(r"約\d+字×\d+行（\d+字）", entry.message)


@pytest.mark.parametrize("chars", [40, 200, 600])
def test_each_fit_step_keeps_the_whole_text(tmp_path: Path, chars: int) -> None:
    box = {"rect": [20, 60, 120, 40], "style": {"size": 12, "valign": "top", "fit": {"min_size": 4, "wrap": True}}}
    compiled = compile_box(tmp_path, box, Value(_shoken(chars), "remarks"))
    ((_, fit),) = compiled.fits
    assert "".join(fit.lines) == _shoken(chars)
    assert fit.shrank == (chars > 40)
    text = _flat(pdftotext(render_pdf(compiled.document), tmp_path))
    assert _flat(_shoken(chars)) in text


def test_ruby_sits_inside_the_name_box_over_each_part(tmp_path: Path) -> None:
    box = {"rect": [20, 60, 60, 14], "style": {"size": 14, "align": "center", "ruby": {"size": 6}}}
    value = Value("﨑山\u3000蓮", "students[0].name", ruby="さきやま　れん",
                  ruby_parts=(("﨑山", "さきやま"), ("\u3000", ""), ("蓮", "れん")))
    doc = compile_box(tmp_path, box, value).document
    (name,) = [t for t in doc.pages[0].texts if t.field == "students[0].name"]
    assert [r.text for r in name.ruby] == ["さきやま", "れん"]
    base_line = name.lines[0]
    for ruby in name.ruby:
        r = ruby.rect
        assert r.x >= 20 and r.right <= 80 and r.y >= 60 and r.bottom <= name.rect.y + 1e-6
        assert ruby.lines[0].baseline < base_line.baseline
    family, given_ = name.ruby
    assert family.rect.right <= given_.rect.x + 1e-6  # さきやま over 﨑山, れん over 蓮
    text = pdftotext(render_pdf(doc), tmp_path)
    assert "さきやま" in text and "﨑山" in text


def test_vertical_text_extracts_in_reading_order(tmp_path: Path) -> None:
    box = {"rect": [20, 60, 12, 80], "style": {"size": 12, "vertical": True, "align": "center"}}
    doc = compile_box(tmp_path, box, Value("総合的な学習の時間", "label")).document
    (t,) = [t for t in doc.pages[0].texts if t.field == "label"]
    assert t.vertical and len(t.lines) == 1
    assert 60 <= t.lines[0].baseline <= 140
    pdf = render_pdf(doc)
    assert "総合的な学習の時間" in _flat(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    assert "総合的な学習の時間" in _flat(pdftotext(pdf, tmp_path))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(
        alphabet=st.sampled_from(list("あいうえおかきくけこ漢字所見学習国語算数、。「」（）ーっゃ𠮷﨑ABC123\n")),
        min_size=1,
        max_size=300,
    ),
    width=st.floats(20, 170),
    height=st.floats(8, 120),
)
def test_every_grapheme_is_printed_in_order_or_the_field_is_named(
    tmp_path: Path, text: str, width: float, height: float
) -> None:
    fit = {"min_size": 6, "wrap": True}
    box = {"rect": [20, 40, width, height], "style": {"size": 10, "valign": "top", "fit": fit}}
    try:
        compiled = compile_box(tmp_path, box, Value(text, "remarks"))
    except FormDataError as exc:
        assert [e.path for e in exc.errors] == ["remarks"]
        assert "入力は" in exc.errors[0].message
        return
    extracted = pdftotext(render_pdf(compiled.document), tmp_path)
    assert _in_order(text.replace("\n", ""), extracted)
