"""What every form's test module starts from, for the module's ``FORM``: its sample, its page
model and its rendered PDF (module-scoped; a module that needs another shape defines its own)."""

from __future__ import annotations

from typing import Any

import pytest
from formkit import fresh_sample, page_model, pdf_text

import unified_forms as uf
from unified_forms.layout.page import Document


@pytest.fixture(scope="module")
def form_id(request: pytest.FixtureRequest) -> str:
    return str(request.module.FORM)


@pytest.fixture(scope="module")
def sample(form_id: str) -> dict[str, Any]:
    return fresh_sample(form_id)


@pytest.fixture(scope="module")
def doc(form_id: str, sample: dict[str, Any]) -> Document:
    return page_model(form_id, sample)


@pytest.fixture(scope="module")
def rendered(form_id: str) -> tuple[bytes, str]:
    """The sample's PDF and its extracted text."""
    pdf = uf.render_pdf(form_id, fresh_sample(form_id))
    return pdf, pdf_text(pdf)
