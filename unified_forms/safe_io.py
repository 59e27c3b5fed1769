"""Reading and writing files that a user or a school system points us at, safely.

Why a module of its own: every command reads an input file and writes an output
file, and each place used to do it its own way (a fixed temporary name
``.out.pdf.part`` that a planted symlink could turn into a write anywhere; a
``read_text`` that reads ``/dev/zero`` until memory runs out or waits on a FIFO
forever). Here, once:

* ``read_regular_file``: only a regular file (not a folder, FIFO, device or
  socket; opened non-blocking so a FIFO swapped in after the check cannot hang
  us either), at most ``limit`` bytes.
* ``atomic_writer`` / ``write_atomic``: the bytes go to a temporary file with an
  unpredictable name created with ``O_CREAT | O_EXCL | O_NOFOLLOW`` in the
  target's own folder (so it is never a file someone planted, nor a symlink),
  then ``os.replace`` puts it in place (a symlink at the final name is replaced,
  never followed). An interrupted write leaves no partial file under the final
  name; the temporary is removed on any error.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Literal

TEMP_PREFIX = ".uf-"
TEMP_SUFFIX = ".tmp"

ReadProblem = Literal["missing", "not_regular", "too_large", "unreadable"]


class FileReadError(Exception):
    """A path that is not a readable regular file of acceptable size; ``kind`` says which."""

    def __init__(self, path: str, kind: ReadProblem, detail: str = "") -> None:
        self.path = path
        self.kind = kind
        self.detail = detail
        super().__init__(f"{path}: {self.english()}")

    def english(self) -> str:
        return _READ_MESSAGES[self.kind][0].format(detail=self.detail)

    def japanese(self) -> str:
        return _READ_MESSAGES[self.kind][1].format(detail=self.detail)


_READ_MESSAGES: dict[ReadProblem, tuple[str, str]] = {
    "missing": ("file not found", "ファイルが見つかりません"),
    "not_regular": (
        "not a regular file (a folder, device or FIFO cannot be read)",
        "通常のファイルではありません（フォルダ・デバイス・FIFOは読めません）",
    ),
    "too_large": ("file is larger than {detail}", "ファイルが大きすぎます（上限 {detail}）"),
    "unreadable": ("cannot read the file ({detail})", "ファイルを読めません（{detail}）"),
}


def human_size(n: int) -> str:
    return f"{n // (1024 * 1024)} MiB" if n >= 1024 * 1024 else f"{n // 1024} KiB"


def read_regular_file(path: str | os.PathLike[str], *, limit: int) -> bytes:
    """The whole content of a regular file of at most ``limit`` bytes; FileReadError otherwise."""
    name = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(name, flags)
    except FileNotFoundError:
        raise FileReadError(name, "missing") from None
    except IsADirectoryError:
        raise FileReadError(name, "not_regular") from None
    except OSError as exc:
        raise FileReadError(name, "unreadable", exc.strerror or type(exc).__name__) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FileReadError(name, "not_regular")
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            except OSError as exc:
                raise FileReadError(name, "unreadable", exc.strerror or type(exc).__name__) from None
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FileReadError(name, "too_large", human_size(limit))
        return b"".join(chunks)
    finally:
        os.close(fd)


def temp_path(target: Path) -> Path:
    """A fresh, unguessable name next to ``target`` (``.uf-<name>.<pid>-<16 hex>.tmp``)."""
    return target.with_name(f"{TEMP_PREFIX}{target.name}.{os.getpid()}-{secrets.token_hex(8)}{TEMP_SUFFIX}")


def is_temp(name: str) -> bool:
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)


def _create_exclusive(target: Path) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    for _ in range(16):  # a collision of 64 random bits is not expected even once
        tmp = temp_path(target)
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a temporary file next to {target}")


def create_temp(target: str | os.PathLike[str]) -> tuple[BinaryIO, Path]:
    """An open binary file under a fresh exclusive temporary name next to ``target`` (for writers
    that stream into it and ``os.replace`` it themselves, e.g. the merged batch PDF)."""
    fd, tmp = _create_exclusive(Path(target))
    return os.fdopen(fd, "wb"), tmp


@contextlib.contextmanager
def atomic_writer(target: str | os.PathLike[str], *, fsync: bool = False) -> Iterator[BinaryIO]:
    """A binary file that becomes ``target`` when the block ends without error (else is removed).

    The target's folder must exist (callers decide whether to create it). A folder at
    the target name is refused before anything is written.
    """
    final = Path(target)
    if final.is_dir() and not final.is_symlink():
        raise IsADirectoryError(21, "Is a directory", str(final))
    fd, tmp = _create_exclusive(final)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            if fsync:
                os.fsync(fh.fileno())
        os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_atomic(target: str | os.PathLike[str], data: bytes, *, fsync: bool = False) -> None:
    """``data`` as ``target``, all or nothing (see ``atomic_writer``)."""
    with atomic_writer(target, fsync=fsync) as fh:
        fh.write(data)
