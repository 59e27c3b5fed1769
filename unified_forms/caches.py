"""Every process-wide cache of the library, in one registry: name, size, clear, trim.

Why: the text engine, the layout and the PDF renderer memoise per distinct text
or glyph set (bounded LRUs and dicts), which is what makes a batch of one layout
fast. A long-running batch worker must be able to bound them all without
knowing their private names in three packages, and a test or a benchmark must be
able to start cold. Each cache registers itself here when its module is imported;
nothing here imports the library (this module is a leaf).

None of these caches changes a byte of output: they are pure memo tables, so
clearing or trimming them at any time only costs speed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Cache:
    """One registered cache.

    ``per_text``: it grows with the distinct texts (names, comments) a process
    sees, so a batch worker trims it; the others are bounded by the layout or
    the font (templates, per-character glyphs, widths) and stay.
    """

    name: str
    size: Callable[[], int]
    clear: Callable[[], None]
    per_text: bool = True

    def trim(self, limit: int) -> bool:
        """Clear when holding more than ``limit`` entries; True if cleared."""
        if self.size() > limit:
            self.clear()
            return True
        return False


_registry: dict[str, Cache] = {}
_lock = threading.Lock()


def register(name: str, *, size: Callable[[], int], clear: Callable[[], None], per_text: bool = True) -> Cache:
    """Add (or replace, on module reload) the cache ``name``."""
    cache = Cache(name, size, clear, per_text)
    with _lock:
        _registry[name] = cache
    return cache


def register_lru(name: str, fn: Any, *, per_text: bool = True) -> Cache:
    """A ``functools.lru_cache``-decorated function."""
    return register(name, size=lambda: int(fn.cache_info().currsize), clear=fn.cache_clear, per_text=per_text)


def register_dict(name: str, table: dict[Any, Any], *, per_text: bool = True) -> Cache:
    """A plain dict used as a cache."""
    return register(name, size=table.__len__, clear=table.clear, per_text=per_text)


class IdentityMemo(Generic[K, V]):
    """A bounded memo keyed by an object's identity (plus hashable extras), registered here.

    Why: the layout's styles and specs are immutable pydantic models and the shaped
    runs are large tuples; hashing them on every text box costs more than the
    look-up saves. Each entry keeps its object alive, so the id in the key stays
    that object's own until the entry is dropped; a hit is checked with ``is``.
    """

    __slots__ = ("_table", "limit")

    def __init__(self, name: str, *, limit: int, per_text: bool = True) -> None:
        self._table: dict[tuple[Any, ...], tuple[K, V]] = {}
        self.limit = limit
        register_dict(name, self._table, per_text=per_text)

    def lookup(self, obj: K, extra: tuple[Any, ...] = ()) -> V | None:
        """The value stored for ``obj`` and ``extra``, or None."""
        hit = self._table.get((id(obj), *extra))
        return hit[1] if hit is not None and hit[0] is obj else None

    def store(self, obj: K, extra: tuple[Any, ...], value: V) -> V:
        """Keep ``value`` for ``obj`` and ``extra`` (the table is emptied when full); returns it."""
        if len(self._table) >= self.limit:
            self._table.clear()
        self._table[(id(obj), *extra)] = (obj, value)
        return value

    def __len__(self) -> int:
        return len(self._table)

    def clear(self) -> None:
        self._table.clear()


def registered() -> list[Cache]:
    with _lock:
        return list(_registry.values())


def sizes() -> dict[str, int]:
    """Entries per cache, by name."""
    return {c.name: c.size() for c in registered()}


def largest_per_text() -> int:
    """Entries in the largest per-text cache (0 when none is registered)."""
    return max((c.size() for c in registered() if c.per_text), default=0)


def clear_all(*, per_text_only: bool = False) -> None:
    """Forget everything (tests, benchmarks measuring a cold process, memory pressure)."""
    for c in registered():
        if c.per_text or not per_text_only:
            c.clear()


def trim_per_text(limit: int) -> bool:
    """Clear every per-text cache when the largest holds more than ``limit`` entries; True if cleared.

    All of them at once rather than only the full one: they hold the same texts
    (a run, its fit, its placed lines, its compiled operators), so the others
    would only keep entries that nothing reaches any more.
    """
    if largest_per_text() <= limit:
        return False
    clear_all(per_text_only=True)
    return True
