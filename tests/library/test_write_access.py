"""Who may write what in the repository (issue #11): every POST of the library, for every role, allowed
and refused, beside the read-access table in test_access.py. The resource is a draft banked from a strictly
confidential query (tests/cast.py), so only those who see the query see it until it is published."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cphelpdesk.library import actions
from cphelpdesk.library.models import RedactionFlag, Resource
from cphelpdesk.queries import actions as query_actions
from cphelpdesk.queries.models import Query
from tests.cast import DONE, expect, make_cast, strict_query, table

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 plan"


@pytest.fixture
def cast(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_cast()


def answered_query(cast) -> Query:
    query = strict_query(cast, question="Comment organiser la prise en charge de Kadiatou Traoré, 11 ans ?")
    query_actions.reply(actor=cast["desk_officer"], query=query, body="Voici le plan de prise en charge.",
                        attachments=[SimpleUploadedFile("Plan.pdf", PDF, content_type="application/pdf")])
    query_actions.mark_answered(actor=cast["desk_officer"], query=query, outcome="full")
    return Query.objects.get(pk=query.pk)


def banked(cast, status="draft") -> Resource:
    """The answer banked by the desk's officer; `in_review`: redacted and sent for review; `published`:
    then approved by the manager."""
    query = answered_query(cast)
    reply = query.messages.get(kind="reply")
    resource = actions.bank_answer(actor=cast["desk_officer"], query=query, answers=[reply],
                                   attachments=reply.attachments.all())
    if status != "draft":
        for flag in resource.redaction_flags.filter(state="open"):
            actions.redact(actor=cast["desk_officer"], flag=flag)
        actions.submit_for_review(actor=cast["desk_officer"], resource=resource)
    if status == "published":
        actions.publish(actor=cast["manager"], resource=resource)
    return Resource.objects.get(pk=resource.pk)


def status_after(status):
    return lambda cast, resource: resource.status == status


def first_flag(resource):
    return resource.redaction_flags.order_by("pk").first()


# name -> (status of the banked resource, the POST (url and data), did it take effect?)
RESOURCE_WRITES = {
    "edit": ("draft", lambda r: (reverse("library:edit", args=[r.pk]), {
        "title": "Interim care", "type": "qa", "language": "fr", "visibility": "members"}),
        lambda cast, r: r.title == "Interim care"),
    "submit": ("draft", lambda r: (reverse("library:act", args=[r.pk, "submit"]), {}), status_after("in_review")),
    "publish": ("in_review", lambda r: (reverse("library:act", args=[r.pk, "publish"]), {}),
                status_after("published")),
    "send_back": ("in_review", lambda r: (reverse("library:act", args=[r.pk, "send_back"]), {}),
                  status_after("draft")),
    "archive": ("published", lambda r: (reverse("library:act", args=[r.pk, "archive"]), {}),
                status_after("archived")),
    "redact": ("draft", lambda r: (reverse("library:resolve_flag", args=[first_flag(r).pk, "redact"]), {}),
               lambda cast, r: r.redaction_flags.filter(state=RedactionFlag.State.REDACTED).exists()),
    "dismiss": ("draft", lambda r: (reverse("library:resolve_flag", args=[first_flag(r).pk, "dismiss"]), {}),
                lambda cast, r: r.redaction_flags.filter(state=RedactionFlag.State.DISMISSED).exists()),
    "replace_file": ("draft", lambda r: (reverse("library:replace_file", args=[r.pk, r.files.get().pk]),
                                         {"file": SimpleUploadedFile("Plan.pdf", PDF + b" v2")}),
                     lambda cast, r: r.files.count() == 2),
    "remove_file": ("draft", lambda r: (reverse("library:remove_file", args=[r.pk, r.files.get().pk]), {}),
                    lambda cast, r: not r.files.exists()),
}

# Curators who may see the banked draft's query (its desk's officer, the manager) may; staff who see the
# query without curating are refused on the page (302 back with the reason) or with 403; anyone else gets
# 404; members lack the permission (403) and visitors log in.
CURATE = expect(404, anonymous="login", requester=403, member=403, assigned_expert=403, referred_focal_point=403,
                desk_officer=DONE, manager=DONE)
# The workflow steps explain a refusal on the resource's page instead (a redirect back to it).
STEP = {**CURATE, "assigned_expert": 302, "referred_focal_point": 302}
# Editing: whoever may not see the draft gets 404 whatever their role; staff who see it but may not edit: 403.
EDIT = {**CURATE, "anonymous": 404, "requester": 404, "member": 404}
ALLOWED = {
    "edit": EDIT, "replace_file": EDIT, "remove_file": EDIT,
    "submit": STEP, "send_back": STEP,
    # A second officer approves: the desk's officer who banked it may not.
    "publish": {**STEP, "desk_officer": 302},
    # Once published, every officer sees it and may archive it; other staff are refused on the page.
    "archive": {**STEP, "other_desk_officer": DONE, "expert": 302, "focal_point": 302, "administrator": 302},
    # Reviewing personal data is for officers at all (403 for anyone else), on what they may see (404).
    "redact": {**expect(403, anonymous="login", other_desk_officer=404), "desk_officer": DONE, "manager": DONE},
}
ALLOWED["dismiss"] = ALLOWED["redact"]


@pytest.mark.parametrize("write", list(RESOURCE_WRITES))
def test_who_may_work_on_a_banked_draft(client, cast, write):
    status, post, took_effect = RESOURCE_WRITES[write]

    def attempt(client, person):
        resource = banked(cast, status)
        url, data = post(resource)
        response = client.post(url, data)
        return response, took_effect(cast, Resource.objects.get(pk=resource.pk))

    assert table(client, cast, attempt) == ALLOWED[write]


def test_who_may_bank_an_answer(client, cast):
    def attempt(client, person):
        query = answered_query(cast)
        reply = query.messages.get(kind="reply")
        response = client.post(reverse("library:bank", args=[query.reference]), {"answers": [reply.pk]})
        return response, query.banked_resources.exists()

    assert table(client, cast, attempt) == expect(403, anonymous="login", other_desk_officer=404,
                                                  desk_officer=DONE, manager=DONE)


def test_who_may_add_a_resource(client, cast):
    def attempt(client, person):
        response = client.post(reverse("library:create"), {
            "title": f"Guidance {person.pk if person else 0}", "type": "guidance", "language": "en",
            "visibility": "members"})
        return response, Resource.objects.filter(title=f"Guidance {person.pk if person else 0}").exists()

    assert table(client, cast, attempt) == expect(403, anonymous="login", desk_officer=DONE,
                                                  other_desk_officer=DONE, manager=DONE, expert=DONE,
                                                  assigned_expert=DONE)
