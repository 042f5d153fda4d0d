"""How apps above the mail channel take the mail addressed to them (docs/architecture.md, "Layers").

The communities' list addresses reach the same gateway as the helpdesk's. From its `AppConfig.ready()` an app
registers a route; intake offers every message that is not a duplicate to each route, in order, before the
query service sees it, and the first route that takes it says what became of it.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Routed:
    """What a route did with a message: the inbound status (`InboundMessage.Status`) and a one-line outcome."""

    status: str
    outcome: str


# f(inbound, mail, kind, sender, verdict) -> Routed | None: `mail` is the parsed message (`mail.parsing`),
# `kind` its class (`mail.classify`), `sender` the member its From claims and `verdict` whether it proved it.
Route = Callable[..., Routed | None]
_routes: list[Route] = []


def register(route: Route) -> None:
    """Offer every new message to `route` (once, however often an app registers it)."""
    if route not in _routes:
        _routes.append(route)


def route(*args) -> Routed | None:
    """The first registered route's answer for a message, or None when no route takes it."""
    for candidate in _routes:
        routed = candidate(*args)
        if routed is not None:
            return routed
    return None
