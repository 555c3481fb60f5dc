"""Records as JSON, JSON Lines, CSV, TSV and Markdown: plain text for pipes and files,
without Rich."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from .escape import json_text, markdown_escape, markdown_link, one_line, spreadsheet_safe, visible

if TYPE_CHECKING:
    from ..core.records import Record


def write_json(records: Sequence[Record] | Record, out: IO[str]) -> None:
    out.write(json_text(records, indent=2) + "\n")


def write_jsonl(records: Sequence[Record], out: IO[str]) -> None:
    for record in records:
        out.write(json_text(record) + "\n")


def write_delimited(records: Sequence[Record], kind: str, out: IO[str], delimiter: str) -> None:
    # The columns are built only for the formats that have them; JSON never needs them.
    from .columns import COLUMNS, cell

    columns = COLUMNS[kind]
    if delimiter == "\t":
        # TSV has no quoting: a tab or newline inside a value would split the row.
        out.write("\t".join(c.title for c in columns) + "\n")
        for record in records:
            cells = (spreadsheet_safe(one_line(cell(c.get(record)))) for c in columns)
            out.write("\t".join(cells) + "\n")
        return
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.title for c in columns])
    for record in records:
        writer.writerow([spreadsheet_safe(visible(cell(c.get(record)))) for c in columns])
    out.write(buffer.getvalue())


def write_markdown(records: Sequence[Record], kind: str, out: IO[str]) -> None:
    from .columns import COLUMNS, cell

    if kind in ("fact", "ranked"):
        for record in records:
            out.write(markdown_fact(record) + "\n")
        return
    columns = COLUMNS[kind]
    out.write("| " + " | ".join(c.title for c in columns) + " |\n")
    out.write("|" + "---|" * len(columns) + "\n")
    for record in records:
        out.write("| " + " | ".join(markdown_escape(cell(c.get(record))) for c in columns) + " |\n")


def markdown_fact(record: Record) -> str:
    from .columns import where_in_source, who_states

    citation = record["citation"]
    lines = []
    heading = record["value"] or record["id"]
    lines.append(f"### {markdown_escape(heading)}")
    lines.append("")
    lines.append(markdown_escape(record["statement"]))
    lines.append("")
    lines.append(f"> {markdown_escape(record['quote'])}")
    lines.append("")
    details = [f"Stated by: {markdown_escape(who_states(record))}"]
    if record["date_label"]:
        details.append(f"Date: {markdown_escape(record['date_label'])}")
    where = markdown_escape(where_in_source(record))
    link = citation.get("link") or citation.get("url")
    details.append(f"Source: {markdown_link(where, link)}")
    details.append(f"Id: `{record['id']}`")
    lines.append(" · ".join(details))
    lines.append("")
    return "\n".join(lines)
