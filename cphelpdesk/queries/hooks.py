"""How apps on the floors above the query service add to its mail and pages (docs/architecture.md, "Layers").

From its `AppConfig.ready()` an app registers a function for a hook; the query service calls what is registered
and imports none of those apps. Each function returns a dict that is merged into the mail's or the page's
context (a page's `forms` are merged into its forms).
"""

from collections.abc import Callable

ANSWER_MAIL = "answer_mail"  # f(query): the "answered" mail, in the answer's transaction (surveys: the rating link)
STAFF_PAGE = "staff_page"  # f(request, query): the query page, for staff (surveys: the rating)
REQUESTER_PAGE = "requester_page"  # f(request, query): the query page, for its signed-in requester
FOLLOW_PAGE = "follow_page"  # f(request, query): the page a requester follows their query on by link
LIKE_THIS = "like_this"  # f(request, query, like): "like this", `like` its `search.engine.Likeness` (library)

_registered: dict[str, list[Callable[..., dict]]] = {}


def register(hook: str, function: Callable[..., dict]) -> None:
    """Call `function` whenever `hook` is filled (once, however often an app registers it)."""
    functions = _registered.setdefault(hook, [])
    if function not in functions:
        functions.append(function)


def context(hook: str, *args) -> dict:
    """What every function registered for `hook` adds, called with `args`."""
    merged: dict = {}
    for function in _registered.get(hook, ()):
        merged.update(function(*args))
    return merged
