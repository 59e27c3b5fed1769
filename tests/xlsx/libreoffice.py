"""LibreOffice headless for the workbook tests: convert workbooks (to PDF, CSV), list the samples.

Each run gets its own LibreOffice profile (``-env:UserInstallation``) in a temporary
folder, so parallel runs and a user's own LibreOffice never interfere. Every sample is
converted in one ``soffice`` call: starting LibreOffice costs more than converting.
The tests skip, saying why, only where ``soffice`` is not installed (CI installs
libreoffice-calc, so they run there).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

import unified_forms as uf

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc): no soffice on PATH"
)
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


# LibreOffice trusts an .xlsx's cached formula results unless told to recalculate on load
# (Tools > Options > Calc > Formula > "Recalculation on file load": Always).
RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def soffice_convert(
    files: Sequence[Path], target: str, outdir: Path, profile: Path, *, recalculate: bool = False
) -> None:
    """``soffice --headless --convert-to target`` of ``files`` into ``outdir`` with a private profile.

    ``recalculate``: the profile makes LibreOffice recompute every formula on load.
    """
    assert SOFFICE is not None
    outdir.mkdir(parents=True, exist_ok=True)
    if recalculate:
        (profile / "user").mkdir(parents=True, exist_ok=True)
        (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    cmd = [
        SOFFICE,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        *(str(f) for f in files),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=600)


@dataclass(frozen=True)
class Sample:
    stem: str  # report_card.elementary_2term
    form_id: str
    data: dict


def samples() -> list[Sample]:
    """Every shipped sample: samples/<form_id>.json and samples/<form_id>.<variant>.json."""
    ids = {info.id for info in uf.forms()}
    out = []
    for path in sorted(SAMPLES.glob("*.json")):
        form_id = path.name.split(".")[0]
        if form_id in ids:
            out.append(Sample(path.name[: -len(".json")], form_id, json.loads(path.read_text(encoding="utf-8"))))
    return out


