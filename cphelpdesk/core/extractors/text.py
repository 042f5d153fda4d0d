"""Plain text files (.txt, .csv, .tsv, .ics): any encoding, one line at a time."""

import codecs

from cphelpdesk.core.extractors.base import Collector

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]


def decode_text(data: bytes, charset: str | None = None) -> str:
    """Bytes of a text file as a string: a byte-order mark, else UTF-8, else the declared charset, else cp1252.

    UTF-8 is tried before a declared charset because valid UTF-8 is almost never anything else, while mail
    clients often declare a Latin charset for UTF-8 text. Latin-1 decodes anything, so this never fails.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    candidates = ["utf-8"]
    sample = data[:4096]
    if len(sample) >= 4:
        # UTF-16 without a byte-order mark: mostly-Latin text has a NUL in every other byte.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        half = len(sample) // 2
        if odd > 0.4 * half and even < 0.05 * half:
            candidates.insert(0, "utf-16-le")
        elif even > 0.4 * half and odd < 0.05 * half:
            candidates.insert(0, "utf-16-be")
    if charset:
        candidates.append(charset)
    for codec in [*candidates, "cp1252"]:
        try:
            return data.decode(codec)
        except (LookupError, UnicodeError, ValueError):
            continue
    return data.decode("latin-1")


def _text(data: bytes, limits, collector: Collector, charset: str | None = None) -> None:
    text = decode_text(data, charset)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # One line at a time: splitlines() or StringIO would hold every line, or 4 bytes a character, at once.
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        raw, start = text[start:end], end + 1
        if raw.strip():
            collector.line(raw)
        else:
            collector.paragraph_break()


def read(data: bytes, kind: str, limits, collector: Collector, charset: str | None = None) -> None:
    """The text of a text file (pages: none)."""
    _text(data, limits, collector, charset)
