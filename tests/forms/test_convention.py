"""Forms are found by convention: a new form package is enough, no shared file is edited.

A throwaway form (a package, a layout file, a sample) is created in a temporary folder added to
``unified_forms.forms``'s search path; it then appears in ``uf.forms()``, renders, is listed by
the CLI, gets a docs page and a README row, with no other edit.
"""

from __future__ import annotations

import importlib
import io
import json
from pathlib import Path

import pytest
from PIL import Image

import unified_forms as uf
from unified_forms import cli, docsgen, registry
from unified_forms.docsgen.readme import forms_table
from unified_forms.forms import Form, FormDeclarationError, form_ids

# `import unified_forms.forms as x` would give the function uf.forms: the package is taken from sys.modules
forms_pkg = importlib.import_module("unified_forms.forms")

PACKAGE = '''
"""試し帳票 (throwaway_memo): only for the convention test."""

from pathlib import Path

from pydantic import Field

from unified_forms.forms import Form
from unified_forms.layout.bound import Bound, Value
from unified_forms.models.common import InputModel, text_type

HERE = Path(__file__).resolve().parent.parent.parent


class MemoInput(InputModel):
    memo: text_type(40, required=True) = Field(title="メモ")  # type: ignore[valid-type]


def bind(m: MemoInput) -> Bound:
    return Bound(slots={"memo": Value(m.memo, "memo")})


FORM = Form(
    id="throwaway_memo",
    title="試し帳票",
    paper="A4 portrait",
    model=MemoInput,
    bind=bind,
    summary="試し帳票: convention test",
    order=999,
    layout_dir=HERE / "layouts",
    sample_dir=HERE / "samples",
)
'''

LAYOUT = """format_version: 1
id: throwaway_memo
version: "1"
title: 試し帳票
paper: {size: A4, orientation: portrait}
elements:
  - {kind: text, rect: [20, 20, 100, 10], slot: memo, style: {size: 12}}
"""


@pytest.fixture
def throwaway(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Form:
    ext = tmp_path / "ext"
    (ext / "throwaway_memo").mkdir(parents=True)
    (ext / "throwaway_memo" / "__init__.py").write_text(PACKAGE, encoding="utf-8")
    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "throwaway_memo.yaml").write_text(LAYOUT, encoding="utf-8")
    (tmp_path / "samples").mkdir()
    (tmp_path / "samples" / "throwaway_memo.json").write_text(json.dumps({"memo": "葛城の試し"}), encoding="utf-8")
    monkeypatch.setattr(forms_pkg, "__path__", [*forms_pkg.__path__, str(ext)])
    monkeypatch.setattr(registry, "_registry", None)
    yield registry.get("throwaway_memo")
    monkeypatch.setattr(registry, "_registry", None)


def test_a_new_package_is_a_form_everywhere(throwaway: Form, capsys: pytest.CaptureFixture[str]) -> None:
    assert "throwaway_memo" in form_ids()
    assert [f.id for f in uf.forms()][-1] == "throwaway_memo"  # order=999: listed last
    assert uf.sample("throwaway_memo") == {"memo": "葛城の試し"}
    pdf = uf.render_pdf("throwaway_memo", uf.sample("throwaway_memo"))
    assert pdf.startswith(b"%PDF-")
    assert cli.main(["list"]) == 0
    assert "throwaway_memo\t試し帳票\tA4 portrait" in capsys.readouterr().out
    assert "| `throwaway_memo` | 試し帳票: convention test | A4 portrait |" in forms_table()
    assert {"試し帳票 (throwaway_memo)": "forms/throwaway_memo.md"} in docsgen.nav_entries()


def test_the_new_form_gets_a_docs_page(throwaway: Form) -> None:
    page = io.BytesIO()
    Image.new("L", (100, 100), 255).save(page, format="PNG")

    class NoRender(docsgen.RenderCache):  # the pages, not the renders, are under test here
        def _render(self, sample: docsgen.Sample) -> docsgen.Rendered:
            return docsgen.Rendered(b"%PDF-", b"PK", None, "", [page.getvalue()])

    site = docsgen.generate(NoRender(processes=0))
    assert "forms/throwaway_memo.md" in site.files
    assert "試し帳票" in str(site.files["forms/index.md"])


def test_a_package_that_declares_another_id_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ext = tmp_path / "ext"
    (ext / "misnamed_form").mkdir(parents=True)
    (ext / "misnamed_form" / "__init__.py").write_text(
        PACKAGE.replace("HERE = Path(__file__).resolve().parent.parent.parent", 'HERE = Path(".")'), encoding="utf-8"
    )
    monkeypatch.setattr(forms_pkg, "__path__", [*forms_pkg.__path__, str(ext)])
    with pytest.raises(FormDeclarationError, match="the package name is the id"):
        forms_pkg.get("misnamed_form")


def test_public_functions_are_not_shadowed_by_subpackages() -> None:
    """``uf.forms``/``uf.render``/``uf.preflight`` stay functions after every module is imported."""
    import pkgutil

    for m in pkgutil.walk_packages(uf.__path__, "unified_forms."):
        if not m.name.startswith(("unified_forms.__main__", "unified_forms.batch.distributed")):
            importlib.import_module(m.name)
    for name in ("forms", "model", "schema", "sample", "validate", "render", "render_pdf", "render_xlsx", "preflight"):
        assert callable(getattr(uf, name)), name
