"""Findings of `belarus check` for people and for programs: a report grouped by line on a
terminal, one `FILE:LINE:COLUMN: error: MESSAGE` line per problem in a pipe (the compiler
convention that editors parse), or a JSON array."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import IO, TYPE_CHECKING, Any

from .escape import json_text, one_line
from .rich_text import text

if TYPE_CHECKING:
    from ..query.draft_facts import Finding

Checked = Sequence[tuple[str, Sequence["Finding"]]]  # (file name, its findings)
_LEVEL = {"wrong": "error", "unverified": "warning", "ok": "note"}
_MARK = {"wrong": "✗", "unverified": "?", "ok": "✓"}
_STYLE = {"wrong": "bold red", "unverified": "yellow", "ok": "green"}


def shown(findings: Sequence[Finding], show_all: bool) -> list[Finding]:
    """What a report lists: problems and doubts, and with --all what agrees too."""
    return [f for f in findings if show_all or f.status != "ok"]


def write_json(checked: Checked, out: IO[str]) -> None:
    records = [finding.record(name) for name, findings in checked for finding in findings]
    out.write(json_text(records, indent=2) + "\n")


def write_lines(checked: Checked, show_all: bool, out: IO[str]) -> None:
    for name, findings in checked:
        for f in shown(findings, show_all):
            where = f"{one_line(name)}:{f.line}:{f.column}"
            label = f.kind if f.status != "ok" else f"{f.kind} ok"
            out.write(f"{where}: {_LEVEL[f.status]}: {label}: {one_line(f.message)}\n")
            if f.status == "ok":
                continue
            if f.marked or f.article:
                out.write(f"{where}: note: the article: “{one_line(f.marked or f.article)}”\n")
            for note in f.notes:
                if not note.startswith("the article:"):
                    out.write(f"{where}: note: {one_line(note)}\n")
            if f.link:
                out.write(f"{where}: note: {one_line(f.link)}\n")


def report(checked: Checked, show_all: bool) -> Any:
    """The terminal report: per draft, per line, the draft's words beside the article's."""
    from rich.console import Group

    parts: list[Any] = []
    for name, findings in checked:
        parts.append(text(f"{name}: {summary(findings)}", "bold"))
        for line, group in groupby(shown(findings, show_all), key=lambda f: f.line):
            parts.append(text(f"line {line}", "bold"))
            parts += [_one(f) for f in group]
    return Group(*parts)


def _one(f: Finding) -> Any:
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table

    head = text(f"{_MARK[f.status]} ", _STYLE[f.status])
    head.append_text(text(f"{f.kind}, column {f.column}: ", "bold"))
    head.append_text(text(f.message))
    rows: list[Any] = [head]
    if f.status != "ok" or f.article:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(ratio=1)
        grid.add_column(ratio=1)
        grid.add_row(text(f"draft: “{f.text}”", "italic"), _article(f))
        rows.append(Padding(grid, (0, 0, 0, 2)))
    details = [n for n in f.notes if not n.startswith("the article:")]
    if f.status != "ok" and f.link:
        details.append(f.link)
    rows += [Padding(text(d, "dim"), (0, 0, 0, 2)) for d in details]
    return Group(*rows)


def _article(finding: Finding) -> Any:
    """The article's words, the ones the draft changes or drops in bold."""
    shown_text = text("article: “")
    marked = finding.marked or finding.article
    for number, piece in enumerate(marked.split("**")):
        shown_text.append_text(text(piece, "bold red" if number % 2 else ""))
    shown_text.append("”")
    return shown_text


def summary(findings: Sequence[Finding]) -> str:
    counts = {s: sum(f.status == s for f in findings) for s in ("wrong", "unverified", "ok")}
    return f"{counts['wrong']} wrong, {counts['unverified']} unverified, {counts['ok']} ok"
