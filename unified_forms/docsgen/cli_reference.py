"""The command line reference, generated from the ``argparse`` parser the ``unified-forms`` command runs.

Why from the parser: options are added and renamed while the docs stay as they were; a page
written from the parser that parses the command line cannot describe an option that does not
exist or miss one that does. The parser is handed in (the mkdocs hook builds it with
``unified_forms.cli.build_parser()``), so this module knows nothing of the CLI's code, and any
argparse parser renders: commands and nested commands, positionals, options with their value
names, choices, defaults and help, and argparse's own usage lines.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping

from unified_forms.docsgen.markdown import cell, code_block, indent_free


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser, str]]:
    """``(name, parser, help)`` of each command of ``parser`` in declaration order (aliases once)."""
    out: list[tuple[str, argparse.ArgumentParser, str]] = []
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {a.dest: a.help or "" for a in action._choices_actions}
        seen: set[int] = set()
        for name, sub in action.choices.items():
            if id(sub) in seen:
                continue
            seen.add(id(sub))
            out.append((name, sub, helps.get(name, "")))
    return out


USAGE_WIDTH = 100  # fixed, so that the page does not depend on the terminal the site was built in


def _formatter(parser: argparse.ArgumentParser) -> argparse.HelpFormatter:
    try:
        # typeshed's formatter_class takes prog only; the real classes take width too (else TypeError below)
        return parser.formatter_class(prog=parser.prog, width=USAGE_WIDTH)  # type: ignore[call-arg]
    except TypeError:
        return argparse.HelpFormatter(prog=parser.prog, width=USAGE_WIDTH)


def usage(parser: argparse.ArgumentParser) -> str:
    """argparse's usage line(s) of ``parser``, wrapped at a fixed width."""
    formatter = _formatter(parser)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups)
    return formatter.format_help().strip()


def _help(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    """The action's help with argparse's ``%(default)s``-style fields filled in, as argparse prints it."""
    if not action.help:
        return ""
    try:
        return str(_formatter(parser)._expand_help(action))
    except (KeyError, TypeError, ValueError):
        return action.help


def _value(action: argparse.Action, notes: Mapping[str, str]) -> str:
    """What the argument takes: a flag, a choice, or a value name (with the caller's note on it)."""
    if action.dest in notes:
        return notes[action.dest]
    if action.nargs == 0:
        return "flag"
    if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
        return " \\| ".join(f"`{c}`" for c in action.choices)
    metavar = action.metavar if isinstance(action.metavar, str) else None
    name = metavar or (action.dest.upper() if action.option_strings else action.dest)
    count = {"?": " (optional)", "*": " …", "+": " …"}.get(str(action.nargs), "")
    return f"`{name}`{count}"


def _default(action: argparse.Action) -> str:
    if action.nargs == 0 or action.default in (None, argparse.SUPPRESS) or action.required:
        return ""
    return f"`{action.default}`"


def _arguments_table(parser: argparse.ArgumentParser, notes: Mapping[str, str]) -> list[str]:
    rows: list[str] = []
    for action in parser._actions:
        if action.help == argparse.SUPPRESS or isinstance(action, argparse._SubParsersAction | argparse._HelpAction):
            continue
        name = ", ".join(f"`{o}`" for o in action.option_strings) if action.option_strings else f"`{action.dest}`"
        required = "✓" if action.required or (not action.option_strings and action.nargs not in ("?", "*")) else ""
        described = cell(_help(parser, action))
        rows.append(f"| {name} | {_value(action, notes)} | {required} | {cell(_default(action))} | {described} |")
    if not rows:
        return []
    return ["| argument | value | required | default | description |", "|---|---|:-:|---|---|", *rows, ""]


def _anchor(path: list[str]) -> str:
    return "cmd-" + "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in path)


def _command(
    parser: argparse.ArgumentParser, path: list[str], help_: str, level: int, notes: Mapping[str, str]
) -> list[str]:
    lines = [f"{'#' * level} `{' '.join(path)}` {{ #{_anchor(path)} }}", ""]
    text = parser.description or help_
    if text:
        lines += [text, ""]
    lines += [code_block(usage(parser), "text"), ""]
    lines += _arguments_table(parser, notes)
    if parser.epilog:
        lines += [parser.epilog, ""]
    for name, sub, sub_help in _subcommands(parser):
        lines += _command(sub, [*path, name], sub_help, min(level + 1, 6), notes)
    return lines


def cli_reference(
    parser: argparse.ArgumentParser, intro: str = "", value_notes: Mapping[str, str] | None = None
) -> str:
    """Markdown page of a command line: its usage, global options, then one section per (nested) command.

    ``intro`` is prose printed under the title (the CLI module's docstring: exit codes and the like);
    ``value_notes`` describes what an argument takes by its ``dest`` when the parser cannot say it
    (``{"form_id": "a form id …"}``: argparse only knows the checking function).
    """
    notes = value_notes or {}
    prog = parser.prog
    lines = [
        "# Command line",
        "",
        f"The `{prog}` command, generated from its argument parser when this site is built, so every command "
        f"and option listed here is one `{prog}` accepts. `{prog} COMMAND -h` prints the same help in a terminal.",
        "",
    ]
    if intro:
        lines += [indent_free(intro), ""]
    if parser.description:
        lines += [parser.description, ""]
    lines += [code_block(usage(parser), "text"), "", "`-h`/`--help` after any command prints its help.", ""]
    commands = _subcommands(parser)
    if commands:
        lines += ["| command | what it does |", "|---|---|"]
        lines += [f"| [`{n}`](#{_anchor([prog, n])}) | {cell(h)} |" for n, _, h in commands]
        lines.append("")
    options = _arguments_table(parser, notes)
    if options:
        lines += ["## Options of every command", "", "Given before the command name.", "", *options]
    lines += ["## Commands", ""]
    for name, sub, help_ in commands:
        lines += _command(sub, [prog, name], help_, 3, notes)
    return "\n".join(lines).rstrip() + "\n"
