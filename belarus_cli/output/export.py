"""Write the whole fact base to one file: SQLite, JSON, JSON lines, CSV or a Markdown fact sheet.

Every writer goes through `writing.write_atomically`: the data is written to a temporary file
in the target's folder and moved into place whole, so a reader never sees half a file and a
failed export leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from ..core.contract import CSV_FACT_COLUMNS, FactRecord, flat_value
from ..core.dates import long_date
from ..core.errors import UsageError
from ..core.links import fact_link
from ..core.model import Fact, FactBase
from ..core.records import Record, entity_records, fact_record, source_record, topic_records
from .formats import EXPORT_FORMATS, EXPORT_SUFFIXES
from .writing import check_target, write_atomically


def export(
    base: FactBase, fmt: str, target: Path, force: bool = False, metadata: Path | None = None
) -> None:
    """Write the fact base to `target` in `fmt`; refuses to replace a file unless `force`.

    With `metadata` (SQLite only), Datasette's metadata for it is written to that file too.
    """
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"cannot export as {fmt!r} — use one of {', '.join(EXPORT_FORMATS)}")
    if metadata is not None and fmt != "sqlite":
        raise UsageError("--metadata is Datasette's, for a SQLite export — add --format sqlite")
    if fmt == "sqlite":
        facts = (fact_record(base, fact) for fact in base.facts.values())
        export_sqlite(base, facts, target, force, metadata)
        return
    place = check_target(target, force)
    writer = {"json": write_json, "jsonl": write_jsonl, "csv": write_csv}.get(fmt, write_markdown)
    with (
        write_atomically(place, replace=force) as temporary,
        open(temporary, "w", encoding="utf-8", newline="") as out,
    ):
        writer(base, out)


def export_sqlite(
    catalogue: FactBase,
    facts: Iterable[FactRecord],
    target: Path,
    force: bool = False,
    metadata: Path | None = None,
) -> int:
    """Write the sources, topics and entities of `catalogue` and the `facts` (their records)
    to a SQLite file, and Datasette's metadata for it to `metadata`; returns the number of
    facts written."""
    from .sqlite_export import write_datasette_metadata, write_sqlite

    place = check_target(target, force)
    beside = check_target(metadata, force) if metadata is not None else None
    with write_atomically(place, binary=True, replace=force) as temporary:
        count = write_sqlite(catalogue, facts, temporary)
    if beside is not None:
        # Datasette names a database after its file: facts.db is "facts".
        with write_atomically(beside, replace=force) as temporary:
            write_datasette_metadata(catalogue, target.stem, count, temporary)
    return count


# --- the writers ---------------------------------------------------------------------------


def whole_base(base: FactBase) -> Record:
    return {
        "sources": [source_record(s) for s in base.sources.values()],
        "topics": topic_records(base),
        "entities": entity_records(base, base.entities.values()),
        "facts": [fact_record(base, f) for f in base.facts.values()],
    }


def write_json(base: FactBase, out: IO[str]) -> None:
    """One object: sources, topics, entities and facts, each as the other commands give them."""
    from .escape import json_text

    out.write(json_text(whole_base(base), indent=2) + "\n")


def write_jsonl(base: FactBase, out: IO[str]) -> None:
    """One fact per line, each with its full citation."""
    from .escape import json_text

    for fact in base.facts.values():
        out.write(json_text(fact_record(base, fact)) + "\n")


def write_csv(base: FactBase, out: IO[str]) -> None:
    """One fact per row; cells a spreadsheet would run as formulas are defused."""
    import csv

    from .columns import cell
    from .escape import spreadsheet_safe, visible

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([column for column, _ in CSV_FACT_COLUMNS])
    for fact in base.facts.values():
        record = fact_record(base, fact)
        writer.writerow(
            [
                spreadsheet_safe(visible(cell(_csv_value(record, key))))
                for _, key in CSV_FACT_COLUMNS
            ]
        )


def _csv_value(record: FactRecord, key: str) -> Any:
    value = flat_value(record, key)
    return "; ".join(value) if isinstance(value, list) else value


def write_markdown(base: FactBase, out: IO[str]) -> None:
    """A fact sheet: one section per topic, each fact a bullet with a footnote citing it."""
    from .escape import markdown_autolink, markdown_escape

    out.write("# Fact sheet\n\n")
    for source in base.sources.values():
        out.write(
            f"From {markdown_escape(source.author)}, “{markdown_escape(source.title)}”, "
            f"*{markdown_escape(source.publisher)}*, {long_date(source.published)}: "
            f"{markdown_autolink(source.url)}\n\n"
        )
    out.write(f"{len(base.facts)} facts in {len(base.topics)} topics.\n")
    for topic in base.topics.values():
        in_topic = (f for f in base.facts.values() if f.topic == topic.id)
        facts = sorted(in_topic, key=lambda f: f.paragraph or 0)
        if not facts:
            continue
        out.write(
            f"\n## {markdown_escape(topic.title)}\n\n{markdown_escape(topic.description)}\n\n"
        )
        for fact in facts:
            value = f"**{markdown_escape(fact.value)}**: " if fact.value else ""
            out.write(f"- {value}{markdown_escape(fact.statement)}[^{fact.id}]\n")
        out.write("\n")
        for fact in facts:
            out.write(f"[^{fact.id}]: {_footnote(base, fact)}\n")


def _footnote(base: FactBase, fact: Fact) -> str:
    from .escape import markdown_escape, markdown_link

    source = base.sources[fact.source]
    where = fact.section + (f", para. {fact.paragraph}" if fact.paragraph else "")
    if fact.part != "body":
        where += f" ({fact.part})"
    return (
        f"“{markdown_escape(fact.quote)}” — {markdown_escape(source.author)}, "
        f"{markdown_link(f'“{markdown_escape(source.title)}”', fact_link(fact, source))}, "
        f"*{markdown_escape(source.publisher)}*, {long_date(source.published)}, "
        f"{markdown_escape(where)}."
    )


def export_to_stream(base: FactBase, fmt: str, out: IO[str]) -> None:
    """Write the fact base to an open text stream (`-o -`: standard output)."""
    if fmt == "sqlite":
        raise UsageError("a SQLite export needs a file, not -o - — give -o facts.db")
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"cannot export as {fmt!r} — use one of {', '.join(EXPORT_FORMATS)}")
    writer = {"json": write_json, "jsonl": write_jsonl, "csv": write_csv}.get(fmt, write_markdown)
    writer(base, out)


def format_for(target: Path, given: str | None) -> str:
    """The export format: as given, else told by the file's suffix (facts.db -> sqlite)."""
    if given:
        return given
    found = EXPORT_SUFFIXES.get(target.suffix.lower())
    if found is None:
        raise UsageError(
            f"cannot tell the format from the name {target.name!r} — add --format "
            f"({', '.join(EXPORT_FORMATS)})"
        )
    return found
