"""RTF: a tokenizer that keeps the document's text, in its code page, and skips everything else."""

import codecs
import contextlib
import re

from cphelpdesk.core.extractors.base import UNREADABLE, Collector, ExtractionError, Flow

_RTF_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+",
                        re.DOTALL)
# Destinations whose content is not text of the document.
_RTF_SKIP = {b"fonttbl", b"colortbl", b"stylesheet", b"info", b"pict", b"object", b"themedata", b"datastore",
             b"colorschememapping", b"latentstyles", b"listtable", b"listoverridetable", b"rsidtbl", b"generator",
             b"fldinst", b"xmlnstbl", b"filetbl", b"revtbl", b"pgdsctbl", b"nonshppict", b"listtext"}
_RTF_CHARS = {b"tab": " ", b"cell": " ", b"emdash": "\u2014", b"endash": "\u2013", b"bullet": "\u2022",
              b"lquote": "\u2018", b"rquote": "\u2019", b"ldblquote": "\u201c", b"rdblquote": "\u201d",
              b"emspace": " ", b"enspace": " ", b"qmspace": " "}
RTF_MAX_DEPTH = 10000  # real documents nest a few dozen groups deep
_RTF_LINES = {b"par", b"line", b"row", b"sect", b"page"}
_RTF_SYMBOLS = {b"~": " ", b"_": "-", b"\\": "\\", b"{": "{", b"}": "}", b"\n": "\n", b"\r": "\n"}


def _rtf(data: bytes, limits, collector: Collector) -> None:
    if not data.lstrip().startswith(b"{\\rtf"):
        raise ExtractionError(UNREADABLE, "no RTF header")
    codec = "cp1252"
    flow = Flow(collector)
    raw = bytearray()  # \'hh bytes, decoded together: a multi-byte code page spans several of them
    high_surrogate = 0
    stack: list[tuple[bool, int]] = []
    skipping, uc, to_skip = False, 1, 0
    position, length = 0, len(data)

    def put(text: str) -> None:
        if raw:
            flow._add(bytes(raw).decode(codec, errors="replace"))
            raw.clear()
        if text == "\n":
            flow.flush()
        elif text:
            flow._add(text)

    while position < length:
        match = _RTF_TOKEN.match(data, position)
        if match is None:  # a lone backslash at the very end
            break
        position = match.end()
        word, argument, hexa, symbol, brace, text = match.groups()
        if brace == b"{":
            if len(stack) > RTF_MAX_DEPTH:
                raise ExtractionError(UNREADABLE, "groups nested too deep")
            stack.append((skipping, uc))
            continue
        if brace == b"}":
            skipping, uc = stack.pop() if stack else (skipping, uc)
            to_skip = 0
            continue
        if word == b"bin":
            position += max(0, int(argument or 0))  # binary data: never text
            continue
        if skipping:
            continue
        if word is not None:
            if word in _RTF_SKIP:
                skipping = True
            elif word == b"ansicpg" and argument:
                with contextlib.suppress(LookupError):  # an unknown code page: keep cp1252
                    codec = codecs.lookup(f"cp{int(argument)}").name
            elif word == b"uc" and argument:
                uc = max(0, int(argument))
            elif word == b"u" and argument:
                unit = int(argument) % 65536
                to_skip = uc
                if 0xD800 <= unit < 0xDC00:
                    high_surrogate = unit
                elif 0xDC00 <= unit < 0xE000 and high_surrogate:
                    put(chr(0x10000 + ((high_surrogate - 0xD800) << 10) + (unit - 0xDC00)))
                    high_surrogate = 0
                else:
                    put(chr(unit))
            elif word in _RTF_LINES:
                put("\n")
            elif word in _RTF_CHARS:
                put(_RTF_CHARS[word])
        elif symbol is not None:
            if symbol == b"*":
                skipping = True  # an ignorable destination: its group is skipped whole
            elif symbol in _RTF_SYMBOLS:
                put(_RTF_SYMBOLS[symbol])
        elif hexa is not None:
            if to_skip:
                to_skip -= 1
            else:
                raw.append(int(hexa, 16))
        elif text is not None:
            if to_skip:
                skipped = min(to_skip, len(text))
                text, to_skip = text[skipped:], to_skip - skipped
            if text:
                put(text.decode(codec, errors="replace"))
    put("")
    flow.close()


def read(data: bytes, kind: str, limits, collector: Collector, charset: str | None = None) -> None:
    """The text of an RTF document (pages: none)."""
    _rtf(data, limits, collector)
