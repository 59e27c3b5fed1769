"""The ``unified-forms`` command: what a school office or a batch job types.

User errors (bad data, a bad layout, a missing font, a missing file) end in
one plain line per problem and exit code 1, never a traceback; usage errors
exit 2 (argparse's convention).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from unified_forms import api, registry
from unified_forms.errors import FontNotFoundError, FormDataError, LayoutError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit 1."""


def _load_json(path: str) -> dict[str, Any]:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: the input must be a JSON object")
    return data


def _form_id(value: str) -> str:
    if value not in registry.form_ids():
        raise argparse.ArgumentTypeError(f"unknown form id '{value}' (see `unified-forms list`)")
    return value


def _write(path: Path, data: bytes) -> None:
    """Write atomically so that an interrupted run never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data)
    tmp.replace(path)


def cmd_list(args: argparse.Namespace) -> int:
    for info in api.forms():
        print(f"{info.id}\t{info.title}\t{info.paper}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(api.schema(args.form_id), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_sample(args: argparse.Namespace) -> int:
    print(json.dumps(api.sample(args.form_id), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    api.validate(args.form_id, _load_json(args.data))
    print(f"{args.data}: OK")
    return EXIT_OK


def cmd_preflight(args: argparse.Namespace) -> int:
    issues = api.preflight(args.form_id, _load_json(args.data), font=args.font)
    for issue in issues:
        print(str(issue))
    if issues:
        print(f"{len(issues)} 文字がIPAmj明朝で正確に印字できません", file=sys.stderr)
        return EXIT_INVALID
    print(f"{args.data}: すべての文字をIPAmj明朝で正確に印字できます")
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    out = Path(args.output)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("pdf", "xlsx"):
        raise UserError(f"{out}: the output must end in .pdf or .xlsx")
    if fmt == "xlsx" and (args.pdfa or args.embed_data):
        print("error: --pdfa and --embed-data apply to a PDF (-o OUT.pdf)", file=sys.stderr)
        return EXIT_USAGE
    archive = {"pdfa": args.pdfa, "embed_data": args.embed_data} if fmt == "pdf" else {}
    result = api.render(args.form_id, _load_json(args.data), fmt, font=args.font, layout=args.layout, **archive)  # type: ignore[arg-type]
    _write(out, result.data)
    if args.report:
        _write(Path(args.report), json.dumps(result.report.as_dict(), ensure_ascii=False, indent=2).encode())
    print(f"{out}: {result.report.pages} page(s)")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    outdir = Path(args.output)
    for info in api.forms():
        inputs = [(stem, _load_json(str(path))) for stem, path in info.sample_files()]
        for stem, data in inputs:
            for fmt in ("pdf", "xlsx"):
                result = api.render(info.id, data, fmt, font=args.font)  # type: ignore[arg-type]
                target = outdir / f"{stem}.{fmt}"
                _write(target, result.data)
                print(f"{target}  {info.title}  {result.report.pages} page(s)")
    return EXIT_OK


def cmd_layouts(args: argparse.Namespace) -> int:
    """The arrangements a school can select by name (input field ``arrangement``)."""
    from unified_forms.families.report_card.arrangements import arrangements

    for info in api.forms():
        if args.form_id and info.id != args.form_id:
            continue
        for a in arrangements(info.id):
            print(f"{info.id}\t{a.name}\t{a.paper}\t{a.file.name}\t{a.description}")
    return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    from unified_forms.batch import BatchAborted, run_batch

    if not Path(args.records).is_file():
        raise UserError(f"cannot read {args.records}: no such file")
    try:
        summary = run_batch(
            args.form_id,
            args.records,
            args.output,
            format=args.format,
            workers=args.workers,
            name_template=args.name,
            number_pointer=args.number_pointer,
            resume=args.resume,
            merge=args.merge,
            progress=None,
            scheduler=args.scheduler,
            shared_path=not args.return_bytes,
            font=args.font,
            pdfa=args.pdfa,
            embed_data=args.embed_data,
        )
    except ValueError as exc:  # a bad template, --merge with xlsx: usage errors
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BatchAborted as exc:  # a layout or font problem, not a bad record
        raise UserError(str(exc)) from None
    for failure in summary.failures:
        print(f"error: {failure}", file=sys.stderr)
    if summary.merged is not None:
        print(f"{summary.merged}: all records in input order")
    print(summary.line())
    return EXIT_OK if summary.ok else EXIT_INVALID


def _archive_options(p: argparse.ArgumentParser) -> None:
    """--pdfa and --embed-data (issue 16), shared by render and batch."""
    p.add_argument("--pdfa", action="store_true", help="archival PDF/A-2b (PDF/A-3b with --embed-data)")
    p.add_argument(
        "--embed-data",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="embed the validated input as JSON (PDF/A-3b; default on for the 調査書 only)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unified-forms", description="山口県 統一帳票: render school forms as PDF and Excel"
    )
    parser.add_argument("--font", help="path to ipamjm.ttf (else $UNIFIED_FORMS_FONT, then system folders)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("list", help="form ids and Japanese titles").set_defaults(func=cmd_list)
    for name, func, help_ in (
        ("schema", cmd_schema, "JSON Schema of a form's input"),
        ("sample", cmd_sample, "the shipped sample input"),
    ):
        p = sub.add_parser(name, help=help_)
        p.add_argument("form_id", type=_form_id)
        p.set_defaults(func=func)

    p = sub.add_parser("validate", help="check input data; exit 1 with every error path")
    p.add_argument("form_id", type=_form_id)
    p.add_argument("data", help="JSON file (- for stdin)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("preflight", help="list characters the font cannot print exactly (外字); exit 1 if any")
    p.add_argument("form_id", type=_form_id)
    p.add_argument("data", help="JSON file (- for stdin)")
    p.set_defaults(func=cmd_preflight)

    p = sub.add_parser("render", help="render one input to PDF or XLSX")
    p.add_argument("form_id", type=_form_id)
    p.add_argument("data", help="JSON file (- for stdin)")
    p.add_argument("-o", "--output", required=True, help="OUT.pdf or OUT.xlsx")
    p.add_argument("--report", help="also write the render report (JSON) here")
    p.add_argument("--layout", help="a school's own layout file (e.g. a 通知表 arrangement) instead of the shipped one")
    _archive_options(p)
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("layouts", help="list the arrangements a form can be printed in (通知表)")
    p.add_argument("form_id", nargs="?", type=_form_id)
    p.set_defaults(func=cmd_layouts)

    p = sub.add_parser("demo", help="render every sample to PDF and XLSX")
    p.add_argument("-o", "--output", default="out", help="output folder (default: out)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("batch", help="one file per record of a JSONL file; bad records reported, the rest rendered")
    p.add_argument("form_id", type=_form_id)
    p.add_argument("records", help="JSONL file: one JSON object per line")
    p.add_argument("-o", "--output", required=True, help="output folder")
    p.add_argument("--format", choices=("pdf", "xlsx"), default="pdf")
    p.add_argument("--workers", type=int, default=None, help="processes (default: every core; 0: this process)")
    p.add_argument("--name", default="{number:02d}_{id}", help="file name template: {number} {id} {line} {form}")
    p.add_argument("--number-pointer", help="JSON pointer of the 出席番号 in a record (default: per form)")
    p.add_argument("--resume", action="store_true", help="skip records whose complete output already exists")
    p.add_argument("--merge", action="store_true", help="also write one PDF of all records in input order")
    p.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786 (needs unified-forms[dask])")
    p.add_argument("--return-bytes", action="store_true", help="with --scheduler: the output folder is not shared")
    _archive_options(p)
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("extract", help="the input data embedded in PDFs (調査書): JSON, or a folder to CSV/JSON Lines")
    from unified_forms.extract.command import add_arguments

    add_arguments(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except FormDataError as exc:
        for entry in exc.errors:
            print(f"error: {entry}", file=sys.stderr)
        return EXIT_INVALID
    except (LayoutError, FontNotFoundError, UserError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
