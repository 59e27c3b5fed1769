"""Issue 14: speed on real data — every pupil a name never seen before — against naive ReportLab and Typst.

Run:  python bench/bench_distinct.py                     # full sizes (≈20 min on 2 shared cores)
      python bench/bench_distinct.py --quick             # small counts, a few minutes
      python bench/bench_distinct.py --old /path/to/old  # also the old code (a checkout with its own .venv)
      python bench/bench_distinct.py --readme            # write the table into bench/README.md

The workload is bench/workload.py: seeded, distinct records (no record repeats
another's text). Every measure runs in its own fresh process (so peak RSS is that
measure's alone) on the same records: the same 名簿 pages for unified_forms (new
and old code), naive ReportLab (bench/naive_reportlab.py, drawing our resolved
page model) and Typst (bench/typst/roster.typ: the same page as a Typst template,
one reused compiler, IPAmj明朝 from its font path). Nothing here is asserted:
speed is measured, not tested. The machine is shared: every figure is a median of
``--repeat`` runs, CPU time is reported beside wall time, and the load average is
printed with the table.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PREFECTURE = 95_000
FONT_DIR = "/usr/share/fonts/truetype/ipamj"
# The 通知表 and 指導要録 inputs grew after the old commit (出欠 集計期間, 学籍 history, staff per
# year, more 所見): each engine renders the workload built from its own sample, so those rows
# compare different documents and get no ratio. The 名簿 is the same document for both.
OWN_SHAPE = "its own sample's shape, a smaller document: no ratio"
SEEDS = {"docs": 101, "warm": 202, "big": 303, "batch": 404, "typst": 101}


# --------------------------------------------------------------------------- helpers (children)


def vm_hwm_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def clock(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall s, CPU s, result) of one call."""
    gc.collect()
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w, time.process_time() - c, out


def records(form: str, n: int, seed: int) -> list[dict[str, Any]]:
    sys.path.insert(0, str(HERE))
    import workload

    return list(workload.records(form, n, seed=seed))


def emit(result: dict[str, Any]) -> None:
    result["hwm_mb"] = vm_hwm_mb()
    print("RESULT " + json.dumps(result))


# --------------------------------------------------------------------------- children


def child_uf_docs(n: int, form: str) -> None:
    """unified_forms (whichever checkout is first on sys.path): one-page documents, whole pipeline."""
    import unified_forms as uf
    from unified_forms.render.pdf import render_pdf

    recs = records(form, n, SEEDS["docs"])
    warm_up = records(form, 10, SEEDS["warm"])
    for r in warm_up:  # font loaded, layout compiled, subsetting face prepared: a batch worker's state
        uf.render_pdf(form, r)
    wall, cpu, pdfs = clock(lambda: [uf.render_pdf(form, r) for r in recs])
    # the same records again: every per-text cache holds them now (the flattering figure, labelled)
    warm_wall, warm_cpu, _ = clock(lambda: [uf.render_pdf(form, r) for r in recs])
    # page model → PDF only, on documents compiled beforehand (the work naive ReportLab does)
    fresh = records(form, n, SEEDS["docs"] + 1)
    docs = [uf.compile_form(form, r).document for r in fresh]
    r_wall, r_cpu, _ = clock(lambda: [render_pdf(d) for d in docs])
    emit(
        {
            "wall": wall,
            "cpu": cpu,
            "n": n,
            "bytes": statistics.mean(len(p) for p in pdfs),
            "warm_wall": warm_wall,
            "warm_cpu": warm_cpu,
            "render_wall": r_wall,
            "render_cpu": r_cpu,
        }
    )


def _big_records(n: int) -> Iterator[dict[str, Any]]:
    """The big document's classes, read one line at a time from the JSONL file the parent wrote
    (a child holds no list of records: its peak RSS is the library's, not the benchmark's)."""
    path = os.environ["UF_BENCH_BIG"]
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= n:
                break
            yield json.loads(line)


def _compiled_pages(n: int) -> Iterator[Any]:
    import unified_forms as uf

    for r in _big_records(n):
        yield from uf.compile_form("roster", r).document.pages


def child_uf_big(pages: int, mode: str) -> None:
    """One ``pages``-page 名簿 PDF. ``held``: a Document of every page, then render_pdf (old and new);
    ``stream``: each record laid out and its page written at once (new code's PdfWriter)."""
    import unified_forms as uf
    from unified_forms.render.pdf import render_pdf

    uf.render_pdf("roster", uf.sample("roster"))
    if mode == "held":
        from dataclasses import replace

        first = uf.compile_form("roster", uf.sample("roster")).document
        c_wall, c_cpu, pg = clock(lambda: tuple(_compiled_pages(pages)))
        big = replace(first, pages=pg)
        wall, cpu, data = clock(lambda: render_pdf(big))
        emit({"wall": wall, "cpu": cpu, "compile_wall": c_wall, "compile_cpu": c_cpu, "bytes": len(data)})
        return
    from unified_forms.render.pdf import PdfWriter, paper_size_mm

    first = uf.compile_form("roster", uf.sample("roster")).document
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.pdf"

        def write() -> None:
            with (
                open(path, "wb") as fh,
                PdfWriter(fh, title=first.title, subject="roster", paper_mm=paper_size_mm(first)) as w,
            ):
                for p in _compiled_pages(pages):
                    w.add_page(p)

        wall, cpu, _ = clock(write)
        size = path.stat().st_size
        check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
    emit({"wall": wall, "cpu": cpu, "bytes": size, "qpdf_ok": check.returncode == 0})


def child_naive(n: int, pages: int) -> None:
    """Naive ReportLab drawing the pages our layout resolved (layout not timed: the same work as ours)."""
    sys.path.insert(0, str(HERE))
    import naive_reportlab

    import unified_forms as uf

    naive_reportlab.register_font()  # parsing the font is a one-off for both sides
    docs = [uf.compile_form("roster", r).document for r in records("roster", n, SEEDS["docs"])]
    naive_reportlab.render(docs[0])
    wall, cpu, pdfs = clock(lambda: [naive_reportlab.render(d) for d in docs])
    emit({"wall": wall, "cpu": cpu, "n": n, "bytes": statistics.mean(len(p) for p in pdfs)})


def child_naive_big(pages: int) -> None:
    sys.path.insert(0, str(HERE))
    from dataclasses import replace

    import naive_reportlab

    import unified_forms as uf

    naive_reportlab.register_font()
    first = uf.compile_form("roster", uf.sample("roster")).document
    big = replace(first, pages=tuple(_compiled_pages(pages)))
    wall, cpu, data = clock(lambda: naive_reportlab.render(big))
    emit({"wall": wall, "cpu": cpu, "bytes": len(data)})


def _typst_compiler(data: dict[str, Any]) -> Any:
    import typst

    return typst.Compiler(
        str(HERE / "typst" / "roster.typ"),
        font_paths=[FONT_DIR],
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
    )


def child_typst(n: int) -> None:
    """Typst: the roster template compiled per class with one reused compiler."""
    recs = records("roster", n, SEEDS["typst"])
    comp = _typst_compiler(records("roster", 1, SEEDS["warm"])[0])
    comp.compile(format="pdf")

    def run() -> list[bytes]:
        return [comp.compile(format="pdf", sys_inputs={"data": json.dumps(r, ensure_ascii=False)}) for r in recs]

    wall, cpu, pdfs = clock(run)
    untagged_wall, untagged_cpu, _ = clock(
        lambda: [
            comp.compile(format="pdf", sys_inputs={"data": json.dumps(r, ensure_ascii=False)}, pdf_tags=False)
            for r in recs
        ]
    )
    emit(
        {
            "wall": wall,
            "cpu": cpu,
            "n": n,
            "bytes": statistics.mean(len(p) for p in pdfs),
            "untagged_wall": untagged_wall,
            "untagged_cpu": untagged_cpu,
        }
    )


def child_typst_big(pages: int) -> None:
    """Typst: all classes in one document (the template loops over ``classes``)."""
    classes = list(_big_records(pages))
    comp = _typst_compiler({"classes": classes})
    wall, cpu, data = clock(lambda: comp.compile(format="pdf"))
    emit({"wall": wall, "cpu": cpu, "bytes": len(data)})


# cold start: from the first line of a fresh interpreter's script (interpreter start-up excluded;
# the whole subprocess's wall time is reported beside it)
COLD = {
    "uf": """
import time, sys
t0 = time.perf_counter()
import unified_forms
from unified_forms.text.font import default_font
face = default_font()
face.metrics
t1 = time.perf_counter()
unified_forms.render_pdf("roster", unified_forms.sample("roster"))
t2 = time.perf_counter()
print("RESULT", t1 - t0, t2 - t0)
""",
    "naive": """
import time, sys
t0 = time.perf_counter()
sys.path.insert(0, {here!r})
import naive_reportlab
naive_reportlab.register_font()
t1 = time.perf_counter()
print("RESULT", t1 - t0, t1 - t0)
""",
    "typst": """
import time
t0 = time.perf_counter()
import typst
c = typst.Compiler({typ!r}, font_paths=[{fonts!r}], ignore_system_fonts=True, sys_inputs={{"data": {record!r}}})
t1 = time.perf_counter()
c.compile(format="pdf")
t2 = time.perf_counter()
print("RESULT", t1 - t0, t2 - t0)
""",
}


# --------------------------------------------------------------------------- parent


class Engine:
    """How to start a child for one engine: the interpreter and the checkout first on sys.path."""

    def __init__(self, name: str, root: Path) -> None:
        self.name = name
        self.root = root
        venv = root / ".venv" / "bin" / "python"
        self.python = str(venv) if venv.exists() else sys.executable

    @property
    def env(self) -> dict[str, str]:
        """The checkout first on sys.path, and the workload built from its own samples."""
        return {**os.environ, "PYTHONPATH": str(self.root), "UF_WORKLOAD_SAMPLES": str(self.root / "samples")}

    def write_jsonl(self, form: str, n: int, path: Path, seed: int) -> None:
        """The workload's records for this engine (its own sample shapes) as JSON lines."""
        with path.open("w", encoding="utf-8") as out:
            cmd = [self.python, str(HERE / "workload.py"), form, str(n), str(seed)]
            subprocess.run(cmd, stdout=out, env=self.env, cwd=str(self.root), check=True)

    def run(self, *args: str, timeout: float = 3600) -> dict[str, Any]:
        env = {**self.env, "PYTHONHASHSEED": "0"}
        proc = subprocess.run(
            [self.python, str(HERE / "bench_distinct.py"), "--child", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=str(self.root),
            timeout=timeout,
            check=False,
        )
        line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
        if proc.returncode != 0 or line is None:
            raise SystemExit(f"{self.name} {args}: rc {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
        result: dict[str, Any] = json.loads(line[len("RESULT ") :])
        return result

    def cold(self, kind: str, repeat: int) -> tuple[float, float, float]:
        """(ready s, first PDF s, whole subprocess wall s): best of ``repeat`` fresh processes."""
        record = json.dumps(records("roster", 1, SEEDS["warm"])[0], ensure_ascii=False)
        code = COLD[kind].format(here=str(HERE), typ=str(HERE / "typst" / "roster.typ"), fonts=FONT_DIR, record=record)
        env = {**os.environ, "PYTHONPATH": str(self.root)}
        best = (1e9, 1e9, 1e9)
        for _ in range(repeat):
            start = time.perf_counter()
            proc = subprocess.run([self.python, "-c", code], capture_output=True, text=True, env=env, check=True)
            wall = time.perf_counter() - start
            line = next(x for x in proc.stdout.splitlines() if x.startswith("RESULT"))
            ready, first = (float(x) for x in line.split()[1:])
            best = (min(best[0], ready), min(best[1], first), min(best[2], wall))
        return best


def median_runs(fn: Callable[[], dict[str, Any]], repeat: int) -> dict[str, Any]:
    """Per key, the median over ``repeat`` runs (the machine is shared: single runs scatter)."""
    runs = [fn() for _ in range(repeat)]
    out: dict[str, Any] = {}
    for k in runs[0]:
        values = [r[k] for r in runs]
        out[k] = statistics.median(values) if all(isinstance(v, int | float) for v in values) else values[0]
    return out


def batch_run(
    engine: Engine, form: str, path: Path, n: int, workers: int, extra: tuple[str, ...] = ()
) -> dict[str, Any]:
    """``unified-forms batch`` as a subprocess: wall, CPU of all its processes, files written."""
    with tempfile.TemporaryDirectory(prefix="uf-bench-") as tmp:
        out = Path(tmp) / "out"
        cmd = [engine.python, "-c", BATCH, form, str(path), "-o", str(out), "--workers", str(workers)]
        env = engine.env
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run([*cmd, *extra], capture_output=True, text=True, env=env, check=False, cwd=engine.root)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        rss = next((x.split()[1:] for x in proc.stdout.splitlines() if x.startswith("RSS ")), ["0", "0"])
        written = sum(1 for p in out.iterdir() if p.suffix == ".pdf" and "merged" not in p.name)
        merged = next((p for p in out.iterdir() if "merged" in p.name), None)
        merged_bytes = merged.stat().st_size if merged else 0
    if proc.returncode != 0 or written != n:
        raise SystemExit(f"batch {form} failed: rc {proc.returncode}, {written} files\n{proc.stderr[-3000:]}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {
        "wall": wall,
        "cpu": cpu,
        "n": n,
        "main_hwm_mb": float(rss[0]),  # the batch command's own process (reads, names, merges)
        "worker_hwm_mb": float(rss[1]),  # the largest of its worker processes
        "merged_bytes": merged_bytes,
    }


# ``unified-forms batch`` run in a fresh interpreter that then reports its own peak RSS and its
# largest worker's (RUSAGE_CHILDREN of this process only: the bench's other children don't count)
BATCH = """
import resource, sys
from unified_forms.cli import main
sys.argv = ["unified-forms", "batch", *sys.argv[1:]]
try:
    rc = main(sys.argv[1:])
finally:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print("RSS", me, kids, flush=True)
raise SystemExit(rc)
"""


DASK = """
import sys, time, json, resource
from pathlib import Path
from distributed import Client, LocalCluster
from unified_forms.batch import run_batch
n_workers, form, src, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \\
        Client(cluster) as client:
    client.run(lambda: __import__("unified_forms.batch.worker").batch.worker.prepare(form, None))
    start = time.perf_counter()
    s = run_batch(form, src, out, scheduler=client, progress=False)
    wall = time.perf_counter() - start
    cpu = sum(client.run(lambda: __import__("time").process_time()).values())
print("RESULT", json.dumps({"wall": wall, "rendered": s.rendered, "failed": s.failed, "worker_cpu": cpu}))
"""


def dask_run(engine: Engine, form: str, path: Path, n_workers: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="uf-dask-") as tmp:
        env = {**os.environ, "PYTHONPATH": str(engine.root)}
        cmd = [engine.python, "-c", DASK, str(n_workers), form, str(path), str(Path(tmp) / "out")]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False, cwd=engine.root)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit(f"dask run failed: rc {proc.returncode}\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(line.split(" ", 1)[1])
    return result


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def machine_line() -> str:
    cpu = platform.machine()
    try:
        m = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        if m:
            cpu = m.group(1).strip()
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores, {system}, Python {platform.python_version()}"


def fmt(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=200, help="one-page 名簿 documents per engine")
    ap.add_argument("--pages", type=int, default=1000, help="pages of the one big PDF")
    ap.add_argument("--stream-pages", type=int, default=10_000, help="pages of the streamed PDF (peak RSS)")
    ap.add_argument("--batch", type=int, default=5000, help="records per form for the batch command")
    ap.add_argument("--dask", type=int, default=2000, help="records for the Dask runs (1 and 2 workers)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3, help="runs per timing (median)")
    ap.add_argument("--old", type=Path, help="a checkout of the old code (with .venv) measured in the same run")
    ap.add_argument("--quick", action="store_true", help="docs 40, pages 100, stream 500, batch 200, dask 100")
    ap.add_argument("--skip-batch", action="store_true")
    ap.add_argument("--readme", action="store_true", help="write the table into bench/README.md")
    ap.add_argument("--json", type=Path, help="also write every raw figure here")
    ap.add_argument("--reuse", type=Path, help="figures of an earlier run (its --json) to keep")
    ap.add_argument("--rerun", nargs="*", default=[], help="with --reuse: measure these steps (name prefixes) again")
    ap.add_argument("--from-json", type=Path, help="only print (and with --readme write) the table of a --json file")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.from_json:
        R = json.loads(args.from_json.read_text(encoding="utf-8"))
        saved = argparse.Namespace(**{k: _arg(v) for k, v in R["args"].items()})
        table = render_table(R, saved, "docs.old" in R)
        print(table)
        if args.readme:
            write_readme(table)
        return
    if args.child:
        kind, *rest = args.child
        {
            "uf-docs": lambda: child_uf_docs(int(rest[0]), rest[1] if len(rest) > 1 else "roster"),
            "uf-big": lambda: child_uf_big(int(rest[0]), rest[1]),
            "naive": lambda: child_naive(int(rest[0]), 0),
            "naive-big": lambda: child_naive_big(int(rest[0])),
            "typst": lambda: child_typst(int(rest[0])),
            "typst-big": lambda: child_typst_big(int(rest[0])),
        }[kind]()
        return
    if args.quick:  # small counts (explicit sizes given after --quick are ignored)
        args.docs, args.pages, args.stream_pages, args.batch, args.dask = 40, 100, 500, 200, 100

    t0 = time.perf_counter()
    load_before = load()
    new = Engine("new", ROOT)
    old = Engine("old", args.old.resolve()) if args.old else None
    engines = [e for e in (new, old) if e is not None]
    R: dict[str, Any] = {"load_before": load_before, "args": {k: str(v) for k, v in vars(args).items()}}
    reused: dict[str, Any] = json.loads(args.reuse.read_text(encoding="utf-8")) if args.reuse else {}
    R["rerun"] = sorted(k for k in reused if any(k.startswith(p) for p in args.rerun)) if reused else []

    def step(name: str, fn: Callable[[], Any]) -> Any:
        if name in reused and not any(name.startswith(p) for p in args.rerun):
            R[name] = reused[name]
            return R[name]
        print(f"[{time.perf_counter() - t0:6.0f} s] {name} (load {load()})", file=sys.stderr, flush=True)
        R[name] = fn()
        return R[name]

    # the big document's classes, written once; children read them line by line
    big_src = Path(tempfile.mkdtemp(prefix="uf-bench-big-")) / "big.jsonl"
    sys.path.insert(0, str(HERE))
    import workload

    workload.write_jsonl("roster", max(args.pages, args.stream_pages), big_src, seed=SEEDS["big"])
    os.environ["UF_BENCH_BIG"] = str(big_src)

    for e in engines:
        step(f"cold.{e.name}", lambda e=e: e.cold("uf", args.repeat + 2))
    step("cold.naive", lambda: new.cold("naive", args.repeat + 2))
    step("cold.typst", lambda: new.cold("typst", args.repeat + 2))
    for e in engines:
        step(f"docs.{e.name}", lambda e=e: median_runs(lambda: e.run("uf-docs", str(args.docs)), args.repeat))
    step("docs.naive", lambda: median_runs(lambda: new.run("naive", str(args.docs)), args.repeat))
    step("docs.typst", lambda: median_runs(lambda: new.run("typst", str(args.docs)), args.repeat))
    for form in ("report_card", "guidance_record_elementary"):
        for e in engines:
            step(f"{form}.{e.name}", lambda e=e, f=form: e.run("uf-docs", str(max(args.docs // 2, 10)), f))
    for e in engines:
        step(f"big.{e.name}", lambda e=e: e.run("uf-big", str(args.pages), "held"))
    step("big.new_stream", lambda: new.run("uf-big", str(args.pages), "stream"))
    step("big.naive", lambda: new.run("naive-big", str(args.pages)))
    step("big.typst", lambda: new.run("typst-big", str(args.pages)))
    step("stream.new", lambda: new.run("uf-big", str(args.stream_pages), "stream"))

    if not args.skip_batch:
        with tempfile.TemporaryDirectory(prefix="uf-bench-src-") as tmp:
            src: dict[tuple[str, str], Path] = {}
            for form in ("roster", "report_card"):
                for e in engines:  # the same generator and seed, each engine's own sample shape
                    src[form, e.name] = Path(tmp) / f"{form}.{e.name}.jsonl"
                    e.write_jsonl(form, args.batch, src[form, e.name], SEEDS["batch"])
            for form in ("roster", "report_card"):
                for e in engines:
                    run = lambda e=e, f=form: batch_run(e, f, src[f, e.name], args.batch, args.workers)  # noqa: E731
                    step(f"batch.{form}.{e.name}", run)
            for e in engines:
                run1 = lambda e=e: batch_run(e, "roster", src["roster", e.name], args.batch, 1)  # noqa: E731
                step(f"batch1.roster.{e.name}", run1)
            merge_src = big_src  # the same classes as the streamed PDF
            step(
                "merge.new",
                lambda: batch_run(new, "roster", merge_src, args.stream_pages, args.workers, ("--merge",)),
            )
            dask_src = Path(tmp) / "dask.jsonl"
            workload.write_jsonl("roster", args.dask, dask_src, seed=SEEDS["batch"] + 1)
            for nw in (1, 2):
                step(f"dask{nw}.new", lambda nw=nw: dask_run(new, "roster", dask_src, nw))
    shutil.rmtree(big_src.parent, ignore_errors=True)
    R["load_after"] = load()
    R["seconds"] = time.perf_counter() - t0
    if args.json:
        args.json.write_text(json.dumps(R, indent=1), encoding="utf-8")
    table = render_table(R, args, old is not None)
    print(table)
    if args.readme:
        write_readme(table)


def _arg(value: str) -> Any:
    """A figure of the saved arguments back as a number where it was one."""
    try:
        return int(value)
    except ValueError:
        return value


def render_table(R: dict[str, Any], args: argparse.Namespace, with_old: bool) -> str:
    d_new, d_naive, d_typst = R["docs.new"], R["docs.naive"], R["docs.typst"]
    d_old = R.get("docs.old")
    n = args.docs

    def rate(d: dict[str, Any], key: str = "wall", count: str = "n") -> float:
        return float(d[count]) / float(d[key])

    def cpu_ms(d: dict[str, Any], key: str = "cpu") -> float:
        return 1000 * float(d[key]) / float(d["n"])

    def cell(new: str, old: str | None) -> str:
        return f"{new} | {old if old is not None else '–'}"

    rows: list[str] = []

    def row(label: str, new: str, old: str | None, naive: str, typst: str, ratios: str, target: str) -> None:
        rows.append(f"| {label} | {cell(new, old if with_old else None)} | {naive} | {typst} | {ratios} | {target} |")

    # one-page documents
    r_new, r_naive, r_typst = rate(d_new), rate(d_naive), rate(d_typst)
    row(
        f"separate one-page 名簿 PDFs, documents/s (wall, {n} distinct classes of 40)",
        fmt(r_new),
        fmt(rate(d_old)) if d_old else None,
        fmt(r_naive),
        fmt(r_typst),
        f"{r_new / r_typst:.2f}× Typst, {r_new / r_naive:.2f}× naive",
        "≥ 2× Typst, ≥ 6× naive",
    )
    c_new, c_naive, c_typst = cpu_ms(d_new), cpu_ms(d_naive), cpu_ms(d_typst)
    row(
        "CPU ms per document (whole pipeline: validate, lay out, PDF; naive: PDF only)",
        fmt(c_new, 2),
        fmt(cpu_ms(d_old), 2) if d_old else None,
        fmt(c_naive, 2),
        fmt(c_typst, 2),
        f"{c_typst / c_new:.2f}× Typst, {c_naive / c_new:.2f}× naive (by CPU)",
        "",
    )
    row(
        "… page model → PDF only (the same work as naive), CPU ms per document",
        fmt(1000 * d_new["render_cpu"] / n, 2),
        fmt(1000 * d_old["render_cpu"] / n, 2) if d_old else None,
        fmt(c_naive, 2),
        "",
        f"{c_naive / (1000 * d_new['render_cpu'] / n):.2f}× naive",
        "",
    )
    row(
        "… cache-warm (the same records a second time), documents/s — flattering, for comparison only",
        fmt(rate(d_new, "warm_wall")),
        fmt(rate(d_old, "warm_wall")) if d_old else None,
        "",
        f"{rate(d_typst, 'untagged_wall'):,.1f} untagged",
        "",
        "",
    )
    for form, label in (("report_card", "通知表"), ("guidance_record_elementary", "指導要録 (小)")):
        f_new, f_old = R[f"{form}.new"], R.get(f"{form}.old")
        row(
            f"{label}: documents/s (wall) / CPU ms per document (old: {OWN_SHAPE})",
            f"{rate(f_new):,.1f} / {cpu_ms(f_new):.2f}",
            f"{rate(f_old):,.1f} / {cpu_ms(f_old):.2f}" if f_old else None,
            "",
            "",
            "",
            "",
        )
    # big PDF
    P = args.pages
    b_new, b_naive, b_typst, b_old, b_stream = (
        R["big.new"],
        R["big.naive"],
        R["big.typst"],
        R.get("big.old"),
        R["big.new_stream"],
    )
    row(
        f"one {P:,}-page PDF, pages/s: page model → PDF (naive: the same pages)",
        fmt(P / b_new["wall"]),
        fmt(P / b_old["wall"]) if b_old else None,
        fmt(P / b_naive["wall"]),
        "",
        f"{b_naive['wall'] / b_new['wall']:.2f}× naive (wall), {b_naive['cpu'] / b_new['cpu']:.2f}× (CPU)",
        "≥ 3× naive",
    )
    row(
        f"one {P:,}-page PDF, pages/s: whole pipeline (records → one PDF; Typst: one document of {P:,} classes)",
        fmt(P / b_stream["wall"]) + " streamed",
        fmt(P / (b_old["wall"] + b_old["compile_wall"])) if b_old else None,
        "",
        fmt(P / b_typst["wall"]),
        f"{b_typst['wall'] / b_stream['wall']:.2f}× Typst",
        "",
    )
    row(
        f"peak RSS for the {P:,}-page PDF, MB (all pages held; streamed)",
        f"{b_new['hwm_mb']:.0f}; {b_stream['hwm_mb']:.0f}",
        f"{b_old['hwm_mb']:.0f}" if b_old else None,
        f"{b_naive['hwm_mb']:.0f}",
        f"{b_typst['hwm_mb']:.0f}",
        "",
        "",
    )
    s = R["stream.new"]
    row(
        f"peak RSS for a {args.stream_pages:,}-page PDF written as made, MB (pages/s)",
        f"{s['hwm_mb']:.0f} ({args.stream_pages / s['wall']:,.1f}/s; qpdf --check "
        f"{'ok' if s['qpdf_ok'] else 'FAILED'})",
        "not measured: holds every page" if with_old else None,
        "",
        "",
        "",
        "≤ 300 MB",
    )
    c = {k: R[f"cold.{k}"] for k in ("new", "naive", "typst")}
    c_old = R.get("cold.old")
    row(
        "cold start, s: import + font ready (fresh process; best of runs) / + first 名簿 PDF / subprocess wall",
        " / ".join(f"{v:.2f}" for v in c["new"]),
        " / ".join(f"{v:.2f}" for v in c_old) if c_old else None,
        f"{c['naive'][0]:.2f} (font registered)",
        f"{c['typst'][0]:.2f} / {c['typst'][1]:.2f} (compiler / + first PDF)",
        "",
        "≤ 0.3 s",
    )
    row(
        "one-page 名簿 PDF, bytes (mean)",
        f"{d_new['bytes']:,.0f}",
        f"{d_old['bytes']:,.0f}" if d_old else None,
        f"{d_naive['bytes']:,.0f}",
        f"{d_typst['bytes']:,.0f}",
        "",
        "≤ 50 KB",
    )
    lines = [
        f"### Distinct records — {machine_line()}, {time.strftime('%Y-%m-%d %H:%M %Z')}",
        "",
        "| measure | unified_forms new | old (1043c81) | naive ReportLab | Typst | ratios (new) | target |",
        "|---|---:|---:|---:|---:|---|---|",
        *rows,
    ]
    if "batch.roster.new" in R:
        lines += ["", "| batch (`unified-forms batch`, distinct records) | new | old (1043c81) | target |"]
        lines += ["|---|---:|---:|---|"]
        for form, label, target in (("roster", "名簿", "< 15 min"), ("report_card", "通知表", "< 30 min")):
            bn, bo = R[f"batch.{form}.new"], R.get(f"batch.{form}.old")

            def desc(b: dict[str, Any] | None) -> str:
                if b is None:
                    return "–"
                cpu_min = PREFECTURE * b["cpu"] / b["n"] / args.workers / 60  # if its cores were its own
                return (
                    f"{b['n'] / b['wall']:,.1f} docs/s ({b['wall']:.0f} s wall, "
                    f"{1000 * b['cpu'] / b['n']:.1f} CPU ms/doc) → {PREFECTURE:,} in "
                    f"{PREFECTURE / (b['n'] / b['wall']) / 60:.1f} min wall / {cpu_min:.1f} min CPU-based"
                )

            head = f"{label}, {args.batch:,} records, --workers {args.workers}"
            if form != "roster":
                head += f" (old: {OWN_SHAPE.split(':')[0]})"
            lines.append(f"| {head} | {desc(bn)} | {desc(bo)} | {target} |")
        b1n, b1o = R["batch1.roster.new"], R.get("batch1.roster.old")
        one_old = f"{b1o['n'] / b1o['wall']:,.1f} docs/s" if b1o else "–"
        lines.append(
            f"| 名簿, {args.batch:,} records, --workers 1 (scaling) | {b1n['n'] / b1n['wall']:,.1f} docs/s | "
            f"{one_old} | |"
        )
        m = R["merge.new"]
        lines.append(
            f"| 名簿 `--merge`, {args.stream_pages:,} records → one {args.stream_pages:,}-page PDF, --workers "
            f"{args.workers}: docs/s; peak RSS of the batch process / of its largest worker | "
            f"{m['n'] / m['wall']:,.1f}; {m['main_hwm_mb']:.0f} MB / {m['worker_hwm_mb']:.0f} MB | – | ≤ 300 MB |"
        )
        d1, d2 = R["dask1.new"], R["dask2.new"]
        lines.append(
            f"| Dask LocalCluster, 名簿 {args.dask:,} records: 1 worker / 2 workers, docs/s (scaling) | "
            f"{d1['rendered'] / d1['wall']:,.1f} / {d2['rendered'] / d2['wall']:,.1f} "
            f"({(d1['wall'] / d2['wall']):.2f}×) | – | |"
        )
    lines += [
        "",
        f"Load average (1/5/15 min) before / after: {R['load_before']} / {R['load_after']} on a machine shared with "
        "other engineers' test runs. Timings are medians of "
        f"{args.repeat} runs (batch and big-PDF runs: one run each); cold start is the best of {args.repeat + 2} fresh "
        "processes. CPU-based batch minutes: the batch's CPU seconds (all its processes) per record × "
        f"{PREFECTURE:,} / {args.workers} cores, i.e. what the run gives when its cores are not shared. "
        "Old = commit 1043c81 measured in the same run from a second checkout with its own venv. "
        f"Bench wall time {R['seconds']:.0f} s."
        + (f" Measured again in a second run (the first one's figures kept for the rest): {', '.join(R['rerun'])}."
           if R.get("rerun") else ""),
    ]
    return "\n".join(lines)


START, END = "<!-- bench_distinct:start -->", "<!-- bench_distinct:end -->"


def write_readme(table: str) -> None:
    path = HERE / "README.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{START}\n{table}\n{END}"
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
