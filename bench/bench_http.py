"""Documents per second over HTTP (``unified-forms serve``) beside the in-process figure.

Run: python bench/bench_http.py [--docs N] [--forms roster,report_card] [--workers 1,2]
Starts the real service (uvicorn, 127.0.0.1, a free port) once per worker count, sends
distinct records of each form (bench/workload.py: every name, address and 所見 new; each
measurement its own slice of the stream, so no record repeats one an earlier measurement sent)
from several client threads (twice as many as render processes, so a worker never waits for the
client), and prints a Markdown table. The in-process column is ``uf.render_pdf`` in this
process, one document after another (one core). "process per doc" is what integrations did
before the service: one ``unified-forms render`` process per document. The cache-warm column,
the shipped sample rendered again and again in process, is only there to show how much a
repeated-sample benchmark flatters. Nothing is asserted: speed is measured, not tested.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import workload  # bench/workload.py

import unified_forms as uf


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Service:
    def __init__(self, workers: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="bench_http_", suffix=".log", delete=False)  # noqa: SIM115
        cmd = [sys.executable, "-m", "unified_forms", "serve", "--port", str(self.port), "--workers", str(workers)]
        cmd += ["--log-level", "warning"]
        self.process = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise SystemExit(f"the service did not start; see {self.log.name}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(60)
        os.unlink(self.log.name)


def over_http(url: str, form_id: str, warm_body: bytes, bodies: list[bytes], clients: int) -> float:
    """documents/s for one PDF request per body, spread over ``clients`` threads."""
    pending = iter(bodies)
    lock = threading.Lock()
    failures: list[int] = []

    def client() -> None:
        with httpx.Client(base_url=url, timeout=120) as c:
            while True:
                with lock:
                    body = next(pending, None)
                if body is None:
                    return
                r = c.post(f"/forms/{form_id}/pdf", content=body)
                if r.status_code != 200:
                    failures.append(r.status_code)

    with httpx.Client(base_url=url, timeout=120) as warm:  # every worker compiles this form's layout once
        for _ in range(2 * clients):
            warm.post(f"/forms/{form_id}/pdf", content=warm_body)
    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise SystemExit(f"{len(failures)} requests failed: {sorted(set(failures))}")
    return len(bodies) / elapsed


def batch_over_http(url: str, form_id: str, records: list[dict[str, Any]]) -> float:
    body = b"\n".join(json.dumps({**r, "id": f"r{i}"}, ensure_ascii=False).encode() for i, r in enumerate(records))
    start = time.perf_counter()
    r = httpx.post(f"{url}/forms/{form_id}/batch", content=body, timeout=600)
    elapsed = time.perf_counter() - start
    if r.status_code != 200:
        raise SystemExit(f"batch failed: {r.status_code}")
    return len(records) / elapsed


def in_process(form_id: str, warm: dict[str, Any], records: list[dict[str, Any]]) -> float:
    uf.render_pdf(form_id, warm)  # warm-up: font, layout
    start = time.perf_counter()
    for r in records:
        uf.render_pdf(form_id, r)
    return len(records) / (time.perf_counter() - start)


def process_per_document(form_id: str, records: list[dict[str, Any]]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, r in enumerate(records):
            paths.append(Path(tmp) / f"{i}.json")
            paths[-1].write_text(json.dumps(r, ensure_ascii=False), encoding="utf-8")
        start = time.perf_counter()
        for path in paths:
            out = str(path.with_suffix(".pdf"))
            subprocess.run(
                [sys.executable, "-m", "unified_forms", "render", form_id, str(path), "-o", out],
                check=True,
                capture_output=True,
            )
        return len(records) / (time.perf_counter() - start)


class Slices:
    """Consecutive slices of each form's distinct-record stream: no measurement sees a record
    (or a name, address or 所見) that an earlier one sent."""

    def __init__(self) -> None:
        self.next: dict[str, int] = {}

    def take(self, form_id: str, n: int) -> list[dict[str, Any]]:
        start = self.next.get(form_id, 0)
        self.next[form_id] = start + n
        return list(workload.records(form_id, n, start=start))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200, help="documents per measurement")
    parser.add_argument("--forms", default="roster,report_card,guidance_record_elementary")
    parser.add_argument("--workers", default="1,2", help="render processes to measure, comma separated")
    parser.add_argument("--cli-runs", type=int, default=5, help="documents rendered one process each")
    args = parser.parse_args()
    forms = args.forms.split(",")
    worker_counts = [int(w) for w in args.workers.split(",")]

    samples = {f: json.loads(uf.registry.get(f).sample_file.read_bytes()) for f in forms}
    warm_bodies = {f: json.dumps(samples[f], ensure_ascii=False).encode() for f in forms}
    fresh = Slices()
    local = {f: in_process(f, samples[f], fresh.take(f, args.docs)) for f in forms}
    warm = {f: in_process(f, samples[f], [samples[f]] * args.docs) for f in forms}
    cli = {f: process_per_document(f, fresh.take(f, args.cli_runs)) for f in forms}
    http: dict[int, dict[str, float]] = {}
    batch: dict[int, dict[str, float]] = {}
    for w in worker_counts:
        service = Service(w)
        try:
            http[w] = {
                f: over_http(
                    service.url,
                    f,
                    warm_bodies[f],
                    [json.dumps(r, ensure_ascii=False).encode() for r in fresh.take(f, args.docs)],
                    2 * w,
                )
                for f in forms
            }
            batch[w] = {f: batch_over_http(service.url, f, fresh.take(f, args.docs)) for f in forms}
        finally:
            service.stop()

    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"# HTTP service benchmark — {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}, {args.docs} documents each, "
        f"load average {load} before the last measurement (other processes on the cores skew the figures)"
    )
    print()
    head = ["form", "in-process (1 core)"]
    head += [f"HTTP {w} worker{'s' if w > 1 else ''}" for w in worker_counts]
    head += [f"batch ZIP {w} w." for w in worker_counts]
    head += ["process per doc", "in-process, cache-warm (same sample)"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for f in forms:
        row = [f, f"{local[f]:.1f}"]
        row += [f"{http[w][f]:.1f}" for w in worker_counts]
        row += [f"{batch[w][f]:.1f}" for w in worker_counts]
        row += [f"{cli[f]:.2f}", f"({warm[f]:.1f})"]
        print("| " + " | ".join(row) + " |")
    print()
    print(
        "documents/s (PDF), each on records no earlier measurement sent. HTTP: one request per document "
        "from 2×workers client threads on the same machine. In brackets: the shipped sample again and "
        "again (per-text caches answer), for comparison only."
    )


if __name__ == "__main__":
    main()
