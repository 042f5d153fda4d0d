"""Reading a raw message as it comes from the wild: any charset, any nesting, broken headers.

`parse(raw)` never raises on bad mail: what cannot be read is reported in `ParsedMail.problems`, and
the sender's address is accepted only when it is unambiguous (CVE-2023-27043: `alice@org)<bob@evil>`
must not be read as either). Header values never keep a CR or LF (CVE-2024-6923).
"""

import email
import email.policy
import email.utils
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import HeaderRegistry
from email.message import EmailMessage, Message
from html.parser import HTMLParser

import nh3
from tnefparse import TNEF

# Charset labels seen in the wild that Python does not know, or knows as a smaller set.
CHARSET_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "ks_c_5601-1987": "cp949", "iso-8859-8-i": "iso-8859-8", "x-unknown": "utf-8", "unknown-8bit": "utf-8",
    "x-user-defined": "windows-1252", "ansi_x3.4-1968": "ascii", "us-ascii": "windows-1252",
    "iso-8859-1": "windows-1252", "latin1": "windows-1252",  # mail labelled latin-1 is nearly always cp1252
}
ADDRESS = re.compile(r"[^\s<>()\[\]\"',;:@]+@[^\s<>()\[\]\"',;:@]+\.[^\s<>()\[\]\"',;:@]+")
# Anything shaped like an address in a From header, dotless domains (`root@localhost`) and RFC 6532 UTF-8 included:
# a sender is accepted only when every one of these names the same mailbox.
ADDRESS_LIKE = re.compile(r"[^\s<>()\[\]\"',;:@]+@[^\s<>()\[\]\"',;:@]+")
# Blank lines a pipe or a mailbox export may put before the header block.
LEADING_BLANK_LINES = re.compile(rb"\A(?:[ \t]*\r?\n)+")
HTML_ALLOWED_TAGS = {"a", "b", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4", "hr", "i", "li",
                     "ol", "p", "pre", "span", "strong", "table", "tbody", "td", "th", "thead", "tr", "u", "ul"}


_HEADER_TYPES = HeaderRegistry()


@functools.lru_cache(maxsize=64)
def _header_object(name: str, value: str):
    return _HEADER_TYPES(name, value)


class _RememberedHeaders(HeaderRegistry):
    """The default policy's header objects, each (name, value) parsed once: reading a message asks for its
    Content-Type half a dozen times (the parser, every `get_content_type`), and structured header parsing is
    the dearest step of intake. The objects are immutable, so sharing them changes nothing."""

    def __call__(self, name, value):
        return _header_object(name, value)


# `email.policy.default`, with the header objects remembered (`_RememberedHeaders`).
POLICY = email.policy.default.clone(header_factory=_RememberedHeaders())


@dataclass
class MailAttachment:
    name: str
    content_type: str
    data: bytes
    inline: bool = False  # shown in the body (an embedded image), not attached by the sender


@dataclass
class ParsedMail:
    message_id: str = ""
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    subject: str = ""
    sender_name: str = ""
    sender_address: str = ""
    sender_problem: str = ""
    recipients: list[str] = field(default_factory=list)
    date: datetime | None = None
    text: str = ""
    html: str = ""
    attachments: list[MailAttachment] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # CLASSIFYING_HEADERS present -> cleaned first value
    content_type: str = ""
    report_type: str = ""
    problems: list[str] = field(default_factory=list)
    report: str = ""  # the machine-readable part of a delivery report
    digest: bool = False  # holds a multipart/digest (a mailing list's digest)
    message: Message | None = field(default=None, repr=False, compare=False)  # for bounce recognisers


CLASSIFYING_HEADERS = ("auto-submitted", "x-autoreply", "x-autorespond", "precedence", "list-id", "list-post",
                       "return-path", "x-auto-response-suppress", "list-unsubscribe", "x-mailman-version",
                       "x-beenthere", "x-mailing-list", "mailing-list", "sender", "x-failed-recipients")


def clean_header(value) -> str:
    """A header value as safe text: decoded, CR/LF and other control characters turned into spaces."""
    text = str(value) if value is not None else ""
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        # Raw 8-bit bytes in a header (no encoded word): read them as UTF-8, else as Windows-1252.
        data = text.encode("utf-8", "surrogateescape")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("windows-1252", "replace")
    text = "".join(" " if unicodedata.category(ch) in {"Cc", "Zl", "Zp"} else ch for ch in text)
    return " ".join(text.split())


def without_leading_blank_lines(raw: bytes) -> bytes:
    """The message without the blank lines a pipe or a mailbox export may put before its headers (the stored
    bytes keep them; whatever reads the headers reads this)."""
    return LEADING_BLANK_LINES.sub(b"", raw, count=1) if raw[:1] in {b"\n", b"\r", b" ", b"\t"} else raw


def parse(raw: bytes) -> ParsedMail:
    """Everything the helpdesk needs from one raw RFC 5322 message."""
    parsed = ParsedMail()
    try:
        message = email.message_from_bytes(without_leading_blank_lines(raw), policy=POLICY)
    except Exception as error:  # the email package is robust, but nothing here may crash intake
        parsed.problems.append(f"unreadable message: {error}")
        return parsed
    parsed.message = message
    # Only the headers that classification reads: decoding every Received line costs more than the rest.
    parsed.headers = {name: _header(message, name) for name in CLASSIFYING_HEADERS if name in message}
    # Identifiers, addresses and dates are read from the raw header text: they are never encoded words,
    # and structured header parsing is the dearest step of intake.
    raw_headers = {}
    for name, value in message.raw_items():
        raw_headers.setdefault(name.lower(), clean_header(value))
    parsed.message_id = raw_headers.get("message-id", "")[:500]
    parsed.in_reply_to = _message_ids(raw_headers.get("in-reply-to", ""))
    parsed.references = _message_ids(raw_headers.get("references", ""))
    parsed.subject = _header(message, "Subject")[:998]
    parsed.content_type = message.get_content_type()
    parsed.report_type = (message.get_param("report-type") or "").lower() if parsed.content_type == \
        "multipart/report" else ""
    parsed.sender_name, parsed.sender_address, parsed.sender_problem = _sender(message)
    parsed.recipients = [addr.lower() for header in ("to", "cc", "delivered-to", "x-original-to")
                         for addr in ADDRESS.findall(raw_headers.get(header, ""))]
    try:
        parsed.date = email.utils.parsedate_to_datetime(raw_headers["date"]) if raw_headers.get("date") else None
    except (TypeError, ValueError, IndexError, KeyError):
        parsed.date = None
    texts, htmls = [], []
    _walk(message, parsed, texts, htmls)
    parsed.text = "\n\n".join(text for text in texts if text.strip()).strip()
    html = "\n".join(htmls)
    if html:
        parsed.html = nh3.clean(html, tags=HTML_ALLOWED_TAGS, url_schemes={"http", "https", "mailto"})
        if not parsed.text:
            parsed.text = html_to_text(html)
    return parsed


def _header(message: Message, name: str) -> str:
    try:
        return clean_header(message.get(name, ""))
    except Exception:  # a header the policy cannot decode: fall back to the raw bytes, cleaned
        raw = message.get_all(name, failobj=[""], ) if hasattr(message, "get_all") else [""]
        return clean_header(str(raw[0]).encode("ascii", "replace").decode())


def _message_ids(value: str) -> list[str]:
    return re.findall(r"<[^<>\s]+>", value)[:50]


def _raw_header(message: Message, name: str) -> str:
    """The header as written by the sender, before the email package tidied it (which can hide tricks)."""
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            return clean_header(value)
    return ""


def _sender(message: Message) -> tuple[str, str, str]:
    """(name, address, problem): the From address only when exactly one unambiguous address is given.

    Refused (CVE-2023-27043): two addresses, an address in a comment or a display name (encoded or not) that
    differs from the real one, or text the address parser reads otherwise than a plain search does. Accepted:
    a display name that repeats the address (`"a@b.org" <a@b.org>`), dotless domains and UTF-8 addresses."""
    raw = _raw_header(message, "From")
    if not raw:
        return "", "", "no From header"
    try:
        # From the cleaned text, so that raw UTF-8 (RFC 6532) reads as characters, not undecodable bytes.
        addresses = POLICY.header_factory("from", raw).addresses
    except Exception:
        addresses = ()
    names = [clean_header(address.display_name) for address in addresses]
    found = {match.lower() for match in ADDRESS_LIKE.findall(" ".join([raw, *names]))}
    if len(found) != 1 or len(addresses) > 1:
        return "", "", f"ambiguous or missing sender address in From: {raw[:200]!r}"
    address = next(iter(found))
    if addresses and addresses[0].addr_spec.lower() != address:
        return "", "", f"ambiguous sender address in From: {raw[:200]!r}"
    return (names[0] if names else "")[:200], address[:254], ""


def _walk(part: Message, parsed: ParsedMail, texts: list[str], htmls: list[str]) -> None:
    """Collect body text, HTML and attachments, depth first; alternatives give one body, not two."""
    content_type = part.get_content_type()
    if content_type == "message/delivery-status":
        parsed.report += part.as_string()
        return
    if part.is_multipart():
        children = list(part.iter_parts()) if isinstance(part, EmailMessage) else part.get_payload()
        parsed.digest = parsed.digest or content_type == "multipart/digest"
        if content_type == "multipart/alternative":
            # One body, not two: the plain text when there is one (the HTML kept beside it, sanitised),
            # else the richest alternative.
            plain = next((c for c in children if c.get_content_type() == "text/plain"), None)
            html = next((c for c in children if c.get_content_type() == "text/html"), None)
            if plain is not None:
                _walk(plain, parsed, texts, htmls)
                if html is not None:
                    htmls.append(_text_of(html, parsed))
            elif children:
                _walk(children[-1], parsed, texts, htmls)
            return
        for child in children:
            _walk(child, parsed, texts, htmls)
        return
    if content_type == "message/rfc822":
        _forwarded(part, parsed, texts)
        return
    filename = _filename(part)
    if content_type == "application/ms-tnef" or filename.lower() == "winmail.dat":
        _tnef(part, parsed, texts)
        return
    if _is_attachment(part) or (filename and not content_type.startswith("text/")):
        data = _bytes_of(part)
        if data:
            inline = part.get_content_disposition() == "inline" or bool(part.get("Content-ID"))
            parsed.attachments.append(MailAttachment(name=filename or "attachment", content_type=content_type,
                                                     data=data, inline=inline and not _is_attachment(part)))
        return
    if content_type == "text/html":
        htmls.append(_text_of(part, parsed))
    elif content_type.startswith("text/"):
        if content_type == "text/calendar":
            parsed.attachments.append(MailAttachment(name="invitation.ics", content_type=content_type,
                                                     data=_bytes_of(part)))
        else:
            texts.append(_text_of(part, parsed))


def _is_attachment(part: Message) -> bool:
    return (part.get_content_disposition() or "") == "attachment"


def _filename(part: Message) -> str:
    try:
        return clean_header(part.get_filename() or "")
    except Exception:
        return ""


def _bytes_of(part: Message) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if payload is None:
        raw = part.get_payload()
        payload = raw.encode("utf-8", "replace") if isinstance(raw, str) else b""
    return payload


def _text_of(part: Message, parsed: ParsedMail) -> str:
    """A text part decoded with its declared charset, the usual mislabels forgiven."""
    data = _bytes_of(part)
    declared = (part.get_content_charset() or "").lower()
    for charset in dict.fromkeys([CHARSET_ALIASES.get(declared, declared), "utf-8", "windows-1252"]):
        if not charset:
            continue
        try:
            return data.decode(charset).replace("\x00", "")
        except (LookupError, UnicodeDecodeError):
            continue
    parsed.problems.append(f"text in unknown charset {declared!r}")
    return data.decode("utf-8", "replace").replace("\x00", "")


def _forwarded(part: Message, parsed: ParsedMail, texts: list[str]) -> None:
    """A forwarded message: its text follows a header line; its files join the attachments."""
    inner_message = part.get_payload(0) if part.is_multipart() else None
    if inner_message is None:
        return
    inner = parse(inner_message.as_bytes())
    header = f"---------- Forwarded message ----------\nFrom: {inner.sender_name} <{inner.sender_address}>\n" \
             f"Subject: {inner.subject}\n"
    texts.append(header + "\n" + inner.text)
    parsed.attachments.extend(inner.attachments)


def _tnef(part: Message, parsed: ParsedMail, texts: list[str]) -> None:
    """Outlook's winmail.dat: unpack the files (and the body, when there is one) it wraps."""
    try:
        tnef = TNEF(_bytes_of(part))
    except Exception as error:
        parsed.problems.append(f"unreadable winmail.dat: {error}")
        return
    for attachment in tnef.attachments:
        name = attachment.long_filename() or attachment.name or "attachment"
        if isinstance(name, bytes):
            name = name.decode("utf-8", "replace")
        parsed.attachments.append(MailAttachment(name=clean_header(name), content_type="application/octet-stream",
                                                 data=attachment.data))
    body = getattr(tnef, "body", None)
    if body:
        texts.append(body.decode("windows-1252", "replace") if isinstance(body, bytes) else str(body))


class _TextExtractor(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote", "table", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "head", "title"}:
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in {"script", "style", "head", "title"}:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Readable text from an HTML body (scripts and styles dropped, blocks on their own lines)."""
    extractor = _TextExtractor()
    try:
        extractor.feed(html)
        extractor.close()
    except Exception:
        return nh3.clean(html, tags=set())
    lines = [" ".join(line.split()) for line in "".join(extractor.parts).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
