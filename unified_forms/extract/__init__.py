"""Reading a form's data back out of its PDF: ``uf.extract_data`` and ``unified-forms extract``.

What a file must show before its data is returned (render/pdfa.py and render/embed.py wrote
it): one revision whose trailer /ID is the MD5 of every byte before the trailer (pdffile.py),
an XMP packet with our properties, ``ContentSHA256`` equal to the SHA-256 of every byte before
the metadata object and ``DataSHA256`` equal to that of the embedded file, the catalog's /AF
naming that file with ``/AFRelationship /Data``, and data that still validates against the
form's model. Anything else is refused with :class:`ExtractError`, whose message is one line
saying which check failed; a file that was edited, re-saved or appended to after printing is
therefore never read as if it were the original.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

from unified_forms import registry
from unified_forms.errors import FormDataError
from unified_forms.extract.pdfread import Name, PdfFileReader, PdfReadError, Ref, Stream, text_of
from unified_forms.models.errors_map import validate_model
from unified_forms.render.embed import ENVELOPE_FORMAT, schema_id
from unified_forms.render.pdfa import NS_UF

__all__ = ["ExtractError", "embedded_file", "extract_data"]

MAX_XMP = 1024 * 1024


class ExtractError(ValueError):
    """The PDF carries no usable data: ``reason`` is no_data, altered, invalid or unreadable."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


def _xmp_properties(packet: bytes) -> dict[str, str]:
    """Our namespace's properties in the XMP packet (an XML document without DTD or entities)."""
    if len(packet) > MAX_XMP or b"<!DOCTYPE" in packet or b"<!ENTITY" in packet:
        raise ExtractError("unreadable", "XMP メタデータを読めません（大きすぎるか DTD を含みます）")
    try:
        root = ET.fromstring(packet)
    except ET.ParseError as exc:
        raise ExtractError("unreadable", f"XMP メタデータを読めません（{exc}）") from None
    out: dict[str, str] = {}
    prefix = "{" + NS_UF + "}"
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith(prefix):
            out[el.tag[len(prefix) :]] = el.text or ""
    return out


def embedded_file(pdf: bytes) -> tuple[bytes, dict[str, str]]:
    """The embedded data file's bytes and our XMP properties, after every integrity check."""
    try:
        r = PdfFileReader(pdf)
        return _checked(r, pdf)
    except PdfReadError as exc:
        raise ExtractError("unreadable", f"unified_forms が書いた PDF として読めません（{exc}）") from None


def _checked(r: PdfFileReader, pdf: bytes) -> tuple[bytes, dict[str, str]]:
    if r.revisions != 1:
        raise ExtractError("altered", "印刷後に変更されています（PDF に追記された改訂があります）")
    catalog = r.get(r.trailer, "Root")
    meta_ref = catalog.get("Metadata") if isinstance(catalog, dict) else None
    meta = r.obj(meta_ref)
    if not isinstance(meta_ref, Ref) or not isinstance(meta, Stream):
        raise ExtractError("no_data", "埋め込みデータがありません（XMP メタデータのない PDF です）")
    props = _xmp_properties(meta.data())
    if "DataSHA256" not in props or "DocumentFileName" not in props:
        raise ExtractError("no_data", "埋め込みデータがありません（入力データを埋め込まずに印刷された PDF です）")
    ids = r.trailer.get("ID")
    first_id = ids[0] if isinstance(ids, list) and ids else None
    sealed = hashlib.md5(pdf[: r.trailer_offset], usedforsecurity=False).digest()
    if not isinstance(first_id, bytes) or sealed != first_id:
        raise ExtractError("altered", "印刷後に変更されています（ファイルの /ID が内容と一致しません）")
    if hashlib.sha256(pdf[: r.offset_of(meta_ref)]).hexdigest() != props.get("ContentSHA256"):
        raise ExtractError("altered", "印刷後に変更されています（XMP に記録された内容のチェックサムと一致しません）")
    spec = None
    for item in r.get(catalog, "AF") or []:
        candidate = r.obj(item)
        if isinstance(candidate, dict) and text_of(r.obj(candidate.get("UF") or candidate.get("F"))) == props[
            "DocumentFileName"
        ]:
            spec = candidate
            break
    if spec is None:
        raise ExtractError("no_data", f"埋め込みファイル {props['DocumentFileName']} が /AF にありません")
    relation = r.obj(spec.get("AFRelationship"))
    if not isinstance(relation, Name) or relation.name != "Data":
        raise ExtractError("no_data", "埋め込みファイルが入力データ（/AFRelationship /Data）ではありません")
    stream = r.get(r.get(spec, "EF"), "F")
    if not isinstance(stream, Stream):
        raise ExtractError("no_data", "埋め込みファイルの中身がありません")
    data = stream.data()
    if hashlib.sha256(data).hexdigest() != props["DataSHA256"]:
        raise ExtractError("altered", "印刷後に変更されています（埋め込みデータが XMP のチェックサムと一致しません）")
    return data, props


def extract_data(pdf: bytes) -> dict[str, Any]:
    """See :func:`unified_forms.api.extract_data`."""
    raw, props = embedded_file(pdf)
    try:
        env = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExtractError("invalid", f"埋め込みデータが JSON ではありません（{exc}）") from None
    if not isinstance(env, dict) or env.get("format") != ENVELOPE_FORMAT or not isinstance(env.get("data"), dict):
        raise ExtractError("invalid", "埋め込みデータが unified_forms の形式ではありません")
    form_id = env.get("form_id")
    if not isinstance(form_id, str) or form_id not in registry.form_ids():
        raise ExtractError("invalid", f"埋め込みデータの様式 {form_id!r} はこのライブラリにありません")
    if props.get("FormId") not in (None, form_id) or env.get("schema", {}).get("id") != schema_id(form_id):
        raise ExtractError("invalid", "埋め込みデータの様式名が XMP の記録と一致しません")
    try:
        validate_model(registry.get(form_id).model, env["data"], form_id=form_id)
    except FormDataError as exc:
        first = exc.errors[0] if exc.errors else None
        where = f"{first.path}: {first.message}" if first else str(exc)
        more = f" ほか{len(exc.errors) - 1}件" if len(exc.errors) > 1 else ""
        raise ExtractError("invalid", f"埋め込みデータが様式 {form_id} の規則に合いません（{where}{more}）") from None
    return env


def clean_one_line(text: str) -> str:
    """A message on one line (paths and messages never contain newlines, but a file name might)."""
    return re.sub(r"\s+", " ", text).strip()
