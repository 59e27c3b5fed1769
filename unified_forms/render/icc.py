"""An sRGB ICC profile (ICC.1 version 2.1, display class), written by this module, for PDF/A.

Why generated rather than shipped: PDF/A needs the output intent's profile embedded in every
file, and a profile copied from elsewhere would bring its own licence and a binary blob nobody
here can review. An sRGB matrix/TRC profile is small and fully defined by IEC 61966-2-1: three
primaries (adapted to the D50 profile connection space with the Bradford transform, as in
every published sRGB profile), the D50 white point and the sRGB tone curve (a linear segment
below 0.04045, a 2.4 power above). Version 2.1 keeps it readable by every PDF/A validator,
including PDF/A-1 ones (which refuse version 4 profiles). The bytes are the same on every run
and every machine: the header date is fixed and nothing else varies.

``tests/pdfa`` checks the result against LittleCMS's own sRGB (Pillow's ImageCms).
"""

from __future__ import annotations

import functools
import struct

# D50-adapted sRGB primaries (IEC 61966-2-1 with the Bradford chromatic adaptation), XYZ
RED = (0.4360747, 0.2225045, 0.0139322)
GREEN = (0.3850649, 0.7168786, 0.0971045)
BLUE = (0.1430804, 0.0606169, 0.7141733)
D50 = (0.9642029, 1.0, 0.8249054)
TRC_POINTS = 1024
DESCRIPTION = "sRGB IEC61966-2.1 (unified_forms)"
COPYRIGHT = "No copyright, use freely"
CREATED = (2026, 1, 1, 0, 0, 0)  # fixed: the same bytes on every run


def _s15f16(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def _xyz(v: tuple[float, float, float]) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_s15f16(c) for c in v)


def _srgb_to_linear(v: float) -> float:
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _curve() -> bytes:
    values = [round(_srgb_to_linear(i / (TRC_POINTS - 1)) * 65535) for i in range(TRC_POINTS)]
    return b"curv\0\0\0\0" + struct.pack(f">I{TRC_POINTS}H", TRC_POINTS, *values)


def _text_description(text: str) -> bytes:
    """``textDescriptionType`` (v2): ASCII, an empty Unicode part and an empty ScriptCode part."""
    ascii_ = text.encode("ascii") + b"\0"
    return b"desc\0\0\0\0" + struct.pack(">I", len(ascii_)) + ascii_ + struct.pack(">II", 0, 0) + b"\0\0\0" + b"\0" * 67


def _text(text: str) -> bytes:
    return b"text\0\0\0\0" + text.encode("ascii") + b"\0"


def _pad4(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 4)


@functools.cache
def srgb_profile() -> bytes:
    """The profile's bytes (about 2.6 KB)."""
    trc = _curve()
    tags: list[tuple[bytes, bytes]] = [
        (b"desc", _text_description(DESCRIPTION)),
        (b"cprt", _text(COPYRIGHT)),
        (b"wtpt", _xyz(D50)),
        (b"rXYZ", _xyz(RED)),
        (b"gXYZ", _xyz(GREEN)),
        (b"bXYZ", _xyz(BLUE)),
        (b"rTRC", trc),
        (b"gTRC", trc),  # the three curves share one element
        (b"bTRC", trc),
    ]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    entries: list[bytes] = []
    body = b""
    placed: dict[bytes, int] = {}
    for sig, data in tags:
        if data not in placed:
            placed[data] = offset + len(body)
            body += _pad4(data)
        entries.append(sig + struct.pack(">II", placed[data], len(data)))
    size = offset + len(body)
    header = (
        struct.pack(">I", size)
        + b"\0\0\0\0"  # preferred CMM: none
        + bytes((2, 0x10, 0, 0))  # version 2.1.0
        + b"mntr"
        + b"RGB "
        + b"XYZ "
        + struct.pack(">6H", *CREATED)
        + b"acsp"
        + b"\0\0\0\0"  # primary platform: none
        + b"\0\0\0\0"  # flags
        + b"\0\0\0\0"  # device manufacturer
        + b"\0\0\0\0"  # device model
        + b"\0" * 8  # device attributes
        + struct.pack(">I", 0)  # rendering intent: perceptual
        + b"".join(_s15f16(c) for c in D50)  # PCS illuminant
        + b"\0\0\0\0"  # creator
        + b"\0" * 16  # profile ID (version 4 only)
        + b"\0" * 28
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + b"".join(entries) + body
