"""Text from the operating system (file names, arguments) that may not be UTF-8.

Python hands bytes that are not UTF-8 over as lone surrogates ('\\udce9'), which SQLite,
JSON encoders and terminals refuse. Such text is shown, stored and compared in one readable,
encodable form instead: the bytes as escapes (b'w\\xe9.toml' reads "w\\xe9.toml").
"""

from __future__ import annotations


def is_utf8(text: str) -> bool:
    """Whether `text` came from valid UTF-8 (holds no lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def readable(text: str) -> str:
    """`text` with each byte that was not UTF-8 written as an escape such as \\xe9."""
    if is_utf8(text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
