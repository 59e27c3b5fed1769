"""An in-suite PDF/A checker: each clause of ISO 19005-2/-3 (level B) that our files rely on, asserted.

This is not a general validator. It reads a file with pikepdf (qpdf) and fontTools, i.e.
independently of the code that wrote it, and checks what a PDF/A validator would check of the
features our writer uses; a feature we never write (annotations, forms, optional content,
transparency groups, actions) is checked to be absent. Each problem is reported with its
clause number, so a failing test names the rule that broke.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from fontTools.ttLib import TTFont

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
# namespaces of the XMP schemas predefined by ISO 19005 (anything else needs an extension schema)
PREDEFINED = {
    NS[k] for k in ("rdf", "pdfaid", "dc", "xmp", "pdf", "xmpMM", "pdfaExtension", "pdfaSchema", "pdfaProperty")
}
PREDEFINED.add("adobe:ns:meta/")
PREDEFINED.add("http://www.w3.org/XML/1998/namespace")

TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
# colour operators and the colour space they imply
DEVICE_OPS = {"g": "Gray", "G": "Gray", "rg": "RGB", "RG": "RGB", "k": "CMYK", "K": "CMYK"}


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)  # clauses looked at

    def check(self, clause: str, ok: bool, message: str) -> None:
        self.checked.add(clause)
        if not ok:
            self.problems.append(f"{clause}: {message}")


def _objects(pdf: pikepdf.Pdf) -> Iterator[Any]:
    yield from pdf.objects


def _name(v: Any) -> str:
    return str(v) if isinstance(v, pikepdf.Name) else ""


def check_file_structure(raw: bytes, rep: Report) -> None:
    """6.1.2 header, 6.1.3 trailer, 6.1.4 cross-reference table, 6.1.7 streams, 6.1.8 objects."""
    rep.check("6.1.2-1", re.match(rb"%PDF-1\.[0-7]\r?\n", raw) is not None, "header is not %PDF-1.n")
    second = raw.split(b"\n", 2)[1] if raw.count(b"\n") >= 2 else b""
    rep.check(
        "6.1.2-2",
        second.startswith(b"%") and sum(b > 127 for b in second[1:5]) == 4,
        "second line is not a comment of four bytes above 127",
    )
    end = raw.rstrip(b"\r\n")
    rep.check("6.1.3-3", end.endswith(b"%%EOF") and len(raw) - len(end) <= 2, "data after the last %%EOF")
    rep.check("6.1.3-1", b"/ID [<" in raw[raw.rfind(b"trailer") :], "the trailer has no /ID")
    rep.check("6.1.3-2", b"/Encrypt" not in raw[raw.rfind(b"trailer") :], "the file is encrypted")
    rep.check("6.1.4-1", re.search(rb"\nxref\r?\n\d+ \d+\r?\n", raw) is not None, "no classic cross-reference table")
    # stream keyword followed by an EOL, endstream preceded by one, the data as long as /Length
    for m in re.finditer(rb"/Length (\d+) >>\nstream(\r\n|\n)", raw):
        start = m.end()
        length = int(m.group(1))
        tail = raw[start + length : start + length + 10]
        rep.check("6.1.7.1-1", tail.startswith((b"\nendstream", b"\r\nendstream")), f"stream at {start}: bad /Length")
    for m in re.finditer(rb"(\d+) (\d+) obj", raw):
        before = raw[m.start() - 1 : m.start()]
        rep.check("6.1.8-1", before in (b"\n", b"\r"), f"object {m.group(1)} does not start a line")
    rep.check("6.1.8-1", all(raw[m.start() - 1 : m.start()] in b"\r\n" for m in re.finditer(rb"endobj", raw)), "endobj")


def check_streams(pdf: pikepdf.Pdf, rep: Report) -> None:
    """6.1.7.1 no external streams, 6.1.7.2 filters, 6.1.10 limits, 6.2.8 images, 6.2.9 XObjects, 6.2.10."""
    for obj in _objects(pdf):
        if isinstance(obj, pikepdf.Stream):
            d = obj.stream_dict
            for key in ("/F", "/FFilter", "/FDecodeParms"):
                rep.check("6.1.7.1-2", key not in d, f"stream with {key}")
            flt = d.get("/Filter")
            filters = [flt] if isinstance(flt, pikepdf.Name) else list(flt or [])
            for f in filters:
                rep.check("6.1.7.2-1", str(f) not in ("/LZWDecode", "/Crypt"), f"filter {f}")
            if d.get("/Subtype") == pikepdf.Name.Image:
                for key in ("/Alternates", "/OPI", "/SMask"):
                    rep.check("6.2.8-1", key not in d, f"image with {key} (no transparency in our PDF/A)")
                rep.check("6.2.8-2", not bool(d.get("/Interpolate", False)), "image with /Interpolate true")
                rep.check("6.2.8-3", str(d.get("/Filter", "")) != "/JPXDecode", "JPX image")
                rep.check(
                    "6.2.4.3-1",
                    str(d.get("/ColorSpace")) in ("/DeviceRGB", "/DeviceGray"),
                    f"image colour space {d.get('/ColorSpace')} (sRGB output intent: Gray or RGB only)",
                )
                rep.check("6.2.8-4", int(d.get("/BitsPerComponent", 8)) in (1, 2, 4, 8), "bits per component")
            if d.get("/Subtype") == pikepdf.Name.Form:
                for key in ("/OPI", "/Subtype2", "/PS", "/Group"):
                    rep.check("6.2.9-1", key not in d, f"form XObject with {key}")
            rep.check("6.2.9-2", d.get("/Subtype") != pikepdf.Name.PS, "PostScript XObject")
        elif isinstance(obj, pikepdf.Dictionary):
            if obj.get("/Type") == pikepdf.Name.ExtGState:
                rep.check("6.2.10-1", "/SMask" not in obj or obj.SMask == pikepdf.Name.None_, "ExtGState soft mask")
                rep.check("6.2.10-2", float(obj.get("/CA", 1)) == 1 and float(obj.get("/ca", 1)) == 1, "alpha < 1")
                rep.check("6.2.5-1", "/TR" not in obj and "/HTP" not in obj, "transfer function / halftone")
            if isinstance(obj.get("/Length"), int):
                pass
    rep.check("6.1.10-1", len(pdf.objects) <= 8_388_607, "too many indirect objects")


def _content_ops(pdf: pikepdf.Pdf) -> Iterator[tuple[str, list[Any], Any]]:
    """(operator, operands, owner) over every page and every Form XObject they use."""
    seen: set[tuple[int, int]] = set()

    def walk(owner: Any) -> Iterator[tuple[str, list[Any], Any]]:
        for operands, op in pikepdf.parse_content_stream(owner):
            yield str(op), list(operands), owner
        resources = owner.get("/Resources") if not isinstance(owner, pikepdf.Page) else owner.obj.get("/Resources")
        xobjects = resources.get("/XObject", {}) if resources is not None else {}
        for xo in dict(xobjects).values():
            if xo.get("/Subtype") == pikepdf.Name.Form and xo.objgen not in seen:
                seen.add(xo.objgen)
                yield from walk(xo)

    for page in pdf.pages:
        yield from walk(page)


def check_content(pdf: pikepdf.Pdf, rep: Report) -> set[int]:
    """6.2.4.3 device colour with an RGB output intent only; 6.2.2 q nesting; returns the codes shown."""
    codes: set[int] = set()
    depth = max_depth = 0
    for op, operands, _owner in _content_ops(pdf):
        if op in DEVICE_OPS:
            rep.check("6.2.4.3-2", DEVICE_OPS[op] != "CMYK", f"{op}: DeviceCMYK with an RGB output intent")
        if op in ("cs", "CS", "sc", "SC", "scn", "SCN", "sh", "BI", "d0", "d1", "BX", "EX"):
            rep.check("6.2.4-1", False, f"operator {op} is not one our writer uses")
        if op == "gs":
            rep.check("6.2.10-3", False, "graphics state parameter dictionaries are not used by our writer")
        if op == "q":
            depth += 1
            max_depth = max(max_depth, depth)
        elif op == "Q":
            depth -= 1
        if op in TEXT_SHOWING:
            strings = [o for o in operands if isinstance(o, pikepdf.String)]
            for o in operands:
                if isinstance(o, pikepdf.Array):
                    strings += [s for s in o if isinstance(s, pikepdf.String)]
            for s in strings:
                b = bytes(s)
                rep.check("6.2.11.3-0", len(b) % 2 == 0, "a 2-byte code string of odd length")
                codes.update(int.from_bytes(b[i : i + 2], "big") for i in range(0, len(b) - 1, 2))
    rep.check("6.1.13-1", max_depth <= 28, f"q nesting {max_depth} > 28")
    return codes


def _w_widths(w: Any) -> dict[int, float]:
    out: dict[int, float] = {}
    items = list(w)
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            for k, v in enumerate(items[i + 1]):
                out[first + k] = float(v)
            i += 2
        else:
            last, width = int(items[i + 1]), float(items[i + 2])
            for c in range(first, last + 1):
                out[c] = width
            i += 3
    return out


def _tounicode_codes(data: bytes) -> dict[int, str]:
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be", "surrogatepass")
    return out


def check_fonts(pdf: pikepdf.Pdf, codes: set[int], rep: Report) -> None:
    """6.2.11: embedded, consistent widths, every used CID a real glyph (no .notdef), CIDSet, ToUnicode."""
    fonts = [o for o in _objects(pdf) if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == pikepdf.Name.Font]
    for font in fonts:
        subtype = _name(font.get("/Subtype"))
        rep.check("6.2.11.2-1", subtype in ("/Type0", "/CIDFontType2"), f"font subtype {subtype}")
        if subtype != "/Type0":
            continue
        rep.check("6.2.11.3.1-1", _name(font.get("/Encoding")) == "/Identity-H", "Type0 encoding not Identity-H")
        cid = font.DescendantFonts[0]
        rep.check("6.2.11.3.1-2", "/CIDSystemInfo" in cid, "no CIDSystemInfo")
        desc = cid.FontDescriptor
        rep.check("6.2.11.4.1-1", "/FontFile2" in desc, "font program not embedded")
        rep.check("6.2.11.4.1-2", str(desc.FontName) == str(font.BaseFont), "FontName differs from BaseFont")
        cid_map = bytes(cid.CIDToGIDMap.read_bytes())
        rep.check("6.2.11.3.2-1", isinstance(cid.CIDToGIDMap, pikepdf.Stream), "CIDToGIDMap not a stream")
        tt = TTFont(io.BytesIO(bytes(desc.FontFile2.read_bytes())))
        upem = tt["head"].unitsPerEm
        glyph_count = tt["maxp"].numGlyphs
        hmtx = tt["hmtx"].metrics
        order = tt.getGlyphOrder()
        gid_of = [struct.unpack(">H", cid_map[i : i + 2])[0] for i in range(0, len(cid_map), 2)]
        widths = _w_widths(cid.get("/W", []))
        dw = float(cid.get("/DW", 1000))
        for c in sorted(codes):
            rep.check("6.2.11.4.1-3", c < len(gid_of), f"code {c} beyond the CIDToGIDMap")
            if c >= len(gid_of):
                continue
            gid = gid_of[c]
            rep.check("6.2.11.8-1", gid != 0, f"code {c} shows .notdef")
            rep.check("6.2.11.4.1-3", gid < glyph_count, f"code {c}: glyph {gid} not in the embedded program")
            if gid < glyph_count:
                program_w = hmtx[order[gid]][0] * 1000.0 / upem
                pdf_w = widths.get(c, dw)
                rep.check("6.2.11.5-1", abs(program_w - pdf_w) <= 1.0, f"code {c}: /W {pdf_w} vs font {program_w}")
        if "/CIDSet" in desc:
            bits = bytes(desc.CIDSet.read_bytes())
            for c in range(1, len(gid_of)):
                present = gid_of[c] < glyph_count
                set_ = c // 8 < len(bits) and bool(bits[c // 8] & (0x80 >> (c % 8)))
                rep.check("6.2.11.4.2-2", present == set_, f"CIDSet bit {c} is {set_}, glyph present {present}")
            rep.check("6.2.11.4.2-2", len(bits) * 8 < len(gid_of) + 8, "CIDSet names CIDs the map lacks")
        to_unicode = _tounicode_codes(bytes(font.ToUnicode.read_bytes())) if "/ToUnicode" in font else {}
        missing = sorted(c for c in codes if not to_unicode.get(c))
        rep.check("6.2.11.7-1", not missing, f"codes without a ToUnicode entry: {missing[:10]}")


def _xmp_root(pdf: pikepdf.Pdf, rep: Report) -> ET.Element | None:
    meta = pdf.Root.get("/Metadata")
    rep.check("6.6.2.1-1", isinstance(meta, pikepdf.Stream), "no metadata stream in the catalog")
    if not isinstance(meta, pikepdf.Stream):
        return None
    rep.check("6.6.2.1-2", _name(meta.get("/Subtype")) == "/XML" and _name(meta.get("/Type")) == "/Metadata", "type")
    rep.check("6.6.2.1-3", "/Filter" not in meta, "metadata stream is filtered (we keep it readable)")
    packet = bytes(meta.read_bytes())
    head = packet[: packet.find(b"?>") + 2]
    rep.check("6.6.2.1-4", head.startswith(b"<?xpacket begin="), "no xpacket header")
    rep.check("6.6.2.1-5", b"bytes=" not in head and b"encoding=" not in head, "xpacket header has bytes/encoding")
    rep.check("6.6.2.1-6", packet.rstrip().endswith((b'<?xpacket end="w"?>', b'<?xpacket end="r"?>')), "trailer")
    try:
        return ET.fromstring(packet)
    except ET.ParseError as exc:
        rep.check("6.6.2.1-7", False, f"XMP is not well-formed XML: {exc}")
        return None


def _alt_default(root: ET.Element, tag: str) -> str | None:
    for el in root.iter(tag):
        for li in el.iter(f"{{{NS['rdf']}}}li"):
            if li.get("{http://www.w3.org/XML/1998/namespace}lang") == "x-default":
                return li.text or ""
    return None


def _simple(root: ET.Element, tag: str) -> str | None:
    for el in root.iter(tag):
        return el.text or ""
    return None


def _pdf_text(v: Any) -> str:
    return str(v)


def _pdf_date_to_xmp(d: str) -> str:
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)([+-])(\d\d)'(\d\d)'", d)
    assert m, d
    y, mo, da, h, mi, s, sign, oh, om = m.groups()
    return f"{y}-{mo}-{da}T{h}:{mi}:{s}{sign}{oh}:{om}"


def check_metadata(pdf: pikepdf.Pdf, part: int, rep: Report) -> dict[str, str]:
    """6.6.2 XMP: identification, Info equivalence, extension schemas for every other namespace."""
    root = _xmp_root(pdf, rep)
    if root is None:
        return {}
    rep.check("6.6.4-1", _simple(root, f"{{{NS['pdfaid']}}}part") == str(part), f"pdfaid:part is not {part}")
    rep.check("6.6.4-2", _simple(root, f"{{{NS['pdfaid']}}}conformance") == "B", "pdfaid:conformance is not B")
    info = pdf.trailer.get("/Info")
    info = info if info is not None else {}
    pairs = {
        "/Title": _alt_default(root, f"{{{NS['dc']}}}title"),
        "/Subject": _alt_default(root, f"{{{NS['dc']}}}description"),
        "/Creator": _simple(root, f"{{{NS['xmp']}}}CreatorTool"),
        "/Producer": _simple(root, f"{{{NS['pdf']}}}Producer"),
    }
    for key, xmp in pairs.items():
        if key in info:
            rep.check("6.6.3-1", xmp == _pdf_text(info[key]), f"Info {key} {str(info[key])!r} != XMP {xmp!r}")
    for key, tag in (("/CreationDate", "CreateDate"), ("/ModDate", "ModifyDate")):
        if key in info:
            xmp = _simple(root, f"{{{NS['xmp']}}}{tag}")
            rep.check("6.6.3-1", xmp == _pdf_date_to_xmp(str(info[key])), f"Info {key} != xmp:{tag} {xmp}")
    # every property outside the predefined schemas is described by an extension schema
    described: dict[str, set[str]] = {}
    for schema in root.iter(f"{{{NS['pdfaExtension']}}}schemas"):
        for li in schema.iter(f"{{{NS['rdf']}}}li"):
            uri = _simple(li, f"{{{NS['pdfaSchema']}}}namespaceURI")
            if uri:
                names = {n.text or "" for n in li.iter(f"{{{NS['pdfaProperty']}}}name")}
                described.setdefault(uri, set()).update(names)
                for vt in li.iter(f"{{{NS['pdfaProperty']}}}valueType"):
                    rep.check("6.6.2.3.3-1", vt.text in ("Text", "Integer", "Date", "Boolean", "URI"), "value type")
    own: dict[str, str] = {}
    for desc in root.iter(f"{{{NS['rdf']}}}Description"):
        for child in desc:
            ns, _, local = child.tag[1:].partition("}")
            if ns in PREDEFINED:
                continue
            rep.check("6.6.2.3.1-1", local in described.get(ns, set()), f"{ns}{local} has no extension schema")
            own[local] = child.text or ""
    return own


def check_output_intent(pdf: pikepdf.Pdf, rep: Report) -> None:
    """6.2.3: one PDF/A output intent with an embedded RGB display profile matching /N."""
    intents = list(pdf.Root.get("/OutputIntents", []))
    pdfa = [oi for oi in intents if oi.get("/S") == pikepdf.Name("/GTS_PDFA1")]
    rep.check("6.2.3-1", len(pdfa) == 1, f"{len(pdfa)} PDF/A output intents")
    for oi in pdfa:
        prof = oi.get("/DestOutputProfile")
        rep.check("6.2.3-2", isinstance(prof, pikepdf.Stream), "no DestOutputProfile")
        if not isinstance(prof, pikepdf.Stream):
            continue
        icc = bytes(prof.read_bytes())
        rep.check("6.2.3-3", icc[36:40] == b"acsp" and struct.unpack(">I", icc[:4])[0] == len(icc), "not ICC")
        rep.check("6.2.3-4", icc[12:16] in (b"mntr", b"prtr"), f"profile class {icc[12:16]!r}")
        rep.check("6.2.3-5", icc[16:20] == b"RGB " and int(prof.get("/N")) == 3, "not an RGB profile with /N 3")
        rep.check("6.2.3-6", icc[8] < 5, f"ICC version {icc[8]}")
        rep.check("6.2.3-7", "/OutputConditionIdentifier" in oi, "no OutputConditionIdentifier")


def check_document(pdf: pikepdf.Pdf, part: int, rep: Report) -> None:
    """6.1.11/6.5/6.9/6.3/6.8: no actions, JavaScript, forms, annotations; embedded files per part."""
    root = pdf.Root
    for key in ("/AA", "/OpenAction", "/AcroForm", "/OCProperties", "/Requirements", "/Collection"):
        rep.check("6.5-1", key not in root, f"catalog has {key}")
    names = root.get("/Names", {})
    rep.check("6.5-2", "/JavaScript" not in names, "JavaScript name tree")
    for page in pdf.pages:
        rep.check("6.3-1", "/Annots" not in page.obj, "page with annotations")
        rep.check("6.5-3", "/AA" not in page.obj, "page with additional actions")
        rep.check("6.2.10-4", "/Group" not in page.obj, "page with a transparency group")
    embedded = "/EmbeddedFiles" in names
    if part == 2:
        rep.check("6.8-1", not embedded and "/AF" not in root, "PDF/A-2b with embedded files")
        return
    specs = list(root.get("/AF", []))
    rep.check("6.8-2", bool(specs) and embedded, "PDF/A-3 data: no /AF or no EmbeddedFiles")
    listed = list(names.get("/EmbeddedFiles", {}).get("/Names", []))[1::2] if embedded else []
    for spec in specs:
        rep.check("6.8-3", "/F" in spec and "/UF" in spec, "file specification without /F and /UF")
        rep.check("6.8-4", "/AFRelationship" in spec, "file specification without /AFRelationship")
        ef = spec.get("/EF", {}).get("/F")
        rep.check("6.8-5", isinstance(ef, pikepdf.Stream), "no embedded file stream")
        if isinstance(ef, pikepdf.Stream):
            mime = _name(ef.get("/Subtype"))
            rep.check("6.8-6", "#2F" in mime or "/" in mime[1:], f"embedded file without a MIME subtype ({mime})")
            params = ef.get("/Params", {})
            size = params.get("/Size")
            rep.check("6.8-7", size is None or int(size) == len(ef.read_bytes()), "Params /Size wrong")
        rep.check("6.8-8", any(spec.objgen == s.objgen for s in listed), "file specification not in EmbeddedFiles")


def qpdf_check(raw: bytes) -> tuple[bool, str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "check.pdf"
        path.write_bytes(raw)
        out = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    return out.returncode == 0 and "No syntax or stream encoding errors" in out.stdout, out.stdout + out.stderr


def check_pdfa(raw: bytes, part: int = 2) -> Report:
    """Every check above over one file; ``part`` 2 (PDF/A-2b) or 3 (PDF/A-3b with data)."""
    rep = Report()
    check_file_structure(raw, rep)
    ok, out = qpdf_check(raw)
    rep.check("qpdf", ok, out.strip().splitlines()[-1] if out.strip() else "qpdf failed")
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        rep.check("6.1.3-2", not pdf.is_encrypted, "encrypted")
        check_streams(pdf, rep)
        codes = check_content(pdf, rep)
        check_fonts(pdf, codes, rep)
        check_output_intent(pdf, rep)
        own = check_metadata(pdf, part, rep)
        check_document(pdf, part, rep)
        if part == 3:
            meta = pdf.Root.Metadata
            rep.check(
                "uf-1",
                own.get("ContentSHA256") == hashlib.sha256(raw[: _offset_of(raw, meta.objgen[0])]).hexdigest(),
                "XMP ContentSHA256 does not match the bytes before the metadata",
            )
    return rep


def _offset_of(raw: bytes, num: int) -> int:
    m = re.search(rb"\n%d 0 obj\n" % num, raw)
    assert m is not None
    return m.start() + 1
