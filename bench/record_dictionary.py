"""Train the Zstandard dictionary that packs the index's fact records
(belarus_cli/index/records.zdict), from the records of the bundled facts.

    python bench/record_dictionary.py [--size 4096] [--check]

The same facts always give the same dictionary. With --check it only says whether the
dictionary in the package is the one the bundled facts give (exit 1 if not). A new dictionary
changes the index format: raise cache.FORMAT with it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import zstandard

from belarus_cli.core.records import uncited_record
from belarus_cli.index.rows import Names, stored_texts
from belarus_cli.index.schema import RECORD_DICTIONARY, joined
from belarus_cli.load.loading import load

ROOT = Path(__file__).resolve().parent.parent
# The trainer wants many more samples than the article has facts: each is given this often.
REPEATS = 3


def samples() -> list[bytes | bytearray | memoryview]:
    base = load([ROOT / "facts"]).base
    names = Names(base.topics.values(), base.entities.values())
    return [
        joined(*stored_texts(uncited_record(base, fact), fact, names))
        for fact in base.facts.values()
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=4096, help="dictionary size in bytes")
    parser.add_argument("--check", action="store_true", help="compare with the packaged one")
    args = parser.parse_args()
    trained = zstandard.train_dictionary(args.size, samples() * REPEATS).as_bytes()
    if args.check:
        same = RECORD_DICTIONARY.read_bytes() == trained
        print(f"{RECORD_DICTIONARY}: {'as trained' if same else 'differs from the facts'}")
        return 0 if same else 1
    RECORD_DICTIONARY.write_bytes(trained)
    print(f"wrote {RECORD_DICTIONARY} ({len(trained)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
