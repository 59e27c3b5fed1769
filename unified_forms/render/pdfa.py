"""What makes our PDF an archival PDF/A file (ISO 19005-2 level B, or 19005-3 with embedded data).

Why: the 学籍 part of a 指導要録 is kept for 20 years, and an archive accepts PDF/A. Most
of PDF/A our writer already meets by construction (pdffile.py, cidfont.py): a binary header
comment, a classic cross-reference table, a trailer /ID, no encryption, every font embedded
with its widths and a ToUnicode map, no .notdef, Flate only, no transparency, no actions, no
annotations. What a PDF/A file has in addition is written here, at the end of the file:

* an output intent with an embedded sRGB profile (icc.py), which makes DeviceGray (rules,
  text) and DeviceRGB (朱点, images) device-independent;
* an XMP metadata stream: the PDF/A identification (part 2 or 3, conformance B), dc:title and
  dc:description, the creation date, producer and creator tool, all equal to the document
  information dictionary's entries as PDF/A requires, and a document ID derived from the
  content;
* with an :class:`Attachment` (PDF/A-3, the 調査書's data): the embedded file stream, its file
  specification (``/AFRelationship``), the catalog's ``/AF`` and ``/Names /EmbeddedFiles``, and
  an XMP extension schema describing our own properties, as Factur-X does for invoices. Those
  properties hold the SHA-256 of the embedded data and of every byte of the file before the
  metadata, so a file changed after printing is recognised (``unified_forms.extract``).

Deterministic: dates come from the data (or are left out), IDs are hashes of the content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from xml.sax.saxutils import escape

from unified_forms.render.icc import srgb_profile
from unified_forms.render.pdffile import PdfFile, pdf_name, pdf_string

CREATOR = "unified_forms"
OUTPUT_CONDITION = "sRGB IEC61966-2.1"
NS_UF = "urn:unified-forms:embedded-data:1.0#"  # our XMP properties (extension schema below)
PREFIX_UF = "uf"
JST = dt.timezone(dt.timedelta(hours=9))

# Our XMP properties: name -> description (the extension schema lists each with its type Text).
UF_PROPERTIES: Mapping[str, str] = MappingProxyType(
    {
        "DocumentFileName": "name of the embedded file that holds the form's input data",
        "DocumentType": "what the embedded file is: FORM_DATA (the validated input of the printed form)",
        "FormId": "unified_forms form id of the printed form",
        "SchemaId": "id of the JSON Schema the embedded data follows",
        "SchemaVersion": "version of that schema (SHA-256 of its canonical JSON)",
        "LibraryVersion": "version of unified_forms that printed the file",
        "DataSHA256": "SHA-256 of the embedded file's bytes",
        "ContentSHA256": "SHA-256 of every byte of the PDF file before its XMP metadata object",
    }
)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file embedded as an associated file of the document (PDF/A-3 ``/AF``)."""

    name: str  # file name shown by viewers, e.g. "transcript.json"
    data: bytes
    mime: str = "application/json"
    description: str = ""
    relationship: str = "Data"  # /AFRelationship: the data the document was printed from
    # XMP properties in our namespace (keys of UF_PROPERTIES, except the two SHA-256 written here)
    properties: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Archive:
    """Ask :class:`~unified_forms.render.pdf.PdfWriter` for a PDF/A file.

    ``created``: the document's date (the 記載日 of the data; None leaves the date out rather
    than inventing one). ``attachment``: embed it and make the file PDF/A-3 (else PDF/A-2).
    """

    created: dt.datetime | None = None
    attachment: Attachment | None = None
    lang: str = "ja-JP"

    @property
    def part(self) -> int:
        return 3 if self.attachment is not None else 2


def as_datetime(value: dt.date | dt.datetime | None) -> dt.datetime | None:
    """A date printed on a form as a point in time: midnight in Japan; a naive datetime is JST."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=JST)
    return dt.datetime(value.year, value.month, value.day, tzinfo=JST)


def pdf_date(t: dt.datetime) -> str:
    """``D:YYYYMMDDHHmmSS+HH'mm'`` (the document information dictionary's date format)."""
    off = t.utcoffset() or dt.timedelta(0)
    minutes = int(off.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hh, mm = divmod(abs(minutes), 60)
    return f"D:{t:%Y%m%d%H%M%S}{sign}{hh:02d}'{mm:02d}'"


def xmp_date(t: dt.datetime) -> str:
    """ISO 8601 with the offset, as XMP writes dates (equal to :func:`pdf_date`)."""
    return t.isoformat(timespec="seconds")


def write_output_intent(f: PdfFile) -> int:
    """The sRGB profile and the PDF/A output intent that names it; returns the intent's number."""
    icc = f.stream("/N 3", srgb_profile())
    return f.object(
        f"<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier {pdf_string(OUTPUT_CONDITION)} "
        f"/Info {pdf_string(OUTPUT_CONDITION)} /RegistryName (http://www.color.org) "
        f"/DestOutputProfile {icc} 0 R >>"
    )


def write_attachment(f: PdfFile, a: Attachment, modified: dt.datetime | None) -> int:
    """The embedded file stream and its file specification; returns the file specification's number."""
    params = f"/Size {len(a.data)} /CheckSum <{hashlib.md5(a.data, usedforsecurity=False).hexdigest().upper()}>"
    if modified is not None:
        params += f" /ModDate {pdf_string(pdf_date(modified))}"
    stream = f.stream(f"/Type /EmbeddedFile /Subtype {pdf_name(a.mime)} /Params << {params} >>", a.data)
    name = pdf_string(a.name)
    desc = f" /Desc {pdf_string(a.description)}" if a.description else ""
    return f.object(
        f"<< /Type /Filespec /F {name} /UF {name}{desc} /AFRelationship {pdf_name(a.relationship)} "
        f"/EF << /F {stream} 0 R /UF {stream} 0 R >> >>"
    )


def _alt(text: str) -> str:
    return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'


def _extension_schema() -> str:
    props = "".join(
        '<rdf:li rdf:parseType="Resource">'
        f"<pdfaProperty:name>{name}</pdfaProperty:name>"
        "<pdfaProperty:valueType>Text</pdfaProperty:valueType>"
        "<pdfaProperty:category>external</pdfaProperty:category>"
        f"<pdfaProperty:description>{escape(text)}</pdfaProperty:description>"
        "</rdf:li>"
        for name, text in UF_PROPERTIES.items()
    )
    return (
        '<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" '
        'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" '
        'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
        '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">'
        "<pdfaSchema:schema>unified_forms embedded form data</pdfaSchema:schema>"
        f"<pdfaSchema:namespaceURI>{NS_UF}</pdfaSchema:namespaceURI>"
        f"<pdfaSchema:prefix>{PREFIX_UF}</pdfaSchema:prefix>"
        f"<pdfaSchema:property><rdf:Seq>{props}</rdf:Seq></pdfaSchema:property>"
        "</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"
    )


def xmp_packet(
    *,
    part: int,
    title: str,
    subject: str,
    created: dt.datetime | None,
    document_id: str,
    lang: str,
    properties: Mapping[str, str] | None = None,
) -> bytes:
    """The XMP packet (UTF-8, no ``bytes``/``encoding`` attributes, as PDF/A requires)."""
    desc = '<rdf:Description rdf:about=""'
    parts = [
        f'{desc} xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
        f"<pdfaid:part>{part}</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>",
        f'{desc} xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:format>application/pdf</dc:format><dc:title>{_alt(title)}</dc:title>"
        f"<dc:description>{_alt(subject)}</dc:description>"
        f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language></rdf:Description>",
    ]
    xmp = f"<xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>"
    if created is not None:
        stamp = xmp_date(created)
        xmp += f"<xmp:CreateDate>{stamp}</xmp:CreateDate><xmp:ModifyDate>{stamp}</xmp:ModifyDate>"
        xmp += f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate>"
    parts.append(f'{desc} xmlns:xmp="http://ns.adobe.com/xap/1.0/">{xmp}</rdf:Description>')
    parts.append(
        f'{desc} xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><pdf:Producer>{CREATOR}</pdf:Producer></rdf:Description>'
    )
    parts.append(
        f'{desc} xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">'
        f"<xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>"
        f"<xmpMM:InstanceID>{document_id}</xmpMM:InstanceID></rdf:Description>"
    )
    if properties:
        parts.append(_extension_schema())
        own = "".join(
            f"<{PREFIX_UF}:{k}>{escape(v)}</{PREFIX_UF}:{k}>" for k, v in properties.items() if k in UF_PROPERTIES
        )
        parts.append(f'{desc} xmlns:{PREFIX_UF}="{NS_UF}">{own}</rdf:Description>')
    body = "\n".join(parts)
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        f"{body}\n</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")


def uuid_of(hexdigest: str) -> str:
    """``uuid:`` + a version-4-shaped UUID made of the digest (deterministic)."""
    h = hexdigest[:32]
    return f"uuid:{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"


def write_archive(f: PdfFile, archive: Archive, *, title: str, subject: str) -> tuple[str, str]:
    """Everything PDF/A adds, written just before the catalog; returns (catalog entries, info entries).

    The metadata stream is the last object written here, so that its ``ContentSHA256`` covers
    every byte before it (the pages, the font, the output intent and the embedded file).
    """
    created = archive.created
    catalog = [f"/OutputIntents [{write_output_intent(f)} 0 R]", f"/Lang {pdf_string(archive.lang)}"]
    properties: dict[str, str] = {}
    if archive.attachment is not None:
        a = archive.attachment
        spec = write_attachment(f, a, created)
        catalog.append(f"/AF [{spec} 0 R] /Names << /EmbeddedFiles << /Names [{pdf_string(a.name)} {spec} 0 R] >> >>")
        properties = {"DocumentFileName": a.name, "DocumentType": "FORM_DATA", **a.properties}
        properties["DataSHA256"] = hashlib.sha256(a.data).hexdigest()
        properties["ContentSHA256"] = f.sha256_so_far()
        document_id = uuid_of(properties["ContentSHA256"])
    else:
        document_id = uuid_of(f.md5_so_far())
    packet = xmp_packet(
        part=archive.part,
        title=title,
        subject=subject,
        created=created,
        document_id=document_id,
        lang=archive.lang,
        properties=properties,
    )
    metadata = f.stream("/Type /Metadata /Subtype /XML", packet)
    catalog.append(f"/Metadata {metadata} 0 R")
    info = f"/CreationDate {pdf_string(pdf_date(created))} /ModDate {pdf_string(pdf_date(created))}" if created else ""
    return " ".join(catalog), info
