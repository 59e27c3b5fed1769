"""名簿 speed against the naive ReportLab baseline, measured in the same run.

Run: python bench/bench_roster.py [--docs N] [--pages N]
Prints a table; nothing here is asserted (speed is measured, not tested).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import naive_reportlab

import unified_forms as uf
from unified_forms.render.pdf import render_pdf


def timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200, help="separate one-page documents")
    parser.add_argument("--pages", type=int, default=1000, help="pages in the one big document")
    args = parser.parse_args()

    data = uf.sample("roster")
    doc = uf.compile_form("roster", data).document
    naive_reportlab.register_font()  # font parsing is a one-off for both sides
    uf.render_pdf("roster", data)  # warm-up: font loaded, caches primed

    ours_docs = timed(lambda: uf.render_pdf("roster", data), args.docs)
    naive_docs = timed(lambda: naive_reportlab.render(doc), args.docs)

    big = replace(doc, pages=doc.pages * args.pages)
    ours_big = timed(lambda: render_pdf(big), 1)
    naive_big = timed(lambda: naive_reportlab.render(big), 1)

    ours_size = len(uf.render_pdf("roster", data))
    naive_size = len(naive_reportlab.render(doc))

    rows = [
        ("one-page documents / s", args.docs / ours_docs, args.docs / naive_docs),
        (f"pages / s in one {args.pages}-page document", args.pages / ours_big, args.pages / naive_big),
    ]
    print(f"# 名簿 benchmark — {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    print(f"{'measure':45} {'unified_forms':>14} {'naive RL':>10} {'ratio':>7}")
    for name, ours, naive in rows:
        print(f"{name:45} {ours:14.1f} {naive:10.1f} {ours / naive:6.2f}x")
    print(f"{'one-page PDF size (bytes)':45} {ours_size:14d} {naive_size:10d} {ours_size / naive_size:6.2f}x")
    print("(unified_forms one-page figure includes validation, binding and layout; naive draws a finished page)")


if __name__ == "__main__":
    main()
