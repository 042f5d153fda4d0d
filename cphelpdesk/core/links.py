"""Signed links that need no login: how their tokens are made and read, and the page that refuses one.

Every such link (the rating link, survey invitations, the requester's follow link, the referral answer link,
unsubscribing) is one `Purpose`: its own salt, so that a token made for one purpose is refused by every other;
the refusals its page can give (a `LinkProblem` subclass); and, when the token itself expires, the setting
that says after how many days. Tokens are `django.core.signing` tokens (an HMAC over SECRET_KEY and the salt,
checked in constant time, with a timestamp). A single-use link also carries its row's nonce (`sign_row`): the
owner compares it with `nonce_matches` and rotates it to revoke the link. Links whose life is their row's (a
rating's `expires_at`) set no `max_age_setting` and check the row.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.crypto import constant_time_compare


class LinkProblem(ValidationError):
    """A link that cannot be used; `problem` names why. Subclasses set `problems`: problem -> (what the
    page says, HTTP status), with at least "invalid" (and "expired" for a purpose with a `max_age_setting`),
    and `title` for the page."""

    problems: dict = {}
    title = ""

    def __init__(self, problem: str):
        super().__init__(str(self.problems[problem][0]), code=problem)
        self.problem = problem

    @property
    def status(self) -> int:
        return self.problems[self.problem][1]


@dataclass(frozen=True)
class Purpose:
    """One kind of signed link: its salt, its refusals and, if the token expires, the setting giving its days."""

    salt: str
    problem: type[LinkProblem]
    max_age_setting: str | None = None

    def sign(self, value) -> str:
        """A token carrying `value` (anything JSON can hold)."""
        return signing.dumps(value, salt=self.salt, compress=True)

    def unsign(self, token: str):
        """The value a token carries, or `problem("invalid")` (tampered, malformed, another purpose's) or
        `problem("expired")` (older than the purpose's `max_age_setting` in days)."""
        max_age = getattr(settings, self.max_age_setting) * 86400 if self.max_age_setting else None
        try:
            return signing.loads(token, salt=self.salt, max_age=max_age)
        except signing.SignatureExpired:
            raise self.problem("expired") from None
        except signing.BadSignature:
            raise self.problem("invalid") from None

    def sign_row(self, pk: int, nonce: str) -> str:
        """The token of a single-use link: the signed (row id, nonce); it works while the nonce is the row's."""
        return self.sign([pk, nonce])

    def unsign_row(self, token: str) -> tuple[int, str]:
        """(row id, nonce) from a `sign_row` token, or `problem("invalid")`."""
        data = self.unsign(token)
        if (not isinstance(data, list) or len(data) != 2 or not isinstance(data[0], int)
                or not isinstance(data[1], str)):
            raise self.problem("invalid")
        return data[0], data[1]


def new_nonce() -> str:
    """A fresh nonce for a single-use link's row (rotating it revokes every earlier link)."""
    return secrets.token_hex(16)


def nonce_matches(given: str, current: str) -> bool:
    """Whether a link's nonce is its row's current one, compared in constant time."""
    return constant_time_compare(given, current)


def problem_page(request: HttpRequest, problem: LinkProblem) -> HttpResponse:
    """The clear page (never a 500) that says why a link cannot be used."""
    return render(request, "core/link_problem.html",
                  {"message": problem.messages[0], "problem": problem.problem, "title": problem.title},
                  status=problem.status)
