"""Bytes in: size limits and binary detection for one input (decoding is in encoding.py)."""

from __future__ import annotations

import codecs
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


def read_input_bytes(path: Path, max_bytes: int) -> bytes:
    """Read a file, refusing unreadable, empty and oversized ones with an actionable message."""
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror})", "check the path and its permissions") from exc
    if size > max_bytes:
        raise InputError(
            source,
            f"is {size:,} bytes, over the {max_bytes:,}-byte limit",
            "split it, or raise the limit with --max-bytes",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror})", "check the path and its permissions") from exc
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
