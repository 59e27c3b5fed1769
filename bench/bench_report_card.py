"""通知表 (A3, both sides) per pupil: one PDF per pupil for a school, against naive ReportLab.

Run: python bench/bench_report_card.py [--pupils N] [--school 600]
Each pupil gets a distinct name and 出席番号 (so no document is a cache hit of the previous
one); the four sample arrangements are cycled. "ours" is the full pipeline per pupil
(validate → bind → layout → PDF); "naive" draws the already laid-out pages with plain
ReportLab (bench/naive_reportlab.py), so it measures only the drawing half. The school
figure is extrapolated linearly from N pupils. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import naive_reportlab  # noqa: E402

import unified_forms as uf  # noqa: E402

SAMPLES = (
    ("report_card", "report_card.json"),
    ("report_card", "report_card.junior_high_3term.json"),
    ("report_card_special_needs", "report_card_special_needs.json"),
    ("report_card", "report_card.elementary_2term.json"),
)
GIVEN = ("陽菜", "蓮", "結衣", "大翔", "さくら", "悠真", "葵", "湊", "凛", "陽翔")
FAMILY = ("髙橋", "﨑山", "𠮷田", "葛\U000e0102城", "山本", "中村", "小林", "伊藤")


def pupils(n: int) -> list[tuple[str, dict[str, Any]]]:
    base = [(fid, json.loads((ROOT / "samples" / f).read_text(encoding="utf-8"))) for fid, f in SAMPLES]
    out: list[tuple[str, dict[str, Any]]] = []
    for i in range(n):
        fid, data = base[i % len(base)]
        d = copy.deepcopy(data)
        d["student"]["number"] = i % 40 + 1
        d["student"]["name"]["family"] = FAMILY[i % len(FAMILY)]
        d["student"]["name"]["given"] = GIVEN[(i // len(FAMILY)) % len(GIVEN)]
        out.append((fid, d))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=60, help="pupils actually rendered")
    parser.add_argument("--school", type=int, default=600, help="school size to extrapolate to")
    args = parser.parse_args()

    work = pupils(args.pupils)
    naive_reportlab.register_font()
    for fid, d in work[: len(SAMPLES)]:  # warm-up: font loaded, layouts cached
        uf.render_pdf(fid, d)

    docs = [uf.compile_form(fid, d).document for fid, d in work]
    start = time.perf_counter()
    sizes = [len(uf.render_pdf(fid, d)) for fid, d in work]
    ours = time.perf_counter() - start
    start = time.perf_counter()
    compile_only = [uf.compile_form(fid, d) for fid, d in work]
    layout = time.perf_counter() - start
    start = time.perf_counter()
    naive_sizes = [len(naive_reportlab.render(doc)) for doc in docs]
    naive = time.perf_counter() - start
    assert len(compile_only) == len(docs)

    n = args.pupils
    print(
        f"# 通知表 benchmark — {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    )
    print(f"{n} pupils, one PDF each (A3 landscape, 2 sides), arrangements cycled: {len(SAMPLES)}")
    print(f"{'measure':44} {'unified_forms':>14} {'naive RL':>10}")
    print(f"{'PDFs / s (ours: full pipeline)':44} {n / ours:14.1f} {n / naive:10.1f}")
    print(f"{'of which validate+bind+layout, s / pupil':44} {layout / n:14.4f} {'-':>10}")
    print(
        f"{'school of ' + str(args.school) + ' (extrapolated), s':44} {ours / n * args.school:14.1f} "
        f"{naive / n * args.school:10.1f}"
    )
    print(f"{'mean PDF size, bytes':44} {sum(sizes) / n:14.0f} {sum(naive_sizes) / n:10.0f}")


if __name__ == "__main__":
    main()
