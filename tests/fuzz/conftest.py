"""The fuzz suite's shared worker and example budget.

CI runs ``CI_EXAMPLES`` examples per form (the whole suite on 2 cores must stay
cheap); ``pytest tests/fuzz --hypothesis-profile=fuzz-slow`` (or ``--slow``)
runs thousands. Every example runs in one forked worker under a time and a
memory cap (guard.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import settings

from .guard import Guard

CI_EXAMPLES = 30


def examples(ci: int = CI_EXAMPLES) -> int:
    """The CI budget, or the loaded profile's when it asks for more (the slow profile)."""
    wanted = settings.default.max_examples
    return wanted if wanted >= 1000 else ci


@pytest.fixture(scope="session")
def guard() -> Iterator[Guard]:
    g = Guard()
    yield g
    g.close()
