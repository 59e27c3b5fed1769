"""The session's LibreOffice print of every sample (one ``soffice`` call for all of them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

import unified_forms as uf
from tests.xlsx.libreoffice import SOFFICE, samples, soffice_convert


@dataclass(frozen=True)
class Printed:
    """One sample printed twice: the library's PDF and LibreOffice's PDF of the library's XLSX."""

    pdf: Path
    xlsx: Path
    lo_pdf: Path


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc): no soffice on PATH")
    root = tmp_path_factory.mktemp("lo_print")
    out: dict[str, Printed] = {}
    for s in samples():
        pdf, xlsx = root / f"{s.stem}.pdf", root / f"{s.stem}.xlsx"
        pdf.write_bytes(uf.render_pdf(s.form_id, s.data))
        xlsx.write_bytes(uf.render_xlsx(s.form_id, s.data))
        out[s.stem] = Printed(pdf, xlsx, root / "lo" / f"{s.stem}.pdf")
    soffice_convert([p.xlsx for p in out.values()], "pdf", root / "lo", root / "profile")
    return out
