"""From draft to publication: the personal-data review, a second officer's approval, banking answers."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cphelpdesk.core.models import AuditEntry
from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.models import Country
from cphelpdesk.directory.roles import Role
from cphelpdesk.library import actions
from cphelpdesk.library.models import RedactionFlag, Resource
from cphelpdesk.queries import actions as query_actions
from cphelpdesk.queries.models import EventKind, Query
from cphelpdesk.search.engine import Scope, search
from tests.factories import MemberFactory, OrganisationFactory, make_query, staff_with_mfa
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db
PUBLIC = [Scope(kind="resource", audiences=frozenset({"public", "members"}))]
STAFF = [Scope(kind="resource", published_only=False)]


@pytest.fixture
def officers():
    return staff_with_mfa(Role.OFFICER), staff_with_mfa(Role.OFFICER)


def draft(officer, body="Steps for interim care of separated children.", **fields):
    return actions.create_resource(actor=officer, title="Interim care arrangements", body=body,
                                   visibility="public", **fields)


def test_a_second_officer_approves_before_anything_is_public(officers):
    author, reviewer = officers
    resource = draft(author)
    assert search("interim care", scopes=PUBLIC).total == 0
    actions.submit_for_review(actor=author, resource=resource)
    with pytest.raises(PermissionDenied):
        actions.publish(actor=author, resource=resource)
    actions.publish(actor=reviewer, resource=resource)
    resource.refresh_from_db()
    assert resource.status == "published" and resource.approved_by == reviewer
    assert [hit.object_id for hit in search("interim care", scopes=PUBLIC).hits] == [resource.pk]
    actions.archive(actor=reviewer, resource=resource)
    assert search("interim care", scopes=PUBLIC).total == 0


def test_an_expert_adds_a_draft_but_cannot_publish(officers):
    expert = staff_with_mfa(Role.EXPERT)
    resource = draft(expert)
    actions.update_resource(actor=expert, resource=resource, summary="For coordinators.")
    actions.submit_for_review(actor=expert, resource=resource)
    with pytest.raises(PermissionDenied):
        actions.publish(actor=expert, resource=resource)
    with pytest.raises(PermissionDenied):
        actions.update_resource(actor=expert, resource=resource, summary="changed in review")
    actions.publish(actor=officers[0], resource=resource)
    with pytest.raises(PermissionDenied):
        actions.create_resource(actor=MemberFactory(), title="Not allowed")


def test_personal_data_is_flagged_and_blocks_publication_until_redacted(officers):
    author, reviewer = officers
    resource = draft(author, body="Amina, 14 years old, was reunified. Call her uncle on +243 81 234 5678.")
    flags = {flag.kind: flag for flag in resource.redaction_flags.filter(state="open")}
    assert {"child_name_age", "phone"} <= set(flags)
    actions.submit_for_review(actor=author, resource=resource)
    with pytest.raises(ValidationError, match="still to be reviewed"):
        actions.publish(actor=reviewer, resource=resource)
    for flag in resource.redaction_flags.filter(state="open"):
        actions.redact(actor=reviewer, flag=flag)
    resource.refresh_from_db()
    assert "Amina" not in resource.body and "234 5678" not in resource.body
    assert "removed]" in resource.body
    actions.publish(actor=reviewer, resource=resource)
    # The removed text is nowhere: not in the flags, the audit log or the search index.
    assert not RedactionFlag.objects.filter(text__contains="Amina").exists()
    assert not any("Amina" in str(entry.details) for entry in AuditEntry.objects.all())
    assert search("Amina", scopes=STAFF).total == 0
    from cphelpdesk.search.models import SearchTerm

    assert not SearchTerm.objects.filter(term__icontains="amina").exists()  # not even as a "did you mean"
    assert AuditEntry.objects.filter(action="resource.redacted", details__kind="phone").exists()


def test_a_dismissed_flag_stays_dismissed_when_the_text_changes(officers):
    author, reviewer = officers
    resource = draft(author, body="Write to the cluster coordinator, Mr. Jean Mukendi, for the 5W template.")
    [flag] = [flag for flag in resource.redaction_flags.all() if "Mukendi" in flag.text]
    actions.dismiss(actor=reviewer, flag=flag)
    actions.update_resource(actor=author, resource=resource, summary="A new summary.")
    assert not resource.redaction_flags.filter(state="open", text=flag.text).exists()


def answered_query(officer, *, sensitivity=Sensitivity.RESTRICTED):
    organisation = OrganisationFactory(name="Solidarité Enfance Kivu", acronym="SEK")
    requester = MemberFactory(full_name="Aminata Diallo", organisation=organisation)
    query = make_query(requester=requester, country=Country.objects.get(iso2="CD"), language="fr",
                       subject="Prise en charge temporaire des ENA",
                       question="Bonjour, je suis Aminata Diallo de SEK. Comment organiser la prise en charge "
                                "temporaire des enfants non accompagnés ?")
    Query.objects.filter(pk=query.pk).update(sensitivity=sensitivity)
    query.refresh_from_db()
    pdf = SimpleUploadedFile("Guide PCT.pdf", b"%PDF-1.4 guide", content_type="application/pdf")
    query_actions.reply(actor=officer, query=query, attachments=[pdf],
                        body="Bonjour Aminata, voici les standards minimums (standard 13) et le guide joint.")
    query_actions.mark_answered(actor=officer, query=query, outcome="full")
    query.refresh_from_db()
    return query


def test_banking_an_answer_generalises_it_and_flags_the_people_involved(officers, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    author, reviewer = officers
    query = answered_query(author)
    reply = query.messages.get(kind="reply")
    resource = actions.bank_answer(actor=author, query=query, answers=[reply],
                                   attachments=reply.attachments.all())
    assert resource.type == "qa" and resource.status == "draft" and resource.source_query == query
    assert resource.language == "fr" and list(resource.countries.values_list("iso2", flat=True)) == ["CD"]
    assert "Comment organiser la prise en charge" in resource.body and "standard 13" in resource.body
    assert [file.name for file in resource.files.all()] == ["Guide PCT.pdf"]
    flagged = set(resource.redaction_flags.values_list("kind", "text"))
    assert ("person_name", "Aminata Diallo") in flagged and ("person_name", "Aminata") in flagged
    assert ("organisation", "SEK") in flagged
    for flag in resource.redaction_flags.filter(state="open"):
        actions.redact(actor=author, flag=flag)
    resource.refresh_from_db()
    assert "Aminata" not in resource.body and "SEK" not in resource.body
    actions.submit_for_review(actor=author, resource=resource)
    actions.publish(actor=reviewer, resource=resource)


def test_banking_an_answer_leaves_an_event_on_the_query(officers, settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    officer = officers[0]
    query = answered_query(officer)
    resource = actions.bank_answer(actor=officer, query=query, answers=query.messages.filter(kind="reply"))
    event = query.events.get(kind=EventKind.BANKED)
    assert event.actor == officer and event.data == {"resource": resource.pk}
    client.force_login(officer)
    assert "Answer banked in the library" in client.get(f"/queries/{query.reference}/").content.decode()


def test_a_confidential_answer_names_the_region_not_the_country(officers, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    query = answered_query(officers[0], sensitivity=Sensitivity.CONFIDENTIAL)
    resource = actions.bank_answer(actor=officers[0], query=query, answers=query.messages.filter(kind="reply"))
    assert not resource.countries.exists()
    assert list(resource.regions.all()) == [query.country.region]


def test_only_an_answered_query_is_banked_and_only_by_its_officers(officers):
    query = make_query()
    with pytest.raises(ValidationError):
        actions.bank_answer(actor=officers[0], query=query, answers=[])
    with pytest.raises(PermissionDenied):
        actions.bank_answer(actor=staff_with_mfa(Role.EXPERT), query=query, answers=[])


def test_the_public_never_sees_the_source_query(client, officers, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    author, reviewer = officers
    query = answered_query(author)
    resource = actions.bank_answer(actor=author, query=query, answers=query.messages.filter(kind="reply"))
    for flag in resource.redaction_flags.filter(state="open"):
        actions.redact(actor=author, flag=flag)
    actions.submit_for_review(actor=author, resource=resource)
    actions.publish(actor=reviewer, resource=resource)
    assert query.reference not in client.get(resource.get_absolute_url()).content.decode()
    client.force_login(author)
    assert query.reference in client.get(resource.get_absolute_url()).content.decode()


def test_file_text_is_extracted_in_the_worker_and_searched(officers, settings, tmp_path,
                                                           django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    author = officers[0]
    with django_capture_on_commit_callbacks(execute=True):
        resource = draft(author, body="See the attached checklist.")
        actions.add_file(actor=author, resource=resource, upload=SimpleUploadedFile(
            "checklist.txt", b"Checklist for best interests determination panels.", "text/plain"))
    run_queued_tasks()
    file = resource.files.get()
    assert file.extraction == "done" and "best interests" in file.text
    assert [hit.object_id for hit in search("best interests determination", scopes=STAFF).hits] == [resource.pk]


def test_a_resource_lists_the_languages_it_exists_in(client, officers):
    author, reviewer = officers
    original = draft(author)
    french = actions.create_resource(actor=author, title="Prise en charge temporaire", language="fr",
                                     body="Étapes de la prise en charge temporaire.", translation_of=original,
                                     visibility="public")
    for resource in (original, french):
        actions.submit_for_review(actor=author, resource=resource)
        actions.publish(actor=reviewer, resource=resource)
    page = client.get(original.get_absolute_url()).content.decode()
    assert french.get_absolute_url() in page and "Français" in page
    hits = {hit.object_id for hit in search("interim care", scopes=PUBLIC, filters={"language": ["fr"]}).hits}
    # The original exists in French too; the translation is found by the glossary ("prise en charge temporaire").
    assert hits == {original.pk, french.pk}
    assert Resource.objects.get(pk=french.pk).translation_of == original
