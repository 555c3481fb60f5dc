"""The commands that look facts up: topics, show, fact, ask, sources."""

# No `from __future__ import annotations` here: Typer reads every command's annotations at
# each start, and resolving them from strings costs about 10 ms a run.

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..core.errors import ExitCode, NotFound, UsageError
from ..output import escape
from .emit import _env, _first, _format, _limit, _redirected, _stdin_text, emit, emit_one
from .options import (
    FormatOption,
    LimitOption,
    complete_fact,
    complete_topic,
)

if TYPE_CHECKING:
    from ..query.search import SearchResult


def topics(ctx: typer.Context, limit: LimitOption = None, fmt: FormatOption = None) -> None:
    """List the topics, with how many facts each holds.

    Examples:

      belarus topics

      belarus topics --format json
    """
    env = _env(ctx)
    records = _first(env.index().topics(), env, limit)
    emit(env, records, "topic", fmt)


def show(
    ctx: typer.Context,
    topic: Annotated[
        str,
        typer.Argument(
            metavar="TOPIC",
            help="A topic id, title or alias (any case).",
            autocompletion=complete_topic,
        ),
    ],
    limit: LimitOption = None,
    fmt: FormatOption = None,
) -> None:
    """Show every fact of a topic.

    Examples:

      belarus show troops

      belarus show "troop estimates" --format csv

      belarus show "opposition structures" --format markdown
    """
    env = _env(ctx)
    index = env.index()
    try:
        records = _first(index.topic_facts(topic), env, limit)
    except NotFound as missing:
        raise _redirected(missing, index, topic, "topic") from None
    emit(env, records, "fact", fmt)


def fact(
    ctx: typer.Context,
    fact_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A fact id, as listed by show and ask.", autocompletion=complete_fact
        ),
    ],
    fmt: FormatOption = None,
) -> None:
    """Show one fact in full: statement, value, who states it, date, quote and citation.

    Examples:

      belarus fact troops.gur-just-over-3000

      belarus fact troops.gur-just-over-3000 --format json
    """
    env = _env(ctx)
    record = env.index().fact(fact_id)
    emit_one(env, record, "fact", fmt)


def ask(
    ctx: typer.Context,
    query: Annotated[
        list[str],
        typer.Argument(metavar="QUERY", help="A question or keywords, in your own words."),
    ],
    limit: LimitOption = None,
    fmt: FormatOption = None,
) -> None:
    """Search the facts, best answer first.

    Examples:

      belarus ask "how many russian troops are in belarus"

      belarus ask troop estimates

      belarus ask "what is peramoga" --format json --limit 3
    """
    env = _env(ctx)
    text = _stdin_text() if query == ["-"] else " ".join(query)
    if not text.strip():
        raise UsageError("the question is empty — ask something, such as: belarus ask troops")
    result = env.search(text, _limit(env, limit, 10) or 10)
    for typed, corrected in result.corrections.items():
        env.note(escape.visible(f"note: searched for {corrected!r} instead of {typed!r}"))
    if not result.hits:
        raise _nothing_matches(text, result)
    records = [{**hit.record, "score": hit.score, "answers": hit.answers} for hit in result.hits]
    view = _answer_view(env.index(), text, result)
    if not result.answered and _format(env, fmt) != "table":
        from ..output.answer_card import no_answer_line

        env.stderr.write(f"note: {no_answer_line(result.unmentioned)}\n")
    emit(env, records, "ranked", fmt, view)
    if not result.answered:
        # The related facts are on stdout; the exit status says that none answers.
        raise typer.Exit(ExitCode.NOT_FOUND)


def _nothing_matches(text: str, result: "SearchResult") -> NotFound:
    """No fact matches the question: what it asks that the facts never mention, if anything."""
    from ..output.answer_card import no_answer_line

    shown = text if len(text) <= 80 else text[:77] + "…"
    lacking = no_answer_line(result.unmentioned).partition("; ")[2]
    fix = f" — {lacking}" if lacking else ""
    if not fix and not result.suggestions:
        fix = " — try other words; belarus topics lists the subjects"
    return NotFound(f"nothing matches {shown!r}{fix}", result.suggestions)


def _answer_view(index: Any, text: str, result: "SearchResult") -> Callable[[Any, Any], Any]:
    """The terminal's view of the answers: what an entity asked about is, then the card."""

    def view(found: list[Any], console: Any) -> Any:
        from rich.console import Group

        from ..output.answer_card import answer_view

        answer = answer_view(
            found,
            result.terms,
            box=console.is_terminal,
            unmentioned=result.unmentioned,
            disputed=result.disputed,
        )
        entity = _entity_first(index, text, console)
        return answer if entity is None else Group(entity, answer)

    return view


def _entity_first(index: Any, question: str, console: Any) -> Any:
    """A question about an entity ("what is BYPOL") is answered with what it is first."""
    from ..output.entity_answer import entity_card
    from ..query.redirect import entity_asked_about

    entity = entity_asked_about(index, question)
    return None if entity is None else entity_card(entity, box=console.is_terminal)


def sources(ctx: typer.Context, limit: LimitOption = None, fmt: FormatOption = None) -> None:
    """List the sources the facts come from, with their full metadata.

    Examples:

      belarus sources

      belarus sources --format json
    """
    env = _env(ctx)
    records = _first(env.index().sources(), env, limit)
    emit(env, records, "source", fmt)
