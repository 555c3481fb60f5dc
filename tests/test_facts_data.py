"""The curated facts in the repository's facts/ folder: valid, verbatim, located, complete.

The checks against the article need its text (BELARUS_ARTICLE); the paragraph map they use is
read from the table in facts/README.md, so the README and the facts must agree.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from belarus_cli.core.folding import fold
from belarus_cli.core.model import Fact
from belarus_cli.load import locations
from belarus_cli.load.loading import LoadResult, load

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

if TYPE_CHECKING:
    from conftest import Run

REPO = Path(__file__).resolve().parents[1]
FACTS = REPO / "facts"
QUESTIONS = Path(__file__).parent / "data" / "questions.toml"
# The capture that facts/README.md's line numbers refer to (shared/source/README.md).
ARTICLE_SHA256 = "fc0dab58ccab2d95862ef3c1e39118c5e59450236e64c9b209a215e3d3eef345"
FOOTER_LINES = range(80, 83)  # "Share this article", "Read More", the consent notice
# Who gives the troop figures the article sets side by side.
TROOP_SOURCES = {"ukraine-gur", "belarus-defense-ministry", "belarusian-hajun"}


@pytest.fixture(autouse=True)
def repository_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI reads the repository's facts/, even when belarus_cli is installed elsewhere."""
    monkeypatch.setattr(locations, "bundled_facts_dir", lambda: FACTS)


@pytest.fixture(scope="module")
def loaded() -> LoadResult:
    return load([FACTS])


@pytest.fixture(scope="module")
def facts(loaded: LoadResult) -> list[Fact]:
    return list(loaded.base.facts.values())


@pytest.fixture
def article(article_path: Path) -> list[str]:
    """The article's lines; article[0] is line 1."""
    raw = article_path.read_bytes()
    if hashlib.sha256(raw).hexdigest() != ARTICLE_SHA256:
        pytest.fail(f"{article_path} is not the capture facts/README.md numbers the lines of")
    return raw.decode("utf-8").splitlines()


def squash(text: str) -> str:
    """White space folded, as the validator compares quotes."""
    return " ".join(text.split())


def lines_text(article: list[str], numbers: set[int]) -> str:
    return squash(" ".join(article[number - 1] for number in sorted(numbers)))


# --- the paragraph map of facts/README.md ---------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    number: int | None  # None for the byline
    section: str
    lines: frozenset[int]
    pull_quotes: frozenset[int]
    captions: frozenset[int]

    @property
    def body(self) -> frozenset[int]:
        return self.lines - self.pull_quotes - self.captions


def _numbers(text: str) -> list[int]:
    """`9` -> [9]; a range `21-23` (the README writes an en dash) -> [21, 22, 23]."""
    first, _, last = text.strip().replace("\u2013", "-").partition("-")
    return list(range(int(first), int(last or first) + 1))


def paragraph_map() -> dict[int | None, Paragraph]:
    """The README's table `| paragraph | section | lines of the captured article |`."""
    text = (FACTS / "README.md").read_text(encoding="utf-8")
    header = "| paragraph | section | lines of the captured article |"
    rows = text.split(header, 1)[1].split("\n\n", 1)[0].strip().splitlines()[1:]
    found: dict[int | None, Paragraph] = {}
    for row in rows:
        numbers, section, where = (cell.strip() for cell in row.strip().strip("|").split("|"))
        # One paragraph per comma-separated group of lines, with its notes in brackets.
        groups = re.split(r",\s*(?![^()]*\))", where)
        paragraphs: list[int | None] = [None] if numbers == "—" else list(_numbers(numbers))
        assert len(groups) == len(paragraphs), f"README row {row!r}: one group per paragraph"
        for number, group in zip(paragraphs, groups, strict=True):
            lines, _, notes = group.partition("(")
            found[number] = Paragraph(
                number,
                section,
                frozenset(_numbers(lines)) | {int(n) for n in re.findall(r"\d+", notes)},
                frozenset(int(n) for n in re.findall(r"pull quote (\d+)", notes)),
                frozenset(int(n) for n in re.findall(r"caption (?:on )?(\d+)", notes)),
            )
    return found


PARAGRAPHS = paragraph_map()


def test_paragraph_map_numbers_every_paragraph_once() -> None:
    numbered = sorted(number for number in PARAGRAPHS if number is not None)
    assert numbered == list(range(1, len(numbered) + 1))
    lines = [line for paragraph in PARAGRAPHS.values() for line in paragraph.lines]
    assert len(lines) == len(set(lines)), "no line belongs to two paragraphs"


def test_paragraph_map_accounts_for_every_line_of_the_article(article: list[str]) -> None:
    mapped = {line for paragraph in PARAGRAPHS.values() for line in paragraph.lines}
    rest = {
        number: text
        for number, text in enumerate(article, start=1)
        if text.strip() and number not in mapped and number not in FOOTER_LINES
    }
    # Only the section headings are left; the sections before the first have none.
    headings = {p.section for p in PARAGRAPHS.values()} - {"Byline", "Standfirst", "Introduction"}
    assert set(rest.values()) == headings
    for paragraph in PARAGRAPHS.values():
        for line in paragraph.pull_quotes:
            text = article[line - 1].strip()
            assert text.startswith('"') and text.endswith('"'), f"line {line} is a pull quote"
        for line in paragraph.captions:
            assert re.search(r"Source: (VK|Wiki Commons)$", article[line - 1].strip())


def test_every_locator_agrees_with_the_paragraph_map(facts: list[Fact], article: list[str]) -> None:
    wrong = []
    for fact in facts:
        paragraph = PARAGRAPHS.get(None if fact.part == "byline" else fact.paragraph)
        if paragraph is None or (fact.part == "byline") != (fact.paragraph is None):
            wrong.append(f"{fact.id}: no paragraph {fact.paragraph} in the map ({fact.part})")
            continue
        if fact.section != paragraph.section:
            wrong.append(f"{fact.id}: section {fact.section!r}, the map says {paragraph.section!r}")
        lines = {
            "byline": paragraph.lines,
            "body": paragraph.body,
            "pull-quote": paragraph.pull_quotes,
            "caption": paragraph.captions,
        }[fact.part]
        if not lines or squash(fact.quote) not in lines_text(article, set(lines)):
            where = f"paragraph {fact.paragraph}" if fact.paragraph else "the byline"
            wrong.append(f"{fact.id}: quote is not in the {fact.part} lines of {where}")
    assert not wrong, "\n".join(wrong)


# --- validation -------------------------------------------------------------------------------


def test_bundled_facts_load_without_problems(loaded: LoadResult) -> None:
    assert not loaded.problems, "\n".join(map(str, loaded.problems))
    assert loaded.base.facts and loaded.base.topics and loaded.base.sources


def test_validate_exits_0(run: Run) -> None:
    result = run("validate")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_validate_with_the_article_finds_every_quote(run: Run, article_path: Path) -> None:
    result = run("validate", "--source-text", article_path)
    assert result.exit_code == 0, result.stderr


def test_every_quote_occurs_verbatim(facts: list[Fact], article: list[str]) -> None:
    # The same check as `validate --source-text`, made here without the validator's code.
    text = squash("\n".join(article))
    missing = [fact.id for fact in facts if squash(fact.quote) not in text]
    assert not missing


def test_no_quote_comes_from_the_page_footer(facts: list[Fact], article: list[str]) -> None:
    body = lines_text(article, set(range(1, FOOTER_LINES.start)))
    footer = [squash(article[line - 1]) for line in FOOTER_LINES]
    assert all(footer), "the footer lines are where shared/source/README.md says"
    wrong = [
        fact.id
        for fact in facts
        if squash(fact.quote) not in body or any(line in fact.quote for line in footer)
    ]
    assert not wrong


def test_coverage_meets_the_target_and_reports_the_share(run: Run, article_path: Path) -> None:
    result = run("validate", "--source-text", article_path, "--coverage")
    assert result.exit_code == 0, result.stdout + result.stderr
    share = re.search(r"coverage: (\d+(?:\.\d+)?)% of (\d+) sentences", result.stdout)
    assert share, result.stdout
    assert 0 < float(share[1]) <= 100 and int(share[2]) > 0
    assert "uncovered:" not in result.stdout


# --- ids, topics and sources ------------------------------------------------------------------


def test_ids_are_unique_across_all_files() -> None:
    ids: Counter[tuple[str, str]] = Counter()
    for path in sorted(FACTS.glob("*.toml")):
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        for kind, records in document.items():
            ids.update((kind, record["id"]) for record in records if "id" in record)
    assert ids, "the fact files hold records with ids"
    assert [key for key, count in ids.items() if count > 1] == []


def test_fact_ids_start_with_one_of_their_topics(facts: list[Fact]) -> None:
    assert [f.id for f in facts if f.id.split(".", 1)[0] not in f.topics] == []


def test_every_fact_has_two_to_four_readers_questions(facts: list[Fact]) -> None:
    assert {f.id: len(f.questions) for f in facts if not 2 <= len(f.questions) <= 4} == {}


def test_no_question_is_asked_of_two_facts(facts: list[Fact]) -> None:
    asked = Counter(fold(question) for fact in facts for question in fact.questions)
    assert [question for question, count in asked.items() if count > 1] == []


def test_questions_are_in_the_readers_words_not_the_quotes(facts: list[Fact]) -> None:
    """A question that repeats a run of its quote would find the fact by the article's words,
    which the quote already does: it adds nothing for a reader who words it otherwise."""
    run = 6  # words
    copied = []
    for fact in facts:
        quote = " ".join(re.findall(r"\w+", fold(fact.quote)))
        for question in fact.questions:
            said = re.findall(r"\w+", fold(question))
            spans = (" ".join(said[i : i + run]) for i in range(len(said) - run + 1))
            if any(f" {span} " in f" {quote} " for span in spans):
                copied.append(question)
    assert copied == []


def test_every_topic_has_at_least_three_facts(loaded: LoadResult) -> None:
    base = loaded.base
    counts = {topic: len(base.facts_in_topic(topic)) for topic in base.topics}
    assert {topic: count for topic, count in counts.items() if count < 3} == {}


def test_troop_figures_come_from_at_least_three_sources(loaded: LoadResult) -> None:
    stated_by = {who for fact in loaded.base.facts_in_topic("troops") for who in fact.stated_by}
    assert stated_by >= TROOP_SOURCES
    assert len(stated_by) >= 3


# --- the example questions --------------------------------------------------------------------


def example_questions() -> list[Any]:
    document = tomllib.loads(QUESTIONS.read_text(encoding="utf-8"))
    cases = [pytest.param(q["any"], False, id=q["text"]) for q in document["q"]]
    cases += [pytest.param(t["all"], True, id=f"topic: {t['text']}") for t in document["topic"]]
    return cases


@pytest.mark.parametrize(("answers", "every"), example_questions())
def test_example_questions_have_an_answer_in_the_facts(
    facts: list[Fact], answers: list[str], every: bool
) -> None:
    """`any`: one of the answers is in some fact's value or statement; `all`: each of them."""
    texts = [fold(f"{fact.value or ''} {fact.statement}") for fact in facts]
    found = [answer for answer in answers if any(fold(answer) in text for text in texts)]
    assert found == answers if every else found, f"none of {answers} is in any fact"
