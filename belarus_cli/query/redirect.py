"""Which command knows a name: a topic for `show`, an entity for `who`.

A user who types `belarus show bypol` means the organisation BYPOL, which `who` knows; the
error says so and gives the command, rather than offering a topic that merely looks alike.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..index.schema import checked, words

if TYPE_CHECKING:
    from .search import SearchIndex


def other_command(index: SearchIndex, name: str, looked_for: str) -> str | None:
    """ "BYPOL is an organisation: belarus who bypol" when `name` is an entity and a topic was
    `looked_for` (or the reverse); None when it names nothing else."""
    key = " ".join(words(name))
    if not key:
        return None
    row = index.db.execute(
        "SELECT kind, id, display FROM alias WHERE name = ? AND kind != ? LIMIT 1",
        (key, looked_for),
    ).fetchone()
    if row is None:
        return None
    kind, found_id, display = row
    if kind == "topic":
        return f"{display!r} is a topic: belarus show {found_id}"
    entity = index.db.execute("SELECT record, crc FROM entity WHERE id = ?", (found_id,)).fetchone()
    record = json.loads(checked(*entity)) if entity else {"kind": "entity", "name": display}
    what = record["kind"]
    article = "an" if what[:1] in "aeiou" else "a"
    return f"{record['name']} is {article} {what}: belarus who {found_id}"


# "what is BYPOL", "who is Tertel", "who are the Cyber Partisans?"
_ABOUT = r"(?:what|who)\s+(?:is|are|was|were)\s+(?:the\s+)?(.+?)\s*\??"


def entity_asked_about(index: SearchIndex, question: str) -> dict[str, Any] | None:
    """The entity a "what is X" or "who is X" question names, if X is one's name or alias."""
    import re

    asked = re.fullmatch(_ABOUT, question.strip(), flags=re.IGNORECASE)
    if asked is None:
        return None
    key = " ".join(words(asked.group(1)))
    row = index.db.execute(
        "SELECT e.record, e.crc FROM alias AS a JOIN entity AS e ON e.id = a.id "
        "WHERE a.kind = 'entity' AND a.name = ? LIMIT 1",
        (key,),
    ).fetchone()
    return None if row is None else dict(json.loads(checked(*row)))
