"""The member's and the staff's pages: forms, actions, errors shown in place, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.models import Country
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries import actions
from cphelpdesk.queries.models import Message, Outcome, Query, Status
from cphelpdesk.queries.selectors import QueueFilters, queue
from cphelpdesk.taxonomy.models import Topic
from tests.factories import MemberFactory, make_query, staff_with_mfa
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def test_member_submits_and_is_acknowledged(client, inbox, django_capture_on_commit_callbacks):
    member = MemberFactory(preferred_language="fr")
    client.force_login(member)
    assert client.get(reverse("queries:submit")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("queries:submit"), {
            "subject": "Outil 5W", "question": "Avez-vous un modèle de 5W ?", "country": member.country_id,
            "language": "fr", "service_type": "tool_request", "urgency": "standard",
            "topics": [Topic.objects.get(code="IM.4W").pk], "no_child_details": "on",
            "attachments": [SimpleUploadedFile("notre 4W.pdf", PDF)],
        })
    query = Query.objects.get()
    assert response["Location"] == reverse("queries:submitted", args=[query.reference])
    assert query.reference in client.get(response["Location"]).content.decode()
    run_queued_tasks()
    [ack] = inbox.to(member.email)
    assert query.reference in ack["Subject"]
    mine = client.get(reverse("queries:mine")).content.decode()
    assert query.reference in mine


def test_topics_are_grouped_under_their_parent_with_a_filter_box_for_javascript(client):
    member = MemberFactory()
    client.force_login(member)
    page = client.get(reverse("queries:submit")).content.decode()
    im, four_w = Topic.objects.get(code="IM"), Topic.objects.get(code="IM.4W")
    group = page[page.index("<legend>Information management</legend>"):]
    group = group[:group.index("</fieldset>")]
    assert f'value="{im.pk}"' in group and "In general" in group
    assert f'value="{four_w.pk}"' in group and "4W/5W and service mapping" in group
    assert page.count('class="choice-group"') == Topic.objects.filter(parent=None).count()
    # Without JavaScript the filter box stays hidden and the grouped list is the whole form.
    assert '<label class="choice-filter" hidden>' in page
    client.post(reverse("queries:submit"), {
        "subject": "4W", "question": "Which 4W template?", "country": member.country_id, "language": "en",
        "service_type": "question", "urgency": "standard", "topics": [four_w.pk], "no_child_details": "on"})
    assert list(Query.objects.get().topics.all()) == [four_w]


def test_timeline_names_who_did_what_and_nobody_for_what_happened_by_itself(client):
    officer = staff_with_mfa(Role.OFFICER, full_name="Grace Wanjiru")
    query = make_query(requester=MemberFactory(full_name="Aminata Traoré"))
    run_queued_tasks()  # the acknowledgement goes out on its own
    client.force_login(officer)
    page = client.get(reverse("queries:detail", args=[query.reference])).content.decode()
    timeline = page[page.index('<ol class="timeline">'):]
    timeline = timeline[:timeline.index("</ol>")]
    assert "Aminata Traoré" in timeline
    assert "Acknowledged</li>" in timeline and "· </li>" not in timeline and "·</li>" not in timeline


def test_the_child_details_confirmation_is_required(client):
    member = MemberFactory()
    client.force_login(member)
    response = client.post(reverse("queries:submit"), {
        "subject": "x", "question": "y", "country": member.country_id, "language": "en",
        "service_type": "question", "urgency": "standard"})
    assert response.status_code == 200 and not Query.objects.exists()


def test_pending_members_cannot_submit(client):
    client.force_login(MemberFactory(approval="pending"))
    assert client.get(reverse("queries:submit")).status_code == 403


def test_staff_work_a_query_from_its_page(client, inbox, django_capture_on_commit_callbacks):
    officer = staff_with_mfa(Role.OFFICER)
    expert = staff_with_mfa(Role.EXPERT)
    query = make_query()
    client.force_login(officer)
    url = reverse("queries:detail", args=[query.reference])
    assert client.get(url).status_code == 200

    def act(action, data=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("queries:act", args=[query.reference, action]), data or {}, **extra)

    assert act("triage", {"topics": [Topic.objects.get(code="COORD.TOR").pk], "country": Country.objects.get(
        iso2="SO").pk, "urgency": "urgent", "service_type": "question", "sensitivity": 1}).status_code == 302
    assert act("assign", {"member": expert.pk, "role": "expert"}).status_code == 302
    assert act("reply", {"body": "Here you are.", "attachments": [SimpleUploadedFile("ToR.pdf", PDF)]}
               ).status_code == 302
    assert act("answer", {"outcome": "full"}).status_code == 302
    query.refresh_from_db()
    assert (query.status, query.outcome, query.country.iso2, query.sla_class) == (
        Status.ANSWERED, Outcome.FULL, "SO", "urgent")
    assert query.first_response_at and query.answered_at
    run_queued_tasks()
    subjects = [m["Subject"] for m in inbox.to(query.requester_email)]
    assert any("reply" in s for s in subjects) and any("answered" in s for s in subjects)
    assert inbox.to(expert.email)
    assert act("close").status_code == 302
    assert act("reopen", {"reason": "Follow-up"}).status_code == 302
    query.refresh_from_db()
    assert query.status == Status.IN_PROGRESS


def test_bad_actions_show_errors_not_500(client):
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query()
    client.force_login(officer)
    act = lambda name, data: client.post(reverse("queries:act", args=[query.reference, name]), data)  # noqa: E731
    assert act("close", {}).status_code == 400  # a new query cannot be closed
    assert "cannot be closed" in act("close", {}).content.decode()
    assert act("merge", {"into": "CPH-1999-9999"}).status_code == 400
    assert act("assign", {"member": "not-a-number"}).status_code == 400
    assert act("reply", {"body": ""}).status_code == 400
    assert act("nonsense", {}).status_code == 404
    assert client.get(reverse("queries:detail", args=["CPH-0000-0000"])).status_code == 404


def test_requester_follows_up_and_withdraws(client):
    query = make_query()
    client.force_login(query.requester)
    client.post(reverse("queries:act", args=[query.reference, "follow_up"]), {"body": "More context"})
    assert query.messages.filter(kind=Message.Kind.REQUESTER).count() == 2
    assert client.post(reverse("queries:act", args=[query.reference, "answer"]), {"outcome": "full"}
                       ).status_code == 403
    client.post(reverse("queries:act", args=[query.reference, "withdraw"]))
    query.refresh_from_db()
    assert query.status == Status.WITHDRAWN and query.outcome == Outcome.WITHDRAWN


def test_individual_case_strips_the_details_and_points_to_local_services(
        client, inbox, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query(question="Amina, 12, from Gao, case CPIMS-0042, needs help",
                       attachments=[SimpleUploadedFile("case file.pdf", PDF)])
    stored = tmp_path / query.messages.get().attachments.get().file.name
    assert stored.exists()
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("queries:act", args=[query.reference, "individual_case"]))
    query.refresh_from_db()
    assert query.outcome == Outcome.INDIVIDUAL_CASE and query.status == Status.CLOSED
    assert "Amina" not in query.messages.get().body and not stored.exists()
    event = query.events.get(kind="individual_case_removed")
    assert "Amina" not in str(event.data)
    run_queued_tasks()
    assert any("individual" in m["Subject"] for m in inbox.to(query.requester_email))


def test_queue_filters_sort_and_search(client):
    officer = staff_with_mfa(Role.OFFICER)
    somalia = make_query(subject="Somalia IM", country=Country.objects.get(iso2="SO"))
    mali = make_query(subject="Mali ToR", country=Country.objects.get(iso2="ML"), language="fr")
    client.force_login(officer)
    page = client.get(reverse("queries:queue"), {"country": somalia.country_id}).content.decode()
    assert somalia.reference in page and mali.reference not in page
    page = client.get(reverse("queries:queue"), {"q": mali.reference}).content.decode()
    assert mali.reference in page and somalia.reference not in page
    page = client.get(reverse("queries:queue"), {"language": "fr", "sort": "oldest"}).content.decode()
    assert mali.reference in page and somalia.reference not in page
    assert client.get(reverse("queries:queue"), {"country": "garbage", "page": "x"}).status_code == 200


def test_query_lists_link_the_subject_people_recognise(client):
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query(subject="Mali ToR for the sub-national group")
    link = f'<a href="{reverse("queries:detail", args=[query.reference])}">Mali ToR for the sub-national group</a>'
    client.force_login(query.requester)
    assert link in client.get(reverse("queries:mine")).content.decode()
    client.force_login(officer)
    assert link in client.get(reverse("queries:queue")).content.decode()


def test_assign_to_groups_people_by_role_with_their_desk_or_region_and_open_load(client):
    from cphelpdesk.directory.models import Desk, FocalPoint, Region
    from cphelpdesk.queries import actions

    officer = staff_with_mfa(Role.OFFICER, full_name="Grace Wanjiru")
    english_desk = Desk.objects.get(code="en")
    english_desk.officers.add(officer)
    expert = MemberFactory(roles=[Role.EXPERT], full_name="Lucía Fernández")
    focal_point = MemberFactory(roles=[Role.FOCAL_POINT], full_name="Lucía Fernández")
    region = Region.objects.get(code="lac")
    FocalPoint.objects.create(member=focal_point, region=region)
    query, other = make_query(), make_query()
    for on in (query, other):
        actions.assign(actor=officer, query=on, member=expert, role="expert")
    client.force_login(officer)
    page = client.get(reverse("queries:detail", args=[query.reference])).content.decode()
    select = page[page.index('name="member"'):]
    select = select[:select.index("</select>")]

    def group(label):
        start = select.index(f'<optgroup label="{label}">')
        return select[start:select.index("</optgroup>", start)]

    assert f'value="{officer.pk}">Grace Wanjiru — {english_desk.localized_name} — 0 open queries<' in \
        group("Helpdesk officers")
    assert f'value="{expert.pk}">Lucía Fernández — 2 open queries<' in group("Technical experts")
    assert f'value="{focal_point.pk}">Lucía Fernández — {region.localized_name} — 0 open queries<' in \
        group("Regional focal points")
    response = client.post(reverse("queries:act", args=[query.reference, "assign"]),
                           {"member": focal_point.pk, "role": "lead"})
    assert response.status_code == 302 and query.assignments.filter(member=focal_point).exists()


def test_the_assign_to_list_follows_roles_desks_and_regions_at_once(client):
    """The list is kept between pages (selectors.STAFF_DIRECTORY): a role, a desk or a region given or taken
    away shows on the next page, as does a change of name."""
    from django.contrib.auth.models import Group

    from cphelpdesk.directory.models import Desk

    officer = staff_with_mfa(Role.OFFICER, full_name="Grace Wanjiru")
    query = make_query()
    client.force_login(officer)

    def assign_list():
        page = client.get(reverse("queries:detail", args=[query.reference])).content.decode()
        select = page[page.index('name="member"'):]
        return select[:select.index("</select>")]

    newcomer = MemberFactory(full_name="Omar Haddad")
    assert "Omar Haddad" not in assign_list()
    newcomer.groups.add(Group.objects.get(name=Role.EXPERT))
    assert f'value="{newcomer.pk}">Omar Haddad — 0 open queries<' in assign_list()
    french_desk = Desk.objects.get(code="fr")
    french_desk.officers.add(officer)
    assert f"Grace Wanjiru — {french_desk.localized_name} — 0 open queries" in assign_list()
    newcomer.full_name = "Omar Al-Haddad"
    newcomer.save()
    assert "Omar Al-Haddad" in assign_list()
    newcomer.groups.clear()
    assert "Omar" not in assign_list()


def test_officer_records_a_question_from_a_phone_call(client, inbox, django_capture_on_commit_callbacks):
    officer = staff_with_mfa(Role.OFFICER)
    member = MemberFactory(email="coordinator@ngo.example.org")
    client.force_login(officer)
    form = {"requester_email": "Coordinator@ngo.example.org", "requester_name": "The coordinator",
            "channel": "staff", "subject": "Phone: CPMS roll-out", "question": "How to roll out the CPMS?",
            "country": member.country_id, "language": "en", "service_type": "remote_support", "urgency": "standard"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("queries:log"), form)
    query = Query.objects.get()
    assert response["Location"] == reverse("queries:detail", args=[query.reference])
    assert query.requester == member and query.channel == "staff"
    assert query.events.get(kind="submitted").actor == officer
    run_queued_tasks()
    assert inbox.to("Coordinator@ngo.example.org") or inbox.to(member.email)
    client.force_login(member)
    assert client.get(reverse("queries:log")).status_code == 403


@pytest.mark.parametrize(("lookups", "listed"), [(1_000, 5_000), (0, 5_000), (0, 0)],
                         ids=["few matches", "more matches, listed", "many matches"])
def test_queue_keyword_finds_words_in_the_subject_and_the_question_in_any_form(client, monkeypatch, lookups, listed):
    # As when more queries match than are fetched by id, or than are listed at all.
    monkeypatch.setattr("cphelpdesk.queries.selectors.KEYWORD_LOOKUPS", lookups)
    monkeypatch.setattr("cphelpdesk.queries.selectors.KEYWORD_IDS", listed)
    officer = staff_with_mfa(Role.OFFICER)
    tracing = make_query(subject="Family tracing in Kasai", question="How do we trace families across borders?")
    assessment = make_query(subject="Terms of reference", question="We are assessing the needs of separated children.")
    client.force_login(officer)

    def listed(text):
        page = client.get(reverse("queries:queue"), {"q": text}).content.decode()
        return {query.reference for query in (tracing, assessment) if query.reference in page}

    assert listed("tracing") == {tracing.reference}
    assert listed("family Kasai") == {tracing.reference}
    assert listed("assess") == {assessment.reference}  # a word of the question, in another form
    assert listed("separated children") == {assessment.reference}
    assert listed("Kasai separated") == set()  # every word must be there
    assert listed("the") == set()  # nothing to search for: the subject must hold the text
    assert listed(assessment.reference.lower()) == {assessment.reference}


@pytest.mark.parametrize(("lookups", "listed"), [(1_000, 5_000), (0, 5_000), (0, 0)],
                         ids=["few matches", "more matches, listed", "many matches"])
@pytest.mark.parametrize("role", [Role.OFFICER, Role.MANAGER])
@pytest.mark.parametrize("statuses", [[], list(Status.values)], ids=["open", "every status"])
def test_queue_keyword_count_is_what_the_list_holds(client, monkeypatch, lookups, listed, role, statuses):
    # Many matches over every status are counted from the index rather than from the list: the count must still
    # be the list's, leaving out the query the officer may not see and those that do not match.
    monkeypatch.setattr("cphelpdesk.queries.selectors.KEYWORD_LOOKUPS", lookups)
    monkeypatch.setattr("cphelpdesk.queries.selectors.KEYWORD_IDS", listed)
    matching = [make_query(subject=f"Needs assessment {n}", question="Where do we start?") for n in range(3)]
    hidden = make_query(subject="Assessment of a confidential case", question="Who may know?")
    Query.objects.filter(pk=hidden.pk).update(sensitivity=Sensitivity.STRICTLY_CONFIDENTIAL)
    closed = make_query(subject="Assessment tools", question="Which one?")
    Query.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    other = make_query(subject="Family tracing", question="How do we trace families?")
    client.force_login(staff_with_mfa(role))
    expected = {query.reference for query in matching} | ({hidden.reference} if role == Role.MANAGER else set())
    expected |= {closed.reference} if statuses else set()

    def shown():
        page = client.get(reverse("queries:queue"), {"q": "assessment", "status": statuses}).content.decode()
        return {query.reference for query in (*matching, hidden, closed, other) if query.reference in page}, page

    listed_references, page = shown()
    assert listed_references == expected
    assert f"{len(expected)} queries" in page
    monkeypatch.setattr("cphelpdesk.core.pagination.CappedPaginator.cap", 2)
    assert "More than 2 queries" in shown()[1]


def test_the_merge_form_does_not_reveal_which_references_exist(client):
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query()
    strict = make_query()
    Query.objects.filter(pk=strict.pk).update(sensitivity=Sensitivity.STRICTLY_CONFIDENTIAL)
    client.force_login(officer)
    url = reverse("queries:act", args=[query.reference, "merge"])
    missing = client.post(url, {"into": "CPH-1999-0001"})
    hidden = client.post(url, {"into": strict.reference})
    assert missing.status_code == hidden.status_code == 400
    assert "You have no query with the reference" in hidden.content.decode()


def test_the_queue_sorted_by_due_date_puts_queries_without_one_last():
    officer = staff_with_mfa(Role.OFFICER)
    answered, open_ = make_query(), make_query()
    actions.mark_answered(actor=officer, query=answered)
    ordered = list(queue(officer, QueueFilters(statuses=[], sort="due")))
    assert ordered.index(open_) < ordered.index(answered)


def test_nonsense_ids_in_forms_are_form_errors_not_500(client):
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query()
    client.force_login(officer)
    response = client.post(reverse("queries:act", args=[query.reference, "triage"]), {
        "topics": ["9" * 25], "urgency": "standard", "service_type": "question", "sensitivity": 1})
    assert response.status_code == 400
    client.logout()
    assert client.get(reverse("account_signup"), {"country": "9" * 30}).status_code == 200


def test_a_triage_saved_over_a_newer_one_is_refused_and_the_page_shows_the_current_one(client):
    """Two officers open the same query; the second to save does not silently undo the first one's triage."""
    first, second = staff_with_mfa(Role.OFFICER), staff_with_mfa(Role.OFFICER)
    query = make_query()
    url = reverse("queries:detail", args=[query.reference])
    client.force_login(second)
    opened = client.get(url).context["forms"]["triage"]["version"].value()  # the second officer's page
    client.force_login(first)
    seen = client.get(url).context["forms"]["triage"]["version"].value()
    assert seen == opened
    form = {"urgency": "urgent", "service_type": "question", "sensitivity": 1, "version": seen,
            "country": Country.objects.get(iso2="SO").pk}
    act = reverse("queries:act", args=[query.reference, "triage"])
    assert client.post(act, form).status_code == 302

    client.force_login(second)
    response = client.post(act, {**form, "urgency": "standard", "country": Country.objects.get(iso2="YE").pk,
                                 "version": opened})
    assert response.status_code == 409
    assert "Someone changed this query&#x27;s triage" in response.content.decode()
    query.refresh_from_db()
    assert (query.urgency, query.country.iso2) == ("urgent", "SO")  # the first officer's triage stands
    fresh = response.context["forms"]["triage"]
    assert not fresh.is_bound and fresh["urgency"].value() == "urgent"  # the form shows what it is now
    # Saved again from the fresh form, the second officer's change goes through.
    assert client.post(act, {**form, "urgency": "standard", "version": fresh["version"].value()}).status_code == 302
    query.refresh_from_db()
    assert query.urgency == "standard"
