"""PDF engine speed, size, cold start and memory against naive ReportLab, measured in the same run.

Run: python bench/bench_engine.py [--docs 300] [--pages 1000] [--rss-docs 10000] [--quick]

Why varied records: a batch prints a different class or pupil in every
document, so glyph sets, shaped runs and subsets differ from one file to the
next. Repeating one sample would let every per-process cache hit and flatter
the engine; this bench draws ``--docs`` distinct 名簿 (different names,
addresses, guardians; seeded, so every run measures the same work) and
reports the repeated-sample figure separately. The naive side draws the very
same resolved pages (new canvas per document, ``drawString``, ReportLab's own
subsetting), so the ratios measure the engine. Timings are CPU seconds of
this process (``time.process_time``; everything here is single-threaded), best
of ``--rounds`` interleaved rounds: on a shared machine wall time mostly
measures the neighbours. ``--wall`` switches to wall clock. Nothing here is
asserted.
"""

from __future__ import annotations

import argparse
import copy
import gc
import os
import platform
import random
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import naive_reportlab  # noqa: E402

import unified_forms as uf  # noqa: E402
from unified_forms.layout.page import Document  # noqa: E402
from unified_forms.render.pdf import render_pdf  # noqa: E402

FAMILIES = [
    ("佐藤", "さとう"), ("鈴木", "すずき"), ("高橋", "たかはし"), ("田中", "たなか"), ("伊藤", "いとう"),
    ("渡邊", "わたなべ"), ("山本", "やまもと"), ("中村", "なかむら"), ("小林", "こばやし"), ("加藤", "かとう"),
    ("吉田", "よしだ"), ("山田", "やまだ"), ("佐々木", "ささき"), ("山口", "やまぐち"), ("松本", "まつもと"),
    ("井上", "いのうえ"), ("木村", "きむら"), ("林", "はやし"), ("斎藤", "さいとう"), ("清水", "しみず"),
    ("山崎", "やまざき"), ("森", "もり"), ("池田", "いけだ"), ("橋本", "はしもと"), ("阿部", "あべ"),
    ("石川", "いしかわ"), ("山下", "やました"), ("中島", "なかしま"), ("石井", "いしい"), ("小川", "おがわ"),
    ("前田", "まえだ"), ("岡田", "おかだ"), ("長谷川", "はせがわ"), ("藤田", "ふじた"), ("後藤", "ごとう"),
    ("近藤", "こんどう"), ("村上", "むらかみ"), ("遠藤", "えんどう"), ("青木", "あおき"), ("坂本", "さかもと"),
    ("髙橋", "たかはし"), ("松﨑", "まつざき"), ("國本", "くにもと"), ("齋藤", "さいとう"), ("吉冨", "よしとみ"),
    ("藤井", "ふじい"), ("西村", "にしむら"), ("福田", "ふくだ"), ("太田", "おおた"), ("三浦", "みうら"),
    ("岡本", "おかもと"), ("松田", "まつだ"), ("中川", "なかがわ"), ("中野", "なかの"), ("原田", "はらだ"),
    ("小野", "おの"), ("田村", "たむら"), ("竹内", "たけうち"), ("金子", "かねこ"), ("和田", "わだ"),
]  # fmt: skip
GIVEN = [
    ("蓮", "れん"), ("陽翔", "はると"), ("湊", "みなと"), ("蒼", "あおい"), ("樹", "いつき"), ("悠真", "ゆうま"),
    ("大翔", "ひろと"), ("律", "りつ"), ("朝陽", "あさひ"), ("颯真", "そうま"), ("陽葵", "ひまり"), ("凛", "りん"),
    ("芽依", "めい"), ("葵", "あおい"), ("紬", "つむぎ"), ("結菜", "ゆいな"), ("杏", "あん"), ("澪", "みお"),
    ("結愛", "ゆあ"), ("詩", "うた"), ("瑛太", "えいた"), ("陸斗", "りくと"), ("琴音", "ことね"), ("美桜", "みお"),
    ("晴", "はる"), ("颯", "はやて"), ("誠", "まこと"), ("翼", "つばさ"), ("光", "ひかる"), ("楓", "かえで"),
    ("柚希", "ゆずき"), ("心春", "こはる"), ("千尋", "ちひろ"), ("遥", "はるか"), ("奏", "かなで"), ("智也", "ともや"),
    ("健太", "けんた"), ("翔太", "しょうた"), ("拓海", "たくみ"), ("彩花", "あやか"),
    ("菜々子", "ななこ"), ("航", "わたる"),
]  # fmt: skip
ADULT = ["恵", "裕子", "剛", "修", "大輔", "香織", "正和", "直樹", "由美", "浩二", "真理子", "哲也", "幸子", "隆"]
TOWNS = ["湯田温泉", "吉敷中東", "宮野下", "小郡下郷", "大内御堀", "平川", "秋穂東", "阿知須", "徳地堀", "仁保上郷"]


def make_roster(seed: int, base: dict[str, Any]) -> dict[str, Any]:
    """A valid 名簿 record of its own: distinct pupils (五十音 order), addresses and guardians."""
    rnd = random.Random(seed)
    rec = copy.deepcopy(base)
    pupils = []
    n = len(base["students"])
    for k in range(n):
        fam, fam_kana = rnd.choice(FAMILIES)
        giv, giv_kana = rnd.choice(GIVEN)
        s = copy.deepcopy(base["students"][k % n])
        s["name"] = {"family": fam, "given": giv, "kana_family": fam_kana, "kana_given": giv_kana}
        s["guardian"] = {"family": fam, "given": rnd.choice(ADULT)}
        s["address"] = f"山口市{rnd.choice(TOWNS)}{rnd.randint(1, 5)}丁目{rnd.randint(1, 40)}番{rnd.randint(1, 30)}号"
        s["postal_code"] = f"753-{rnd.randint(1, 99):04d}"
        pupils.append(s)
    pupils.sort(key=lambda s: (s["name"]["kana_family"] + s["name"]["kana_given"], s["name"]["family"]))
    for i, s in enumerate(pupils, 1):
        s["number"] = i
    rec["students"] = pupils
    rec["homeroom"] = {**base["homeroom"], "kumi": str(1 + seed % 5)}
    return rec


CLOCK: Callable[[], float] = time.process_time


def best_rate(fn: Callable[[], Any], items: int, rounds: int) -> float:
    """Items per second, best of ``rounds`` (a shared machine only ever slows a round down)."""
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        start = CLOCK()
        fn()
        best = min(best, CLOCK() - start)
    return items / best


def cold_start(repeat: int = 3) -> dict[str, tuple[float, float]]:
    """(wall, CPU) seconds from the first line of a fresh process to: package imported, font ready
    (IPAmj found, loaded, one string shaped), first 名簿 PDF. Best of ``repeat`` processes."""
    code = (
        "import time; t0 = time.perf_counter(); c0 = time.process_time()\n"
        "import unified_forms as uf\n"
        "t1 = time.perf_counter(); c1 = time.process_time()\n"
        "from unified_forms.text.font import load_font\n"
        "from unified_forms.text.shape import shape\n"
        "shape('山口', face=load_font())\n"
        "t2 = time.perf_counter(); c2 = time.process_time()\n"
        "uf.render_pdf('roster', uf.sample('roster'))\n"
        "t3 = time.perf_counter(); c3 = time.process_time()\n"
        "print(t1 - t0, t2 - t0, t3 - t0, c1 - c0, c2 - c0, c3 - c0)\n"
    )
    best = [float("inf")] * 6
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
        for i, v in enumerate(out.stdout.split()):
            best[i] = min(best[i], float(v))
    names = ("import", "font ready", "first PDF")
    return {name: (best[i], best[i + 3]) for i, name in enumerate(names)}


RSS_CHILD = """
import sys, time
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
import bench_engine, unified_forms as uf
base = uf.sample("roster")
n, step = {n}, {step}
def rss():  # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent
    now = peak = 0.0
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return now, peak
start = time.perf_counter()
for i in range(1, n + 1):
    uf.render_pdf("roster", bench_engine.make_roster(100000 + i, base))
    if i % step == 0 or i == 1:
        now, peak = rss()
        print(i, round(now, 1), round(peak, 1), flush=True)
print("seconds", round(time.perf_counter() - start, 1))
"""


def rss_run(n: int) -> list[tuple[int, float, float]]:
    """(documents, current RSS MB, peak RSS MB) every n/10 documents, each one a different record."""
    step = max(1, n // 10)
    code = RSS_CHILD.format(root=str(ROOT), bench=str(Path(__file__).resolve().parent), n=n, step=step)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines():
        parts = line.split()
        if parts[0] == "seconds":
            print(f"  ({n} documents in {parts[1]} s)")
            continue
        rows.append((int(parts[0]), float(parts[1]), float(parts[2])))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=300, help="distinct one-page documents")
    parser.add_argument("--naive-docs", type=int, default=60, help="of those, how many the naive side renders")
    parser.add_argument("--pages", type=int, default=1000, help="pages in the one big document")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rss-docs", type=int, default=10000, help="documents in the memory run (0: skip)")
    parser.add_argument("--quick", action="store_true", help="small numbers, for a smoke run")
    parser.add_argument("--wall", action="store_true", help="wall clock instead of CPU time")
    args = parser.parse_args()
    global CLOCK
    if args.wall:
        CLOCK = time.perf_counter
    if args.quick:
        args.docs, args.naive_docs, args.pages, args.rounds, args.rss_docs = 40, 10, 100, 1, 200

    cold = cold_start()

    base = uf.sample("roster")
    records = [make_roster(i, base) for i in range(args.docs)]
    docs: list[Document] = [uf.compile_form("roster", r).document for r in records]
    naive_reportlab.register_font()  # font parsing is a one-off for both sides
    uf.render_pdf("roster", base)  # the process is warm: font loaded

    # -- one-page documents, every one different -----------------------------------------
    # Every round gets records this process has never seen: no shaping, operator,
    # subset or deflate cache can hit for their names.
    def unseen(k: int) -> list[dict[str, Any]]:
        return [make_roster(10_000 * (k + 1) + i, base) for i in range(args.docs)]

    full_sets = iter([unseen(2 * k) for k in range(args.rounds)])

    def ours_full() -> None:
        for r in next(full_sets):
            uf.render_pdf("roster", r)

    render_sets: list[list[Document]] = []

    def ours_render() -> None:
        for d in render_sets.pop():
            render_pdf(d)

    naive_set = docs[: args.naive_docs]

    def naive() -> None:
        for d in naive_set:
            naive_reportlab.render(d)

    def ours_same() -> None:
        for _ in range(args.naive_docs * 2):
            uf.render_pdf("roster", base)

    full_rate = render_rate = naive_rate = same_rate = 0.0
    for k in range(args.rounds):  # interleaved: a busy spell hurts both sides alike
        full_rate = max(full_rate, best_rate(ours_full, args.docs, 1))
        render_sets.append([uf.compile_form("roster", r).document for r in unseen(2 * k + 1)])  # untimed
        render_rate = max(render_rate, best_rate(ours_render, args.docs, 1))
        naive_rate = max(naive_rate, best_rate(naive, len(naive_set), 1))
        same_rate = max(same_rate, best_rate(ours_same, args.naive_docs * 2, 1))

    # -- one big document ---------------------------------------------------------------------
    big = replace(docs[0], pages=tuple(docs[i % len(docs)].pages[0] for i in range(args.pages)))
    big_rate = best_rate(lambda: render_pdf(big), args.pages, args.rounds)
    naive_big_rate = best_rate(lambda: naive_reportlab.render(big), args.pages, max(1, args.rounds - 1))

    # -- size ------------------------------------------------------------------------------------
    ours_size = sum(len(render_pdf(d)) for d in naive_set) / len(naive_set)
    naive_size = sum(len(naive_reportlab.render(d)) for d in naive_set) / len(naive_set)

    rss = rss_run(args.rss_docs) if args.rss_docs else []

    print()
    print(
        f"# PDF engine benchmark — {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M')}"
    )
    print(f"clock: {'wall' if args.wall else 'CPU time of the process'}; load average {os.getloadavg()[0]:.1f}")
    print(f"{'measure':52} {'unified_forms':>14} {'naive RL':>10} {'ratio':>8}")
    rows = [
        ("one-page 名簿 documents / s (full pipeline, unseen)", full_rate, naive_rate),
        ("one-page 名簿 documents / s (render only, unseen)", render_rate, naive_rate),
        ("one-page 名簿 documents / s (one sample repeated)", same_rate, naive_rate),
        (f"pages / s in one {args.pages}-page document", big_rate, naive_big_rate),
    ]
    for name, ours, nv in rows:
        print(f"{name:52} {ours:14.1f} {nv:10.1f} {ours / nv:7.2f}x")
    print(f"{'one-page PDF size (bytes, mean)':52} {ours_size:14.0f} {naive_size:10.0f} {ours_size / naive_size:7.2f}x")
    for k, (wall, cpu) in cold.items():
        print(f"{'cold start: ' + k + ' (s, wall / CPU)':52} {wall:14.3f} {cpu:10.3f}")
    if rss:
        print(f"{'RSS over ' + str(rss[-1][0]) + ' distinct documents (MB)':52} {'now':>14} {'peak':>10}")
        for n, now, peak in rss:
            print(f"{'  after ' + str(n):52} {now:14.1f} {peak:10.1f}")
    print("(full pipeline = validate + bind + layout + render; naive draws the finished pages only)")


if __name__ == "__main__":
    main()
