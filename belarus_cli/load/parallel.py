"""Many fact files parsed in order: in worker processes, one per usable CPU, when there are
enough files to pay for starting them, else (or when the system refuses them) here."""

from __future__ import annotations

import os
import sys
from collections.abc import Generator
from dataclasses import replace
from pathlib import Path
from typing import Any

from .fact_file import parse_file
from .hook import Prepare, Prepared
from .parsed import ParsedFile

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM_FILES = 64
MAX_WORKERS = 8


def parse_each(
    items: list[tuple[int, Path]], prepare: Prepare | None
) -> Generator[tuple[ParsedFile, Prepared | None], None, None]:
    """Each file parsed (and prepared), in order."""
    done = 0
    workers = min(_usable_cpus(), MAX_WORKERS)
    if workers > 1 and len(items) >= PARALLEL_FROM_FILES:
        in_workers = _parse_in_workers(items, workers, prepare)
        try:
            for result in in_workers:
                yield result
                done += 1
        except (OSError, ImportError, RuntimeError):
            pass  # some systems refuse worker processes: the rest is parsed here
        finally:
            in_workers.close()
    for item in items[done:]:
        yield _parse_and_prepare(item, prepare)


def _parse_and_prepare(
    item: tuple[int, Path], prepare: Prepare | None
) -> tuple[ParsedFile, Prepared | None]:
    """The file as handed on, with what `prepare` made of it: the facts it indexed travel as
    its rows only, so the file handed on keeps the others."""
    ordinal, path = item
    parsed = parse_file(path)
    if prepare is None or parsed.problems:
        return parsed, None
    prepared = prepare(parsed, ordinal)
    if not prepared.indexed:
        return parsed, prepared
    kept = [fact for fact in parsed.facts if fact.id not in prepared.indexed]
    return replace(parsed, facts=kept), prepared


def _parse_in_workers(
    items: list[tuple[int, Path]], workers: int, prepare: Prepare | None
) -> Generator[tuple[ParsedFile, Prepared | None], None, None]:
    """Each file parsed in one of `workers` processes, in order.

    Plain forked processes, one pipe each, and no threads: the files are dealt out in turn
    before the workers start, so each only sends. In turn, file by file, because a worker
    waits while its pipe is full, until the results are read in order: dealt out in runs of
    several files, the workers would take turns rather than work at once. A worker that
    cannot be started (a process limit) raises OSError here, and the caller parses the rest
    itself. However this ends, Ctrl-C included, every worker is killed and waited for before
    it returns; and a worker whose parent dies is killed with it (see _start_worker).
    """
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
    except ValueError as error:  # no fork on this system
        raise OSError(str(error)) from None
    shares = [items[first::workers] for first in range(workers)]
    readers: list[Any] = []
    processes: list[Any] = []
    try:
        for share in shares:
            reader, writer = context.Pipe(duplex=False)
            readers.append(reader)
            process = context.Process(
                target=_work, args=(writer, share, prepare, readers, os.getpid()), daemon=True
            )
            try:
                process.start()
            finally:
                writer.close()  # the worker's now: its end of file means the worker is gone
            processes.append(process)
        for position in range(len(items)):
            try:
                done, result = readers[position % workers].recv()
            except EOFError:
                raise RuntimeError("a worker process ended early") from None
            if not done:
                raise result
            yield result
    finally:
        _stop(processes, readers)


def _stop(processes: list[Any], readers: list[Any]) -> None:
    """Kill and wait for the workers, with Ctrl-C held back meanwhile: a second Ctrl-C
    then ends the run once they are gone, never leaves one behind."""
    import signal

    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        for process in processes:
            if process.is_alive():
                process.kill()
        for process in processes:
            process.join()
        for reader in readers:
            reader.close()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _work(
    writer: Any,
    share: list[tuple[int, Path]],
    prepare: Prepare | None,
    readers: list[Any],
    parent: int,
) -> None:
    """A worker: parse its share of the files and send each result back, in order."""
    for reader in readers:
        reader.close()  # the parent's alone, so that its end of file is seen
    _start_worker(parent)
    try:
        for item in share:
            try:
                writer.send((True, _parse_and_prepare(item, prepare)))
            except (BrokenPipeError, EOFError):
                return  # the parent is gone or stopped reading
            except Exception as error:  # a bug: raised in the parent, where it is reported
                writer.send((False, error))
                return
    finally:
        writer.close()


def _start_worker(parent: int) -> None:
    """Workers leave Ctrl-C to the main process, which kills them and exits quietly; they die
    with it too (Linux's parent-death signal), so that no worker outlives a killed run. They
    run without the cyclic garbage collector: what they parse is freed file by file as it is
    handed back, and forms no cycles, so the collector would only walk it again."""
    import gc
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):  # not the parent's handlers: a worker just ends
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    gc.disable()


def _usable_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
