"""The registry of personal data: each app that stores personal data says how it is erased on each path.

As Sentry's `deletions` does, the knowledge of what an app keeps stays in that app: from its
`AppConfig.ready()` it registers one step per path it holds data for (`register`), and `privacy` runs every
registered step of a path (`erase`) without importing the apps. A new app that stores personal data registers
its steps and is then erased with the rest; docs/operations.md lists what each path erases and keeps.

A path erases a `Target`: the queries, members or records it concerns, and the words that identify the
person or child (names, addresses, what the detector found), which every copy of free text loses. Steps run by
`Stage` (SCOPE, FIND, ERASE, INDEX), in the caller's transaction.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum

from django.utils import timezone


class Path(StrEnum):
    """The ways personal data leaves the helpdesk."""

    INDIVIDUAL_CASE = "individual_case"  # "Out of scope: individual case": every detail of the query
    ERASURE = "erasure"  # a member's approved erasure request
    RAW_MAIL = "retention.raw_mail"  # retention periods (privacy.retention), one path each
    ATTACHMENTS = "retention.attachments"
    CONTACTS = "retention.contacts"
    MEMBERS = "retention.members"
    SURVEY_INVITATIONS = "retention.survey_invitations"
    SUBSCRIPTION_REQUESTS = "retention.subscription_requests"
    SUSPENDED_SUBSCRIPTIONS = "retention.suspended_subscriptions"


class Stage(IntEnum):
    SCOPE = 0  # widen the target (the queries an erased member asked)
    FIND = 1  # add to `target.words`, before anything is blanked
    ERASE = 2  # remove the app's own copies
    INDEX = 3  # bring derived copies (the search index) up to date with what is left


@dataclass
class Target:
    """What one run of a path erases. Which fields a path fills is said where the path is run."""

    queries: list[int] = field(default_factory=list)  # queries whose copies of the person or child go
    members: list[int] = field(default_factory=list)  # accounts anonymised
    records: list[int] = field(default_factory=list)  # the rows a retention period selected (of its own model)
    words: set[str] = field(default_factory=set)  # texts identifying the person or child, taken out everywhere
    now: datetime = field(default_factory=timezone.now)
    counts: dict[str, int] = field(default_factory=dict)  # what steps report ("messages": 3), for events

    def add_words(self, *texts: str) -> None:
        """Remember texts to remove (blank ones and single letters are ignored)."""
        self.words.update(text.strip() for text in texts if text and len(text.strip()) > 1)

    def add_person(self, name: str, *addresses: str) -> None:
        """Remember a person's name, each part of it ("Dear Awa,"; particles of one or two letters stay) and
        their addresses."""
        self.add_words(name, *(part for part in name.split() if len(part) > 2), *addresses)


@dataclass(frozen=True)
class Step:
    app: str
    stage: Stage
    run: Callable[[Target], object]


_steps: dict[Path, list[Step]] = {}


def register(app: str, *paths: Path, step: Callable[[Target], object], stage: Stage = Stage.ERASE) -> None:
    """Declare that `step(target)` erases `app`'s copies on each of `paths` (call from AppConfig.ready)."""
    for path in paths:
        entries = _steps.setdefault(Path(path), [])
        if not any(entry.run is step for entry in entries):
            entries.append(Step(app=app, stage=stage, run=step))


def steps(path: Path) -> list[Step]:
    """The registered steps of `path`, in the order they run (by stage, then as registered)."""
    return sorted(_steps.get(Path(path), []), key=lambda entry: entry.stage)


def erase(path: Path, target: Target) -> Target:
    """Run every step registered for `path` on `target`, in the caller's transaction."""
    for entry in steps(path):
        entry.run(target)
    return target


# What an anonymised account is called from then on (stored data, so in the helpdesk's working language).
FORMER_MEMBER = "Former member"


def anonymised_email(pk: int) -> str:
    """The address an anonymised member keeps: unique (the column is) and undeliverable (RFC 2606)."""
    return f"deleted-{pk}@invalid.example"


# What replaces a removed word in stored text (stored data, so in the helpdesk's working language).
REMOVED = "[personal data removed]"


def scrub(text: str, words: set[str]) -> str:
    """`text` without any of `words` (whole words, any case), longest first so that a full name goes whole."""
    for word in sorted(words, key=len, reverse=True):
        text = remove_text(text, word, REMOVED)
    return text


def remove_text(text: str, found: str, replacement: str) -> str:
    """`text` with every occurrence of `found` (whole words, any case) replaced."""
    if not found:
        return text
    return re.sub(rf"(?<!\w){re.escape(found)}(?!\w)", lambda _match: replacement, text, flags=re.IGNORECASE)
