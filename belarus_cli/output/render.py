"""Turn plain records into text for a terminal or a pipe, in the format asked for.
Renderers never query the data.

JSON, CSV and TSV bypass Rich entirely; Rich is imported only to draw tables for a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from .machine_formats import write_delimited, write_json, write_jsonl, write_markdown

if TYPE_CHECKING:
    from rich.console import Console

    from ..core.records import Record

__all__ = ["write_one", "write_records"]


def write_records(
    records: Sequence[Record], kind: str, fmt: str, out: IO[str], console: Console | None
) -> None:
    """Write a listing in one of formats.FORMATS; `console` is needed for the table format only."""
    if fmt == "json":
        write_json(list(records), out)
    elif fmt == "jsonl":
        write_jsonl(records, out)
    elif fmt in ("csv", "tsv"):
        write_delimited(records, kind, out, "," if fmt == "csv" else "\t")
    elif fmt == "markdown":
        write_markdown(records, kind, out)
    else:
        from .tables import table

        assert console is not None
        console.print(table(records, kind, box=console.is_terminal))


def write_one(record: Record, kind: str, fmt: str, out: IO[str], console: Console | None) -> None:
    """Write a single record: JSON gets one object rather than an array."""
    if fmt == "json":
        write_json(record, out)
    elif fmt == "table" and kind == "fact":
        from .tables import fact_card

        assert console is not None
        console.print(fact_card(record, box=console.is_terminal))
    else:
        write_records([record], kind, fmt, out, console)
