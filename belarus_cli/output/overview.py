"""What `belarus` prints without a command: the source, the topics, and what to try."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..core.dates import long_date
from .escape import one_line, one_line_each

if TYPE_CHECKING:
    from ..core.records import Record


def overview_text(
    sources: list[Record], topics: list[Record], fact_count: int, columns: int | None
) -> str:
    """`columns`: the terminal's width, or None in a pipe."""
    lines = ["belarus — checked, cited facts from one article:", ""]
    for source in sources:
        when = long_date(dt.date.fromisoformat(source["published"]))
        author, title, publisher, url = (
            one_line(source[key]) for key in ("author", "title", "publisher", "url")
        )
        lines.append(f"  {author}, “{title}”, {publisher}, {when}")
        lines.append(f"  {url}")
    lines += ["", f"{fact_count} facts in {len(topics)} topics:", ""]
    width = max((len(t["id"]) for t in topics), default=0)
    for topic in topics:
        lines.append(f"  {topic['id']:<{width}}  {one_line(topic['title'])}")
    lines += [
        "",
        "Try:",
        "  belarus show troops",
        '  belarus ask "how many political prisoners are there?"',
        "  belarus fact troops.gur-just-over-3000",
        "",
        "belarus --help lists every command.",
    ]
    return one_line_each(lines, columns)
