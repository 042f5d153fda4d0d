"""Pages of the repository: public browse, search and resource pages; staff drafting and review."""

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cphelpdesk.core.inputs import parse_id
from cphelpdesk.detection.kinds import LABELS as FINDING_LABELS
from cphelpdesk.directory.permissions import require_perm
from cphelpdesk.library import access, actions, forms, selectors
from cphelpdesk.library.models import RedactionFlag, Resource, ResourceFile
from cphelpdesk.queries.access import query_access
from cphelpdesk.queries.models import Query

PER_PAGE = 20
MAX_PAGE = 50  # deep pages of a search help nobody and cost the engine
FACET_SHOWN_OPEN = 5


def index(request: HttpRequest) -> HttpResponse:
    """Browse and search the repository (facets narrow it); works the same without JavaScript."""
    form = forms.SearchForm(request.GET or None)
    text = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = min(parse_id(request.GET.get("page")) or 1, MAX_PAGE)
    found = selectors.search_resources(request.user, text, language=form.cleaned_data.get("lang") if form.is_valid()
                                       else None, filters=form.filters(), page=page, per_page=PER_PAGE)
    chosen = form.filters()
    return render(request, "library/index.html", {
        "form": form, "text": text, "found": found, "results": found.results, "chosen": chosen,
        "facets": _facets(found, chosen), "page": page,
        "has_next": page < MAX_PAGE and page * PER_PAGE < found.results.total,
        "query_string": _query_string(request, exclude="page"),
    })


def _facets(found, chosen) -> list[dict]:
    """Facet groups for the template: label, and each value with its count and whether it is chosen."""
    titles = {"type": _("Type"), "topic": _("Topic"), "country": _("Country"), "language": _("Language"),
              "year": _("Year")}
    groups = []
    for name, title in titles.items():
        values = found.results.facets.get(name) or []
        if not values:
            continue
        labels = found.facet_labels.get(name, {})
        items = [{"value": value, "label": labels.get(value, value), "count": count,
                  "chosen": value in chosen.get(name, [])} for value, count in values[:15]]
        # Long groups start folded, so that on a narrow screen the filters take little room under the results.
        groups.append({"name": name, "title": title, "values": items,
                       "open": len(items) <= FACET_SHOWN_OPEN or any(item["chosen"] for item in items)})
    return groups


def _query_string(request, exclude: str) -> str:
    query = request.GET.copy()
    query.pop(exclude, None)
    return query.urlencode()


def resource(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    """A resource's permanent page (`/resources/<id>/`; the title in the address is cosmetic)."""
    item = selectors.resource_page(request.user, pk)
    if item is None:
        raise Http404
    if slug != item.slug:
        return redirect(item, permanent=True)
    staff = access.is_staff(request.user)
    _count_use(request, item)
    return render(request, "library/resource.html", {
        "resource": item, "staff": staff, "language_versions": selectors.language_versions(request.user, item),
        "related": selectors.related_to(request.user, item),
        "versions": selectors.versions_of(item) if staff else [],
        "can_edit": request.user.has_perm("library.edit_resource", item),
    })


def download(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    """A resource's file, for those who may read the resource (earlier versions: staff only)."""
    found = selectors.downloadable_file(request.user, pk, file_id)
    if found is None:
        raise Http404
    item, file = found
    _count_use(request, item, download=True)
    response = FileResponse(file.file.open("rb"), as_attachment=True, filename=file.name,
                            content_type=file.content_type)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store" if item.visibility != Resource.Visibility.PUBLIC else \
        "public, max-age=3600"
    return response


def suggest(request: HttpRequest) -> HttpResponse:
    """Resources like the question being typed (htmx fragment; a full page without JavaScript)."""
    text = (request.GET.get("text") or request.GET.get("subject", "") + " " + request.GET.get("question", ""))[:5000]
    suggestions = selectors.similar_resources(request.user, text)
    template = "library/_suggestions.html" if request.headers.get("HX-Request") else "library/suggestions.html"
    return render(request, template, {"suggestions": suggestions, "text": text})


class ResourceFeed(Feed):
    """An Atom feed of the newest public resources."""

    feed_type = Atom1Feed
    title = gettext_lazy("CP Helpdesk: new resources")
    subtitle = gettext_lazy("Guidance, tools and answers published in the Child Protection AoR repository.")

    def link(self):
        return reverse("library:index")

    def items(self):
        return (access.readable_resources(None).filter(status=Resource.Status.PUBLISHED)
                .order_by("-published_at")[:30])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.body[:500]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


# --- staff ------------------------------------------------------------------------------------------


@require_perm("library.see_drafts")
def staff_search(request: HttpRequest) -> HttpResponse:
    """One search over the queries a staff member may see and the whole repository."""
    form = forms.SearchForm(request.GET or None)
    text = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = min(parse_id(request.GET.get("page")) or 1, MAX_PAGE)
    rows, results = selectors.search_everything(request.user, text, page=page, per_page=PER_PAGE) if text else \
        ([], None)
    return render(request, "library/staff_search.html", {
        "form": form, "text": text, "rows": rows, "results": results, "page": page,
        "has_next": results is not None and page < MAX_PAGE and page * PER_PAGE < results.total,
        "query_string": _query_string(request, exclude="page")})



def _readable(request, pk, queryset=None) -> Resource:
    """The resource, if this person may read it (404 otherwise, whether or not it exists)."""
    return get_object_or_404(access.readable_resources(request.user, queryset), pk=pk)


def _editable(request, pk) -> Resource:
    item = _readable(request, pk)
    if not request.user.has_perm("library.edit_resource", item):
        raise Http404 if not request.user.has_perm("library.see_drafts") else PermissionDenied
    return item


@require_perm("library.see_drafts")
def work_list(request: HttpRequest) -> HttpResponse:
    """Drafts and resources waiting for review."""
    return render(request, "library/work_list.html", {"resources": selectors.work_list(request.user)[:200]})


def _form_fields(form) -> dict:
    data = dict(form.cleaned_data)
    files = data.pop("files", [])
    return {**data, "files": files}


@require_perm("library.create_resource")
def create(request: HttpRequest) -> HttpResponse:
    form = forms.ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = _form_fields(form)
        fields.pop("related", None)
        try:
            item = actions.create_resource(actor=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft is saved. Check the personal-data review before sending it on."))
            return redirect("library:review", pk=item.pk)
    return render(request, "library/form.html", {"form": form, "resource": None})


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable(request, pk)
    related = ", ".join(str(number) for number in item.related.values_list("pk", flat=True))
    form = forms.ResourceForm(request.POST or None, request.FILES or None, instance=Resource.objects.get(pk=pk),
                              initial={"topics": item.topics.all(), "countries": item.countries.all(),
                                       "translation_of": item.translation_of_id or "", "related": related,
                                       "also_in": item.also_in})
    if request.method == "POST" and form.is_valid():
        fields = _form_fields(form)
        files = fields.pop("files")
        try:
            item = actions.update_resource(actor=request.user, resource=item, **fields)
            for upload in files:
                actions.add_file(actor=request.user, resource=item, upload=upload)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("library:review", pk=item.pk)
    return render(request, "library/form.html", {"form": form, "resource": item})


@require_perm("library.see_drafts")
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The resource as staff see it while preparing it: its flags and what can be done next."""
    item = _readable(request, pk, Resource.objects.select_related("source_query", "submitted_by", "created_by"))
    flags = [(flag, FINDING_LABELS.get(flag.kind) or _("organisation that asked"))
             for flag in selectors.open_flags(item)]
    return render(request, "library/review.html", {
        "resource": item, "flags": flags, "files": item.files.filter(is_current=True),
        "can_edit": request.user.has_perm("library.edit_resource", item),
        "can_curate": request.user.has_perm("library.curate_resource", item),
        "version_form": forms.FileVersionForm(),
    })


RESOURCE_ACTIONS = {"submit": actions.submit_for_review, "publish": actions.publish, "send_back": actions.send_back,
                    "archive": actions.archive}
DONE = {"submit": gettext_lazy("Sent for review: another officer will check and publish it."),
        "publish": gettext_lazy("Published."), "send_back": gettext_lazy("Sent back to draft."),
        "archive": gettext_lazy("Archived: it is no longer offered in search.")}


@require_POST
@require_perm("library.see_drafts")
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One workflow step (submit, publish, send back, archive); refusals are explained on the page."""
    item = _readable(request, pk)
    if action not in RESOURCE_ACTIONS:
        raise Http404
    try:
        RESOURCE_ACTIONS[action](actor=request.user, resource=item)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
    else:
        messages.success(request, DONE[action])
    return redirect("library:review", pk=pk)


@require_POST
@require_perm("library.curate")
def resolve_flag(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    """Redact the flagged text, or dismiss the flag (not personal data)."""
    flag = get_object_or_404(RedactionFlag.objects.select_related("resource"), pk=pk,
                             resource__in=access.readable_resources(request.user))
    try:
        if decision == "redact":
            actions.redact(actor=request.user, flag=flag)
        elif decision == "dismiss":
            actions.dismiss(actor=request.user, flag=flag)
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("library:review", pk=flag.resource_id)


@require_POST
def replace_file(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    item = _editable(request, pk)
    file = get_object_or_404(ResourceFile, pk=file_id, resource=item)
    form = forms.FileVersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_file(actor=request.user, resource=item, upload=form.cleaned_data["file"], replaces=file)
            messages.success(request, _("The new version is saved; the earlier one is kept."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose a file."))
    return redirect("library:review", pk=pk)


@require_POST
def remove_file(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    item = _editable(request, pk)
    actions.remove_file(actor=request.user, file=get_object_or_404(ResourceFile, pk=file_id, resource=item))
    messages.success(request, _("The file is removed."))
    return redirect("library:review", pk=pk)


@require_perm("library.curate")
def bank(request: HttpRequest, reference: str) -> HttpResponse:
    """Turn an answered query into a draft Q&A resource (then the redaction review)."""
    query = Query.objects.filter(reference=reference).select_related("country", "organisation").first()
    if query is None or not query_access(request.user, query).can_work:
        raise Http404
    form = forms.BankAnswerForm(request.POST or None, query=query)
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.bank_answer(actor=request.user, query=query, answers=form.cleaned_data["answers"],
                                       attachments=form.cleaned_data["attachments"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("A draft is ready: review the personal data flagged before sending it on."))
            return redirect("library:review", pk=item.pk)
    return render(request, "library/bank.html", {"form": form, "query": query})


ROBOTS = ("bot", "crawl", "spider", "slurp", "preview", "monitor", "curl", "wget", "python-requests")


def _count_use(request: HttpRequest, resource, download: bool = False) -> None:
    """A reader's look counts once a day; HEAD requests, link previews and crawlers do not count."""
    agent = request.headers.get("User-Agent", "")
    if request.method != "GET" or not agent or any(word in agent.lower() for word in ROBOTS):
        return
    # A keyed digest of address and browser: enough to tell readers apart for a day, never stored.
    visitor = salted_hmac("library.use", f"{request.META.get('REMOTE_ADDR', '')}|{agent}").hexdigest()
    actions.record_use(resource=resource, download=download, visitor=visitor)
