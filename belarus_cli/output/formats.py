"""The one registry of what `belarus` can write: the output formats of the listings, the
export formats (with the file suffixes that name them) and the citation styles. The CLI's
choices and shell completion are made from it, the renderers check against it, and a test
holds the README's lists to it. A new format or style is one entry here, and its writer.

Plain data only: the CLI imports this at every start.
"""

from __future__ import annotations

FORMATS: dict[str, str] = {
    "table": "a table (the default on a terminal)",
    "json": "a JSON array, or one object for `fact`",
    "jsonl": "one JSON object a line",
    "csv": "comma-separated, one row a fact",
    "tsv": "tab-separated (the default in a pipe)",
    "markdown": "a Markdown table",
}

# What `belarus check` reports in.
CHECK_FORMATS: dict[str, str] = {
    "text": "a report (the default on a terminal)",
    "lines": "FILE:LINE:COLUMN: error: ... (the default in a pipe)",
    "json": "one JSON object",
}

EXPORT_FORMATS: dict[str, str] = {
    "sqlite": "a SQLite database with foreign keys and full-text search",
    "json": "one JSON object: sources, topics, entities, facts",
    "jsonl": "one fact a line",
    "csv": "one row a fact",
    "markdown": "a fact sheet by topic with footnote citations",
}
# File suffixes that tell the export format when --format is not given.
EXPORT_SUFFIXES: dict[str, str] = {
    ".db": "sqlite",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
}

STYLES: dict[str, str] = {
    "apa": "APA 7th edition reference, with (Author, year, para. N) for facts",
    "mla": "MLA 9th edition works-cited entry",
    "chicago": "Chicago 17th edition bibliography entry",
    "chicago-note": "Chicago 17th edition note (first citation in full)",
    "harvard": "Harvard, Cite Them Right",
    "bibtex": "BibLaTeX @article with url and urldate",
    "csl-json": "CSL-JSON for Zotero and pandoc",
    "markdown": "a Markdown link, with the quote as a block quote for facts",
}
