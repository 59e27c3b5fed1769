"""Shipped samples, found by convention and rendered once per build into PDF, XLSX and page PNGs.

A form's samples are ``samples/<id>.json`` and ``samples/<id>.<variant>.json``; a sample
selects a layout variant or 通知表 arrangement with ``layout_variant`` or ``arrangement``.
Rendering goes through the public API, so a preview is exactly what a school would print.
PDF and XLSX are rendered in spawned worker processes when there are cores to spare, and
pages are rasterised by poppler's ``pdftoppm`` in a thread pool, overlapping the next render.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unified_forms import api as uf  # not the package: the `unified_forms.forms` subpackage shadows uf.forms
from unified_forms.registry import FormInfo
from unified_forms.resources import data_dir

PREVIEW_DPI = 100


# Input keys by which a sample selects a layout variant / 通知表 arrangement (the API reads layout_variant).
SELECTOR_KEYS = ("layout_variant", "arrangement")


RectMM = tuple[float, float, float, float]  # x, y, w, h in mm from the page's top-left corner


@dataclass(frozen=True, slots=True)
class Sample:
    """A shipped sample input file and the layout variant it selects (``None``: the form's own layout)."""

    form_id: str
    path: Path | None  # None: the form's main sample with the selector key set by us
    variant: str | None  # the value of the input's selector key (see SELECTOR_KEYS)
    stem: str  # unique name inside the form's folder: "sample", "sample.a4_two_pages"
    key: str = SELECTOR_KEYS[0]

    def data(self) -> dict[str, Any]:
        if self.path is not None:
            loaded: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
            return loaded
        base = uf.sample(self.form_id)
        return {**base, self.key: self.variant}


def samples_of(info: FormInfo, samples_dir: Path | None = None) -> list[Sample]:
    """The form's main sample first, then ``<id>.<variant>.json`` files, in name order."""
    folder = samples_dir or data_dir("samples")
    out: list[Sample] = []
    main = folder / f"{info.id}.json"
    if main.is_file():
        variant, key = _selector_in(main)
        out.append(Sample(info.id, main, variant, "sample", key))
    for path in sorted(folder.glob(f"{info.id}.*.json")):
        middle = path.name[len(info.id) + 1 : -len(".json")]
        variant, key = _selector_in(path)
        out.append(Sample(info.id, path, variant, f"sample.{middle}", key))
    return out


def _selector_in(path: Path) -> tuple[str | None, str]:
    """The sample's selector value and key (``(None, "layout_variant")`` when it selects nothing)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, SELECTOR_KEYS[0]
    if isinstance(data, dict):
        for key in SELECTOR_KEYS:
            value = data.get(key)
            if isinstance(value, str) and value:
                return value, key
    return None, SELECTOR_KEYS[0]


def pdf_to_pngs(pdf: bytes, dpi: int = PREVIEW_DPI) -> list[bytes]:
    """One PNG per page, rasterised by pdftoppm at ``dpi``."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise RuntimeError("pdftoppm is not installed (Debian: apt-get install poppler-utils)")
    with tempfile.TemporaryDirectory(prefix="uf-docs-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run([exe, "-r", str(dpi), "-png", str(src), str(Path(tmp) / "page")], check=True)
        pages = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [p.read_bytes() for p in pages]


PARALLEL_MIN_SAMPLES = 4  # below this, starting worker processes (font loading) costs more than it saves


Outcome = tuple[bytes, bytes, str, str | None] | str


def render_sample(form_id: str, data: dict[str, Any]) -> Outcome:
    """PDF, XLSX, the layout's ``id@version`` and the layout variant of one input, or the error as text.

    The variant is the model's ``layout_variant`` (None: the form's own file), the one the API
    printed with, so a page can tell which layout file each sample previews. Picklable either way.
    """
    try:
        result = uf.render(form_id, data, "pdf")
        xlsx = uf.render_xlsx(form_id, data)
        variant = getattr(uf.validate(form_id, data), "layout_variant", None)
    except Exception as exc:  # shown on the page and reported as a build warning
        return f"{type(exc).__name__}: {exc}"
    return result.data, xlsx, result.report.layout_version, variant


@dataclass(slots=True)
class Rendered:
    pdf: bytes = b""
    xlsx: bytes = b""
    error: str | None = None
    layout_version: str = ""  # ``id@version`` of the layout file the sample printed with
    _pngs: Future[list[bytes]] | list[bytes] = field(default_factory=list)
    variant: str | None = None  # the layout variant it printed with (None: the form's own layout file)

    @property
    def pngs(self) -> list[bytes]:
        """Page previews (rasterised in the background; this waits for them)."""
        if isinstance(self._pngs, Future):
            try:
                self._pngs = self._pngs.result()
            except Exception as exc:
                self._pngs, self.error = [], f"preview failed: {type(exc).__name__}: {exc}"
        return self._pngs


class RenderCache:
    """Renders each sample once per build; failures are kept (and shown on the page), not raised.

    PDF and XLSX are rendered in this thread (Python); pdftoppm runs in a small
    thread pool, so rasterising one sample overlaps with rendering the next.
    """

    def __init__(self, dpi: int = PREVIEW_DPI, processes: int | None = None) -> None:
        self.dpi = dpi
        self.processes = processes  # None: one per core but one, when there are enough samples
        self._done: dict[tuple[str, str], Rendered] = {}
        self._pool = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1))
        self._crops: dict[tuple[str, str, int], Any] = {}

    def get(self, sample: Sample) -> Rendered:
        key = (sample.form_id, sample.stem)
        if key not in self._done:
            self._done[key] = self._render(sample)
        done = self._done[key]
        done.pngs  # noqa: B018 (waits for the previews so that errors are known)
        return done

    def prefetch(self, samples: Iterable[Sample]) -> None:
        """Render ``samples`` now: in worker processes when there are several samples and cores to spare."""
        todo = {(s.form_id, s.stem): s for s in samples if (s.form_id, s.stem) not in self._done}
        if self.processes is None:
            auto = (os.cpu_count() or 1) - 1  # leave a core to pdftoppm and this process
            workers = min(len(todo), auto) if len(todo) >= PARALLEL_MIN_SAMPLES else 0
        else:
            workers = min(len(todo), self.processes)
        if workers < 2:
            for key, sample in todo.items():
                self._done[key] = self._render(sample)
            return
        ctx = multiprocessing.get_context("spawn")  # no forked copy of mkdocs' state
        # Spawned workers get this process's sys.path and must import this very package, also from a
        # checkout that is not installed (mkdocs restores sys.path after loading its hook files).
        package_root = str(Path(uf.__file__).resolve().parents[1])  # the folder holding unified_forms/
        added = not sys.path or sys.path[0] != package_root
        if added:
            sys.path.insert(0, package_root)  # first: the workers must import the copy this process uses
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as procs:
                futures = {}
                for key, sample in todo.items():
                    try:
                        futures[key] = procs.submit(render_sample, sample.form_id, sample.data())
                    except (OSError, ValueError) as exc:  # a sample file that cannot be read
                        self._done[key] = Rendered(error=f"{type(exc).__name__}: {exc}")
                for key, future in futures.items():
                    try:
                        self._done[key] = self._finish(future.result())
                    except BrokenProcessPool:  # a worker died: render the rest here
                        self._done[key] = self._render(todo[key])
        finally:
            if added:
                sys.path.remove(package_root)  # the first occurrence: the one inserted above

    def _render(self, sample: Sample) -> Rendered:
        try:
            data = sample.data()
        except Exception as exc:
            return Rendered(error=f"{type(exc).__name__}: {exc}")
        return self._finish(render_sample(sample.form_id, data))

    def _finish(self, outcome: Outcome) -> Rendered:
        if isinstance(outcome, str):
            return Rendered(error=outcome)
        pdf, xlsx, layout_version, variant = outcome
        return Rendered(pdf, xlsx, None, layout_version, self._pool.submit(pdf_to_pngs, pdf, self.dpi), variant)

    def crop(self, sample: Sample, page: int, rect_mm: RectMM) -> bytes:
        """A part of one page preview (the page image is decoded once)."""
        import io

        from PIL import Image  # docs/test extra; only the gallery's pattern previews need it

        key = (sample.form_id, sample.stem, page)
        if key not in self._crops:
            with Image.open(io.BytesIO(self.get(sample).pngs[page])) as img:
                img.load()
                self._crops[key] = img.copy()
        image = self._crops[key]
        x, y, w, h = (round(v / 25.4 * self.dpi) for v in rect_mm)
        left, top = min(max(0, x), image.width - 1), min(max(0, y), image.height - 1)
        box = (left, top, max(left + 1, min(image.width, x + w)), max(top + 1, min(image.height, y + h)))
        out = io.BytesIO()
        image.crop(box).save(out, format="PNG", compress_level=3)
        return out.getvalue()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self._crops.clear()
