"""`belarus cite` and deep links: every style exactly as CONVENTIONS.md section 2 sets it for
the article, fact citations with their quote, locator and link, and every bundled fact's link
selecting its quote once in the article (section 3)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

import pytest

from belarus_cli.cli.environment import Environment
from belarus_cli.core import links
from belarus_cli.core.model import Fact, FactBase
from belarus_cli.output import cite, cite_names, formats

if TYPE_CHECKING:
    from conftest import Run

ACCESSED = "2026-11-25"
FACT = "troops.gur-just-over-3000"
URL = "https://russiapost.info/politics/belarus"

# CONVENTIONS.md section 2, filled in for the article, accessed 25 November 2026.
APA = (
    "Auseyushkin, Y. (2022, November 4). *What's next for Belarus? Russian troops and the "
    "Belarusian domestic crisis*. Russia.Post. https://russiapost.info/politics/belarus"
)
MLA = (
    "Auseyushkin, Yan. \"What's Next for Belarus? Russian Troops and the Belarusian Domestic "
    'Crisis." *Russia.Post*, 4 Nov. 2022, russiapost.info/politics/belarus. Accessed 25 Nov. 2026.'
)
CHICAGO = (
    "Auseyushkin, Yan. \"What's Next for Belarus? Russian Troops and the Belarusian Domestic "
    'Crisis." *Russia.Post*, November 4, 2022. https://russiapost.info/politics/belarus.'
)
CHICAGO_NOTE = (
    "Yan Auseyushkin, \"What's Next for Belarus? Russian Troops and the Belarusian Domestic "
    'Crisis," *Russia.Post*, November 4, 2022, https://russiapost.info/politics/belarus.'
)
CHICAGO_SHORT_NOTE = 'Auseyushkin, "What\'s Next for Belarus?"'
HARVARD = (
    "Auseyushkin, Y. (2022) 'What's next for Belarus? Russian troops and the Belarusian "
    "domestic crisis', *Russia.Post*, 4 November. Available at: "
    "https://russiapost.info/politics/belarus (Accessed: 25 November 2026)."
)
BIBLATEX = """\
@article{auseyushkin2022belarus,
  author       = {Auseyushkin, Yan},
  title        = {What's Next for {Belarus}? {Russian} Troops and the {Belarusian} Domestic Crisis},
  journaltitle = {Russia.Post},
  date         = {2022-11-04},
  url          = {https://russiapost.info/politics/belarus},
  urldate      = {2026-11-25},
  langid       = {english},
}"""
CSL_JSON = {
    "id": "auseyushkin2022belarus",
    "type": "article-magazine",
    "title": "What's next for Belarus? Russian troops and the Belarusian domestic crisis",
    "author": [{"family": "Auseyushkin", "given": "Yan"}],
    "container-title": "Russia.Post",
    "issued": {"date-parts": [[2022, 11, 4]]},
    "accessed": {"date-parts": [[2026, 11, 25]]},
    "URL": "https://russiapost.info/politics/belarus",
    "language": "en",
}
WITH_ITALICS = {
    "apa": APA,
    "mla": MLA,
    "chicago": CHICAGO,
    "chicago-note": CHICAGO_NOTE,
    "harvard": HARVARD,
}


# --- the source, in every style ---------------------------------------------------------------


@pytest.mark.parametrize("style", sorted(WITH_ITALICS))
def test_source_citation_is_exact_plain_text_by_default(run: Run, style: str) -> None:
    result = run("cite", "--style", style, "--accessed", ACCESSED)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == WITH_ITALICS[style].replace("*", "") + "\n"
    assert result.stderr == ""


@pytest.mark.parametrize("style", sorted(WITH_ITALICS))
def test_markdown_flag_keeps_italics(run: Run, style: str) -> None:
    result = run("cite", "--style", style, "--accessed", ACCESSED, "--markdown")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == WITH_ITALICS[style] + "\n"


def test_apa_is_the_default_style(run: Run) -> None:
    result = run("cite", "--accessed", ACCESSED)
    assert result.stdout == APA.replace("*", "") + "\n"


def test_biblatex_entry_is_exact(run: Run) -> None:
    result = run("cite", "--style", "bibtex", "--accessed", ACCESSED)
    assert result.exit_code == 0
    assert result.stdout == BIBLATEX + "\n"


def test_csl_json_is_an_array_of_the_exact_item(run: Run) -> None:
    result = run("cite", "--style", "csl-json", "--accessed", ACCESSED)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [CSL_JSON]


def test_markdown_style_links_the_title(run: Run) -> None:
    result = run("cite", "--style", "markdown", "--accessed", ACCESSED)
    assert result.stdout == (
        "Yan Auseyushkin, [\"What's next for Belarus? Russian troops and the Belarusian "
        f'domestic crisis"]({URL}), *Russia.Post*, 4 November 2022.\n'
    )


def test_style_names_ignore_case(run: Run) -> None:
    result = run("cite", "--style", "MLA", "--accessed", ACCESSED)
    assert result.stdout == MLA.replace("*", "") + "\n"


def test_chicago_short_note(base: FactBase) -> None:
    source = base.sources["russiapost-belarus-2022"]
    assert cite.chicago_short_note(source) == CHICAGO_SHORT_NOTE


def test_accessed_defaults_to_today_read_at_call_time(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cite, "_today", lambda: dt.date(2027, 3, 9))
    result = run("cite", "--style", "mla")
    assert result.stdout.endswith("Accessed 9 Mar. 2027.\n")
    harvard = run("cite", "--style", "harvard").stdout
    assert "(Accessed: 9 March 2027)" in harvard


def test_accessed_date_function_reads_the_clock_each_call() -> None:
    assert cite.accessed_date(None) == dt.date.today()
    assert cite.accessed_date(None, today=dt.date(2030, 1, 2)) == dt.date(2030, 1, 2)
    assert cite.accessed_date("2026-11-25") == dt.date(2026, 11, 25)


# --- facts: quote, locator, deep link ------------------------------------------------------------


def test_apa_fact_citation_has_quote_paragraph_and_link(run: Run, base: FactBase) -> None:
    result = run("cite", FACT, "--style", "apa", "--accessed", ACCESSED)
    assert result.exit_code == 0, result.stderr
    quote_line, reference, link = result.stdout.splitlines()
    fact = base.facts[FACT]
    assert quote_line == f'"{fact.quote}" (Auseyushkin, 2022, para. 3)'
    assert reference == APA.replace("*", "")
    assert link.startswith(f"{URL}#:~:text=")
    assert "just%20over%203%2C000%20Russian%20soldiers%20in%20Belarus" in link
    assert "Ministry%E2%80%99s" in link  # the article's curly apostrophe, kept


def test_harvard_fact_uses_single_quotes_and_para(run: Run) -> None:
    first = run("cite", FACT, "--style", "harvard", "--accessed", ACCESSED).stdout
    line = first.splitlines()[0]
    assert line.startswith("'according to estimates")
    assert line.endswith("soldiers in Belarus' (Auseyushkin, 2022, para. 3)")


def test_mla_and_chicago_do_not_count_unnumbered_paragraphs(run: Run) -> None:
    mla = run("cite", FACT, "--style", "mla", "--accessed", ACCESSED).stdout.splitlines()
    assert mla[0].endswith('in Belarus" (Auseyushkin)')
    assert mla[1] == MLA.replace("*", "")
    chicago = run("cite", FACT, "--style", "chicago-note", "--accessed", ACCESSED).stdout
    assert chicago.splitlines()[1] == CHICAGO_NOTE.replace("*", "")
    assert "para" not in chicago.splitlines()[0]


def test_several_facts_give_one_block_each(run: Run) -> None:
    result = run(
        "cite", FACT, "troops.belarusian-mod-9000", "--style", "apa", "--accessed", ACCESSED
    )
    blocks = result.stdout.strip().split("\n\n")
    assert len(blocks) == 2
    assert "(Auseyushkin, 2022, para. " in blocks[1]
    assert '"9,000' in blocks[1] or "9,000" in blocks[1]


def test_bibtex_fact_gives_entry_then_autocite_with_postnote(run: Run) -> None:
    result = run("cite", FACT, "--style", "bibtex", "--accessed", ACCESSED)
    assert result.stdout.startswith(BIBLATEX + "\n\n")
    assert f"% {FACT}: \\autocite[para.~3]{{auseyushkin2022belarus}}" in result.stdout
    assert f"% {URL}#:~:text=" in result.stdout


def test_csl_json_fact_has_locator_label_quote_and_link(run: Run, base: FactBase) -> None:
    result = run("cite", FACT, "--style", "csl-json", "--accessed", ACCESSED)
    (item,) = json.loads(result.stdout)
    assert {k: item[k] for k in CSL_JSON} == CSL_JSON
    (cited,) = item["custom"]["citations"]
    assert cited["fact"] == FACT
    assert cited["locator"] == "3"
    assert cited["label"] == "paragraph"
    assert cited["quote"] == base.facts[FACT].quote
    assert cited["link"].startswith(f"{URL}#:~:text=")


def test_csl_json_of_several_facts_is_one_item_with_each_fact(run: Run, base: FactBase) -> None:
    other = "troops.belarusian-mod-9000"
    result = run("cite", FACT, other, "--style", "csl-json", "--accessed", ACCESSED)
    (item,) = json.loads(result.stdout)
    assert {k: item[k] for k in CSL_JSON} == CSL_JSON
    cited = item["custom"]["citations"]
    assert [c["fact"] for c in cited] == [FACT, other]
    assert [c["locator"] for c in cited] == ["3", str(base.facts[other].paragraph)]
    assert all("id" not in c for c in cited)


def test_markdown_fact_is_a_block_quote_linking_to_the_quote(run: Run) -> None:
    lines = run("cite", FACT, "--style", "markdown").stdout.splitlines()
    assert lines[0].startswith("> according to estimates")
    assert lines[1] == ">"
    assert lines[2].startswith('> — Yan Auseyushkin, ["What')
    assert f"]({URL}#:~:text=" in lines[2]
    assert lines[2].endswith("*Russia.Post*, 4 November 2022, para. 3")


def test_byline_fact_has_no_paragraph_locator(run: Run) -> None:
    line = run("cite", "article.author", "--accessed", ACCESSED).stdout.splitlines()[0]
    assert line == '"Yan Auseyushkin" (Auseyushkin, 2022)'


def test_json_fact_record_carries_the_same_link(run: Run) -> None:
    record = json.loads(run("fact", FACT, "--format", "json").stdout)
    link = run("cite", FACT, "--accessed", ACCESSED).stdout.splitlines()[2]
    assert record["citation"]["link"] == link


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["25/11/2026", "2026-13-01", "2026-02-30", "yesterday", "20261125"])
def test_bad_accessed_date_is_a_usage_error(run: Run, bad: str) -> None:
    result = run("cite", "--accessed", bad)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "error: --accessed" in result.stderr
    assert "YYYY-MM-DD" in result.stderr or "not a real date" in result.stderr


def test_accessed_before_publication_is_a_usage_error(run: Run) -> None:
    result = run("cite", "--accessed", "2022-11-03")
    assert result.exit_code == 2
    assert "before the article was published" in result.stderr


def test_unknown_style_is_a_usage_error(run: Run) -> None:
    result = run("cite", "--style", "vancouver")
    assert result.exit_code == 2
    assert "vancouver" in result.stderr
    assert "apa" in result.stderr


def test_unknown_fact_exits_1_with_suggestion(run: Run) -> None:
    result = run("cite", "troops.gur-just-over-300")
    assert result.exit_code == 1
    assert "did you mean: troops.gur-just-over-3000" in result.stderr


def test_citation_rejects_unknown_style_in_the_core(base: FactBase) -> None:
    from belarus_cli.core.errors import UsageError

    with pytest.raises(UsageError):
        cite.citation([], list(base.sources.values()), "vancouver", dt.date(2026, 11, 25))


# --- pieces -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("What's next for Belarus? Russian troops", "What's Next for Belarus? Russian Troops"),
        ("the war: a view from the east", "The War: A View from the East"),
        ("what it is for", "What It Is For"),
    ],
)
def test_title_case(title: str, expected: str) -> None:
    assert cite_names.title_case(title) == expected


def test_names_and_keys(base: FactBase) -> None:
    assert cite_names.author_name("Yan Auseyushkin") == cite_names.Name("Yan", "Auseyushkin")
    assert cite_names.Name("Jean-Paul Anne", "Sartre").initials == "J.-P. A."
    assert (
        cite_names.citation_key(base.sources["russiapost-belarus-2022"]) == "auseyushkin2022belarus"
    )


def test_fragment_encoding_follows_the_draft() -> None:
    link = links.fragment_link(URL, "a \u2013 b, c-d & e\u2019s", prefix="x y", suffix="z")
    assert link == (f"{URL}#:~:text=x%20y-,a%20%E2%80%93%20b%2C%20c%2Dd%20%26%20e%E2%80%99s,-z")
    assert links.decode_directive(link) == {
        "prefix": "x y",
        "start": "a \u2013 b, c-d & e\u2019s",
        "end": "",
        "suffix": "z",
    }


def test_long_quote_links_by_first_and_last_words() -> None:
    quote = " ".join(f"word{i}" for i in range(80))
    parts = links.decode_directive(links.fragment_link(URL, quote))
    assert parts["start"] == "word0 word1 word2 word3 word4 word5"
    assert parts["end"] == "word74 word75 word76 word77 word78 word79"


# --- every bundled fact's deep link selects its quote, once -----------------------------------


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _selected_count(link: str, article: str) -> int:
    """How often the directive's text (prefix, start..end, suffix) occurs in the article."""
    parts = links.decode_directive(link)
    text = _fold(article)
    pattern = re.escape(_fold(parts["start"]))
    if parts["end"]:
        pattern += ".*?" + re.escape(_fold(parts["end"]))
    if parts["prefix"]:
        pattern = re.escape(_fold(parts["prefix"])) + " ?" + pattern
    if parts["suffix"]:
        pattern += " ?" + re.escape(_fold(parts["suffix"]))
    return len(re.findall(pattern, text))


def _bundled_facts() -> list[Fact]:
    return list(Environment().facts().facts.values())


@pytest.mark.parametrize("fact", _bundled_facts(), ids=lambda fact: fact.id)
def test_every_link_selects_its_quote_exactly_once(
    fact: Fact, base: FactBase, article: str
) -> None:
    link = links.fact_link(fact, base.sources[fact.source])
    assert link.startswith(base.sources[fact.source].url + "#:~:text=")
    directive = link.split("#:~:text=", 1)[1]
    assert not re.search(r"[^A-Za-z0-9!$'()*+./:;=?@_~%,-]", directive)
    # '-' is syntax (prefix- and -suffix): inside a piece it must be %2D, like ',' and '&'.
    for piece in directive.split(","):
        assert "-" not in piece.removesuffix("-").removeprefix("-")
        assert " " not in unquote(piece) or "%20" in piece
    parts = links.decode_directive(link)
    assert _selected_count(link, article) == 1, (fact.id, parts)
    assert links.link_matches(link, article) == 1
    words = len(fact.quote.split())
    quote_count = _fold(article).count(_fold(fact.quote))
    if words <= 3 or quote_count > 1:
        assert parts["prefix"] or parts["suffix"], f"{fact.id} needs link_prefix or link_suffix"


def test_hyphens_in_quotes_are_encoded(base: FactBase) -> None:
    fact = base.facts["security-response.counter-guerrilla-exercises"]
    link = links.fact_link(fact, base.sources[fact.source])
    assert "counter%2Dguerrilla" in link
    assert link.endswith(
        "#:~:text=strengthening%20the%20border%20with%20Ukraine%20and-,"
        "conducting%20counter%2Dguerrilla%20exercises"
    )


def test_validate_reports_a_link_that_selects_two_places(
    base: FactBase, article: str, tmp_path: Path
) -> None:
    from dataclasses import replace

    from belarus_cli.load.checks import check_links

    author = base.facts["article.author"]
    without_context = replace(author, link_suffix="")
    broken = replace(base, facts={**base.facts, author.id: without_context})
    problems = check_links(broken, article)
    assert [p.message for p in problems] == [
        "fact 'article.author': its deep link selects 2 places in the article — add "
        "link_prefix or link_suffix: the words just before or after the quote"
    ]
    assert check_links(base, article) == []


def test_link_context_keys_are_validated(tmp_path: Path, run: Run) -> None:
    (tmp_path / "extra.toml").write_text(
        """
[[fact]]
id = "extra.one"
topics = ["troops"]
statement = "A statement."
stated_by = ["yan-auseyushkin"]
quote = '''Currently'''
link_prefix = 3
source = "russiapost-belarus-2022"
section = "Introduction"
paragraph = 3
""",
        encoding="utf-8",
    )
    result = run("--facts-dir", str(tmp_path), "validate")
    assert result.exit_code == 3
    assert "link_prefix must be a string" in result.stderr


def test_the_style_option_offers_every_style_of_the_core() -> None:
    from belarus_cli.cli.commands import Style

    assert [style.value for style in Style] == list(formats.STYLES)
