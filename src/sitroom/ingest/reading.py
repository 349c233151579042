"""Bytes in: size limits and binary detection for one input (decoding is in encoding.py)."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from sitroom.errors import InputError

# Magic numbers of formats that people drop into a folder of articles by mistake.
_BINARY_MAGIC = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.xlsx)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "an SQLite database",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file",
}


def file_kind(mode: int) -> str | None:
    """What a non-regular file is ("a FIFO", "a directory", ...), or None for a regular file."""
    for test, name in ((stat.S_ISREG, None), (stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):  # fmt: skip
        if test(mode):
            return name
    return "not a regular file"


def read_input_bytes(path: Path, max_bytes: int) -> bytes:
    """Read a regular file, refusing special, unreadable, empty and oversized ones with an actionable message.

    Never hangs and never reads without bound: the type is checked before opening (a FIFO
    would block ``open`` until a writer came), the open is non-blocking in case the path was
    swapped meanwhile, and at most ``max_bytes + 1`` bytes are read whatever ``st_size`` says
    (files in /proc report 0; a link to /dev/zero never ends).
    """
    source = str(path)
    try:
        info = os.stat(path)
        kind = file_kind(info.st_mode)
        if kind is None and info.st_size > max_bytes:
            raise InputError(source, f"is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit",
                             "split it, or raise the limit with --max-bytes")  # fmt: skip
        if kind is None:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(fd, "rb") as f:
                kind = file_kind(os.fstat(fd).st_mode)
                data = f.read(max_bytes + 1) if kind is None else b""
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror})", "check the path and its permissions") from exc
    if kind is not None:
        raise InputError(source, f"is {kind}, not a file", "give article files (regular files) only")
    if len(data) > max_bytes:
        raise InputError(source, f"is over the {max_bytes:,}-byte limit", "split it, or raise the limit with --max-bytes")
    if not data.strip():
        raise InputError(source, "is empty", "remove it or add the article text")
    return data


def describe_binary(data: bytes) -> str | None:
    """Name the binary format of ``data``, or None if it looks like text."""
    for magic, name in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return name
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    head = data[:4096]
    if b"\x00" in head:
        return "binary data (it contains NUL bytes)"
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if controls > len(head) * 0.05:
        return "binary data (too many control characters)"
    return None
