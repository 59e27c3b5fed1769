"""``unified-forms extract``: a PDF's embedded data as JSON, or a folder of 調査書 as CSV and JSON Lines.

One file: the envelope (form id, schema id and version, library version, data) on stdout, or
exit 1 with one line saying why the file was refused. A folder: every ``*.pdf`` in it (sorted
by name, not recursive), each row of the admissions table (admissions.py) to ``--csv`` and each
record to ``--jsonl``; a refused file is reported on its own line and the others are still
written (exit 1 when any was refused). The CSV is UTF-8 with a byte order mark, so that Excel
opens names with 﨑 or variation sequences as they are (Shift_JIS cannot hold them).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

from unified_forms.extract import ExtractError, clean_one_line, extract_data

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
MAX_PDF_BYTES = 256 * 1024 * 1024


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", help="a PDF printed with its data, or a folder of them")
    p.add_argument("--csv", help="folder: write the 調査書 admissions table here (UTF-8 with BOM)")
    p.add_argument("--jsonl", help="folder: write one JSON record per file here")
    p.add_argument("--numbers", help="CSV of ファイル名,受検番号 (the high school's numbers; blank when not given)")
    p.set_defaults(func=run)


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_PDF_BYTES:
            raise ExtractError("unreadable", "ファイルが大きすぎます")
        return path.read_bytes()
    except OSError as exc:
        raise ExtractError("unreadable", f"読めません（{exc.strerror or exc}）") from None


def _numbers(path: str | None) -> dict[str, str]:
    if path is None:
        return {}
    out: dict[str, str] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for rec in csv.reader(fh):
            if len(rec) >= 2 and rec[0].strip() and rec[0].strip() != "ファイル名":
                out[rec[0].strip()] = rec[1].strip()
    return out


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def run(args: argparse.Namespace) -> int:
    target = Path(args.path)
    if target.is_dir():
        return _folder(target, args)
    if args.csv or args.jsonl:
        print("error: --csv and --jsonl take a folder of PDFs", file=sys.stderr)
        return EXIT_USAGE
    try:
        env = extract_data(_read(target))
    except ExtractError as exc:
        print(f"error: {clean_one_line(f'{target}: {exc}')}", file=sys.stderr)
        return EXIT_INVALID
    print(json.dumps(env, ensure_ascii=False, indent=2))
    return EXIT_OK


def _folder(folder: Path, args: argparse.Namespace) -> int:
    from unified_forms.extract import admissions
    from unified_forms.forms.transcript.model import TranscriptInput  # the registry's transcript model

    try:
        numbers = _numbers(args.numbers)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        print(f"error: {clean_one_line(f'{args.numbers}: 読めません（{exc}）')}", file=sys.stderr)
        return EXIT_INVALID
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".pdf" and p.is_file())
    rows: list[dict[str, str]] = []
    records: list[dict[str, Any]] = []
    refused = 0
    for path in files:
        try:
            env = extract_data(_read(path))
        except ExtractError as exc:
            print(f"error: {clean_one_line(f'{path.name}: {exc}')}", file=sys.stderr)
            refused += 1
            continue
        number = numbers.get(path.name, "")
        records.append(admissions.json_line(env, file=path.name, number=number))
        if env["form_id"] == "transcript":
            rows.append(admissions.row(TranscriptInput.model_validate(env["data"]), file=path.name, number=number))
        elif args.csv:
            print(f"notice: {path.name}: {env['form_id']} は調査書ではないので CSV に入れません", file=sys.stderr)
    if args.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=admissions.columns(), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        _write_atomic(Path(args.csv), buf.getvalue().encode("utf-8-sig"))
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if args.jsonl:
        _write_atomic(Path(args.jsonl), lines.encode("utf-8"))
    elif not args.csv:
        sys.stdout.write(lines)
    print(f"{folder}: {len(records)} 件読み取り、{refused} 件読み取れず（CSV {len(rows)} 行）", file=sys.stderr)
    return EXIT_INVALID if refused else EXIT_OK
