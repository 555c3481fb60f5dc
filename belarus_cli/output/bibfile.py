"""`belarus cite --style bibtex --append refs.bib`: add to a .bib file what it lacks.

A .bib file holds each entry once: biber and bibtexparser refuse a second entry with the same
key, so appending `belarus cite` output with `>>` for every fact cited would repeat the
@article. Here an entry whose key the file already holds is left out, and so is a fact's note
(`% ID: \\autocite…`, a comment to BibTeX) that is already there; the rest is appended.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from ..core.errors import UsageError

# `@type{key,` for every entry type but the three that have no key.
_ENTRY = re.compile(r"@\s*(?!comment\b|string\b|preamble\b)\w+\s*[{(]\s*([^,\s]+)\s*,", re.I)


def keys(bib: str) -> set[str]:
    """The keys of the entries in BibTeX text (case-insensitive, as BibTeX compares them)."""
    return {found.group(1).lower() for found in _ENTRY.finditer(bib)}


def missing_from(bib: str, addition: str) -> list[str]:
    """The blocks of `addition` (separated by blank lines, as `belarus cite` writes them) that
    `bib` lacks: entries whose key it holds and notes it already has are left out."""
    present = keys(bib)
    lines = set(bib.splitlines())
    kept = []
    for block in addition.strip("\n").split("\n\n"):
        found = _ENTRY.match(block)
        if found is not None and found.group(1).lower() in present:
            continue
        if found is None and block.splitlines()[0] in lines:
            continue
        kept.append(block)
    return kept


def read(path: Path) -> str:
    """The .bib file's text; "" for a file yet to be made. Only a regular file is taken."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        if os.path.lexists(path):
            raise UsageError(f"{path} is a symbolic link that leads nowhere") from None
        if not path.parent.is_dir():
            raise UsageError(f"the folder {path.parent} does not exist — create it first") from None
        return ""
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None
    if not stat.S_ISREG(status.st_mode):
        raise UsageError(f"{path} is not a regular file — give the .bib file to add to")
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None


def append(path: Path, bib: str, blocks: list[str]) -> None:
    """Append `blocks` to the file whose text is `bib`, each a blank line apart."""
    if not blocks:
        return
    addition = "\n\n".join(blocks) + "\n"
    separator = "" if not bib.strip() else "\n" if bib.endswith("\n") else "\n\n"
    try:
        with open(path, "a", encoding="utf-8") as out:
            out.write(separator + addition)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror}") from None
