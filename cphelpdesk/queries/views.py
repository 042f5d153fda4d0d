"""Pages of the query service: submit and follow (members), queue, exports and query page (staff),
attachment downloads, and the referral answer page (no login, signed link)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cphelpdesk.core.exports import Sheet, csv_response, xlsx_response
from cphelpdesk.core.links import problem_page
from cphelpdesk.core.pagination import CappedPaginator
from cphelpdesk.directory.models import Member
from cphelpdesk.directory.permissions import require_perm
from cphelpdesk.queries import actions, exports, forms, hooks, selectors
from cphelpdesk.queries.access import Access, can_see_attachment, query_access, visible_messages
from cphelpdesk.queries.models import Attachment, EventKind, Gap, Query, Referral, Status
from cphelpdesk.queries.selectors import open_findings

# --- members ---------------------------------------------------------------------------------------


@require_perm("queries.submit_query")
def submit(request: HttpRequest) -> HttpResponse:
    """Ask the helpdesk a question."""
    member = request.user
    if request.method == "POST":
        form = forms.SubmitQueryForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                query = actions.submit_query(
                    requester=member, subject=data["subject"], question=data["question"], country=data["country"],
                    language=data["language"], topics=data["topics"], urgency=data["urgency"],
                    service_type=data["service_type"], needed_by=data["needed_by"],
                    attachments=data["attachments"], no_child_details_confirmed=data["no_child_details"],
                )
            except ValidationError as error:
                form.add_error("attachments" if "file" in str(error).lower() else None, error)
            else:
                return redirect("queries:submitted", reference=query.reference)
    else:
        form = forms.SubmitQueryForm(initial={
            "country": member.country_id, "language": member.preferred_language})
    return render(request, "queries/submit.html", {"form": form})


@require_perm("queries.log_query")
def log_query(request: HttpRequest) -> HttpResponse:
    """Staff record a question that came by phone, in a meeting or in a chat group."""
    form = forms.LogQueryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        requester = Member.objects.with_email(data["requester_email"]).filter(is_active=True).first()
        try:
            query = actions.submit_query(
                requester=requester, requester_name=data["requester_name"], requester_email=data["requester_email"],
                subject=data["subject"], question=data["question"], country=data["country"],
                language=data["language"], topics=data["topics"], urgency=data["urgency"],
                service_type=data["service_type"], needed_by=data["needed_by"], channel=data["channel"],
                attachments=data["attachments"], actor=request.user,
                organisation=requester.organisation if requester else None,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Query %(reference)s is recorded.") % {"reference": query.reference})
            return redirect("queries:detail", reference=query.reference)
    return render(request, "queries/log.html", {"form": form})


@login_required
def submitted(request: HttpRequest, reference: str) -> HttpResponse:
    """The acknowledgement: the query's reference and what happens next."""
    query = Query.objects.filter(reference=reference[:20], requester=request.user).first()
    if query is None:
        raise Http404
    return render(request, "queries/submitted.html", {"query": query})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """A member's own queries."""
    page = Paginator(selectors.queries_of_requester(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "queries/mine.html", {"page": page})


# --- the query page --------------------------------------------------------------------------------


def _query_for(request, reference: str) -> tuple[Query, Access]:
    """The query and what this person may do on it, if they may see it (404 otherwise, whether or not it
    exists)."""
    query = (Query.objects.select_related("country", "desk", "organisation", "requester", "merged_into")
             .filter(reference=reference[:20]).first())
    access = query_access(request.user, query) if query is not None else None
    if access is None or not access.can_view:
        raise Http404
    return query, access


@never_cache
@login_required
def detail(request: HttpRequest, reference: str, bound_forms: dict | None = None) -> HttpResponse:
    """The whole query: thread, files, and for staff the timeline and every action."""
    query, access = _query_for(request, reference)
    if request.method == "GET":
        actions.record_access(actor=request.user, query=query)
    return _render_detail(request, query, access, bound_forms or {})


@never_cache
@login_required
def like_this(request: HttpRequest, reference: str) -> HttpResponse:
    """Banked answers, resources and other queries like this one, for staff: loaded after the query page
    (htmx asks for the fragment) or opened as a page of its own without JavaScript."""
    query, access = _query_for(request, reference)
    if not access.staff:
        raise Http404
    # The question's distinctive terms are worked out once for both searches.
    like = selectors.question_likeness(query)
    context = {
        "query": query,
        "similar": selectors.similar_queries(request.user, query, like),
        **hooks.context(hooks.LIKE_THIS, request, query, like),
    }
    template = "queries/_like_this.html" if request.headers.get("HX-Request") else "queries/like_this.html"
    return render(request, template, context)


def _render_detail(request, query: Query, access: Access, bound_forms: dict, status: int = 200) -> HttpResponse:
    thread = list(visible_messages(access, query).select_related("author").prefetch_related("attachments"))
    for message in thread:
        message.visible_attachments = [a for a in message.attachments.all() if can_see_attachment(access, a)]
    context = {"query": query, "access": access, "thread": thread, "forms": {}}
    if access.staff:
        topics = list(query.topics.all())  # shown, and in the triage form and its version
        context.update(
            timeline=selectors.timeline(query),
            EventKind=EventKind,
            assignments=query.assignments.filter(ended_at__isnull=True).select_related("member"),
            referrals=query.referrals.all(),
            gaps=query.gaps.all(),
            findings=open_findings(access, query),
            topics=topics,
            **hooks.context(hooks.STAFF_PAGE, request, query),
        )
        initial_triage = {"topics": topics, "country": query.country_id, "urgency": query.urgency,
                          "service_type": query.service_type, "sensitivity": query.sensitivity,
                          "desk": query.desk_id, "version": selectors.triage_version(query, topics)}
        context["forms"] = {
            "reply": forms.ReplyForm(), "triage": forms.TriageForm(initial=initial_triage),
            "assign": forms.AssignForm(), "refer": forms.ReferForm(), "gap": forms.GapForm(),
            "answer": forms.AnswerForm(), "merge": forms.MergeForm(user=request.user), "reopen": forms.ReopenForm(),
            "link_requester": forms.LinkRequesterForm(initial={"email": query.requester_email}),
        }
    elif access.requester:
        extra = hooks.context(hooks.REQUESTER_PAGE, request, query)
        context["forms"] = {"follow_up": forms.FollowUpForm(), **extra.pop("forms", {})}
        context.update(extra)
    context["forms"].update(bound_forms)
    return render(request, "queries/detail.html", context, status=status)


def _do_triage(request, query, data):
    data = dict(data)
    return actions.triage(actor=request.user, query=query, seen_version=data.pop("version"), **data)


def _do_reply(request, query, data):
    return actions.reply(actor=request.user, query=query, body=data["body"], attachments=data["attachments"],
                         internal=data["internal"], awaiting_requester=data["awaiting_requester"])


def _do_follow_up(request, query, data):
    return actions.add_information(actor=request.user, query=query, body=data["body"],
                                   attachments=data["attachments"])


def _do_gap(request, query, data):
    return actions.flag_gap(actor=request.user, query=query, gap=data["gap"], title=data["title"],
                            topic=data["topic"], description=data["description"])


def _do_unassign(request, query, data):
    assignment = query.assignments.filter(pk=data["assignment"], ended_at__isnull=True).first()
    if assignment is None:
        raise ValidationError(_("This person is no longer assigned."))
    return actions.unassign(actor=request.user, assignment=assignment)


# name -> (form class, handler, success message)
QUERY_ACTIONS = {
    "triage": (forms.TriageForm, _do_triage, gettext_lazy("Saved.")),
    "assign": (forms.AssignForm, lambda r, q, d: actions.assign(actor=r.user, query=q, **d), gettext_lazy("Assigned.")),
    "reply": (forms.ReplyForm, _do_reply, gettext_lazy("Sent.")),
    "follow_up": (forms.FollowUpForm, _do_follow_up, gettext_lazy("Your message was added to the query.")),
    "refer": (forms.ReferForm, lambda r, q, d: actions.refer(actor=r.user, query=q, **d), gettext_lazy("Referred.")),
    "gap": (forms.GapForm, _do_gap, gettext_lazy("The gap is linked to this query.")),
    "answer": (forms.AnswerForm, lambda r, q, d: actions.mark_answered(actor=r.user, query=q, **d),
               gettext_lazy("Marked answered.")),
    "close": (forms.EmptyForm, lambda r, q, d: actions.close(actor=r.user, query=q), gettext_lazy("Closed.")),
    "unassign": (forms.UnassignForm, _do_unassign, gettext_lazy("Removed from the query.")),
    "link_requester": (forms.LinkRequesterForm,
                       lambda r, q, d: actions.link_requester(actor=r.user, query=q, member=d["email"]),
                       gettext_lazy("The query is now the member's.")),
    "reopen": (forms.ReopenForm, lambda r, q, d: actions.reopen(actor=r.user, query=q, **d), gettext_lazy("Reopened.")),
    "withdraw": (forms.EmptyForm, lambda r, q, d: actions.withdraw(actor=r.user, query=q), gettext_lazy("Withdrawn.")),
    "merge": (forms.MergeForm, lambda r, q, d: actions.merge(actor=r.user, query=q, into=d["into"]),
              gettext_lazy("Merged.")),
    "individual_case": (forms.EmptyForm,
                        lambda r, q, d: actions.close_as_individual_case(actor=r.user, query=q),
                        gettext_lazy("Closed as an individual case; the details were removed and the requester "
                                     "was told.")),
}


@require_POST
@login_required
def act(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    """Run one action from the query page; its form's errors are shown in place."""
    if action not in QUERY_ACTIONS:
        raise Http404
    query, access = _query_for(request, reference)
    form_class, handler, success = QUERY_ACTIONS[action]
    form = form_class(request.POST, request.FILES, **({"user": request.user} if action == "merge" else {}))
    if not form.is_valid():
        return _render_detail(request, query, access, {action: form}, status=400)
    try:
        handler(request, query, form.cleaned_data)
    except actions.StaleForm as error:
        # Someone changed it meanwhile: show the page as it is now (the forms with the current values), not the
        # stale form, which would be refused again.
        messages.error(request, " ".join(error.messages))
        return _render_detail(request, *_query_for(request, reference), {}, status=409)
    except ValidationError as error:
        # The action refused (illegal transition, bad file...): say why at the top of the page.
        messages.error(request, " ".join(error.messages))
        return _render_detail(request, query, access, {action: form}, status=400)
    messages.success(request, success)
    return redirect("queries:detail", reference=query.reference)


@login_required
def download(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    """An attachment, only for those who may read its message; always a download, never rendered."""
    query, access = _query_for(request, reference)
    attachment = Attachment.objects.filter(pk=pk, message__query=query).select_related("message").first()
    if attachment is None or not can_see_attachment(access, attachment):
        raise Http404
    actions.record_access(actor=request.user, query=query, attachment=attachment)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


# --- staff -----------------------------------------------------------------------------------------


def _queue_filters(request: HttpRequest) -> tuple[forms.QueueFilterForm, selectors.QueueFilters]:
    """The queue's filter form (from the query string) and the filters it selects; open queries by default."""
    form = forms.QueueFilterForm(request.GET or None, user=request.user)
    open_statuses = list(selectors.OPEN_STATUSES)
    if not (form.is_bound and form.is_valid()):
        return form, selectors.QueueFilters(statuses=open_statuses)
    data = form.cleaned_data
    return form, selectors.QueueFilters(
        # No status ticked means the default, open queries (also on every following page).
        statuses=data["status"] or open_statuses, country=data["country"] and data["country"].pk,
        region=data["region"] and data["region"].pk, topic=data["topic"] and data["topic"].pk,
        assignee=data["assignee"], channel=data["channel"], language=data["language"],
        desk=data["desk"] and data["desk"].pk, service_type=data["service_type"], overdue=data["overdue"],
        personal_data=data["personal_data"],
        search=data["q"], sort=data["sort"] or "newest",
    )


def _render_queue(request: HttpRequest, export_form: forms.QueryExportForm | None = None,
                  status: int = 200) -> HttpResponse:
    form, filters = _queue_filters(request)
    listing = selectors.queue_listing(request.user, filters)
    page = CappedPaginator(listing.queries, 50, counter=listing.counter).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    if export_form is None and request.user.has_perm("queries.export_queries"):
        export_form = forms.QueryExportForm(
            content_allowed=request.user.has_perm("queries.export_query_content"))
    return render(request, "queries/queue.html", {
        "form": form, "page": page, "query_string": query_string.urlencode(), "export_form": export_form,
    }, status=status)


@require_perm("queries.use_queue")
def queue(request: HttpRequest) -> HttpResponse:
    """The staff queue: filters, search by reference or subject, sorting, pages of 50, exports."""
    return _render_queue(request)


@require_POST
@require_perm("queries.export_queries")
def export(request: HttpRequest) -> HttpResponse:
    """The queue's current selection (its filters come in the query string) as CSV, streamed, or XLSX:
    metadata of the queries this person may see, or with message content for a manager who gives a reason.
    Audited; bad filters or options show the queue again with the errors (400)."""
    content_allowed = request.user.has_perm("queries.export_query_content")
    if request.POST.get("include_content") and not content_allowed:
        raise PermissionDenied
    filter_form, filters = _queue_filters(request)
    export_form = forms.QueryExportForm(request.POST, content_allowed=content_allowed)
    if not export_form.is_valid() or (filter_form.is_bound and not filter_form.is_valid()):
        if export_form.is_valid():
            export_form.add_error(None, _("Correct the filters before exporting."))
        return _render_queue(request, export_form, status=400)
    data = export_form.cleaned_data
    with_content = bool(data.get("include_content"))
    queries = selectors.queries_for_export(request.user, filters, with_content=with_content)
    limit = exports.xlsx_row_limit(with_content=with_content)
    if data["format"] == "xlsx" and (count := queries.count()) > limit:
        export_form.add_error("format", _("%(count)s queries are more than an XLSX export holds (%(limit)s): "
                                          "narrow the filters or choose CSV.") % {"count": count, "limit": limit})
        return _render_queue(request, export_form, status=400)
    # The free-text search stays out of the append-only log: it may hold a name.
    actions.record_export(actor=request.user, file_format=data["format"], queries=queries, with_content=with_content,
                          reason=data.get("reason", ""), filters={
                              key: values[0] if len(values) == 1 else values
                              for key, values in request.GET.lists() if key not in {"page", "q"} and any(values)})
    header = exports.header(with_content=with_content)
    rows = exports.rows(queries, with_content=with_content)
    filename = f"queries-{timezone.now():%Y-%m-%d-%H%M}{'-with-content' if with_content else ''}.{data['format']}"
    if data["format"] == "csv":
        return csv_response(filename, header, rows, stream=True)
    return xlsx_response(filename, [Sheet(_("Queries"), header, rows)])


@require_perm("queries.read_gaps")
def gaps(request: HttpRequest) -> HttpResponse:
    """The register of gaps in guidance."""
    return render(request, "queries/gaps.html", {"gaps": selectors.gap_register(request.user),
                                                 "form": forms.GapStatusForm()})


@require_POST
@require_perm("queries.manage_gaps")
def gap_update(request: HttpRequest, pk: int) -> HttpResponse:
    gap = Gap.objects.filter(pk=pk).first()
    if gap is None:
        raise Http404
    form = forms.GapStatusForm(request.POST)
    if form.is_valid():
        actions.update_gap(actor=request.user, gap=gap, status=form.cleaned_data["status"],
                           working_group=form.cleaned_data["working_group"] or None)
        messages.success(request, _("The gap register is updated."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("queries:gaps")


# --- referral recipients (no account needed) -------------------------------------------------------


@never_cache
def referral_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The page a referral recipient reaches from their mail; the signed link is their credential."""
    try:
        referral = actions.read_referral_link(token)
    except actions.ReferralLinkProblem as problem:
        return problem_page(request, problem)
    query = referral.query
    if referral.status == Referral.Status.ANSWERED:
        # Answered: say thank you, and show nothing of the query to whoever holds the link now.
        return render(request, "queries/referral_answer.html", {"referral": referral, "done": True})
    first = selectors.question(query)
    form = forms.ReferralAnswerForm(request.POST or None, initial={"name": referral.recipient_name})
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_referral(referral=referral, body=form.cleaned_data["body"],
                                    answered_by=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(reverse("queries:referral_answer", kwargs={"token": token}))
    return render(request, "queries/referral_answer.html", {
        "referral": referral, "query": query, "question": first, "form": form, "done": False,
        "status_referred": query.status == Status.REFERRED,
    })
