"""One registry of formats and styles (output/formats.py): the CLI's choices, its completion
and the README's lists all say what it says."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from belarus_cli.cli import commands, tools
from belarus_cli.output import formats

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_options_offer_exactly_the_registry() -> None:
    assert [f.value for f in commands.Format] == list(formats.FORMATS)
    assert [s.value for s in commands.Style] == list(formats.STYLES)
    assert [f.value for f in commands.ExportFormat] == list(formats.EXPORT_FORMATS)
    assert [f.value for f in commands.CheckFormat] == list(formats.CHECK_FORMATS)


def test_the_readme_lists_every_format_and_style_in_the_registry_order() -> None:
    assert f"`--format {'|'.join(formats.FORMATS)}`" in README
    export_row = next(line for line in README.splitlines() if "belarus export -o FILE" in line)
    assert "\\|".join(formats.EXPORT_FORMATS) in export_row
    cite_row = next(line for line in README.splitlines() if "belarus cite [ID" in line)
    styles = cite_row.split("|")[2].split(";")[0]
    assert re.findall(r"`([a-z-]+)`", styles) == list(formats.STYLES)


def test_the_help_of_cite_names_every_style() -> None:
    text = " ".join((tools.cite.__doc__ or "").split())
    assert all(
        re.search(rf"(?<![\w-]){re.escape(style)}(?![\w-])", text) for style in formats.STYLES
    )


def test_completion_of_a_style_draws_from_the_registry() -> None:
    ctx = typer.Context(typer.main.get_command(commands.app))
    offered = [value for value, _ in commands.complete_style(ctx, "")]
    assert offered == list(formats.STYLES)


def test_export_tells_each_registered_suffix_and_only_registered_formats() -> None:
    from belarus_cli.output.export import format_for

    for suffix, fmt in formats.EXPORT_SUFFIXES.items():
        assert fmt in formats.EXPORT_FORMATS
        assert format_for(Path(f"facts{suffix.upper()}"), None) == fmt
