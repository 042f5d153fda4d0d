"""Signed single-use links that need no login (rating links, survey invitations): tokens and refusals."""

import secrets

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class LinkProblem(ValidationError):
    """A link that cannot be used; `problem` names why. Subclasses set `problems`: problem -> (what the
    page says, HTTP status), and `title` for the page."""

    problems: dict = {}
    title = ""

    def __init__(self, problem: str):
        super().__init__(str(self.problems[problem][0]), code=problem)
        self.problem = problem

    @property
    def status(self) -> int:
        return self.problems[self.problem][1]


def new_nonce() -> str:
    return secrets.token_hex(16)


def sign(pk: int, nonce: str, *, salt: str) -> str:
    """The token of a link: the signed (row id, nonce); the link works while the nonce is the row's."""
    return signing.dumps([pk, nonce], salt=salt)


def unsign(token: str, *, salt: str, problem: type[LinkProblem]) -> tuple[int, str]:
    """(row id, nonce) from a token, or `problem("invalid")` when it was tampered with or is malformed."""
    try:
        data = signing.loads(token, salt=salt)
    except signing.BadSignature:
        raise problem("invalid") from None
    if (not isinstance(data, list) or len(data) != 2 or not isinstance(data[0], int)
            or not isinstance(data[1], str)):
        raise problem("invalid")
    return data[0], data[1]


def problem_page(request: HttpRequest, problem: LinkProblem) -> HttpResponse:
    """The clear page (never a 500) that says why a link cannot be used."""
    return render(request, "surveys/link_problem.html",
                  {"message": problem.messages[0], "problem": problem.problem, "title": problem.title},
                  status=problem.status)
