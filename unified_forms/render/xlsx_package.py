"""Finishing the .xlsx package after openpyxl: what openpyxl cannot write.

openpyxl writes a formula without its result and has no phonetic (ふりがな)
runs, so the saved package is patched here, as XML text, before it is zipped
again with fixed dates and order:

* Cached results: ``<f>SUM(B3:J3)</f><v/>`` gets the value the binding
  computed (``<v>38</v>``; a blank result becomes a ``t="str"`` empty string),
  so viewers that do not calculate (previews, mail clients, pandas) show the
  same numbers as the PDF. The workbook also asks for a full recalculation on
  load (``fullCalcOnLoad``), so Excel and LibreOffice recompute anyway.
* Phonetic runs: a name cell gets a shared string with ``<rPh>`` runs (姓 over
  姓, 名 over 名) and a ``<phoneticPr>`` (ECMA-376 Part 1 §18.4.6, §18.4.3), so
  Excel knows the reading (PHONETIC(), sorting, 「ふりがなの表示」); ``ph="1"``
  shows it above the name. openpyxl writes strings inline, which carry no
  reading in Excel's model, hence the shared string table written here.

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
    # cell → (font id of the ふりがな in styles.xml, runs, shown in the cell)
    phonetic: dict[str, tuple[int, tuple[PhoneticRun, ...], bool]] = field(default_factory=dict)


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def _number(value: int | float) -> str:
    if isinstance(value, int):
        return str(value)
    return repr(float(value))


# openpyxl writes an empty value as <v/> or <v></v> (with lxml installed): both are patched
_FORMULA_CELL = re.compile(r'<c r="(?P<ref>[A-Z]+[0-9]+)"(?P<attrs>[^>]*)><f>(?P<f>[^<]*)</f><v(?:\s*/>|></v>)')
_INLINE_CELL = re.compile(
    r'<c r="(?P<ref>[A-Z]+[0-9]+)"(?P<attrs>[^>]*?) t="inlineStr"(?P<after>[^>]*)><is>(?P<is>.*?)</is>', re.S
)
SST_NAME = "xl/sharedStrings.xml"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


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
    sheet: str, patch: Mapping[str, tuple[int, tuple[PhoneticRun, ...], bool]], shared: list[str]
) -> str:
    """Each phonetic cell's inline string (openpyxl's) becomes a shared string with its runs.

    Excel keeps phonetic runs in the shared string table; ``ph="1"`` shows them.
    """

    def repl(m: re.Match[str]) -> str:
        ref = m.group("ref")
        if ref not in patch:
            return m.group(0)
        font_id, runs, show = patch[ref]
        shared.append(_phonetic_si(m.group("is"), runs, font_id))
        ph = ' ph="1"' if show else ""
        return f'<c r="{ref}"{m.group("attrs")} t="s"{m.group("after")}{ph}><v>{len(shared) - 1}</v>'

    return _INLINE_CELL.sub(repl, sheet)


def _add_shared_strings(files: dict[str, bytes], shared: Sequence[str]) -> None:
    """The shared string table, registered with the package and the workbook."""
    n = len(shared)
    files[SST_NAME] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN_NS}" count="{n}" '
        f'uniqueCount="{n}">{"".join(shared)}</sst>'
    ).encode()
    types = files["[Content_Types].xml"].decode("utf-8")
    types = types.replace("</Types>", f'<Override PartName="/{SST_NAME}" ContentType="{SST_TYPE}"/></Types>')
    files["[Content_Types].xml"] = types.encode("utf-8")
    rels_name = "xl/_rels/workbook.xml.rels"
    rels = files[rels_name].decode("utf-8")
    rel = f'<Relationship Id="rIdSharedStrings" Type="{SST_REL}" Target="sharedStrings.xml"/>'
    rels = rels.replace("</Relationships>", rel + "</Relationships>")
    files[rels_name] = rels.encode("utf-8")


def finish(data: bytes, patches: Sequence[SheetPatch]) -> bytes:
    """The package ``data`` with every sheet's patch applied, re-zipped deterministically.

    ``patches[i]`` belongs to ``xl/worksheets/sheet{i+1}.xml`` (openpyxl's naming);
    openpyxl writes every string inline, so the shared string table holds only the
    phonetic cells' strings.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    files = {name: src.read(name) for name in src.namelist()}
    if SST_NAME in files:
        raise ValueError("unexpected shared string table from openpyxl: phonetic cells would clash with it")
    shared: list[str] = []
    for i, patch in enumerate(patches, start=1):
        if not patch.cached and not patch.phonetic:
            continue
        name = f"xl/worksheets/sheet{i}.xml"
        xml = files[name].decode("utf-8")
        if patch.cached:
            xml = _with_cached(xml, patch.cached)
        if patch.phonetic:
            xml = _with_phonetic(xml, patch.phonetic, shared)
        files[name] = xml.encode("utf-8")
    if shared:
        _add_shared_strings(files, shared)
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
