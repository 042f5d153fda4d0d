"""Who sees which query, message and file: every role, every sensitivity level, lists and pages alike."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.models import Country, Desk, FocalPoint, Region
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries import actions
from cphelpdesk.queries.access import query_access, visible_messages, visible_queries
from cphelpdesk.queries.models import Query
from tests.factories import MemberFactory, make_query, staff_with_mfa

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def cast():
    """A requester, another member and one person per staff role; the focal point covers West Africa."""
    people = {
        "requester": MemberFactory(), "other_member": MemberFactory(),
        "officer": staff_with_mfa(Role.OFFICER), "desk_officer": staff_with_mfa(Role.OFFICER),
        "manager": staff_with_mfa(Role.MANAGER), "expert": staff_with_mfa(Role.EXPERT),
        "assigned_expert": staff_with_mfa(Role.EXPERT), "focal_point": staff_with_mfa(Role.FOCAL_POINT),
        "other_focal_point": staff_with_mfa(Role.FOCAL_POINT), "administrator": staff_with_mfa(Role.ADMINISTRATOR),
    }
    FocalPoint.objects.create(member=people["focal_point"], region=Region.objects.get(code="wca"))
    FocalPoint.objects.create(member=people["other_focal_point"], region=Region.objects.get(code="lac"))
    Desk.objects.get(code="fr").officers.add(people["desk_officer"])
    return people


def query_in_mali(cast, sensitivity=Sensitivity.RESTRICTED):
    query = make_query(requester=cast["requester"], country=Country.objects.get(iso2="ML"), language="fr",
                       attachments=[SimpleUploadedFile("ToR draft.pdf", PDF)])
    Query.objects.filter(pk=query.pk).update(sensitivity=sensitivity)
    query.refresh_from_db()
    actions.assign(actor=cast["manager"], query=query, member=cast["assigned_expert"], role="expert")
    actions.reply(actor=cast["assigned_expert"], query=query, body="Internal: check with the WG", internal=True)
    return query


SEES = {  # role -> sees a restricted query from Mali?
    "requester": True, "other_member": False, "officer": True, "desk_officer": True, "manager": True,
    "expert": False, "assigned_expert": True, "focal_point": True, "other_focal_point": False,
    "administrator": False,
}
SEES_STRICT = {**SEES, "officer": False, "focal_point": False}


@pytest.mark.parametrize("strict", [False, True])
def test_who_sees_a_query(cast, strict):
    level = Sensitivity.STRICTLY_CONFIDENTIAL if strict else Sensitivity.RESTRICTED
    query = query_in_mali(cast, level)
    expected = SEES_STRICT if strict else SEES
    for name, person in cast.items():
        assert query_access(person, query).can_view == expected[name], name
        # The list selector agrees with the per-query check.
        assert visible_queries(person).filter(pk=query.pk).exists() == expected[name], name


def test_pages_and_files_follow_the_same_rules(client, cast):
    query = query_in_mali(cast)
    attachment = query.messages.first().attachments.get()
    for name, person in cast.items():
        client.force_login(person)
        page = client.get(reverse("queries:detail", args=[query.reference]))
        download = client.get(reverse("queries:download", args=[query.reference, attachment.pk]))
        assert (page.status_code == 200) == SEES[name], name
        assert (download.status_code == 200) == SEES[name], name
        if SEES[name]:
            assert download["Content-Disposition"].startswith("attachment")
            assert 'filename="ToR draft.pdf"' in download["Content-Disposition"]
            assert b"".join(download.streaming_content) == PDF
        else:
            assert page.status_code == 404 and download.status_code == 404


def test_requester_never_sees_internal_notes(client, cast):
    query = query_in_mali(cast)
    client.force_login(cast["requester"])
    page = client.get(reverse("queries:detail", args=[query.reference])).content.decode()
    assert "Could you share a template" in page and "check with the WG" not in page
    client.force_login(cast["officer"])
    assert "check with the WG" in client.get(reverse("queries:detail", args=[query.reference])).content.decode()


def test_focal_point_sees_the_regions_confidential_but_not_strict_messages(cast):
    query = query_in_mali(cast, Sensitivity.CONFIDENTIAL)
    strict_note = actions.reply(actor=cast["manager"], query=query, body="Strict note", internal=True,
                                sensitivity=Sensitivity.STRICTLY_CONFIDENTIAL)
    access = query_access(cast["focal_point"], query)
    assert access.can_view
    from cphelpdesk.queries.access import visible_messages

    assert strict_note not in visible_messages(access, query)
    assert strict_note in visible_messages(query_access(cast["manager"], query), query)


def test_a_referral_opens_the_query_to_its_recipient(cast):
    query = query_in_mali(cast, Sensitivity.CONFIDENTIAL)
    other = cast["other_focal_point"]
    assert not query_access(other, query).can_view
    actions.refer(actor=cast["officer"], query=query, destination="focal_point", recipient_name=str(other),
                  recipient_email=other.email, reason="Latin America experience")
    assert query_access(other, query).can_view
    assert visible_queries(other).filter(pk=query.pk).exists()


def test_only_officers_and_managers_work_on_queries(cast):
    query = query_in_mali(cast)
    for name in ["requester", "assigned_expert", "focal_point"]:
        with pytest.raises(PermissionDenied):
            actions.mark_answered(actor=cast[name], query=query)
    actions.mark_answered(actor=cast["officer"], query=query)


def test_experts_reply_on_assigned_queries_only(cast):
    query = query_in_mali(cast)
    actions.reply(actor=cast["assigned_expert"], query=query, body="Here is a template.")
    with pytest.raises(PermissionDenied):
        actions.reply(actor=cast["expert"], query=query, body="Me too")


def test_staff_queue_is_for_staff(client, cast):
    query_in_mali(cast)
    for name, person in cast.items():
        client.force_login(person)
        status = client.get(reverse("queries:queue")).status_code
        expected = 200 if name in {"officer", "desk_officer", "manager", "expert", "assigned_expert", "focal_point",
                                   "other_focal_point"} else 403
        assert status == expected, name


def test_queue_lists_only_what_each_person_may_see(client, cast):
    query = query_in_mali(cast)
    for name in ["expert", "assigned_expert", "other_focal_point", "focal_point"]:
        client.force_login(cast[name])
        page = client.get(reverse("queries:queue")).content.decode()
        assert (query.reference in page) == SEES[name], name


def test_similar_queries_list_only_what_each_person_may_see(cast):
    from cphelpdesk.queries.selectors import question_text, similar_queries

    strict = query_in_mali(cast, Sensitivity.STRICTLY_CONFIDENTIAL)
    restricted = query_in_mali(cast)
    for name in ("officer", "desk_officer", "manager", "focal_point", "assigned_expert"):
        listed = similar_queries(cast[name], restricted, question_text(restricted))
        assert (strict in listed) == SEES_STRICT[name], name
        assert restricted not in listed, name  # never the query itself


def test_what_is_like_a_query_is_remembered_but_who_may_see_it_is_asked_each_time(cast):
    """The panel's ranking is remembered for a few minutes (staff come back to the page after each action); who
    may see each query is not: one made strictly confidential leaves an officer's panel at once."""
    from cphelpdesk.queries.selectors import question_likeness, similar_queries

    other = query_in_mali(cast)
    shown = query_in_mali(cast)
    assert other in similar_queries(cast["officer"], shown, question_likeness(shown))
    Query.objects.filter(pk=other.pk).update(sensitivity=Sensitivity.STRICTLY_CONFIDENTIAL)
    with CaptureQueriesContext(connection) as statements:
        listed = similar_queries(cast["officer"], shown, question_likeness(shown))
    assert other not in listed
    assert other in similar_queries(cast["manager"], shown, question_likeness(shown))
    # Ranked from memory: no full-text match was run again (SQLite's MATCH, PostgreSQL's @@).
    assert not any(" MATCH " in query["sql"] or "@@" in query["sql"] for query in statements.captured_queries)


def test_only_staff_who_see_the_query_open_what_is_like_it(client, cast):
    query = query_in_mali(cast)
    for name, person in cast.items():
        client.force_login(person)
        status = client.get(f"/queries/{query.reference}/like-this/").status_code
        # The requester sees their query but not other people's: the panel is for staff.
        assert status == (200 if SEES[name] and name != "requester" else 404), name


def test_a_superuser_gets_no_query_content_but_keeps_the_admin(client, settings):
    settings.HELPDESK_REQUIRE_STAFF_MFA = False
    query = make_query(subject="Sensitive subject")
    root = MemberFactory(is_superuser=True)
    client.force_login(root)
    assert client.get(reverse("queries:detail", args=[query.reference])).status_code == 404
    assert not root.has_perm("queries.read_query", query)
    assert root.has_perm("directory.change_organisation")  # the admin still works for them


def test_an_expert_whose_role_is_removed_loses_the_query_in_lists_and_on_its_page():
    officer = staff_with_mfa(Role.OFFICER)
    expert = staff_with_mfa(Role.EXPERT)
    query = make_query()
    actions.assign(actor=officer, query=query, member=expert, role="expert")
    expert.groups.clear()
    expert = type(expert).objects.get(pk=expert.pk)
    assert not query_access(expert, query).can_view
    assert not visible_queries(expert).filter(pk=query.pk).exists()


def test_focal_point_sees_their_own_reply_on_a_strict_referred_query():
    officer = staff_with_mfa(Role.MANAGER)
    focal = staff_with_mfa(Role.FOCAL_POINT)
    query = make_query()
    Query.objects.filter(pk=query.pk).update(sensitivity=Sensitivity.STRICTLY_CONFIDENTIAL)
    query.refresh_from_db()
    actions.refer(actor=officer, query=query, destination="focal_point", recipient_name=str(focal),
                  recipient_email=focal.email, reason="Region")
    message = actions.reply(actor=focal, query=query, body="From the region")
    assert message in visible_messages(query_access(focal, query), query)
