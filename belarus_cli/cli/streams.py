"""The process's standard streams and terminal size, made safe once when the command starts.

What the answer needs must not depend on what the pipes and the terminal can take:

- stdout that cannot encode a character (an ASCII or Latin-1 locale) shows it as an escape
  such as \\u2019 (valid inside JSON strings too), rather than failing halfway through the output;
- a closed stdout (`>&-`) is an I/O error, reported as one; a reader that goes away (`| head`)
  is remembered, so that every path that meets the broken pipe ends with exit 0;
- stderr that fails (closed, full, a pipe nobody reads) never raises: a note or a warning
  lost there must not cost the answer on stdout, nor change the exit code;
- a COLUMNS or LINES that no terminal can have (0, or more digits than an index can hold)
  counts as unset, so the terminal's own size is used.

Only the installed command (main) does this; tests that run the app in-process keep the
runner's streams.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import os
import sys
from typing import IO, cast

# Wider or taller than any terminal: such a COLUMNS or LINES is a mistake, not a size.
MAX_TERMINAL_SIZE = 10_000


ESCAPE = "belarus-escape"


def _escape(error: UnicodeError) -> tuple[str, int]:
    """What stdout's encoding lacks, as \\uXXXX escapes (a character beyond U+FFFF as its
    UTF-16 pair): readable in text, and still valid inside a JSON string."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    escaped = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            escaped.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escaped.append(f"\\u{code:04x}")
    return "".join(escaped), error.end


class _Stream(io.TextIOBase):
    """A text stream in front of one of the process's own, which may be missing (closed)."""

    def __init__(self, inner: IO[str] | None, name: str) -> None:
        super().__init__()
        self._inner = inner
        self.stream_name = name

    # Properties, as on io.TextIOBase, where typeshed calls them attributes.
    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._inner, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self._inner, "errors", None)

    def isatty(self) -> bool:
        try:
            return self._inner is not None and self._inner.isatty()
        except (OSError, ValueError):
            return False

    def fileno(self) -> int:
        if self._inner is None:
            raise OSError(errno.EBADF, f"{self.stream_name} is closed")
        return self._inner.fileno()

    def writable(self) -> bool:
        return True


class Output(_Stream):
    """stdout: writes go through until the reader goes away; other failures are raised as
    OSError naming the stream, which the CLI reports as an I/O error (exit 74)."""

    def __init__(self, inner: IO[str] | None) -> None:
        super().__init__(inner, "stdout")
        self.reader_gone = False
        if isinstance(inner, io.TextIOWrapper) and inner.errors == "strict":
            codecs.register_error(ESCAPE, _escape)
            inner.reconfigure(errors=ESCAPE)

    def write(self, text: str) -> int:
        if self.reader_gone:
            return len(text)
        if self._inner is None:
            raise OSError(errno.EBADF, "stdout is closed", "stdout")
        try:
            return self._inner.write(text)
        except OSError as error:
            raise self._failed(error) from None

    def flush(self) -> None:
        if self.reader_gone or self._inner is None:
            return
        try:
            self._inner.flush()
        except OSError as error:
            raise self._failed(error) from None

    def _failed(self, error: OSError) -> OSError:
        if isinstance(error, BrokenPipeError):
            self._reader_went_away()
        elif error.filename is None:
            error.filename = "stdout"
        return error

    def _reader_went_away(self) -> None:
        self.reader_gone = True
        # Python flushes stdout again at exit: point it at /dev/null so that cannot fail.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.fileno())
            os.close(devnull)


class Diagnostics(_Stream):
    """stderr: written to as far as it goes; a failure is noted, never raised."""

    def __init__(self, inner: IO[str] | None) -> None:
        super().__init__(inner, "stderr")
        self.failed = False

    def write(self, text: str) -> int:
        try:
            if self._inner is not None:
                self._inner.write(text)
        except (OSError, ValueError):
            self.failed = True
        return len(text)

    def flush(self) -> None:
        try:
            if self._inner is not None:
                self._inner.flush()
        except (OSError, ValueError):
            self.failed = True


def prepare() -> Output:
    """Put the safe streams in place of the process's own; the stdout one is returned, for
    its `reader_gone`."""
    output = sys.stdout if isinstance(sys.stdout, Output) else Output(sys.stdout)
    sys.stdout = cast(IO[str], output)
    if not isinstance(sys.stderr, Diagnostics):
        sys.stderr = cast(IO[str], Diagnostics(sys.stderr))
    for name in ("COLUMNS", "LINES"):
        if not usable_size(os.environ.get(name)):
            os.environ.pop(name, None)
    return output


def usable_size(value: str | None) -> bool:
    """Whether a COLUMNS or LINES value may stand (unset, or a size a terminal can have);
    values that are not numbers are left to Rich, which ignores them."""
    digits = (value or "").strip()
    if not digits.isdigit():
        return True
    # int() refuses more than 4,300 digits: the length decides first.
    return len(digits) <= len(str(MAX_TERMINAL_SIZE)) and 1 <= int(digits) <= MAX_TERMINAL_SIZE
