"""The ``unified-forms`` command: what a school office or a batch job types.

User errors (bad data, a bad layout, a missing font, a missing file) end in
one plain line per problem and exit code 1, never a traceback; usage errors
exit 2 (argparse's convention). Messages a school's staff read (errors, the
summary) are Japanese; ``--help`` stays English. A message never repeats the
input's text: it names files, data paths, labels, positions and code points,
and anything printed passes through ``errors.printable`` so no control
character (ESC, RLO) from a file name or a record id reaches the terminal.

Streams: ``-`` as the input reads stdin, ``-o -`` writes the document to stdout
(``--format``), ``batch ... -`` reads JSON Lines from stdin. Input files may be
UTF-8 (with or without BOM) or Shift_JIS/CP932 (``--encoding``, detected by
default). Files are written through ``safe_io`` (unpredictable O_EXCL
temporaries, never through a symlink).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeGuard

from unified_forms import __version__, api, registry
from unified_forms.errors import FontNotFoundError, FormDataError, LayoutError, printable
from unified_forms.json_input import ENCODINGS, MAX_DOCUMENT_BYTES, Encoding, InputError, gaiji, parse_object
from unified_forms.safe_io import FileReadError, read_regular_file, write_atomic

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141  # as a shell reports SIGINT / SIGPIPE
STDIO = "-"


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit 1."""


class UsageError(Exception):
    """Arguments that do not go together; printed as one line, exit 2."""


def _say(message: str, *, err: bool = False) -> None:
    print(printable(message, limit=4000), file=sys.stderr if err else sys.stdout)


def _name(path: str) -> str:
    return "標準入力" if path == STDIO else printable(path, limit=200)


@dataclass(slots=True)
class Input:
    data: dict[str, Any]
    encoding: str  # "utf-8" or "cp932"
    gaiji: list[str] = field(default_factory=list)  # CP932 外字 code points found


def _read_bytes(path: str, limit: int) -> bytes:
    if path == STDIO:
        data: bytes = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise UserError(f"標準入力: 入力が大きすぎます（上限 {limit // (1024 * 1024)} MiB）")
        return data
    try:
        return read_regular_file(path, limit=limit)
    except FileReadError as exc:
        raise UserError(f"{_name(path)}: {exc.japanese()}") from None


def read_input(path: str, encoding: Encoding = "auto") -> Input:
    """One input document (file or stdin): decoded, size/depth/integer-capped, a JSON object."""
    raw = _read_bytes(path, MAX_DOCUMENT_BYTES)
    try:
        data, used = parse_object(raw, encoding)
    except InputError as exc:
        raise UserError(f"{_name(path)}: {exc.message}") from None
    found: list[str] = []
    if used == "cp932":
        if encoding == "auto":
            _say(f"注意: {_name(path)} を Shift_JIS（CP932）として読みました", err=True)
        found = gaiji(json.dumps(data, ensure_ascii=False))
    return Input(data, used, found)


def _form_id(value: str) -> str:
    if value not in registry.form_ids():
        raise argparse.ArgumentTypeError(f"不明な帳票IDです: '{printable(value)}'（unified-forms list で一覧を表示）")
    return value


def _check_target(path: str | None) -> None:
    """Refuse an output at a folder before rendering (nothing half-written is left behind)."""
    if path is None or path == STDIO:
        return
    target = Path(path)
    if target.is_dir() and not target.is_symlink():
        raise UserError(f"{_name(path)}: フォルダです。出力するファイル名を指定してください")


def _write(path: str, data: bytes) -> None:
    """The bytes to stdout (``-``) or to a file, atomically and never through a symlink."""
    if path == STDIO:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
    except OSError as exc:
        raise UserError(f"{_name(path)}: 書き込めません（{exc.strerror or type(exc).__name__}）") from None


Format = Literal["pdf", "xlsx"]


def _is_format(name: str) -> TypeGuard[Format]:
    return name in ("pdf", "xlsx")


def _format(output: str, given: Format | None) -> Format:
    if output == STDIO:
        return given or "pdf"
    suffix = Path(output).suffix.lower().lstrip(".")
    if not _is_format(suffix):
        raise UserError(f"{_name(output)}: 出力ファイル名は .pdf か .xlsx で終えてください")
    if given is not None and given != suffix:
        raise UsageError(f"--format {given} と出力ファイル名 .{suffix} が合いません")
    return suffix


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
    api.validate(args.form_id, read_input(args.data, args.encoding).data)
    _say(f"{_name(args.data)}: OK（入力に問題はありません）")
    return EXIT_OK


def cmd_preflight(args: argparse.Namespace) -> int:
    given = read_input(args.data, args.encoding)
    issues = api.preflight(args.form_id, given.data, font=args.font)
    for issue in issues:  # code points, never the character itself
        _say(f"{issue.path} {issue.position}文字目 ({issue.codepoints}): {issue.message}")
    if given.gaiji:
        _say(f"Shift_JIS の外字（利用者定義領域）が {len(given.gaiji)} 種類あります: {' '.join(given.gaiji)}", err=True)
    if issues:
        _say(f"{len(issues)} 文字がIPAmj明朝で正確に印字できません", err=True)
        return EXIT_INVALID
    _say(f"{_name(args.data)}: すべての文字をIPAmj明朝で正確に印字できます")
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    fmt = _format(args.output, args.format)
    if args.output == STDIO and args.report == STDIO:
        raise UsageError("-o - と --report - は同時に使えません（どちらも標準出力です）")
    if fmt == "xlsx" and (args.pdfa or args.embed_data):
        raise UsageError("--pdfa と --embed-data は PDF の出力にだけ使えます")
    _check_target(args.output)
    _check_target(args.report)
    given = read_input(args.data, args.encoding)
    archive = {"pdfa": args.pdfa, "embed_data": args.embed_data} if fmt == "pdf" else {}
    result = api.render(args.form_id, given.data, fmt, font=args.font, layout=args.layout, **archive)
    _write(args.output, result.data)
    if args.report:
        _write(args.report, json.dumps(result.report.as_dict(), ensure_ascii=False, indent=2).encode())
    if given.gaiji:
        found = " ".join(given.gaiji)
        _say(f"注意: 外字 {len(given.gaiji)} 種類（{found}）は〓で印字されます（preflight で確認）", err=True)
    where = "標準出力" if args.output == STDIO else _name(args.output)
    _say(f"{where}: {result.report.pages} ページ", err=args.output == STDIO or args.report == STDIO)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    outdir = Path(args.output)
    if outdir.exists() and not outdir.is_dir():
        raise UserError(f"{_name(args.output)}: フォルダではありません")
    for info in api.forms():
        inputs = [(stem, read_input(str(path)).data) for stem, path in info.sample_files()]
        for stem, data in inputs:
            for fmt in ("pdf", "xlsx"):
                result = api.render(info.id, data, fmt, font=args.font)
                target = outdir / f"{stem}.{fmt}"
                _write(str(target), result.data)
                _say(f"{target}  {info.title}  {result.report.pages} ページ")
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


def _records_source(path: str) -> Any:
    """A regular JSONL file, or stdin's bytes; a FIFO or device could not be counted and re-read."""
    if path == STDIO:
        return sys.stdin.buffer
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise UserError(f"{_name(path)}: ファイルが見つかりません") from None
    except OSError as exc:
        raise UserError(f"{_name(path)}: 読めません（{exc.strerror}）") from None
    if not stat.S_ISREG(mode):
        raise UserError(f"{_name(path)}: 通常のファイルではありません（標準入力から読むときは - を指定）")
    return path


def cmd_batch(args: argparse.Namespace) -> int:
    from unified_forms.batch import BatchAborted, run_batch

    records = _records_source(args.records)
    outdir = Path(args.output)
    if outdir.exists() and not outdir.is_dir():
        raise UserError(f"{_name(args.output)}: フォルダではありません")
    try:
        summary = run_batch(
            args.form_id,
            records,
            args.output,
            format=args.format,
            workers=args.workers,
            force_workers=args.force_workers,
            name_template=args.name,
            number_pointer=args.number_pointer,
            resume=args.resume,
            merge=args.merge,
            progress=None,
            scheduler=args.scheduler,
            scheduler_timeout=args.scheduler_timeout,
            shared_path=not args.return_bytes,
            font=args.font,
            pdfa=args.pdfa,
            embed_data=args.embed_data,
            encoding=args.encoding,
            notice=lambda message: _say(f"注意: {message}", err=True),
        )
    except ValueError as exc:  # a bad template, --merge with xlsx: usage errors
        raise UsageError(str(exc)) from None
    except BatchAborted as exc:  # a layout or font problem, not a bad record
        raise UserError(str(exc)) from None
    for failure in summary.failures:
        _say(f"エラー: {failure}", err=True)
    if summary.merged is not None:
        _say(f"{summary.merged}: 全件を入力順に1つのPDFにしました")
    _say(summary.line())
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


class _Parser(argparse.ArgumentParser):
    """argparse, with its error line printed through ``printable`` (arguments may hold anything)."""

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {printable(message, limit=400)}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="unified-forms", description="山口県 統一帳票: render school forms as PDF and Excel")
    parser.add_argument("--version", action="version", version=f"unified-forms {__version__}")
    parser.add_argument("--font", help="path to ipamjm.ttf (else $UNIFIED_FORMS_FONT, then system folders)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    encoding = _Parser(add_help=False)
    encoding.add_argument(
        "--encoding",
        choices=ENCODINGS,
        default="auto",
        help="input text encoding (default auto: UTF-8 with or without BOM, else Shift_JIS/CP932)",
    )

    sub.add_parser("list", help="form ids and Japanese titles").set_defaults(func=cmd_list)
    for name, func, help_ in (
        ("schema", cmd_schema, "JSON Schema of a form's input"),
        ("sample", cmd_sample, "the shipped sample input"),
    ):
        p = sub.add_parser(name, help=help_)
        p.add_argument("form_id", type=_form_id)
        p.set_defaults(func=func)

    p = sub.add_parser("validate", parents=[encoding], help="check input data; exit 1 with every error path")
    p.add_argument("form_id", type=_form_id)
    p.add_argument("data", help="JSON file (- for stdin)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "preflight", parents=[encoding], help="list characters the font cannot print exactly (外字); exit 1 if any"
    )
    p.add_argument("form_id", type=_form_id)
    p.add_argument("data", help="JSON file (- for stdin)")
    p.set_defaults(func=cmd_preflight)

    p = sub.add_parser("render", parents=[encoding], help="render one input to PDF or XLSX")
    p.add_argument("form_id", type=_form_id)
    p.add_argument("data", help="JSON file (- for stdin)")
    p.add_argument("-o", "--output", required=True, help="OUT.pdf or OUT.xlsx (- for stdout)")
    p.add_argument("--format", choices=("pdf", "xlsx"), help="with -o -: the format written to stdout (default pdf)")
    p.add_argument("--report", help="also write the render report (JSON) here (- for stdout)")
    p.add_argument("--layout", help="a school's own layout file (e.g. a 通知表 arrangement) instead of the shipped one")
    _archive_options(p)
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("layouts", help="list the arrangements a form can be printed in (通知表)")
    p.add_argument("form_id", nargs="?", type=_form_id)
    p.set_defaults(func=cmd_layouts)

    p = sub.add_parser("demo", help="render every sample to PDF and XLSX")
    p.add_argument("-o", "--output", default="out", help="output folder (default: out)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "batch", parents=[encoding], help="one file per record of a JSONL file; bad records reported, the rest rendered"
    )
    p.add_argument("form_id", type=_form_id)
    p.add_argument("records", help="JSONL file: one JSON object per line (- for stdin)")
    p.add_argument("-o", "--output", required=True, help="output folder")
    p.add_argument("--format", choices=("pdf", "xlsx"), default="pdf")
    p.add_argument("--workers", type=int, default=None, help="processes (default: every core; 0: this process)")
    p.add_argument("--force-workers", action="store_true", help="allow more --workers than cores")
    p.add_argument("--name", default="{number:02d}_{id}", help="file name template: {number} {id} {line} {form}")
    p.add_argument("--number-pointer", help="JSON pointer of the 出席番号 in a record (default: per form)")
    p.add_argument(
        "--resume", action="store_true", help="skip records whose complete output exists and whose content is unchanged"
    )
    p.add_argument("--merge", action="store_true", help="also write one PDF of all records in input order")
    p.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786 (needs unified-forms[dask])")
    p.add_argument(
        "--scheduler-timeout", type=float, default=10.0, help="seconds to wait for the scheduler (default 10)"
    )
    p.add_argument("--return-bytes", action="store_true", help="with --scheduler: the output folder is not shared")
    _archive_options(p)
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("extract", help="the input data embedded in PDFs (調査書): JSON, or a folder to CSV/JSON Lines")
    from unified_forms.extract.command import add_arguments

    add_arguments(p)

    from unified_forms import server  # light: the options only; Starlette and uvicorn load when serving

    p = sub.add_parser("serve", help="HTTP render service for school systems (needs unified-forms[server])")
    server.add_arguments(p)
    p.set_defaults(func=server.main)
    return parser


def _silence_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so that the final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _report(message: str) -> None:
    with contextlib.suppress(OSError):  # stderr gone too: nothing left to tell
        _say(f"エラー: {message}", err=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # usage errors: argparse prints one line and exits 2
    try:
        code = int(args.func(args))
        sys.stdout.flush()
        return code
    except FormDataError as exc:
        for entry in exc.errors:
            _report(str(entry))
        return EXIT_INVALID
    except (LayoutError, FontNotFoundError, UserError) as exc:
        _report(str(exc))
        return EXIT_INVALID
    except UsageError as exc:
        _report(str(exc))
        return EXIT_USAGE
    except BrokenPipeError:  # `unified-forms sample roster | head`: the reader has gone, so have we
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        _report("中断しました")
        return EXIT_INTERRUPTED
    except MemoryError:
        _report("メモリが足りません（入力が大きすぎる可能性があります）")
        return EXIT_INVALID
    except OSError as exc:
        where = f"{printable(str(exc.filename), limit=200)}: " if exc.filename else ""
        _report(f"{where}入出力のエラーです（{exc.strerror or type(exc).__name__}）")
        return EXIT_INVALID
    except Exception as exc:  # a bug: one line (type only: the message may quote the input), not a traceback
        if os.environ.get("UNIFIED_FORMS_DEBUG"):
            raise
        _report(f"内部エラーです（{type(exc).__name__}）。UNIFIED_FORMS_DEBUG=1 で詳細を表示できます")
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
