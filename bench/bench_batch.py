"""Issue 7's table: unified_forms against naive ReportLab, same machine, same run, same pages.

Run:  python bench/bench_batch.py                 # full sizes (≈10 min on 2 cores)
      python bench/bench_batch.py --quick         # small counts, a minute
      python bench/bench_batch.py --readme        # also write the table into bench/README.md

Records are the shipped 名簿 (a class of 35, one A4 page) with the 組 and the
teacher's given name changed per record, so every document has its own text and
its own font subset, as in a real prefecture batch (identical records would let
any cache make the numbers meaningless). Nothing here is asserted: speed is
measured, not tested. Ratios are ours / naive (sizes: ours / naive, smaller is better).
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PREFECTURE = 95_000
URO = (0x4E00, 0x9FA5)  # CJK Unified Ideographs (URO): every one is in IPAmj明朝


def varied_record(base: dict[str, Any], k: int) -> dict[str, Any]:
    rec = copy.deepcopy(base)
    rec["homeroom"]["kumi"] = str(k % 999_999 + 1)
    span = URO[1] - URO[0]
    rec["teacher"]["name"]["given"] = chr(URO[0] + (k * 7919) % span) + chr(URO[0] + (k * 104_729 + 17) % span)
    return rec


def records(n: int) -> Iterator[dict[str, Any]]:
    import unified_forms as uf

    base = uf.sample("roster")
    for k in range(n):
        yield varied_record(base, k)


def vm(field: str) -> int:
    """kB from /proc/self/status (VmHWM = peak RSS, VmRSS = now)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Timing:
    """Wall and CPU seconds of one call: on a shared, loaded machine the CPU figure is the stable one."""

    def __init__(self, wall: float, cpu: float) -> None:
        self.wall, self.cpu = wall, cpu


def timed(fn: Callable[[], object]) -> Timing:
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return Timing(time.perf_counter() - start, time.process_time() - cpu)


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# --------------------------------------------------------------------------- child modes


def rss_child(n: int, mode: str) -> None:
    """Render n documents in this (fresh) process; print peak RSS after every tenth as JSON.

    ``batch``: the batch worker's own loop (chunks of 32, per-text caches trimmed);
    ``loop``: plain ``uf.render_pdf`` calls, the library's caches left to their bounds.
    """
    import unified_forms as uf
    from unified_forms.batch.worker import Job, Task, render_chunk

    job = Job("roster", "pdf", "/nonexistent", return_bytes=True)
    checkpoints = {max(1, n * k // 10) for k in range(1, 11)}
    out: list[dict[str, float]] = []
    start = time.perf_counter()
    chunk: list[Task] = []
    for i, rec in enumerate(records(n), start=1):
        if mode == "batch":
            chunk.append(Task(i, f"{i}.pdf", rec))
            if len(chunk) == 32 or i == n:
                assert all(o.ok for o in render_chunk(job, chunk))
                chunk = []
        else:
            uf.render_pdf("roster", rec)
        if i in checkpoints:
            out.append(
                {
                    "docs": i,
                    "hwm_mb": vm("VmHWM") / 1024,
                    "rss_mb": vm("VmRSS") / 1024,
                    "seconds": time.perf_counter() - start,
                }
            )
    print(json.dumps(out))


COLD = """
import time
t0 = time.perf_counter()
import unified_forms
from unified_forms.text.font import default_font
face = default_font()
face.subset_face, face.metrics, face.ivs
t1 = time.perf_counter()
unified_forms.render_pdf("roster", unified_forms.sample("roster"))
t2 = time.perf_counter()
print(t1 - t0, t2 - t0)
"""


def cold_start(repeat: int = 3) -> tuple[float, float, float]:
    """(import + font ready, + first 名簿 PDF, whole subprocess wall) — best of ``repeat``, each a fresh process."""
    best = (1e9, 1e9, 1e9)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, env=env, check=True)
        wall = time.perf_counter() - start
        ready, first = (float(x) for x in proc.stdout.split())
        best = (min(best[0], ready), min(best[1], first), min(best[2], wall))
    return best


# --------------------------------------------------------------------------- the table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200, help="separate one-page documents per side")
    parser.add_argument("--pages", type=int, default=1000, help="pages in the one big document")
    parser.add_argument("--rss-docs", type=int, default=10_000, help="documents for the peak-RSS run")
    parser.add_argument("--batch", type=int, default=5000, help="records for the batch command run")
    parser.add_argument("--workers", type=int, default=2, help="--workers of the batch command")
    parser.add_argument("--quick", action="store_true", help="docs 40, pages 100, rss 500, batch 200")
    parser.add_argument("--readme", action="store_true", help="write the table into bench/README.md")
    parser.add_argument("--rss-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--rss-mode", choices=("batch", "loop"), default="batch", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        rss_child(args.rss_child, args.rss_mode)
        return
    if args.quick:
        args.docs, args.pages, args.rss_docs, args.batch = 40, 100, 500, 200

    import naive_reportlab
    import reportlab

    import unified_forms as uf
    from unified_forms.render.pdf import render_pdf

    t_start = time.perf_counter()
    load_before = load()
    cold_ready, cold_first, cold_wall = cold_start()

    recs = list(records(args.docs))
    fresh = [varied_record(uf.sample("roster"), args.docs + k) for k in range(args.docs)]  # not compiled before
    docs = [uf.compile_form("roster", r).document for r in recs]
    naive_reportlab.register_font()  # font parsing is a one-off for both sides
    uf.render_pdf("roster", uf.sample("roster"))  # warm-up: font loaded, caches primed
    naive_reportlab.render(docs[0])

    naive = timed(lambda: [naive_reportlab.render(d) for d in docs])
    ours = timed(lambda: [render_pdf(d) for d in docs])
    ours_full = timed(lambda: [uf.render_pdf("roster", r) for r in fresh])

    big = replace(docs[0], pages=tuple(docs[i % len(docs)].pages[0] for i in range(args.pages)))
    naive_big = timed(lambda: naive_reportlab.render(big))
    ours_big = timed(lambda: render_pdf(big))

    sizes_ours = [len(render_pdf(d)) for d in docs[:20]]
    sizes_naive = [len(naive_reportlab.render(d)) for d in docs[:20]]
    size_ours, size_naive = sum(sizes_ours) / len(sizes_ours), sum(sizes_naive) / len(sizes_naive)

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rss_runs = {}
    for mode in ("batch", "loop"):
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--rss-child", str(args.rss_docs), "--rss-mode", mode],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        rss_runs[mode] = json.loads(proc.stdout.strip().splitlines()[-1])
    rss, rss_loop = rss_runs["batch"], rss_runs["loop"]

    with tempfile.TemporaryDirectory(prefix="uf-bench-") as tmp:
        src = Path(tmp) / "records.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for rec in records(args.batch):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        out = Path(tmp) / "out"
        cmd = [sys.executable, "-m", "unified_forms", "batch", "roster", str(src), "-o", str(out)]
        cmd += ["--workers", str(args.workers)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        batch = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        batch_wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        batch_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        written = sum(1 for p in out.iterdir() if p.suffix == ".pdf")
    if batch.returncode != 0 or written != args.batch:
        print(batch.stdout, batch.stderr, file=sys.stderr)
        raise SystemExit(f"batch command failed: rc {batch.returncode}, {written} files")
    load_after = load()

    n, w = args.docs, args.workers
    batch_rate = args.batch / batch_wall
    batch_rate_cpu = args.batch / batch_cpu * w  # if the w cores were free
    naive_rate, naive_rate_cpu = n / naive.wall, n / naive.cpu

    marks = (max(1, args.rss_docs // 10), max(1, args.rss_docs // 2), args.rss_docs)
    shown = [r for r in rss if r["docs"] in marks]
    shown_loop = [r for r in rss_loop if r["docs"] in marks]
    rss_points = " / ".join(f"{m:,}" for m in marks)

    def ratio(a: Timing, b: Timing) -> str:
        return f"{b.wall / a.wall:.2f}× / {b.cpu / a.cpu:.2f}×"

    rows: list[tuple[str, str, str, str, str]] = [
        (
            "one-page documents / s, one process (page model → PDF: the same work as naive)",
            f"{n / ours.wall:,.1f}",
            f"{naive_rate:,.1f}",
            ratio(ours, naive),
            "≥ 10×",
        ),
        (
            "one-page documents / s, one process (whole pipeline: validate, lay out, PDF)",
            f"{n / ours_full.wall:,.1f}",
            f"{naive_rate:,.1f}",
            ratio(ours_full, naive),
            "",
        ),
        (
            f"pages / s in one {args.pages:,}-page document",
            f"{args.pages / ours_big.wall:,.1f}",
            f"{args.pages / naive_big.wall:,.1f}",
            ratio(ours_big, naive_big),
            "≥ 3×",
        ),
        (
            "one-page PDF size, bytes (mean of 20 documents)",
            f"{size_ours:,.0f}",
            f"{size_naive:,.0f}",
            f"{size_ours / size_naive:.2f}×",
            "≤ 0.6×",
        ),
        ("cold start: import + font ready, s (fresh process, best of 3)", f"{cold_ready:.2f}", "", "", "≤ 0.5 s"),
        (
            "cold start: … + first 名簿 PDF / whole subprocess wall, s",
            f"{cold_first:.2f} / {cold_wall:.2f}",
            "",
            "",
            "",
        ),
        (
            f"peak RSS (VmHWM), MB, one batch worker process, after {rss_points} documents",
            " / ".join(f"{r['hwm_mb']:.0f}" for r in shown),
            "",
            "",
            "≤ 300 MB, flat",
        ),
        (
            "… the same with plain `uf.render_pdf` calls (library caches untrimmed), MB",
            " / ".join(f"{r['hwm_mb']:.0f}" for r in shown_loop),
            "",
            "",
            "",
        ),
        (
            f"`unified-forms batch`, {args.batch:,} records, --workers {w}: documents / s (wall / CPU-based)",
            f"{batch_rate:,.1f} / {batch_rate_cpu:,.1f}",
            f"{naive_rate * w:,.1f} / {naive_rate_cpu * w:,.1f}*",
            f"{batch_rate / (naive_rate * w):.2f}× / {batch_rate_cpu / (naive_rate_cpu * w):.2f}×",
            "",
        ),
        (
            f"… extrapolated to {PREFECTURE:,} records, minutes (wall / CPU-based)",
            f"{PREFECTURE / batch_rate / 60:.1f} / {PREFECTURE / batch_rate_cpu / 60:.1f}",
            f"{PREFECTURE / (naive_rate * w) / 60:.1f} / {PREFECTURE / (naive_rate_cpu * w) / 60:.1f}*",
            "",
            "< 15 min",
        ),
    ]
    header = f"### unified_forms batch benchmark — {machine_line()}, {time.strftime('%Y-%m-%d %H:%M %Z')}"
    rss_detail_loop = ", ".join(f"{r['docs']:,}: {r['hwm_mb']:.0f}" for r in rss_loop)
    rss_detail = ", ".join(f"{r['docs']:,}: {r['hwm_mb']:.0f}" for r in rss)
    lines = [
        header,
        "",
        "| measure | unified_forms | naive ReportLab | ratio (wall / CPU time) | target |",
        "|---|---:|---:|---:|---|",
        *[f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in rows],
        "",
        f"\\* naive batch: its one-process rate × {w}, perfect scaling assumed in its favour. "
        "CPU-based figures divide by CPU seconds (children's user + sys for the batch), i.e. what the run "
        "gives when its cores are not shared with other work.",
        f"Load average before / after: {load_before} / {load_after}.",
        f"Peak RSS (MB) after every tenth of the run — batch worker: {rss_detail}; plain loop: {rss_detail_loop}.",
        f"Sizes: --docs {n} --pages {args.pages} --rss-docs {args.rss_docs} --batch {args.batch} --workers {w}; "
        f"bench wall time {time.perf_counter() - t_start:.0f} s; reportlab {reportlab.Version}.",
    ]
    table = "\n".join(lines)
    print(table)
    if args.readme:
        write_readme(table)


def machine_line() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        text = Path("/proc/cpuinfo").read_text()
        m = re.search(r"model name\s*:\s*(.+)", text)
        if m:
            cpu = m.group(1).strip()
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, AttributeError):
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores{mem}, {system}, Python {platform.python_version()}"


START, END = "<!-- bench_batch:start -->", "<!-- bench_batch:end -->"


def write_readme(table: str) -> None:
    path = ROOT / "bench" / "README.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{START}\n{table}\n{END}"
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
