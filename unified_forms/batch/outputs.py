"""Writing outputs so that a killed batch never leaves half a document.

Every file is written under a hidden, unpredictable temporary name created
with ``O_EXCL`` in the target folder (``unified_forms.safe_io``) and renamed
over the final name with ``os.replace`` (atomic on POSIX and Windows
within one file system). A file with a final name is therefore complete; the
resume check still reads its tail (``%%EOF`` for PDF, the ZIP end record for
XLSX) so that a file copied in by hand or truncated by a full disk is redone
rather than trusted. Temporaries left by a killed run (``.uf-*.tmp``) never end
in ``.pdf``/``.xlsx`` and are removed when the next run starts.
"""

from __future__ import annotations

import os
from pathlib import Path

from unified_forms.safe_io import TEMP_PREFIX, TEMP_SUFFIX, is_temp, temp_path, write_atomic

__all__ = ["TEMP_PREFIX", "TEMP_SUFFIX", "is_complete", "is_temp", "remove_stale_temps", "temp_path", "write_atomic"]


def is_complete(path: Path, fmt: str) -> bool:
    """A finished PDF (header and ``%%EOF`` at the end) or XLSX (ZIP with its end record)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8)
            fh.seek(max(0, size - 64))
            tail = fh.read()
    except OSError:
        return False
    if fmt == "pdf":
        return head.startswith(b"%PDF-") and tail.rstrip(b"\r\n \t\x00").endswith(b"%%EOF")
    if fmt == "xlsx":
        # End of central directory (no archive comment in what we write): last 22 bytes.
        return head.startswith(b"PK\x03\x04") and len(tail) >= 22 and tail[-22:-18] == b"PK\x05\x06"
    raise ValueError(f"unknown format '{fmt}'")


def remove_stale_temps(outdir: Path) -> int:
    """Temporaries of an earlier, killed run (never a finished file)."""
    removed = 0
    for entry in os.scandir(outdir):
        if entry.is_file(follow_symlinks=False) and is_temp(entry.name):
            Path(entry.path).unlink(missing_ok=True)
            removed += 1
    return removed
