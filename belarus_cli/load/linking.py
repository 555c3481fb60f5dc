"""The checks across files: the good files merged into one FactBase, every id unique across
all of them, and every reference of a fact to a topic, entity or source defined somewhere."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..core.errors import Problem
from ..core.model import FactBase
from .key_lines import key_line
from .parsed import Located, ParsedFile, referred
from .record_checks import KINDS, did_you_mean

if TYPE_CHECKING:
    from .hook import HeldFiles

T = TypeVar("T")


def link_files(files: list[ParsedFile]) -> tuple[FactBase, list[Problem]]:
    """Merge good files into one FactBase; check unique ids and references between records."""
    linker = _Linker()
    for parsed in files:
        linker.merge(parsed)
    for parsed in files:
        linker.check_references(parsed)
    return linker.base, linker.problems


def link_changed(files: list[ParsedFile], held: HeldFiles) -> FactBase | None:
    """The files that changed merged into one FactBase, as link_files merges them among all
    the files, when what an index holds of the unchanged files shows that no check across
    files can fail: no id of the changed files is defined in an unchanged file, and each of
    their references is to a record that they or an unchanged file define. (An unchanged file
    refers only to what it defines itself or to records the change left as they were: one
    that refers to a record changed or removed is parsed again, HeldFiles.affected.) Else
    None: then every file is linked, so that each problem is reported as a whole build
    reports it."""
    linker = _Linker()
    for parsed in files:
        linker.merge(parsed)
    base = linker.base
    if linker.problems:
        return None
    facts = {refs.id for parsed in files for refs in parsed.fact_refs}
    claimed: dict[str, Collection[str]] = {
        "source": base.sources.keys(),
        "topic": base.topics.keys(),
        "entity": base.entities.keys(),
    }
    if any(held.defined(kind, ids) for kind, ids in (*claimed.items(), ("fact", facts)) if ids):
        return None
    wanted = referred(refs for parsed in files for refs in parsed.fact_refs)
    for kind, ids in wanted.items():
        outside = ids - set(claimed[kind])
        if outside and held.defined(kind, outside) != outside:
            return None
    return base


class _Linker:
    """The fact base merged so far, the problems found, and where each id was first seen."""

    def __init__(self) -> None:
        self.base = FactBase()
        self.problems: list[Problem] = []
        self.first_seen: dict[tuple[str, str], tuple[ParsedFile, Located]] = {}
        self.lines_of: dict[Path, list[str]] = {}

    def line_of(self, parsed: ParsedFile, record: Located, key: str) -> int:
        # Lines of keys are looked up only for a message, so the file is read again here.
        if parsed.path not in self.lines_of:
            try:
                self.lines_of[parsed.path] = parsed.path.read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                self.lines_of[parsed.path] = []
        return key_line(self.lines_of[parsed.path], record.header_line, record.kind, key)

    def claim(self, parsed: ParsedFile, record: Located, record_id: str) -> bool:
        key = (record.kind, record_id)
        if key in self.first_seen:
            first_file, first_record = self.first_seen[key]
            where = f"{first_file.path}:{self.line_of(first_file, first_record, 'id')}"
            message = (
                f"{record.kind} {record_id!r}: id already used at {where} — "
                "ids must be unique across all fact files; rename one"
            )
            line = self.line_of(parsed, record, "id")
            self.problems.append(Problem(str(parsed.path), line, message))
            return False
        self.first_seen[key] = (parsed, record)
        return True

    def merge(self, parsed: ParsedFile) -> None:
        base = self.base
        for record, source in _paired(parsed, "source", parsed.sources):
            if self.claim(parsed, record, source.id):
                base.sources[source.id] = source
        for record, topic in _paired(parsed, "topic", parsed.topics):
            if self.claim(parsed, record, topic.id):
                base.topics[topic.id] = topic
        for record, entity in _paired(parsed, "entity", parsed.entities):
            if self.claim(parsed, record, entity.id):
                base.entities[entity.id] = entity
        facts = {fact.id: fact for fact in parsed.facts}
        for record, refs in _paired(parsed, "fact", parsed.fact_refs):
            if self.claim(parsed, record, refs.id) and refs.id in facts:
                base.facts[refs.id] = facts[refs.id]
        base.omissions.extend(parsed.omissions)

    def check_references(self, parsed: ParsedFile) -> None:
        base = self.base
        for record, refs in _paired(parsed, "fact", parsed.fact_refs):
            checks = (
                ("topics", refs.topics, base.topics, "topic"),
                ("stated_by", refs.stated_by, base.entities, "entity"),
                ("about", refs.about, base.entities, "entity"),
                ("source", (refs.source,), base.sources, "source"),
            )
            for key, ids, known, kind in checks:
                for ref in ids:
                    if ref not in known:
                        hint = did_you_mean(ref, known)
                        line = self.line_of(parsed, record, key)
                        message = (
                            f"fact {refs.id!r}: {key} names {kind} {ref!r}, which no fact file "
                            f"defines{hint} — add a [[{kind}]] with that id or fix the reference"
                        )
                        self.problems.append(Problem(str(parsed.path), line, message))


def _built(parsed: ParsedFile) -> tuple[list[Any], ...]:
    return (parsed.sources, parsed.topics, parsed.entities, parsed.fact_refs, parsed.omissions)


def _paired(parsed: ParsedFile, kind: str, values: list[T]) -> Iterator[tuple[Located, T]]:
    """Each built value with the record it came from (a linked file has every record built)."""
    # The records stand in the order of KINDS (fact_file._records), so each kind's are one slice.
    start = sum(len(earlier) for earlier in _built(parsed)[: KINDS.index(kind)])
    records = parsed.records[start : start + len(values)]
    if any(record.kind != kind for record in (records[:1] + records[-1:])):  # pragma: no cover
        records = [record for record in parsed.records if record.kind == kind]
    return zip(records, values, strict=True)
