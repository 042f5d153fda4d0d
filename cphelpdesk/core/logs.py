"""What the logs keep of a request's address: its path, without the query string (search words, filters) and
without the credentials some paths carry (referral, feedback, survey, unsubscribe, email-confirmation and
password-reset links).

One rule, `loggable_url`, used by the two writers of request lines: gunicorn's access log (`AccessLogger`,
which `manage.py serve` and docs/deployment.md pass as `--logger-class`) and Django's own request loggers
(`HideCredentials`, a filter on `django.request`, `django.security.csrf` and `django.server` in
settings.LOGGING).
"""

import logging
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from django.urls import Resolver404, resolve
from gunicorn.glogging import Logger

# URL parameters that are credentials: whoever holds the link may act with it.
CREDENTIAL_PARAMETERS = frozenset({"token", "key", "uidb36"})
HIDDEN = "[hidden]"
# Paths are matched decoded (a client may send `:` as `%3A`) and written encoded again, so that a decoded
# line break or control character never reaches a log line.
SAFE_IN_LOGS = "/:@!$&'()*+,;=-._~[]"
# gunicorn access-log atoms that hold an address: the request line, path, query string, Referer, Location
# (a redirect may carry the same link) and the environ copies of the address.
ADDRESS_ATOMS = ("r", "U", "q", "f", "{referer}i", "{location}o", "{raw_uri}e", "{path_info}e",
                 "{query_string}e", "{request_uri}e", "{http_referer}e")


def _hide_credentials(path: str) -> str | None:
    """`path` with the values of its route's credential parameters hidden, or None if no route matches."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    for name in CREDENTIAL_PARAMETERS & match.kwargs.keys():
        if value := str(match.kwargs[name]):
            path = path.replace(value, HIDDEN)
    return path


def loggable_path(path: str) -> str:
    """`path` without its query string and with the value of every credential parameter of its route hidden;
    a path that matches no route is judged by its longest leading part that does (a link with something
    appended still holds its token)."""
    path = unquote(path.split("?", 1)[0].split("#", 1)[0])
    segments = path.split("/")
    for end in range(len(segments), 1, -1):
        head = "/".join(segments[:end]) + ("/" if end < len(segments) else "")
        hidden = _hide_credentials(head)
        if hidden is not None:
            return quote(hidden + "/".join(segments[end:]), safe=SAFE_IN_LOGS)
    return quote(path, safe=SAFE_IN_LOGS)


def loggable_url(text: str) -> str:
    """A path, an absolute URL (a Referer) or a request line ("GET /path?q=x HTTP/1.1") as the logs keep it."""
    if not text or text == "-":
        return text
    parts = text.split(" ")
    if len(parts) == 3 and parts[2].startswith("HTTP/"):
        return " ".join((parts[0], loggable_url(parts[1]), parts[2]))
    if text.startswith("/"):
        return loggable_path(text)
    url = urlsplit(text)
    if url.scheme and url.netloc:
        return urlunsplit((url.scheme, url.netloc, loggable_path(url.path or "/"), "", ""))
    return text.split("?", 1)[0]


class AccessLogger(Logger):
    """gunicorn's logger, writing every address of the access log through `loggable_url`."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in ADDRESS_ATOMS:
            if isinstance(atoms.get(name), str):
                atoms[name] = "" if name in {"q", "{query_string}e"} else loggable_url(atoms[name])
        return atoms


class HideCredentials(logging.Filter):
    """Rewrites the addresses Django's request loggers write ("Not Found: /survey/<token>/", runserver's
    request lines) through `loggable_url`; the record is always kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(loggable_url(arg) if isinstance(arg, str) else arg for arg in record.args)
        return True
