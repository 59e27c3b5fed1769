"""File names come from a template and the data, but the data can never choose a path."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unified_forms.batch.naming import (
    MAX_STEM_BYTES,
    Namer,
    check_template,
    record_number,
    resolve_pointer,
    sanitize,
    stable_id,
)

_SCRATCH = Path(tempfile.mkdtemp(prefix="uf-naming-"))  # a real folder: names are created in it
atexit.register(shutil.rmtree, _SCRATCH, ignore_errors=True)

ids = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.sampled_from(list('./\\\0:*?"<>| \t\n.\u202e\u200d\ufeff')), max_size=40),
    st.sampled_from(["..", ".", "../../etc/passwd", "CON", "nul.txt", "a/../../b", "\ud800x", "COM1", "~", "-rf"]),
    st.integers(),
)
numbers = st.one_of(st.integers(), st.text(max_size=20), st.none(), st.booleans(), st.floats(allow_nan=True))


def assert_safe_component(name: str, outdir: Path) -> None:
    assert name and name not in (".", "..")
    assert not name.startswith(".")
    assert "/" not in name and "\\" not in name and "\0" not in name
    assert not any(unicodedata.category(c) in ("Cc", "Cs", "Cf", "Zl", "Zp") for c in name)
    assert not any(c in '<>:"|?*' for c in name)
    assert name == name.rstrip(" .") or name.endswith((".pdf", ".xlsx"))
    assert len(name.encode("utf-8")) <= 255
    target = outdir / name
    assert target.parent == outdir
    assert os.path.normpath(target) == str(target)
    assert Path(os.path.abspath(target)).parent == outdir


@settings(max_examples=300, deadline=None)
@given(
    rid=ids,
    number=numbers,
    template=st.sampled_from(["{number:02d}_{id}", "{id}", "{form}/{id}/{line}", "{id}{id}{id}"]),
)
def test_any_id_and_number_give_one_safe_path_component(rid: Any, number: Any, template: str) -> None:
    namer = Namer("report_card", "pdf", template, number_pointer="/number")
    name, rid_out = namer.name_for({"id": rid, "number": number}, line=7)
    assert name.endswith(".pdf") and rid_out
    assert_safe_component(name, _SCRATCH)
    # The file system accepts it as a single new file inside the folder.
    fd = os.open(_SCRATCH / name, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)
    os.unlink(_SCRATCH / name)


@given(st.text(max_size=400))
def test_sanitize_is_bounded_and_idempotent(text: str) -> None:
    once = sanitize(text)
    assert len(once.encode("utf-8")) <= MAX_STEM_BYTES + 1  # "_" prefix of a device name
    assert sanitize(once) == once
    assert_safe_component(once, _SCRATCH)


def test_sanitize_examples() -> None:
    assert sanitize("../../etc/passwd") == "_.._etc_passwd"
    assert sanitize("..") == "_"
    assert sanitize("") == "_"
    assert sanitize("CON") == "_CON"
    assert sanitize("con.pdf") == "_con.pdf"
    assert sanitize("a\0b\nc") == "a_b_c"
    assert sanitize('a<b>c:d"e|f?g*h') == "a_b_c_d_e_f_g_h"
    assert sanitize(".hidden") == "hidden"
    assert sanitize("trailing. ") == "trailing"
    # Names keep their exact characters: U+FA11 and an IVS sequence are not normalised.
    assert sanitize("松\ufa11_葛\U000e0100") == "松\ufa11_葛\U000e0100"
    long = sanitize("𠮷" * 200)
    assert long == "𠮷" * (MAX_STEM_BYTES // 4)


def test_duplicates_get_deterministic_suffixes_case_insensitively() -> None:
    def names() -> list[str]:
        namer = Namer("roster", "pdf", "{id}")
        records = [{"id": "A"}, {"id": "a"}, {"id": "A"}, {"id": "a-2"}, {"id": "b"}]
        return [namer.name_for(r, i)[0] for i, r in enumerate(records, 1)]

    assert names() == ["A.pdf", "a-2.pdf", "A-3.pdf", "a-2-2.pdf", "b.pdf"]
    assert names() == names()


def test_reserved_names_are_never_given_to_records() -> None:
    namer = Namer("roster", "pdf", "{id}", reserved=("roster-merged.pdf",))
    assert namer.name_for({"id": "roster-merged"}, 1)[0] == "roster-merged-2.pdf"


def test_number_comes_from_the_pointer_else_the_line() -> None:
    rec = {"student": {"number": 12}, "id": "x"}
    assert record_number(rec, 5, ("/student/number",)) == 12
    assert record_number(rec, 5, ("/missing",)) == 5
    assert record_number({"number": "07"}, 5, ("/number",)) == 7
    assert record_number({"number": True}, 5, ("/number",)) == 5
    assert record_number({"number": "7a"}, 5, ("/number",)) == 5
    assert Namer("roster", "pdf").name_for({"id": "k"}, 3)[0] == "03_k.pdf"
    assert Namer("report_card", "pdf").name_for({"id": "k", "student": {"number": 9}}, 3)[0] == "09_k.pdf"
    assert resolve_pointer({"a/b": {"~": [1, 2]}}, "/a~1b/~0/1") == 2
    with pytest.raises(ValueError):
        resolve_pointer({}, "no-slash")


def test_stable_id_is_the_records_own_or_a_hash_independent_of_key_order() -> None:
    assert stable_id({"id": "S-0001", "x": 1}) == "S-0001"
    assert stable_id({"record_id": 42}) == "42"
    a = stable_id({"b": 1, "a": [1, "松\ufa11"]})
    b = stable_id({"a": [1, "松\ufa11"], "b": 1})
    assert a == b and len(a) == 12 and int(a, 16) >= 0
    assert stable_id({"a": [1, "松崎"], "b": 1}) != a  # U+FA11 is not U+5D0E
    assert stable_id({"id": True}) != "True"


@pytest.mark.parametrize("template", ["{nope}", "{number:02d", "{0}", "{id.__class__}", "{number:zz}"])
def test_bad_templates_are_rejected_up_front(template: str) -> None:
    with pytest.raises(ValueError):
        check_template(template)
