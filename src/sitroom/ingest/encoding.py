"""Bytes to text: a forced encoding, BOMs, UTF-16 without a BOM, UTF-8, and legacy code pages by evidence.

Real pages saved on Windows arrive in cp1252 (Western) or cp1250 (Central European), older
ones in latin-1 or iso-8859-2. The same byte is a different letter in each (0xEF is "ï" in
cp1252 and "ď" in cp1250, 0xE5 is "å" and "ĺ"), and charset-normalizer alone picked cp1250
for Western text ("naïve" stored as "naďve", "Åström" as "Ĺström"). So each candidate
decoding is scored on what it produces:

- how coherent its accented letters are: the share that one language's alphabet holds
  (Czech text decodes to č ř ě ů under cp1250 but to è ø ì ù, no language's set, under cp1252);
- how common those letters are (a decoding full of rare ones, "ď", "ĺ", is a misreading);
- C1 control characters (latin-1's reading of cp1252 punctuation) and symbols against
  letters ("³" is a cp1252 misreading of cp1250 "ł"), both signs of the wrong page;
- charset-normalizer's own first choice, as a tie-breaker;
- then a prior for the more common page (cp1252 over latin-1, cp1250 over iso-8859-2).

The chosen encoding and the evidence are reported in the ingest warnings.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from sitroom.errors import InputError
from sitroom.ingest.reading import describe_binary

LEGACY = ("cp1252", "latin-1", "cp1250", "iso8859-2")
PRIOR = {"cp1252": 0.3, "latin-1": 0.2, "cp1250": 0.1, "iso8859-2": 0.0}
# The accented letters each language writes (lower case). A decoding whose letters fit one of
# these sets is far likelier right than one that mixes letters no language uses together.
ALPHABETS = {
    "French": "àâæçéèêëîïôœùûüÿ", "German": "äöüß", "Spanish": "áéíóúñü", "Portuguese": "áâãàçéêíóôõú",
    "Italian": "àèéìíîòóùú", "Dutch": "éëïöüèáó", "Swedish": "åäöé", "Danish/Norwegian": "æøåéó", "Finnish": "äöå",
    "Icelandic": "áðéíóúýþæö", "Polish": "ąćęłńóśźż", "Czech": "áčďéěíňóřšťúůýž", "Slovak": "áäčďéíĺľňóôŕšťúýž",
    "Hungarian": "áéíóöőúüű", "Slovene/Croatian": "čćđšž", "Romanian": "ăâîșşțţ",
}  # fmt: skip
# Names in one article come from many languages of one region (a Swedish and a French name in
# an English text): the regional union is the first test, the single language the second.
WESTERN = ("French", "German", "Spanish", "Portuguese", "Italian", "Dutch", "Swedish", "Danish/Norwegian", "Finnish", "Icelandic")
REGIONS = {
    "Western European": "".join(ALPHABETS[n] for n in WESTERN),
    "Central European": "".join(a for n, a in ALPHABETS.items() if n not in WESTERN),
}
# Letters that exist in some language but are rare in any text (Slovak ĺ ŕ, Icelandic ð þ, a
# French diaeresis): a decoding full of them is a misreading ("naïve" as "naďve", "Åström" as "Ĺström").
RARE = frozenset("ďťňĺľŕôőűðþÿïëìîòãõăţ")
# Symbols that sit against a letter only when a letter byte was misread (cp1250 "Ł" read as cp1252
# is "£", "ł" is "³"; iso-8859-2 "Š" read as cp1250 is "©"); the degree sign is left out ("5°C").
_SUSPECT = frozenset(["So", "Sm", "Sc", "No", "Co", "Cn"])
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


@dataclass
class Reading:
    """One candidate decoding and its score."""

    encoding: str
    text: str
    language: str
    coherence: float  # share of the accented letters that the best language's alphabet holds
    region: str
    regional: float  # the same share for the best region's alphabets
    commonness: float  # 1.0 when no accented letter is a RARE one
    controls: int
    symbols_in_words: int
    score: float = 0.0


def decode_bytes(data: bytes, source: str, encoding: str = "") -> tuple[str, list[str]]:
    """Decode ``data`` to text. Returns the text and warnings (which legacy encoding was chosen, and why).

    Cascade: a forced ``encoding`` (before any binary check: it is the user's word, and UTF-16
    without a BOM looks binary); a BOM; UTF-16 without a BOM told by its NUL bytes; the binary
    check; strict UTF-8; damaged UTF-8 refused; then the legacy code pages by evidence.
    """
    if encoding:
        try:
            return data.decode(encoding), []
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(source, f"cannot be decoded as {encoding} ({exc})", "check --encoding") from exc
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name), []
    if (utf16 := sniff_utf16(data)) is not None:
        return data.decode(utf16), [f"{source}: decoded as {utf16.upper()} (no byte-order mark; told by its NUL bytes)"]
    binary = describe_binary(data)
    if binary:
        raise InputError(source, f"is {binary}, not an article", "convert it to text, HTML or JSON first")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if len(_UTF8_MULTIBYTE.findall(data[:200_000])) >= 2:
        # Real UTF-8 with a damaged stretch (a truncated download, a bad copy-paste): a
        # legacy decode would garble every other non-ASCII character, so refuse instead.
        raise InputError(source, f"is damaged UTF-8 (invalid byte at offset {utf8_error.start})",
                         "re-save it as UTF-8, or pass --encoding NAME if it is really in another encoding")  # fmt: skip
    best = choose_legacy(data)
    if best is None:
        raise InputError(source, f"is not valid UTF-8 (byte {utf8_error.start}) and its encoding cannot be guessed",
                         "re-save it as UTF-8 or pass --encoding NAME")  # fmt: skip
    name = best.encoding
    if name in ("cp1252", "latin-1") and not any(0x80 <= b <= 0x9F for b in data):
        name = "cp1252 (latin-1 reads these bytes the same)"
    return best.text, [f"{source}: not UTF-8; decoded as {name} ({describe_evidence(best)}); pass --encoding NAME if names look wrong"]


def sniff_utf16(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" if NUL bytes fill one of the two byte positions, as in UTF-16 text.

    Text in Latin script as UTF-16 has a NUL in every other byte; other binary formats have
    NULs scattered across both positions.
    """
    head = data[:4096]
    if len(head) < 8 or len(head) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    pairs = len(head) // 2
    if odd.count(0) > 0.6 * pairs and even.count(0) < 0.05 * pairs:
        name = "utf-16-le"
    elif even.count(0) > 0.6 * pairs and odd.count(0) < 0.05 * pairs:
        name = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    # And the result must read as text, not as a binary format that happens to hold NUL pairs.
    printable = sum(1 for c in text[:2048] if c.isprintable() or c in "\n\r\t")
    return name if printable >= 0.95 * min(len(text), 2048) else None


def choose_legacy(data: bytes) -> Reading | None:
    """The legacy code page whose decoding reads most like a European language, or None if none decodes."""
    readings = [r for r in (_read(data, name) for name in LEGACY) if r is not None]
    if not readings:
        return None
    ranked = from_bytes(data, cp_isolation=list(LEGACY)).best()
    favourite = codecs.lookup(ranked.encoding).name if ranked is not None else ""
    for r in readings:
        r.score = 10 * r.regional + 2 * r.coherence + 3 * r.commonness - 5 * r.controls - 3 * r.symbols_in_words + PRIOR[r.encoding]
        r.score += 0.5 if codecs.lookup(r.encoding).name == favourite else 0.0
    return max(readings, key=lambda r: r.score)


def _read(data: bytes, encoding: str) -> Reading | None:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None  # a byte this page leaves undefined (cp1252 0x81, cp1250 0x98...)
    letters = [c.lower() for c in text if ord(c) > 127 and c.isalpha()]
    language, coherence = _best_fit(letters, ALPHABETS)
    region, regional = _best_fit(letters, REGIONS)
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and 0x80 <= ord(c) <= 0x9F)
    symbols = sum(1 for a, c, b in zip(" " + text, text, text[1:] + " ", strict=False)
                  if ord(c) > 127 and c != "°" and unicodedata.category(c) in _SUSPECT and (a.isalpha() or b.isalpha()))  # fmt: skip
    common = sum(0.3 if c in RARE else 1.0 for c in letters) / len(letters) if letters else 1.0
    return Reading(encoding, text, language, round(coherence, 3), region, round(regional, 3), round(common, 3), controls, symbols)


def _best_fit(letters: list[str], alphabets: dict[str, str]) -> tuple[str, float]:
    """The alphabet holding most of ``letters``, and the share it holds (("", 1.0) with no letters)."""
    if not letters:
        return "", 1.0
    name, fit = max(((n, sum(c in a for c in letters)) for n, a in alphabets.items()), key=lambda x: x[1])
    return name, fit / len(letters)


def describe_evidence(reading: Reading) -> str:
    """Why this encoding: "its accented letters fit Czech", "latin-1 would give 3 control characters"."""
    if not reading.language:
        return "no accented letters; cp1252 and latin-1 read it alike"
    return f"its accented letters are {reading.region} ({reading.regional:.0%}), most like {reading.language} ({reading.coherence:.0%})"
