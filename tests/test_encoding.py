"""Encodings: the same short text saved in each encoding is stored exactly as written."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from sitroom.errors import InputError
from sitroom.ingest import IngestOptions, read_path
from sitroom.ingest.encoding import choose_legacy, decode_bytes, sniff_utf16
from sitroom.model import Article

TITLE = "Harbour talks resume after the storm"
# Our own words; each code page gets the accented letters it holds.
WESTERN = "Café owner Zoë Åström called the plan “naïve” – a déjà vu for the façade crew in Málaga and Göttingen."
LATIN1 = "Café owner Zoë Åström called the plan naïve, a déjà vu for the façade crew in Málaga and Göttingen."
CENTRAL = "Mayor Dvořák met Łukasz Wójcik and Józef Ślusarczyk in Příbram; Štěpán from Žilina and Zoë from Łódź agreed."
CORPUS = [
    ("cp1252", WESTERN, b""), ("latin-1", LATIN1, b""), ("cp1250", CENTRAL, b""), ("iso8859-2", CENTRAL, b""),
    ("utf-8", CENTRAL + " " + WESTERN, b""), ("utf-8", WESTERN, codecs.BOM_UTF8),
    ("utf-16-le", CENTRAL + " " + WESTERN, codecs.BOM_UTF16_LE), ("utf-16-be", WESTERN, codecs.BOM_UTF16_BE),
    ("utf-16-le", CENTRAL + " " + WESTERN, b""), ("utf-16-be", CENTRAL, b""),
]  # fmt: skip


def _save(tmp_path: Path, encoding: str, body: str, bom: bytes) -> Path:
    path = tmp_path / f"article-{encoding}.txt"
    path.write_bytes(bom + f"{TITLE}\n\n{body}\n\nThe port reopens on Monday, officials said.\n".encode(encoding))
    return path


@pytest.mark.parametrize(("encoding", "body", "bom"), CORPUS, ids=[f"{e}{'-bom' if b else ''}" for e, _, b in CORPUS])
def test_text_in_each_encoding_is_stored_exactly_as_written(tmp_path: Path, encoding: str, body: str, bom: bytes) -> None:
    [article] = read_path(_save(tmp_path, encoding, body, bom), IngestOptions())
    assert isinstance(article, Article)
    assert article.title == TITLE
    assert article.text.split("\n\n")[0] == body


@pytest.mark.parametrize(("encoding", "body", "chosen"), [("cp1252", WESTERN, "cp1252"), ("latin-1", LATIN1, "cp1252 (latin-1"),
                                                           ("cp1250", CENTRAL, "cp1250"), ("iso8859-2", CENTRAL, "iso8859-2")])  # fmt: skip
def test_legacy_encoding_chosen_is_named_in_the_warnings(encoding: str, body: str, chosen: str) -> None:
    text, warnings = decode_bytes(body.encode(encoding), "page.txt")
    assert text == body
    assert len(warnings) == 1 and f"decoded as {chosen}" in warnings[0] and "accented letters are" in warnings[0]


def test_western_text_is_not_read_as_central_european() -> None:
    # cp1250 reads these bytes as "naďve Ĺström": the regression that issue 10 reported.
    reading = choose_legacy("The naïve Åström said so.".encode("cp1252"))
    assert reading is not None and reading.text == "The naïve Åström said so."


def test_forced_encoding_wins_before_the_binary_check() -> None:
    data = "Plain words, but in UTF-16.".encode("utf-16-le")
    assert decode_bytes(data, "x.txt", "utf-16-le")[0] == "Plain words, but in UTF-16."
    # Forced latin-1 on cp1252 bytes gives what the user asked for, C1 control and all.
    assert decode_bytes("“quoted”".encode("cp1252"), "x.txt", "latin-1")[0] == "\x93quoted\x94"


def test_forced_unknown_encoding_is_one_clear_error() -> None:
    with pytest.raises(InputError, match="cannot be decoded as klingon"):
        decode_bytes(b"abc", "x.txt", "klingon")


def test_utf16_without_bom_is_sniffed_from_its_nul_bytes() -> None:
    assert sniff_utf16("Some text here.".encode("utf-16-le")) == "utf-16-le"
    assert sniff_utf16("Some text here.".encode("utf-16-be")) == "utf-16-be"
    assert sniff_utf16(b"\x00\x01\x02\x03" * 20) is None
    assert sniff_utf16(b"plain ascii text") is None


def test_binary_with_nul_bytes_is_still_refused() -> None:
    with pytest.raises(InputError, match="binary data"):
        decode_bytes(bytes(range(256)) * 4, "x.bin")
