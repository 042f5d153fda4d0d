"""Patterns administrators add for local formats: validation, a compiled cache, and time-bounded matching."""

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from re import _parser as sre_parse  # the stdlib's own parser: the only exact reading of a pattern's structure

import regex
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core.config_cache import ConfigCache

logger = logging.getLogger(__name__)

MAX_PATTERN_LENGTH = 300
# Each pattern gets this long on one text; the `regex` module stops a match that runs longer.
MATCH_TIMEOUT_SECONDS = 0.1
# The compiled patterns, per process: dropped when a pattern is saved or deleted, in any process, and reloaded
# at least every five minutes.
PATTERNS = ConfigCache(["privacy.CustomPattern"], ttl=300)

_REPEATS = (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", sre_parse.MAX_REPEAT))


@dataclass(frozen=True, slots=True)
class CompiledPattern:
    """An active custom pattern, ready to run."""

    name: str
    kind: str
    pattern: regex.Pattern


def _items(node):
    """The sub-patterns inside one parsed element, whatever its shape."""
    for value in node if isinstance(node, list | tuple) else ():
        if isinstance(value, sre_parse.SubPattern):
            yield value
        elif isinstance(value, list | tuple):
            yield from _items(value)


def _walk(subpattern):
    """Every element of a parsed pattern, depth first."""
    for op, av in subpattern:
        yield op, av
        for child in _items(av):
            yield from _walk(child)


def _risk(parsed) -> str | None:
    """Why this parsed pattern could take exponential time, or None: an open-ended repeat of something that
    itself repeats by a variable count ("(a+)+", "(\\w+\\s?)*") or has alternatives ("(a|ab)*"), or a back-reference."""
    for op, av in _walk(parsed):
        if op in (sre_parse.GROUPREF, sre_parse.GROUPREF_EXISTS):
            return "backreference"
        if op in _REPEATS and (av[1] == sre_parse.MAXREPEAT or av[1] > 10):
            for inner_op, inner_av in _walk(av[2]):
                if inner_op in _REPEATS and inner_av[0] != inner_av[1]:
                    return "nested"
                if inner_op == sre_parse.BRANCH:
                    return "alternation"
    return None


def validate_pattern(value: str) -> None:
    """Refuse a pattern that does not compile, is too long, matches empty text or risks catastrophic backtracking."""
    if len(value) > MAX_PATTERN_LENGTH:
        raise ValidationError(_("A pattern may have at most %(limit)d characters."), code="too_long",
                              params={"limit": MAX_PATTERN_LENGTH})
    try:
        parsed = sre_parse.parse(value)
        compiled = re.compile(value)
    except (re.error, OverflowError, RecursionError) as error:
        raise ValidationError(_("This is not a valid regular expression: %(error)s."), code="invalid",
                              params={"error": error}) from error
    reason = _risk(parsed)
    if reason == "backreference":
        raise ValidationError(_("Back-references such as \\1 are not allowed in patterns."), code="backreference")
    if reason:
        raise ValidationError(
            _("This pattern repeats a group that itself repeats or has alternatives, such as (a+)+ or (a|ab)*, "
              "which can take practically forever on some texts. Use a single repetition or a character class."),
            code="catastrophic")
    if compiled.fullmatch(""):
        raise ValidationError(_("The pattern matches empty text; it must match at least one character."),
                              code="empty")


class _Source:
    rows: Callable[[], Iterable] = tuple  # none until the privacy app says where they are


def read_patterns_from(source: Callable[[], Iterable]) -> None:
    """Say where the active patterns are stored: `source()` returns rows with `name`, `kind` and `regex`.
    The privacy app, which owns the `CustomPattern` table, calls this from its `ready()`; this floor does not
    import it."""
    _Source.rows = source


def _compile_active() -> tuple[CompiledPattern, ...]:
    patterns = []
    for row in _Source.rows():
        try:
            validate_pattern(row.regex)
            patterns.append(CompiledPattern(row.name, row.kind, regex.compile(row.regex, regex.VERSION0)))
        except (ValidationError, regex.error):
            # Saved around the admin's validation (a shell, a fixture): skip it rather than risk it.
            logger.warning("privacy: custom pattern %r is invalid and is skipped", row.name)
    return tuple(patterns)


def compiled_patterns() -> tuple[CompiledPattern, ...]:
    """The active custom patterns, compiled once per change rather than on every text."""
    try:
        return PATTERNS.get("active", _compile_active)
    except DatabaseError as error:
        # Detection must not fail because the database hiccupped: the last patterns loaded still run, and so
        # do the built-in recognisers.
        logger.warning("privacy: custom patterns could not be loaded (%s); using the built-in recognisers", error)
        return PATTERNS.last("active", ())


def find_custom(text: str, patterns: tuple[CompiledPattern, ...] | None = None,
                ) -> list[tuple[str, int, int, float, str]]:
    """Matches of the administrators' patterns (`patterns`, or the active ones), as (kind, start, end, confidence,
    pattern name)."""
    found = []
    for compiled in compiled_patterns() if patterns is None else patterns:
        try:
            for match in compiled.pattern.finditer(text, timeout=MATCH_TIMEOUT_SECONDS):
                if match.end() > match.start():
                    found.append((compiled.kind, match.start(), match.end(), 0.9, compiled.name))
        except TimeoutError:
            logger.warning("privacy: custom pattern %r timed out on a text of %d characters", compiled.name, len(text))
    return found


def label_for(kind: str) -> str | None:
    """The name of the custom pattern that reports `kind`, for placeholders of kinds the code does not know."""
    return next((compiled.name for compiled in PATTERNS.last("active", ()) if compiled.kind == kind), None)
