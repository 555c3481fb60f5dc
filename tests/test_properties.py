"""Property-based tests (hypothesis): whatever comes in, `belarus` neither crashes nor loses data.

- any question to `belarus ask` ends with exit 0, 1 or 2 (2 exactly when it is blank);
- any file text, and TOML built from valid records with random values and types, makes
  `belarus validate` exit 0 or 3, never crash; what it accepts, `fact ID --format json` gives
  back unchanged;
- facts -> JSON (`show TOPIC` and `fact ID`) -> compared with the loaded model and with what
  was written: every statement, value, quote, date text and quantity survives.

Examples per run come from the "belarus" settings profile (see `budget`); set
BELARUS_HYPOTHESIS_PROFILE=belarus-thorough for a long run.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from belarus_cli.cli.commands import app
from belarus_cli.core.model import PARTS, QUALIFIERS
from belarus_cli.load import fact_file, locations, parallel
from belarus_cli.load.limits import MAX_NUMBER, MAX_PARAGRAPH
from belarus_cli.load.loading import load
from belarus_cli.load.locations import facts_folders
from belarus_cli.load.parsed import ParsedFile

settings.register_profile(
    "belarus",
    deadline=None,  # each example runs the whole command: loading dominates, and varies
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    print_blob=True,
)
settings.register_profile("belarus-thorough", settings.get_profile("belarus"), max_examples=2000)
PROFILE_NAME = os.environ.get("BELARUS_HYPOTHESIS_PROFILE", "belarus")
PROFILE = settings.get_profile(PROFILE_NAME)

# Examples per test with the default profile; kept so that this file runs in ~20 seconds.
QUERY_EXAMPLES = 200
FILE_EXAMPLES = 100
ROUND_TRIP_EXAMPLES = 60


def budget(examples: int) -> settings:
    """The default profile with this test's number of examples; another profile as it is."""
    if PROFILE_NAME == "belarus":
        return settings(PROFILE, max_examples=examples)
    return settings(PROFILE)


@pytest.fixture(autouse=True, scope="module")
def bundled_files_parsed_once() -> Iterator[None]:
    """Parse the bundled fact files once for this module: thousands of runs read them.

    Only the parse of the unchanged bundled files is reused; the user's files, the checks
    across files and every command run as they always do.
    """
    parse = fact_file.parse_file
    bundled = locations.bundled_facts_dir().resolve()
    cache: dict[tuple[Path, int, int], ParsedFile] = {}

    def parse_file(path: Path) -> ParsedFile:
        if path.resolve().parent != bundled:
            return parse(path)
        status = path.stat()
        key = (path, status.st_mtime_ns, status.st_size)
        if key not in cache:
            cache[key] = parse(path)
        return cache[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "parse_file", parse_file)
        yield


@pytest.fixture(autouse=True, scope="module")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Search-index caches go to a folder of this test run, never to the user's own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))
        yield


def run_cli(args: Sequence[str | os.PathLike[str]]) -> Result:
    environment: dict[str, str | None] = {
        "BELARUS_FACTS_PATH": None,
        "NO_COLOR": None,
        "FORCE_COLOR": None,
    }
    result = CliRunner().invoke(app, [os.fspath(a) for a in args], env=environment)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"the CLI raised {result.exception!r}") from result.exception
    assert "Traceback" not in result.stdout + result.stderr
    return result


# --- any question ---------------------------------------------------------------------------

FTS_SYNTAX = [
    '"',
    "*",
    "NEAR(",
    "NEAR",
    "AND",
    "OR",
    "NOT",
    "-",
    ":",
    "^",
    "(",
    ")",
    "+",
    "{",
    "}",
    "'",
    "\\",
    ",",
    ";",
    "--",
    "/*",
    "%",
    "_",
]
REAL_WORDS = [
    "troops",
    "Lukashenka",
    "Лукашенко",
    "soldiers",
    "Peramoga",
    "prisoners",
    "how many",
    "when",
    "who",
    "Belarus",
    "3,000",
    "5-10%",
    "2022",
    "Hajun",
]

questions = st.one_of(
    st.text(),
    st.lists(
        st.one_of(st.sampled_from(FTS_SYNTAX), st.sampled_from(REAL_WORDS), st.text(max_size=8)),
        max_size=12,
    ).map(" ".join),
)


@budget(QUERY_EXAMPLES)
@given(question=questions)
def test_any_question_ends_with_0_1_or_2(question: str) -> None:
    result = run_cli(["ask", "--format", "json", "--", question])
    assert result.exit_code in (0, 1, 2), result.stderr
    # A lone "-" reads the question from standard input, empty here.
    assert (result.exit_code == 2) == (not question.strip() or question == "-"), result.stderr
    if result.exit_code == 1 and result.stdout:
        # Facts related to the question, none of which answers it.
        assert "note: no fact of the article answers" in result.stderr, result.stderr
        assert not any(record["answers"] for record in json.loads(result.stdout))
    elif result.exit_code == 1:
        assert result.stderr.startswith("error: nothing matches"), result.stderr
    elif result.exit_code == 0:
        answers = json.loads(result.stdout)
        assert answers
        assert all(isinstance(a["score"], int | float) for a in answers)


# --- any file ---------------------------------------------------------------------------------


def validate_text(data: bytes) -> tuple[Result, Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.toml"
        path.write_bytes(data)
        result = run_cli(["--facts-dir", folder, "validate"])
        return result, path


def check_validate(result: Result, path: Path) -> None:
    assert result.exit_code in (0, 3), result.stderr
    if result.exit_code == 3:
        assert f"error: {path}" in result.stderr, result.stderr
        assert result.stdout == ""
    else:
        assert result.stdout.startswith("ok: ")


@budget(FILE_EXAMPLES)
@given(text=st.text())
def test_any_text_validates_with_0_or_3(text: str) -> None:
    check_validate(*validate_text(text.encode("utf-8", "surrogatepass")))


@budget(FILE_EXAMPLES // 2)
@given(data=st.binary())
def test_any_bytes_validate_with_0_or_3(data: bytes) -> None:
    check_validate(*validate_text(data))


# TOML written by hand (the standard library reads TOML but does not write it).
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_MUST_ESCAPE = re.compile('["\\\\\x00-\x1f\x7f]')


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return '"' + _MUST_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", value) + '"'
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(type(value))  # pragma: no cover


def toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else toml_value(key)


def toml_tables(kind: str, records: Sequence[dict[str, Any]]) -> str:
    out = []
    for record in records:
        out.append(f"[[{kind}]]")
        out += [f"{toml_key(key)} = {toml_value(value)}" for key, value in record.items()]
        out.append("")
    return "\n".join(out) + "\n"


TOPIC = {"id": "prop", "title": "Property topic", "description": "Facts made up by hypothesis."}

# Any TOML value: what a careless or hostile author could write for a key.
scalars = st.one_of(
    st.text(max_size=20),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)


def containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(max_size=6), inner, max_size=3),
    )


toml_values = st.recursive(scalars, containers, max_leaves=6)

VALID_FACT = {
    "id": "prop.fact",
    "topics": ["prop"],
    "statement": "A statement.",
    "value": "a value",
    "quantity": {"low": 1, "high": 2, "unit": "soldiers", "qualifier": "range"},
    "date": "2022-10",
    "stated_by": ["belarus"],
    "attribution": "someone",
    "about": ["belarus"],
    "quote": "a quote",
    "source": "russiapost-belarus-2022",
    "section": "Introduction",
    "paragraph": 2,
    "part": "body",
    "keywords": ["word"],
}


@st.composite
def mangled_facts(draw: Callable[..., Any]) -> dict[str, Any]:
    """A valid fact with some keys given values of any type, dropped, or misspelt."""
    fact = dict(VALID_FACT)
    for key in draw(st.lists(st.sampled_from(sorted(VALID_FACT)), max_size=4, unique=True)):
        action = draw(st.sampled_from(["replace", "drop", "quantity"]))
        if action == "drop":
            del fact[key]
        elif action == "quantity":
            fact["quantity"] = draw(
                st.dictionaries(
                    st.sampled_from(["low", "high", "unit", "qualifier", "measure", "hihg"]),
                    toml_values,
                    max_size=5,
                )
            )
        else:
            fact[key] = draw(toml_values)
    if draw(st.booleans()):
        fact[draw(st.text(min_size=1, max_size=8))] = draw(toml_values)
    return fact


@budget(FILE_EXAMPLES)
@given(fact=mangled_facts())
def test_random_values_in_valid_records_validate_with_0_or_3(fact: dict[str, Any]) -> None:
    text = toml_tables("topic", [TOPIC]) + toml_tables("fact", [fact])
    result, path = validate_text(text.encode("utf-8", "surrogatepass"))
    check_validate(result, path)
    if result.exit_code == 0:
        # What validate accepts comes back as written.
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / "random.toml").write_text(
                text, encoding="utf-8", errors="surrogatepass"
            )
            fact_id = fact["id"]
            shown = run_cli(["--facts-dir", folder, "fact", fact_id, "--format", "json"])
            assert shown.exit_code == 0, shown.stderr
            record = json.loads(shown.stdout)
            for key in ("statement", "value", "quote", "attribution"):
                assert record[key] == fact.get(key)


# --- round trip ---------------------------------------------------------------------------------

# Any Unicode text but surrogates, with something visible in it (blank text is refused).
texts = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40).filter(
    lambda s: bool(s.strip())
)
# Within the documented range (facts/README.md, Limits).
numbers = st.one_of(
    st.integers(min_value=-MAX_NUMBER, max_value=MAX_NUMBER),
    st.floats(min_value=-MAX_NUMBER, max_value=MAX_NUMBER, allow_nan=False),
)


@st.composite
def quantities(draw: Callable[..., Any]) -> dict[str, Any]:
    low = draw(numbers)
    quantity: dict[str, Any] = {"low": low, "unit": draw(texts)}
    if draw(st.booleans()):
        quantity["high"] = draw(numbers.filter(lambda high: high >= low))
    if draw(st.booleans()):
        quantity["qualifier"] = draw(st.sampled_from(QUALIFIERS))
    if draw(st.booleans()):
        quantity["measure"] = draw(st.from_regex(r"[a-z0-9]+(-[a-z0-9]+){0,2}", fullmatch=True))
    return quantity


years = st.integers(min_value=1, max_value=9998)


@st.composite
def date_texts(draw: Callable[..., Any]) -> str | dt.date:
    """One of the documented date forms: a TOML date, or a year, month, day, season, period."""
    day: dt.date = draw(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9998, 12, 31)))
    form: str = draw(st.sampled_from(["toml", "year", "month", "day", "season", "period"]))
    if form == "toml":
        return day
    if form == "year":
        return f"{day.year:04d}"
    if form == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if form == "day":
        return day.isoformat()
    if form == "season":
        season = draw(st.sampled_from(["spring", "summer", "autumn", "winter"]))
        return f"{day.year:04d}-{season}"
    later = draw(years.filter(lambda year: year > day.year))
    return f"{day.year:04d}/{later:04d}"


@st.composite
def valid_facts(draw: Callable[..., Any]) -> list[dict[str, Any]]:
    slugs = draw(
        st.lists(
            st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8})?", fullmatch=True),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    facts = []
    for slug in slugs:
        part = draw(st.sampled_from(PARTS))
        fact: dict[str, Any] = {
            "id": f"prop.{slug}",
            "topics": ["prop"],
            "statement": draw(texts),
            "stated_by": ["belarus"],
            "quote": draw(texts),
            "source": "russiapost-belarus-2022",
            "section": draw(texts),
            "part": part,
        }
        if part != "byline" or draw(st.booleans()):
            fact["paragraph"] = draw(st.integers(min_value=1, max_value=MAX_PARAGRAPH))
        optional = {
            "value": texts,
            "attribution": texts,
            "quantity": quantities(),
            "date": date_texts(),
            "keywords": st.lists(texts, max_size=3),
        }
        for key, strategy in optional.items():
            if draw(st.booleans()):
                fact[key] = draw(strategy)
        facts.append(fact)
    return facts


def expected_quantity(quantity: dict[str, Any] | None) -> dict[str, Any] | None:
    if quantity is None:
        return None
    return {
        "low": quantity["low"],
        "high": quantity.get("high"),
        "unit": quantity["unit"],
        "qualifier": quantity.get("qualifier", "exactly"),
        "measure": quantity.get("measure"),
    }


@budget(ROUND_TRIP_EXAMPLES)
@given(facts=valid_facts())
def test_facts_survive_the_trip_through_json(facts: list[dict[str, Any]]) -> None:
    text = toml_tables("topic", [TOPIC]) + toml_tables("fact", facts)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "prop.toml").write_text(text, encoding="utf-8")
        loaded = load(facts_folders([folder]))
        assert not loaded.problems, loaded.problems
        listing = run_cli(["--facts-dir", folder, "show", "prop", "--format", "json"])
        assert listing.exit_code == 0, listing.stderr
        by_id = {record["id"]: record for record in json.loads(listing.stdout)}
        assert sorted(by_id) == sorted(f["id"] for f in facts)
        for fact in facts:
            one = run_cli(["--facts-dir", folder, "fact", fact["id"], "--format", "json"])
            assert one.exit_code == 0, one.stderr
            assert json.loads(one.stdout) == by_id[fact["id"]]
            record = by_id[fact["id"]]
            model = loaded.base.facts[fact["id"]]
            # JSON against the loaded model ...
            assert record["statement"] == model.statement
            assert record["value"] == model.value
            assert record["quote"] == model.quote
            assert record["attribution"] == model.attribution
            assert record["keywords"] == list(model.keywords)
            assert record["citation"]["section"] == model.section
            assert record["citation"]["paragraph"] == model.paragraph
            assert record["citation"]["part"] == model.part
            assert record["date"] == (model.date.text if model.date else None)
            if model.date:
                assert record["date_start"] == model.date.start.isoformat()
                assert record["date_end"] == model.date.end.isoformat()
                assert record["date_label"] == model.date.label
            # ... and against what was written, exactly (numbers keep their type).
            assert record["statement"] == fact["statement"]
            assert record["value"] == fact.get("value")
            assert record["quote"] == fact["quote"]
            assert record["attribution"] == fact.get("attribution")
            assert record["keywords"] == fact.get("keywords", [])
            assert record["citation"]["section"] == fact["section"]
            assert record["citation"]["paragraph"] == fact.get("paragraph")
            date = fact.get("date")
            assert record["date"] == (date.isoformat() if isinstance(date, dt.date) else date)
            quantity = expected_quantity(fact.get("quantity"))
            assert record["quantity"] == quantity
            if quantity is not None:
                for key in ("low", "high"):  # an integer stays an integer, a float a float
                    assert type(record["quantity"][key]) is type(quantity[key])


def test_the_profile_is_registered() -> None:
    assert PROFILE.deadline is None
    assert budget(QUERY_EXAMPLES).max_examples >= QUERY_EXAMPLES


@settings(PROFILE)
@given(text=st.text())
def test_deep_link_text_is_percent_encoded_as_the_standard_library_does(text: str) -> None:
    from urllib.parse import quote

    from belarus_cli.core.links import encode_directive_text

    # The directive's own syntax characters are never literal: '-' ',' '&' and spaces.
    expected = quote(text, safe="!$'()*+./:;=?@_~").replace("-", "%2D")
    assert encode_directive_text(text) == expected


@settings(PROFILE)
@given(text=st.text() | st.text(alphabet="ab 1,%`\u2019\u2013\u00a0\u202f\uff11"))
def test_folding_shortcuts_give_what_the_full_folding_gives(text: str) -> None:
    import re
    import unicodedata

    from belarus_cli.core.folding import _TYPOGRAPHY, fold

    table = str.maketrans(dict(_TYPOGRAPHY))
    full = unicodedata.normalize("NFKC", text).translate(table).casefold()
    full = re.sub(r"(?<=\d)[,\u202f\u2009 ](?=\d{3}\b)", "", full)
    full = re.sub(r"\s*%", " percent", full)
    assert fold(text) == " ".join(full.split())


@settings(PROFILE)
@given(text=st.text() | st.text(alphabet="ab 1,%`\u2019\u2013\u00a0\u202f\u00b4e\u0301\u00df"))
def test_the_index_folding_keeps_the_words_of_the_full_folding(text: str) -> None:
    import re
    import unicodedata

    from belarus_cli.core.folding import fold, fold_words, strip_accents

    assert re.findall(r"\w+", fold_words(text)) == re.findall(r"\w+", strip_accents(fold(text)))
    old = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    assert strip_accents(text) == (text if text.isascii() else old)
