"""What the library adds to the query service's pages, through `queries.hooks` (registered in
`LibraryConfig.ready`): resources like the query, on its "like this" panel."""

from cphelpdesk.library.selectors import similar_resources
from cphelpdesk.queries import hooks


def like_this(request, query, like) -> dict:
    return {"similar_resources": similar_resources(request.user, like, language=query.language)}


def register() -> None:
    hooks.register(hooks.LIKE_THIS, like_this)
