"""Bytes in, text out: size limits, binary detection and encoding sniffing for one input."""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from charset_normalizer import from_bytes

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


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _has_valid_multibyte_utf8(data: bytes) -> bool:
    """True if ``data`` holds well-formed multi-byte UTF-8 sequences (and so is meant as UTF-8).

    Single-byte legacy text (cp1252, latin-1) almost never forms them: a lead byte such as
    0xE9 ('é') would have to be followed by two continuation bytes (0x80-0xBF), which are
    rare punctuation or symbols in those encodings.
    """
    return sum(1 for _ in _UTF8_MULTIBYTE.finditer(data[:200_000])) >= 2


def decode_bytes(data: bytes, source: str, encoding: str = "") -> tuple[str, list[str]]:
    """Decode ``data`` to text. Returns the text and warnings (e.g. a legacy encoding guessed).

    Cascade: a forced ``encoding``; a BOM; strict UTF-8; then a statistical guess, accepted
    only when charset-normalizer is confident, because a wrong guess silently garbles names.
    """
    warnings: list[str] = []
    binary = describe_binary(data)
    if binary:
        raise InputError(source, f"is {binary}, not an article", "convert it to text, HTML or JSON first")
    if encoding:
        try:
            return data.decode(encoding), warnings
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(source, f"cannot be decoded as {encoding} ({exc})", "check --encoding") from exc
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), warnings
            except UnicodeDecodeError as exc:
                raise InputError(source, f"is damaged {name.upper()} (invalid bytes at offset {exc.start})",
                                 "re-save it, or pass --encoding NAME") from exc  # fmt: skip
    try:
        return data.decode("utf-8"), warnings
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _has_valid_multibyte_utf8(data):
        # Real UTF-8 with a damaged stretch (a truncated download, a bad copy-paste): a
        # legacy decode would garble every other non-ASCII character, so refuse instead.
        raise InputError(
            source,
            f"is damaged UTF-8 (invalid byte at offset {utf8_error.start})",
            "re-save it as UTF-8, or pass --encoding NAME if it is really in another encoding",
        )
    best = from_bytes(data).best()
    if best is not None and best.encoding not in ("utf_8",) and best.chaos < 0.1:
        warnings.append(
            f"{source}: not UTF-8; decoded as {best.encoding} (pass --encoding NAME if names look wrong)"
        )
        return str(best), warnings
    raise InputError(
        source,
        f"is not valid UTF-8 (byte {utf8_error.start}) and its encoding cannot be guessed",
        "re-save it as UTF-8 or pass --encoding NAME",
    )
