"""The baseline of target 6: what any Typer program costs to draw the rows of `belarus show
troops` as a Rich table for a colour terminal. It imports Typer and Rich, reads the rows that
`belarus show troops --format tsv` printed (ROWS_TSV), and draws them with rich.table.Table in
the four columns `show` draws, at the width of COLUMNS.

    python bench/rich_table.py ROWS_TSV
"""

from __future__ import annotations

import sys

import typer  # noqa: F401  (what a Typer program imports)
from rich.console import Console
from rich.table import Table
from rich.text import Text


def main(path: str) -> None:
    with open(path, encoding="utf-8") as file:
        header, *lines = file.read().splitlines()
    names = header.split("\t")
    table = Table(show_lines=False)
    for title in ("Value", "Statement, quote and fact id", "Stated by, as of", "Where"):
        table.add_column(title)
    for line in lines:
        row = dict(zip(names, line.split("\t"), strict=False))
        statement = Text(row.get("statement", ""))
        statement.append(f"\n“{row.get('quote', '')}”", style="dim italic")
        statement.append(f"\n{row.get('id', '')}", style="dim")
        stated = f"{row.get('stated_by', '')}\n{row.get('date', '')}".strip()
        where = f"{row.get('section', '')}, para. {row.get('paragraph', '')}"
        table.add_row(Text(row.get("value") or "—", style="bold cyan"), statement, stated, where)
    Console().print(table)


if __name__ == "__main__":
    main(sys.argv[1])
