"""Measure the performance targets of `belarus` and print a report (see bench/README.md).

    python bench/run.py [--runs 21] [--quick] [--corpus DIR] [--belarus CMD] [--check]

Ratios compare the medians of two commands timed alternately in the same run, so that a busy
or slow machine slows both alike. Every child gets a controlled environment: no BELARUS_*,
NO_COLOR, FORCE_COLOR or COLUMNS from the caller, and XDG_CACHE_HOME in a temporary folder of
this script's own (removed at the end), so the user's cache is neither used nor touched.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.dont_write_bytecode = True  # no __pycache__ in bench/ for the sibling import
import generate_corpus  # noqa: E402  (the sibling script)

QUERY = "troop estimates"
# A question with a word ("according") that most of the corpus's facts hold.
FREQUENT_QUERY = "troop estimates according to the figures"
CORPUS_FACTS, CORPUS_FILES, CORPUS_SEED = 100_000, 1000, 1
EDIT_SECONDS = 1.0  # target 1
COLD_SECONDS, COLD_MB = 6.0, 250.0  # target 2
INDEX_MB = 150.0  # target 3
RATIO_CORPUS, RATIO_FREQUENT = 1.15, 1.5  # target 4
RATIO_STARTUP, RATIO_VERSION = 1.2, 0.5  # target 5
RATIO_TABLE = 1.1  # target 6
TIMEOUT = 600.0  # seconds before a child is killed
CHECK_SECONDS, CHECK_WORDS = 1.0, 2000  # target 7
WARM_BUDGET = 120.0  # seconds target 4 may take in all; fewer runs when a run is slow
MB = 1_000_000
# Target 8: commands that read the index answer as quickly with the corpus as without it.
READ_COMMANDS = (
    ("who", "lukashenko"),
    ("timeline", "--from", "2022", "--to", "2022"),
    ("compare", "troops"),
    ("cite", "troops.gur-just-over-3000"),
    ("fact", "troops.gur-just-over-3000"),
    ("show", "troops"),
    # With the corpus, the two above print far more (9,265 events of 2022, not 53; 242
    # measures of troops, not one): the same commands held to the same output show what the
    # index itself costs.
    ("timeline", "--from", "2022", "--to", "2022", "--limit", "50"),
    ("compare", "troops", "--limit", "1"),
)
RATIO_READ = 1.3  # target 8
EXPORT_SECONDS = 10.0  # target 9


class BenchError(Exception):
    """A command failed, so its target cannot be measured."""


# --- running one command ------------------------------------------------------------------


@dataclass
class Sample:
    seconds: float
    peak_kib: int  # resident set size: the largest process, or the sum of the tree if larger
    returncode: int
    processes: int = 1
    stdout: str = ""
    stderr: str = ""

    @property
    def peak_mb(self) -> float:
        return self.peak_kib * 1024 / MB


def _tree_rss_kib(root: int) -> tuple[int, int]:
    """Sum of VmRSS over a process and its descendants (Linux /proc), and how many there are."""
    total = count = 0
    todo, seen = [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+)", status, re.MULTILINE)
        if match:
            total += int(match[1])
            count += 1
        try:
            threads = os.listdir(f"/proc/{pid}/task")
        except OSError:
            threads = []
        for tid in threads:
            try:
                children = Path(f"/proc/{pid}/task/{tid}/children").read_text().split()
            except OSError:
                continue
            todo += [int(child) for child in children]
    return total, count


class TreeSampler(threading.Thread):
    """Polls the memory of a child's whole process tree, to catch worker processes."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kib, self.processes = 0, 1
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            total, count = _tree_rss_kib(self.pid)
            self.peak_kib = max(self.peak_kib, total)
            self.processes = max(self.processes, count)
            self.done.wait(self.interval)

    def stop(self) -> None:
        self.done.set()
        self.join()


def run_once(
    cmd: list[str], env: dict[str, str], *, capture: bool = False, tree: bool = False
) -> Sample:
    """Run cmd once; wall-clock time, peak RSS and (if capture) its output."""
    with ExitStack() as stack:
        out: IO[bytes] | int = subprocess.DEVNULL
        err: IO[bytes] | int = subprocess.DEVNULL
        if capture:
            out = stack.enter_context(tempfile.TemporaryFile())
            err = stack.enter_context(tempfile.TemporaryFile())
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        sampler = TreeSampler(proc.pid) if tree and Path("/proc/self/status").exists() else None
        if sampler:
            sampler.start()
        timer = threading.Timer(TIMEOUT, proc.kill)
        timer.start()
        peak_kib = 0
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            # ru_maxrss is in KiB on Linux, in bytes on macOS.
            peak_kib = usage.ru_maxrss // (1024 if sys.platform == "darwin" else 1)
        else:  # pragma: no cover - Windows: no rusage of one child
            proc.wait()
            seconds = time.perf_counter() - start
        timer.cancel()
        processes = 1
        if sampler:
            sampler.stop()
            peak_kib = max(peak_kib, sampler.peak_kib)
            processes = sampler.processes
        sample = Sample(seconds, peak_kib, proc.returncode, processes)
        if capture:
            assert not isinstance(out, int) and not isinstance(err, int)
            out.seek(0)
            err.seek(0)
            sample.stdout = out.read().decode("utf-8", "replace")
            sample.stderr = err.read().decode("utf-8", "replace")
        return sample


def checked(cmd: list[str], env: dict[str, str], *, tree: bool = False) -> Sample:
    """Run once, capturing output; raise BenchError if the command fails."""
    sample = run_once(cmd, env, capture=True, tree=tree)
    if sample.returncode != 0:
        lines = [line for line in sample.stderr.splitlines() if line.strip()]
        detail = lines[-1] if lines else "no message"
        raise BenchError(f"`{shlex.join(cmd)}` exited {sample.returncode}: {detail[:200]}")
    return sample


@dataclass
class Timing:
    label: str
    samples: list[Sample] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    def describe(self) -> str:
        seconds = [s.seconds for s in self.samples]
        peak = max(s.peak_mb for s in self.samples)
        return (
            f"{self.label}: median {ms(self.median)} (min {ms(min(seconds))}, "
            f"max {ms(max(seconds))}, n={len(seconds)}), peak RSS {peak:.0f} MB"
        )


def alternate(
    a: tuple[str, list[str], dict[str, str]],
    b: tuple[str, list[str], dict[str, str]],
    runs: int,
    warm_up: tuple[bool, bool] = (True, True),
) -> tuple[Timing, Timing]:
    """Warm each up once (and check it works), then time them in turn: AB, BA, AB, ..."""
    for (_, cmd, env), wanted in zip((a, b), warm_up, strict=True):
        if wanted:
            checked(cmd, env)
    timings = (Timing(a[0]), Timing(b[0]))
    for run in range(runs):
        order = (0, 1) if run % 2 == 0 else (1, 0)
        for which in order:
            _, cmd, env = (a, b)[which]
            timings[which].samples.append(run_once(cmd, env))
    return timings


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


# --- the report -----------------------------------------------------------------------------


@dataclass
class Row:
    target: str
    measured: str
    limit: str
    result: str  # PASS, FAIL or ERROR
    notes: list[str] = field(default_factory=list)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_table(rows: list[Row]) -> None:
    headers = ("target", "measured", "limit", "result")
    cells = [headers, *((r.target, r.measured, r.limit, r.result) for r in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(4)]
    rule = "  ".join("-" * w for w in widths)
    print(rule)
    for number, row in enumerate(cells):
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
        if number == 0:
            print(rule)
    print(rule)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the benchmark --------------------------------------------------------------------------


def belarus_command(override: str | None) -> list[str]:
    if override:
        return shlex.split(override)
    bindir = Path(sys.executable).parent
    for name in ("belarus", "belarus.exe"):
        if (bindir / name).is_file():
            return [str(bindir / name)]
    return [sys.executable, "-m", "belarus_cli"]


def child_env(cache_home: Path, **extra: str) -> dict[str, str]:
    """Only what a command needs from the caller, plus the settings of the target."""
    keep = ("PATH", "HOME", "USER", "LOGNAME", "TMPDIR", "SYSTEMROOT", "VIRTUAL_ENV")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8", XDG_CACHE_HOME=str(cache_home))
    env.update(extra)
    return env


def cache_summary(cache_home: Path) -> str:
    folder = cache_home / "belarus"
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    if not files:
        return "no on-disk cache was written (under XDG_CACHE_HOME/belarus)"
    size = sum(p.stat().st_size for p in files)
    return f"on-disk cache: {len(files)} file(s), {size / MB:.1f} MB in XDG_CACHE_HOME/belarus"


def index_mb(cache_home: Path) -> float:
    """The size of the index files (with any write-ahead log) in XDG_CACHE_HOME/belarus."""
    folder = cache_home / "belarus"
    files = list(folder.glob("index-*.sqlite*")) if folder.is_dir() else []
    if not files:
        raise BenchError("no index was written")
    return sum(p.stat().st_size for p in files) / MB


def ensure_corpus(folder: Path) -> str:
    manifest = folder / generate_corpus.MANIFEST
    wanted = {
        "generator": generate_corpus.GENERATOR_VERSION,
        "facts": CORPUS_FACTS,
        "files": CORPUS_FILES,
        "seed": CORPUS_SEED,
    }
    try:
        found = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        found = {}
    files = len(list(folder.glob(f"{generate_corpus.FILE_PREFIX}*.toml")))
    if all(found.get(key) == value for key, value in wanted.items()) and files == CORPUS_FILES:
        return f"corpus: {folder} ({CORPUS_FACTS:,} facts in {CORPUS_FILES:,} files, reused)"
    log(f"generating the corpus in {folder} ...")
    started = time.perf_counter()
    made = generate_corpus.generate(folder, CORPUS_FACTS, CORPUS_FILES, CORPUS_SEED)
    elapsed = time.perf_counter() - started
    return (
        f"corpus: {folder} ({made['facts']:,} facts in {made['files']:,} files, "
        f"{made['troop_facts']} about troops; generated in {elapsed:.1f} s)"
    )


def stderr_note(sample: Sample) -> list[str]:
    lines = [line for line in sample.stderr.splitlines() if line.startswith("warning:")]
    if not lines:
        return []
    return [f"{len(lines)} warning(s) on stderr, first: {lines[0][:160]}"]


@contextmanager
def edited(path: Path) -> Iterator[None]:
    """Put the file back byte for byte, with its old mtime, whatever happens."""
    original = path.read_bytes()
    stat = path.stat()
    try:
        yield
    finally:
        path.write_bytes(original)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def file_ids(text: str) -> tuple[str, str, str]:
    """The first source, topic and entity id of a generated file."""

    def first(kind: str) -> str:
        match = re.search(rf'^\[\[{kind}\]\]\nid = "([^"]+)"', text, re.MULTILINE)
        if not match:
            raise BenchError(f"no [[{kind}]] in the corpus file to edit")
        return match[1]

    return first("source"), first("topic"), first("entity")


def new_fact(text: str, marker: str) -> tuple[str, str]:
    source, topic, entity = file_ids(text)
    fact_id = f"{topic}.bench-edit-{marker}"
    record = (
        "\n[[fact]]\n"
        f'id = "{fact_id}"\n'
        f'topics = ["{topic}"]\n'
        f'statement = "According to the benchmark, the {marker} programme grew to about 1,234 '
        'people in the spring of 2023, a figure added to test that an edited file is read."\n'
        f'value = "about 1,234 {marker}"\n'
        'quantity = { low = 1234, unit = "people", qualifier = "about" }\n'
        'date = "2023-spring"\n'
        f'stated_by = ["{entity}"]\n'
        f"quote = '''the {marker} programme grew to about 1,234 people'''\n"
        f'source = "{source}"\n'
        'section = "Introduction"\n'
        "paragraph = 2\n"
    )
    return fact_id, record


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.quick: bool = args.quick
        self.runs: int = 5 if args.quick else args.runs
        self.corpus_warm = False
        self.cold_runs = 1 if args.quick else 3
        self.corpus: Path = args.corpus.resolve()
        self.belarus = belarus_command(args.belarus)
        self.python = [sys.executable]
        self.temp = Path(tempfile.mkdtemp(prefix="belarus-bench-"))
        self.bundled_env = child_env(self.temp / "cache-bundled")
        self.corpus_cache = self.temp / "cache-corpus"
        self.corpus_env = child_env(self.corpus_cache, BELARUS_FACTS_PATH=str(self.corpus))
        self.rows: list[Row] = []
        self.details: list[str] = []

    def ask(self, query: str = QUERY) -> list[str]:
        return [*self.belarus, "ask", query, "--format", "json"]

    def header(self) -> None:
        usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
        try:
            version = checked([*self.belarus, "--version"], self.bundled_env).stdout.strip()
        except BenchError as error:
            version = f"cannot run: {error}"
        print(f"belarus benchmark, {time.strftime('%Y-%m-%d %H:%M')}")
        print(
            f"machine: nproc {os.cpu_count()}"
            + (f" ({usable} usable)" if usable else "")
            + f", {platform.platform()}, load average {load}"
        )
        print(
            f"python:  {platform.python_version()} ({platform.python_implementation()}) "
            f"{sys.executable}"
        )
        print(f"belarus: {shlex.join(self.belarus)} ({version})")
        print(
            f"runs:    {self.runs} alternating pairs per ratio, {self.cold_runs} cold run(s); "
            f"XDG_CACHE_HOME under {self.temp}"
        )

    def measure(self, target: str, limit: str, work: Callable[[], Row]) -> None:
        log(f"measuring {target} ...")
        try:
            row = work()
        except BenchError as error:
            row = Row(target, "-", limit, "ERROR", [str(error)])
        row.target = target
        self.rows.append(row)

    def ratio_row(self, a: Timing, b: Timing, limit: float) -> Row:
        self.details += [a.describe(), b.describe()]
        ratio = a.median / b.median
        measured = f"{a.median * 1000:.0f} / {b.median * 1000:.0f} ms = {ratio:.2f}x"
        return Row("", measured, f"<= {limit:.2f}x", verdict(ratio <= limit))

    # --- targets ----------------------------------------------------------------------------

    def typer_baseline(self, label: str) -> tuple[str, list[str], dict[str, str]]:
        return (label, [*self.python, "-c", "import typer"], self.bundled_env)

    def target_ask(self) -> Row:
        a, b = alternate(
            ("5 belarus ask --format json (bundled facts)", self.ask(), self.bundled_env),
            self.typer_baseline("5 python -c 'import typer'"),
            self.runs,
        )
        return self.ratio_row(a, b, RATIO_STARTUP)

    def target_version(self) -> Row:
        a, b = alternate(
            ("5 belarus --version", [*self.belarus, "--version"], self.bundled_env),
            self.typer_baseline("5 python -c 'import typer' (for --version)"),
            self.runs,
        )
        return self.ratio_row(a, b, RATIO_VERSION)

    def target_show(self) -> Row:
        env = {**self.bundled_env, "FORCE_COLOR": "1", "COLUMNS": "120", "TERM": "xterm-256color"}
        rows = self.temp / "troops.tsv"
        tsv = checked([*self.belarus, "show", "troops", "--format", "tsv"], self.bundled_env)
        rows.write_text(tsv.stdout, encoding="utf-8")
        show = [*self.belarus, "show", "troops", "--format", "table"]
        baseline = [*self.python, str(BENCH / "rich_table.py"), str(rows)]
        a, b = alternate(
            ("6 belarus show troops (colour table, 120 columns)", show, env),
            ("6 bench/rich_table.py (the same rows)", baseline, env),
            self.runs,
        )
        return self.ratio_row(a, b, RATIO_TABLE)

    def target_check(self) -> Row:
        """`belarus check` on a draft of 2,000 words or more: the example drafts in turn."""
        drafts = sorted((BENCH.parent / "tests" / "data" / "drafts").rglob("*.md"))
        texts = [path.read_text(encoding="utf-8") for path in drafts]
        parts: list[str] = []
        while len(" ".join(parts).split()) < CHECK_WORDS:
            parts.append(texts[len(parts) % len(texts)])
        draft = self.temp / "draft.md"
        draft.write_text("\n\n".join(parts), encoding="utf-8")
        command = [*self.belarus, "check", str(draft), "--format", "json"]
        samples = [run_once(command, self.bundled_env) for _ in range(self.runs + 1)][1:]
        if any(s.returncode not in (0, 1) for s in samples):
            raise BenchError(f"`{shlex.join(command)}` failed")
        timing = Timing(f"7 belarus check ({len(' '.join(parts).split())} words)", samples)
        self.details.append(timing.describe())
        measured = f"{timing.median:.2f} s"
        return Row(
            "", measured, f"<= {CHECK_SECONDS:.0f} s", verdict(timing.median <= CHECK_SECONDS)
        )

    def target_cold(self) -> tuple[Row, Row, Row]:
        samples = []
        notes: list[str] = []
        for _ in range(self.cold_runs):
            shutil.rmtree(self.corpus_cache / "belarus", ignore_errors=True)
            sample = checked(self.ask(), self.corpus_env, tree=True)
            notes += stderr_note(sample)
            samples.append(sample)
        seconds = statistics.median(s.seconds for s in samples)
        peak = max(s.peak_mb for s in samples)
        processes = max(s.processes for s in samples)
        self.details.append(
            "2 cold runs: "
            + ", ".join(f"{s.seconds:.2f} s / {s.peak_mb:.0f} MB" for s in samples)
            + (f" ({processes} processes at most)" if processes > 1 else "")
        )
        self.details.append("2 " + cache_summary(self.corpus_cache))
        spread = f" (max {max(s.seconds for s in samples):.2f})" if len(samples) > 1 else ""
        time_row = Row(
            "",
            f"{seconds:.2f} s{spread}",
            f"<= {COLD_SECONDS:.0f} s",
            verdict(seconds <= COLD_SECONDS),
            sorted(set(notes)),
        )
        memory_row = Row("", f"{peak:.0f} MB", f"<= {COLD_MB:.0f} MB", verdict(peak <= COLD_MB))
        size = index_mb(self.corpus_cache)
        size_row = Row("", f"{size:.0f} MB", f"<= {INDEX_MB:.0f} MB", verdict(size <= INDEX_MB))
        return time_row, memory_row, size_row

    def target_corpus(self, query: str = QUERY, limit: float = RATIO_CORPUS) -> Row:
        # The warm-up of the corpus run: how long a warm run takes budgets the runs. A slow one
        # may have been the one that wrote the cache (if target 4 could not), so try again.
        warm = checked(self.ask(query), self.corpus_env)
        if warm.seconds > COLD_SECONDS:
            warm = checked(self.ask(query), self.corpus_env)
        runs = self.runs
        budget, fewest = (WARM_BUDGET / 4, 1) if self.quick else (WARM_BUDGET, 3)
        if warm.seconds * 2 * runs > budget:
            runs = max(fewest, min(runs, int(budget / (2 * warm.seconds))))
        a, b = alternate(
            (f'4 belarus ask "{query}" (bundled + corpus)', self.ask(query), self.corpus_env),
            (f'4 belarus ask "{query}" (bundled only)', self.ask(query), self.bundled_env),
            runs,
            warm_up=(False, True),
        )
        row = self.ratio_row(a, b, limit)
        self.corpus_warm = True  # every corpus run leaves the cache warm for target 1
        self.details.append("4 " + cache_summary(self.corpus_cache) + " after the warm runs")
        if runs < self.runs:
            plural = "" if runs == 1 else "s"
            row.notes.append(f"a warm run took {warm.seconds:.1f} s, so only {runs} run{plural}")
        row.notes += stderr_note(warm)
        return row

    def target_edits(self) -> tuple[Row, Row, Row]:
        files = sorted(self.corpus.glob(f"{generate_corpus.FILE_PREFIX}*.toml"))
        if not files:
            raise BenchError(f"no corpus files in {self.corpus}")
        path = files[len(files) // 2]
        if not self.corpus_warm:  # the cache must be warm before the edit
            checked(self.ask(), self.corpus_env)
        rows = []
        with edited(path):
            # a) append a new fact: the file grows
            marker = f"benchmark{uuid.uuid4().hex[:10]}"
            text = path.read_text(encoding="utf-8")
            fact_id, record = new_fact(text, marker)
            path.write_text(text + record, encoding="utf-8")
            rows.append(self.edit_row(marker, fact_id, marker, f"appended to {path.name}"))
            # b) change the new fact's words to others of the same length: same size
            before = path.stat()
            other = f"benchmark{uuid.uuid4().hex[:10]}"
            path.write_text(path.read_text(encoding="utf-8").replace(marker, other), "utf-8")
            after = path.stat()
            same = "same size" if after.st_size == before.st_size else "size changed (bug)"
            moved = "new mtime" if after.st_mtime_ns != before.st_mtime_ns else "SAME mtime"
            note = f"changed {path.name}: {same}, {moved}"
            rows.append(self.edit_row(other, fact_id.replace(marker, other), other, note))
            # c) delete the file: its facts must be gone from the next answer
            path.unlink()
            gone = fact_id.replace(marker, other)
            rows.append(self.edit_row(other, gone, other, f"deleted {path.name}", present=False))
        return rows[0], rows[1], rows[2]

    def edit_row(
        self, query: str, fact_id: str, value_word: str, note: str, present: bool = True
    ) -> Row:
        sample = run_once(self.ask(query), self.corpus_env, capture=True, tree=True)
        try:
            records = json.loads(sample.stdout) if sample.returncode == 0 else []
        except ValueError:
            records = []
        found = any(
            isinstance(r, dict) and r.get("id") == fact_id and value_word in str(r.get("value"))
            for r in records
        )
        answered = sample.returncode in ((0,) if present else (0, 1))
        fresh = answered and found == present
        ok = fresh and sample.seconds <= EDIT_SECONDS
        state = "fresh" if fresh else "STALE"
        notes = [note]
        if not fresh:
            lines = [line for line in sample.stderr.splitlines() if line.strip()]
            last = f": {lines[-1][:160]}" if lines else ""
            wrong = "not in" if present else "still in"
            notes.append(f"the edited fact is {wrong} the answer (exit {sample.returncode}){last}")
        self.details.append(f"1 {note}: {sample.seconds:.2f} s, {sample.peak_mb:.0f} MB, {state}")
        return Row(
            "",
            f"{sample.seconds:.2f} s, {state}",
            f"<= {EDIT_SECONDS:.1f} s, fresh",
            verdict(ok),
            [*notes, *stderr_note(sample)],
        )

    def target_export(self) -> Row:
        """`belarus export` of the corpus to a SQLite file, the index warm."""
        target = self.temp / "export.db"
        samples = []
        for _ in range(self.cold_runs):
            target.unlink(missing_ok=True)
            samples.append(checked([*self.belarus, "export", "-o", str(target)], self.corpus_env))
        timing = Timing("9 belarus export -o export.db (bundled + corpus)", samples)
        self.details.append(timing.describe())
        ok = timing.median <= EXPORT_SECONDS
        return Row("", f"{timing.median:.2f} s", f"<= {EXPORT_SECONDS:.0f} s", verdict(ok))

    def target_read(self, command: tuple[str, ...]) -> Row:
        """A read of the warm index with the corpus added, against the bundled facts alone."""
        cmd = [*self.belarus, *command, "--format", "json"]
        if command[0] == "cite":
            cmd = [*self.belarus, *command, "--accessed", "2026-11-25"]
        a, b = alternate(
            (f"8 belarus {' '.join(command)} (bundled + corpus)", cmd, self.corpus_env),
            (f"8 belarus {' '.join(command)} (bundled only)", cmd, self.bundled_env),
            self.runs,
        )
        return self.ratio_row(a, b, RATIO_READ)

    # --- all of it --------------------------------------------------------------------------

    def run(self) -> list[Row]:
        self.header()
        print(ensure_corpus(self.corpus))
        labels = {
            "1a": "1 edit one corpus file (append a fact): next ask",
            "1b": "1 edit one corpus file (same-size change): next ask",
            "1c": "1 edit one corpus file (delete it): next ask",
            "2a": "2 cold build of the 100k facts: time",
            "2b": "2 cold build of the 100k facts: peak memory",
            "3": "3 index size for 100k facts",
        }
        edit_limit = f"<= {EDIT_SECONDS:.1f} s, fresh"
        limits = {
            "1a": edit_limit,
            "1b": edit_limit,
            "1c": edit_limit,
            "2a": f"<= {COLD_SECONDS:.0f} s",
            "2b": f"<= {COLD_MB:.0f} MB",
            "3": f"<= {INDEX_MB:.0f} MB",
        }
        found: dict[str, Row] = {}
        for keys, work in ((("2a", "2b", "3"), self.target_cold), (("1a", "1b", "1c"), None)):
            if work is None:  # the edits come after the warm runs below
                continue
            log(f"measuring {labels[keys[0]]} ...")
            try:
                found.update(zip(keys, work(), strict=True))
            except BenchError as error:
                found.update(
                    (key, Row("", "-", limits[key], "ERROR", [str(error)])) for key in keys
                )
        warm = "4 warm ask with the corpus / bundled only"
        self.measure(f'{warm}: "{QUERY}"', f"<= {RATIO_CORPUS}x", self.target_corpus)
        frequent = partial(self.target_corpus, FREQUENT_QUERY, RATIO_FREQUENT)
        self.measure(f"{warm}: a frequent word", f"<= {RATIO_FREQUENT}x", frequent)
        try:
            log(f"measuring {labels['1a']} ...")
            found.update(zip(("1a", "1b", "1c"), self.target_edits(), strict=True))
        except BenchError as error:
            for key in ("1a", "1b", "1c"):
                found[key] = Row("", "-", limits[key], "ERROR", [str(error)])
        for key in ("1a", "1b", "1c", "2a", "2b", "3"):
            found[key].target = labels[key]
        later = self.rows
        self.rows = [found[key] for key in ("1a", "1b", "1c", "2a", "2b", "3")] + later
        t5 = "5 ask --format json / import typer"
        self.measure(t5, f"<= {RATIO_STARTUP}x", self.target_ask)
        self.measure("5 --version / import typer", f"<= {RATIO_VERSION}x", self.target_version)
        t6 = "6 show troops (colour, 120 columns) / bench/rich_table.py"
        self.measure(t6, f"<= {RATIO_TABLE}x", self.target_show)
        t7 = f"7 check a {CHECK_WORDS:,}-word draft"
        self.measure(t7, f"<= {CHECK_SECONDS:.0f} s", self.target_check)
        for command in READ_COMMANDS:
            label = f"8 {' '.join(command)} with corpus / bundled only (warm)"
            self.measure(label, f"<= {RATIO_READ}x", partial(self.target_read, command))
        t9 = "9 export the 100k facts to SQLite (warm)"
        self.measure(t9, f"<= {EXPORT_SECONDS:.0f} s", self.target_export)
        return self.rows

    def report(self) -> None:
        print()
        print_table(self.rows)
        notes = [f"  {row.target.split()[0]}: {note}" for row in self.rows for note in row.notes]
        if notes:
            print("notes:")
            print("\n".join(dict.fromkeys(notes)))
        print("details:")
        print("\n".join(f"  {line}" for line in sorted(self.details, key=lambda d: d[0])))

    def cleanup(self) -> None:
        shutil.rmtree(self.temp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="timed pairs per ratio (21)")
    parser.add_argument("--quick", action="store_true", help="a smoke test: 5 runs, 1 cold run")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=BENCH / "corpus",
        help="where the 100,000-fact corpus is, or is generated if missing (bench/corpus)",
    )
    parser.add_argument(
        "--belarus",
        metavar="CMD",
        help="the command to measure (default: the `belarus` script next to this python)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if any target fails")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    bench = Bench(args)
    try:
        bench.run()
    finally:
        bench.report()
        bench.cleanup()
    failed = [row for row in bench.rows if row.result != "PASS"]
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
