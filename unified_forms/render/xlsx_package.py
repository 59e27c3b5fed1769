"""Finishing the .xlsx package after openpyxl: what openpyxl cannot write.

openpyxl writes a formula without its result and has no phonetic (ふりがな)
runs, so the saved package is patched here, as XML text, before it is zipped
again with fixed dates and order:

* Cached results: ``<f>SUM(B3:J3)</f><v/>`` gets the value the binding
  computed (``<v>38</v>``; a blank result becomes a ``t="str"`` empty string),
  so viewers that do not calculate (previews, mail clients, pandas) show the
  same numbers as the PDF. The workbook also asks for a full recalculation on
  load (``fullCalcOnLoad``), so Excel and LibreOffice recompute anyway.
* Phonetic runs: a name cell gets its own shared string with ``<rPh>`` runs
  (姓 over 姓, 名 over 名) and a ``<phoneticPr>``, and the cell ``ph="1"`` so
  Excel shows the ふりがな above the name (ECMA-376 Part 1 §18.4.6, §18.4.3).

Kept free of openpyxl: plain XML text in, plain XML text out.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class PhoneticRun:
    """Kana over the UTF-16 code units ``start``..``end`` of the cell's text."""

    start: int
    end: int
    kana: str


@dataclass(slots=True)
class SheetPatch:
    """What one worksheet needs after openpyxl: cached results and phonetic runs, by cell (A1)."""

    cached: dict[str, int | float | str] = field(default_factory=dict)
    # cell → (font id of the ふりがな in styles.xml, runs)
    phonetic: dict[str, tuple[int, tuple[PhoneticRun, ...]]] = field(default_factory=dict)


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def _number(value: int | float) -> str:
    if isinstance(value, int):
        return str(value)
    return repr(float(value))


_FORMULA_CELL = re.compile(r'<c r="(?P<ref>[A-Z]+[0-9]+)"(?P<attrs>[^>]*)><f>(?P<f>[^<]*)</f><v\s*/>(?:</v>)?')
_STRING_CELL = re.compile(r'<c r="(?P<ref>[A-Z]+[0-9]+)"(?P<attrs>[^>]*) t="s"(?P<after>[^>]*)><v>(?P<i>[0-9]+)</v>')
_SI = re.compile(r"<si>(.*?)</si>", re.S)


def _with_cached(xml: str, cached: Mapping[str, int | float | str]) -> str:
    def repl(m: re.Match[str]) -> str:
        ref = m.group("ref")
        if ref not in cached:
            return m.group(0)
        value = cached[ref]
        attrs, formula = m.group("attrs"), m.group("f")
        if isinstance(value, str):
            return f'<c r="{ref}"{attrs} t="str"><f>{formula}</f><v>{escape(value)}</v>'
        return f'<c r="{ref}"{attrs}><f>{formula}</f><v>{_number(value)}</v>'

    return _FORMULA_CELL.sub(repl, xml)


def _phonetic_si(inner: str, runs: Sequence[PhoneticRun], font_id: int) -> str:
    rph = "".join(f'<rPh sb="{r.start}" eb="{r.end}"><t>{escape(r.kana)}</t></rPh>' for r in runs)
    return f'<si>{inner}{rph}<phoneticPr fontId="{font_id}" type="Hiragana" alignment="center"/></si>'


def _with_phonetic(
    sheet: str, patch: Mapping[str, tuple[int, tuple[PhoneticRun, ...]]], base: Sequence[str], added: list[str]
) -> str:
    """Point each phonetic cell at a new shared string carrying its runs (appended to ``added``)."""

    def repl(m: re.Match[str]) -> str:
        ref = m.group("ref")
        if ref not in patch:
            return m.group(0)
        font_id, runs = patch[ref]
        added.append(_phonetic_si(base[int(m.group("i"))], runs, font_id))
        index = len(base) + len(added) - 1
        return f'<c r="{ref}"{m.group("attrs")} t="s"{m.group("after")} ph="1"><v>{index}</v>'

    return _STRING_CELL.sub(repl, sheet)


def _sst_with(sst: str, total: int, added: Sequence[str]) -> str:
    sst = re.sub(r'uniqueCount="[0-9]+"', f'uniqueCount="{total}"', sst, count=1)
    sst = re.sub(r'(<sst[^>]*?) count="[0-9]+"', rf'\1 count="{total}"', sst, count=1)
    return sst.replace("</sst>", "".join(added) + "</sst>")


def finish(data: bytes, patches: Sequence[SheetPatch]) -> bytes:
    """The package ``data`` with every sheet's patch applied, re-zipped deterministically.

    ``patches[i]`` belongs to ``xl/worksheets/sheet{i+1}.xml`` (openpyxl's naming).
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    files = {name: src.read(name) for name in src.namelist()}
    sst_name = "xl/sharedStrings.xml"
    sst = files[sst_name].decode("utf-8") if sst_name in files else ""
    base = _SI.findall(sst)
    added: list[str] = []
    for i, patch in enumerate(patches, start=1):
        if not patch.cached and not patch.phonetic:
            continue
        name = f"xl/worksheets/sheet{i}.xml"
        xml = files[name].decode("utf-8")
        if patch.cached:
            xml = _with_cached(xml, patch.cached)
        if patch.phonetic and sst:
            xml = _with_phonetic(xml, patch.phonetic, base, added)
        files[name] = xml.encode("utf-8")
    if added:
        files[sst_name] = _sst_with(sst, len(base) + len(added), added).encode("utf-8")
    return deterministic_zip(files)


def deterministic_zip(files: Mapping[str, bytes]) -> bytes:
    """Zip with fixed entry dates/attributes and a fixed order ([Content_Types].xml first)."""
    names = list(files)
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in names]
    order = first + sorted(n for n in names if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix permissions below, same on every platform
            info.external_attr = 0o100644 << 16
            dst.writestr(info, files[name], compresslevel=6)
    return out.getvalue()
