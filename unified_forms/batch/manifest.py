"""What each output file was rendered from, so that ``--resume`` never keeps a stale file.

A record keeps its file name when its content changes (the name comes from its
id and 出席番号), so "the file exists and is complete" is not enough to skip it:
a corrected 所見 would be silently left unprinted. The batch keeps, in a hidden
JSON Lines file in the output folder, the SHA-256 of every record it wrote
(with the form id and format). ``--resume`` skips a record only when its file
is complete *and* the manifest holds the same hash for that name.

Order of writes keeps this true across a SIGKILL at any instant: before a file
is (re)written its entry is cleared (``null``), and the new hash is added only
after the file is in place. A file without a matching entry — an older tool's
output, a file copied in by hand, a kill in between — is rendered again.
The manifest is compacted (rewritten atomically) when a batch starts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from unified_forms.batch.naming import canonical_json
from unified_forms.safe_io import FileReadError, read_regular_file, write_atomic

MANIFEST_NAME = ".unified-forms-resume.jsonl"
MAX_MANIFEST_BYTES = 256 * 1024 * 1024


def content_hash(form_id: str, fmt: str, record: Any) -> str:
    digest = hashlib.sha256(f"{form_id}\n{fmt}\n".encode())
    digest.update(canonical_json(record))
    return digest.hexdigest()


class Manifest:
    """name → content hash of the file under that name (None: being rewritten or unknown)."""

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / MANIFEST_NAME
        self.entries: dict[str, str | None] = {}
        self._fd: int | None = None

    def load(self) -> None:
        """Read what earlier runs recorded (bad lines, e.g. a torn last line, are ignored) and compact it."""
        try:
            raw = read_regular_file(self.path, limit=MAX_MANIFEST_BYTES)
        except FileReadError:
            raw = b""
        for line in raw.splitlines():
            with contextlib.suppress(ValueError, UnicodeDecodeError):
                item = json.loads(line)
                if isinstance(item, dict) and isinstance(item.get("name"), str):
                    value = item.get("sha256")
                    self.entries[item["name"]] = value if isinstance(value, str) else None
        kept = [(n, h) for n, h in self.entries.items() if h is not None]
        if raw or kept:
            write_atomic(self.path, b"".join(_line(n, h) for n, h in kept))

    def unchanged(self, name: str, digest: str) -> bool:
        return self.entries.get(name) == digest

    def _append(self, name: str, digest: str | None) -> None:
        if self._fd is None:
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
            self._fd = os.open(self.path, flags, 0o666)
        os.write(self._fd, _line(name, digest))  # one short write: appended whole
        self.entries[name] = digest

    def will_write(self, name: str) -> None:
        if self.entries.get(name) is not None:  # a hash on record: clear it before the file changes
            self._append(name, None)

    def written(self, name: str, digest: str) -> None:
        self._append(name, digest)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _line(name: str, digest: str | None) -> bytes:
    return (json.dumps({"name": name, "sha256": digest}, ensure_ascii=True) + "\n").encode("ascii")
