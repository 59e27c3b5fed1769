"""A str enum is a str: the package's str enums keep every ``str`` method.

Regression: ``TermSystem.count`` (the number of 学期) was a property shadowing ``str.count``, so
``TermSystem.THREE.count("e")`` raised TypeError ('int' object is not callable) for any code that
treats the value as the string it is. It is ``term_count`` now; this test holds every str enum of
the package to the same rule (found by mypy's override check, which tests/test_quality.py runs).
"""

from __future__ import annotations

import enum
import importlib
import pkgutil

import pytest

import unified_forms
from unified_forms.models.terms import TermSystem


def _str_enums() -> list[type[enum.Enum]]:
    for m in pkgutil.walk_packages(unified_forms.__path__, "unified_forms."):
        if not m.name.endswith(".__main__"):  # that one runs the CLI
            importlib.import_module(m.name)
    found: list[type[enum.Enum]] = []
    todo: list[type] = [enum.Enum]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if issubclass(cls, str) and issubclass(cls, enum.Enum) and cls.__module__.startswith("unified_forms."):
            found.append(cls)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


STR_ENUMS = _str_enums()


def test_the_package_has_str_enums() -> None:
    assert TermSystem in STR_ENUMS and len(STR_ENUMS) > 5


@pytest.mark.parametrize("cls", STR_ENUMS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_no_member_shadows_a_str_attribute(cls: type[enum.Enum]) -> None:
    shadowing = [name for name in vars(cls) if not name.startswith("_") and hasattr(str, name)]
    assert not shadowing, f"{cls.__qualname__} redefines str's {shadowing}"


def test_term_system_counts_terms_and_still_counts_characters() -> None:
    assert (TermSystem.THREE.term_count, TermSystem.TWO.term_count) == (3, 2)
    assert TermSystem.THREE.count("e") == "three_terms".count("e") == 3
    assert TermSystem.TWO.count("t", 1) == "two_terms".count("t", 1) == 1
