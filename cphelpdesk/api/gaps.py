"""The gap register through the API: list, read, note and update gaps in guidance (linking one to a query is
`POST /api/queries/{reference}/gaps`), with the website's permissions: staff with a queue read the register,
officers and managers keep it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from ninja import Query, Router, Status

from cphelpdesk.api import lookups
from cphelpdesk.api.conditional import etag, keyset_page, next_url, precondition_failure
from cphelpdesk.api.openapi import ETAG, IF_MATCH_REQUIRED
from cphelpdesk.api.schemas import GapFilters, GapIn, GapOut, GapPage, GapUpdateIn
from cphelpdesk.queries import actions, selectors
from cphelpdesk.queries.models import Gap

router = Router(tags=["gaps"])


def representation(request, gap: Gap) -> dict:
    """The gap as `request.user` sees it: the linked queries are only those they may see."""
    gap = selectors.gap_register(request.user).get(pk=gap.pk)
    return {"id": gap.pk, "title": gap.title, "description": gap.description,
            "topic": gap.topic.code if gap.topic else None, "status": gap.status,
            "working_group": gap.working_group, "noted_at": gap.noted_at, "taken_to_wg_at": gap.taken_to_wg_at,
            "in_development_at": gap.in_development_at, "addressed_at": gap.addressed_at,
            "queries": sorted(query.reference for query in gap.visible)}


def _register(request):
    if not request.user.has_perm("queries.read_gaps"):
        raise PermissionDenied("Only helpdesk staff read the gap register.")
    return selectors.gap_register(request.user)


def _gap(request, gap_id: int) -> Gap:
    gap = _register(request).filter(pk=gap_id).first()
    if gap is None:
        raise Http404
    return gap


def _read(request, response: HttpResponse, gap: Gap) -> dict:
    data = representation(request, gap)
    response["ETag"] = etag(data)
    return data


@router.get("", response=GapPage, summary="List the gap register")
def list_gaps(request, response: HttpResponse, filters: Query[GapFilters]):
    """Newest first; `next` (and the `Link` header) leads to the following page."""
    register = _register(request)
    if filters.status:
        register = register.filter(status__in=[str(status) for status in filters.status])
    page, cursor = keyset_page(register, "noted_at", filters.cursor, filters.page_size, "gaps")
    following = next_url(request, cursor)
    if following:
        response["Link"] = f'<{following}>; rel="next"'
    return {"next": following, "results": [representation(request, gap) for gap in page]}


@router.post("", response={201: GapOut}, summary="Note a gap in guidance")
def create_gap(request, payload: GapIn):
    """A gap without a query yet (to note one from a query, use `POST /api/queries/{reference}/gaps`)."""
    gap = actions.create_gap(actor=request.user, title=payload.title, topic=lookups.topic(payload.topic),
                             description=payload.description)
    return Status(201, representation(request, gap))


@router.get("/{gap_id}", response=GapOut, summary="Read a gap", openapi_extra=ETAG)
def read_gap(request, response: HttpResponse, gap_id: int):
    return _read(request, response, _gap(request, gap_id))


@router.patch("/{gap_id}", response=GapOut, summary="Update a gap",
              openapi_extra={**IF_MATCH_REQUIRED, **ETAG})
def update_gap(request, response: HttpResponse, gap_id: int, payload: GapUpdateIn):
    """Move the gap along the register (noted, taken to a working group, in development, addressed)."""
    with transaction.atomic():
        # Locked before its ETag is computed, so that no change slips in between the check and the action.
        list(Gap.objects.select_for_update().filter(pk=gap_id).values_list("pk"))
        gap = _gap(request, gap_id)
        failure = precondition_failure(request, etag(representation(request, gap)), required=True)
        gap = actions.update_gap(actor=request.user, gap=gap, status=payload.status,
                                 working_group=payload.working_group)
        if failure:
            raise failure
    return _read(request, response, gap)
