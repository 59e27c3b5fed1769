"""An independent validator: Apache PDFBox Preflight (Debian libpdfbox2-java), when installed.

Preflight validates PDF/A-1b. Our files are PDF/A-2b (and -3b with data), so exactly these
findings are expected and nothing else: 7.11.2 (pdfaid:part is not 1) and, for a file with
embedded data, 1.4.7 / 1.2.9 (embedded files, forbidden in PDF/A-1, allowed in PDF/A-3). Every
other PDF/A-1b rule — stricter than PDF/A-2 on transparency, fonts and metadata — must pass.
veraPDF is not available from the registries this project uses (Maven Central is not reached).
Install: ``apt-get install libpdfbox2-java libactivation-java libjaxb-api-java`` (Java 17 is there).
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pdfa_kit import load, transcript_pdf
from test_images import emblem_png

import unified_forms as uf

JARS = [
    Path("/usr/share/java") / name
    for name in (
        "preflight.jar",
        "pdfbox2.jar",
        "fontbox2.jar",
        "xmpbox.jar",
        "commons-logging.jar",
        "javax.activation.jar",
        "jaxb-api.jar",
    )
]
AVAILABLE = shutil.which("java") is not None and all(j.is_file() for j in JARS)
pytestmark = pytest.mark.skipif(not AVAILABLE, reason="PDFBox Preflight (Debian libpdfbox2-java …) not installed")

EXPECTED_PART_2 = {"7.11.2"}
EXPECTED_PART_3 = {"7.11.2", "1.4.7", "1.2.9"}


def preflight(pdfs: dict[str, bytes], tmp_path: Path) -> dict[str, set[str]]:
    """Error codes per file (one JVM per file: Validator_A1b takes one file)."""
    out: dict[str, set[str]] = {}
    for name, pdf in pdfs.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        run = subprocess.run(
            ["java", "-cp", ":".join(map(str, JARS)), "org.apache.pdfbox.preflight.Validator_A1b", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        text = run.stdout + run.stderr
        assert "Exception" not in text, text
        out[name] = set(re.findall(r"^(\d+(?:\.\d+)+) :", text, re.M))
    return out


def test_preflight_finds_only_the_part_number(tmp_path: Path) -> None:
    picks = ["roster", "guidance_record_junior_high", "report_card", "health_checkup_dental", "attendance_register"]
    pdfs = {f: uf.render_pdf(f, uf.sample(f), pdfa=True) for f in picks}
    card = uf.sample("report_card")
    card["emblem"] = base64.b64encode(emblem_png()).decode()
    pdfs["report_card_emblem"] = uf.render_pdf("report_card", card, pdfa=True)
    for name, codes in preflight(pdfs, tmp_path).items():
        assert codes == EXPECTED_PART_2, name


def test_preflight_on_the_transcript_with_data(tmp_path: Path) -> None:
    assert preflight({"transcript": transcript_pdf()}, tmp_path)["transcript"] == EXPECTED_PART_3


def test_preflight_sees_a_broken_file(tmp_path: Path) -> None:
    """The validator is really looking: a plain PDF (no output intent, no XMP) fails more rules."""
    codes = preflight({"plain": uf.render_pdf("roster", load(uf.registry.get("roster").sample_file))}, tmp_path)
    assert codes["plain"] - EXPECTED_PART_3
