"""Quoted text in a post: what the archive folds away (as HyperKitty does) so a thread reads as a conversation.

A quoted block is a run of lines starting with ">", or everything from an attribution line ("On ... wrote:",
"Le ... a écrit :", "El ... escribió:", "Em ... escreveu:", "في ... كتب ...:") to the end of the post, which is
how mail clients that answer above the quote leave the message they answer.
"""

import re
from dataclasses import dataclass

ATTRIBUTION = re.compile(
    r"^\s*(?:"
    r"On\s.+\swrote\s*:"
    r"|Le\s.+\sa\s+écrit\s*:"
    r"|El\s.+\sescribió\s*:"
    r"|Em\s.+\sescreveu\s*:"
    r"|في\s.+\bكتب\b.*:"
    r"|-{2,}\s*(?:Original Message|Message d'origine|Mensaje original|Mensagem original)\s*-{2,}"
    r")\s*$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Part:
    """A run of a post's text: the author's own words, or text they quoted."""

    text: str
    quoted: bool


def _attribution_at(lines: list[str], index: int) -> int:
    """How many lines (1 or 2, attributions wrap) form an attribution at `index`; 0 when none does."""
    if ATTRIBUTION.match(lines[index]):
        return 1
    if index + 1 < len(lines) and lines[index].strip() and ATTRIBUTION.match(lines[index] + " " + lines[index + 1]):
        return 2
    return 0


def split_quotes(body: str) -> list[Part]:
    """The post's text in runs, quoted or not, in order (blank edges of each run trimmed; empty runs dropped)."""
    lines = body.replace("\r\n", "\n").split("\n")
    parts: list[Part] = []
    own: list[str] = []

    def close_own() -> None:
        text = "\n".join(own).strip("\n")
        if text.strip():
            parts.append(Part(text, quoted=False))
        own.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        if line.lstrip().startswith(">"):
            start = index
            while index < len(lines) and (lines[index].lstrip().startswith(">") or not lines[index].strip()):
                index += 1
            close_own()
            parts.append(Part("\n".join(lines[start:index]).strip("\n"), quoted=True))
            continue
        if _attribution_at(lines, index):
            close_own()
            parts.append(Part("\n".join(lines[index:]).strip("\n"), quoted=True))
            break
        own.append(line)
        index += 1
    close_own()
    return parts
