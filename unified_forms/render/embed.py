"""The form's validated input as a file inside its PDF: the envelope, its bytes, the PDF/A archive.

Why: a 調査書 travels from the junior high to the high school, which types it in again. A
PDF/A-3 file can carry the machine-readable original of what it prints (Factur-X does this
for invoices); ours carries the validated input as JSON. The envelope names the form, the
schema (its id and a version that is the SHA-256 of the JSON Schema, so a reader knows exactly
which rules the data met) and the library version; ``data`` is the model dumped in JSON mode
with aliases and every default spelled out, so it validates back to the same model and prints
the same bytes. Text is written as given (``ensure_ascii=False``, never normalised: 﨑 and
variation sequences survive). Same model, same bytes: keys keep the model's field order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from pydantic import BaseModel

from unified_forms.render.pdfa import Archive, Attachment, as_datetime

ENVELOPE_FORMAT = "unified-forms/embedded-data"
ENVELOPE_VERSION = 1
SCHEMA_ID_PREFIX = "urn:unified-forms:schema:"


def schema_version(schema: dict[str, Any]) -> str:
    """The version of a JSON Schema: SHA-256 of its canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(schema, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def schema_id(form_id: str) -> str:
    return SCHEMA_ID_PREFIX + form_id


def normalised_data(instance: BaseModel) -> dict[str, Any]:
    """The validated input as JSON values: aliases, defaults written out, dates as ISO strings."""
    data: dict[str, Any] = instance.model_dump(mode="json", by_alias=True)
    return data


def envelope(form_id: str, instance: BaseModel, *, schema: dict[str, Any], library_version: str) -> dict[str, Any]:
    return {
        "format": ENVELOPE_FORMAT,
        "format_version": ENVELOPE_VERSION,
        "form_id": form_id,
        "schema": {"id": schema_id(form_id), "version": schema_version(schema)},
        "library_version": library_version,
        "data": normalised_data(instance),
    }


def envelope_bytes(env: dict[str, Any]) -> bytes:
    return (json.dumps(env, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def document_date(instance: BaseModel) -> dt.datetime | None:
    """The date the document was written (記載日): the model's ``created`` date when it has one."""
    value = getattr(instance, "created", None)
    return as_datetime(value) if isinstance(value, dt.date) else None


def archive_for(
    form_id: str,
    instance: BaseModel,
    *,
    embed: bool,
    schema: dict[str, Any],
    library_version: str,
    title: str = "",
) -> Archive:
    """PDF/A-2b for ``instance``'s document, or PDF/A-3b with its data embedded (``embed``)."""
    created = document_date(instance)
    if not embed:
        return Archive(created=created)
    env = envelope(form_id, instance, schema=schema, library_version=library_version)
    attachment = Attachment(
        name=f"{form_id}.json",
        data=envelope_bytes(env),
        mime="application/json",
        description=f"{title or form_id}の入力データ（{form_id}, JSON）",
        relationship="Data",
        properties={
            "FormId": form_id,
            "SchemaId": env["schema"]["id"],
            "SchemaVersion": env["schema"]["version"],
            "LibraryVersion": library_version,
        },
    )
    return Archive(created=created, attachment=attachment)
