"""Sign-up -> email verification -> approval by an officer -> login, and the mail each step sends."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory import actions, selectors
from cphelpdesk.directory.models import Approval, Country, Desk, Member, Organisation
from cphelpdesk.directory.roles import Role
from tests.factories import PASSWORD, MemberFactory, OrganisationFactory, staff_with_mfa
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db


def sign_up(client, **overrides):
    data = {
        "email": "awa.sangare@ngo.example.org", "password1": PASSWORD, "password2": PASSWORD,
        "full_name": "Awa Sangaré", "country": Country.objects.get(iso2="ML").pk,
        "organisation": "", "new_organisation_name": "Association Enfance Mopti", "new_organisation_type": "lngo",
        "position": "CP AoR co-coordinator", "preferred_language": "fr", "accept_terms": "on",
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def test_full_path_from_sign_up_to_approved_member(client, inbox, django_capture_on_commit_callbacks):
    fr_desk = Desk.objects.get(code="fr")
    desk_officer = staff_with_mfa(Role.OFFICER, email="desk.officer@example.org")
    fr_desk.officers.add(desk_officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)
    assert response.status_code == 302
    member = Member.objects.get(email="awa.sangare@ngo.example.org")
    assert member.approval == Approval.PENDING and member.has_role(Role.MEMBER)
    assert member.organisation.name == "Association Enfance Mopti" and not member.organisation.is_verified
    assert member.organisation.scope == Organisation.Scope.LOCAL

    # Officers hear nothing until the address is confirmed; the request is not in their queue either.
    run_queued_tasks()
    assert inbox.to(desk_officer.email) == []
    assert member not in selectors.pending_members_for(desk_officer)

    # The verification mail arrives over SMTP; following its link confirms the address.
    [verification] = inbox.to(member.email)
    link = re.search(r"http://[^\s]+/accounts/confirm-email/[^\s]+/", inbox.body(verification)).group(0)
    path = link.split("testserver", 1)[-1]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path).status_code == 302

    # Now the officers of the desk serving Mali are told, and the request waits in their queue.
    run_queued_tasks()
    assert member in selectors.pending_members_for(desk_officer)
    [notice] = inbox.to(desk_officer.email)
    assert "Awa Sangaré" in notice["Subject"]

    # Logged in but pending: the profile says so, and the member cannot act yet.
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    page = client.get(reverse("directory:profile"))
    assert page.status_code == 200
    assert 'class="status status-pending"' in page.content.decode()
    assert not Member.objects.get(pk=member.pk).has_perm("directory.act_as_member")

    # An officer approves; the member is told in French and may now act.
    inbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_member(actor=desk_officer, member=member)
    run_queued_tasks()
    [approval] = inbox.to(member.email)
    with translation.override("fr"):
        expected = translation.gettext("Your CP Helpdesk membership is approved")
    assert expected in approval["Subject"] and expected != "Your CP Helpdesk membership is approved"
    member = Member.objects.get(pk=member.pk)
    assert member.is_approved and member.has_perm("directory.act_as_member")
    assert member.organisation.is_verified
    assert AuditEntry.objects.filter(action="member.approved", target_id=str(member.pk), actor=desk_officer).exists()


def test_sign_up_never_changes_an_existing_organisation(client):
    existing = OrganisationFactory(name="Save the Children", scope=Organisation.Scope.INTERNATIONAL,
                                   type=Organisation.Type.INTERNATIONAL_NGO)
    sign_up(client, new_organisation_name="save the children", new_organisation_type="lngo")
    member = Member.objects.get(email="awa.sangare@ngo.example.org")
    existing.refresh_from_db()
    assert member.organisation == existing
    assert existing.type == "ingo" and not existing.countries.exists()


def test_sign_up_needs_an_organisation(client):
    response = sign_up(client, new_organisation_name="", new_organisation_type="")
    assert response.status_code == 200
    assert not Member.objects.filter(email="awa.sangare@ngo.example.org").exists()
    assert "organisation" in response.content.decode().lower()


def test_sign_up_starts_from_the_country_and_lists_its_organisations(client):
    malian = OrganisationFactory(name="Association Malienne pour l'Enfance")
    malian.countries.add(Country.objects.get(iso2="ML"))
    colombian = OrganisationFactory(name="Fundación Niñez Segura Cúcuta")
    colombian.countries.add(Country.objects.get(iso2="CO"))
    first = client.get(reverse("account_signup")).content.decode()
    assert 'name="country"' in first and 'name="password1"' not in first
    mali = Country.objects.get(iso2="ML")
    page = client.get(reverse("account_signup"), {"country": mali.pk}).content.decode()
    assert 'name="password1"' in page and "Association Malienne" in page and "Cúcuta" not in page
    assert f'<option value="{mali.pk}" selected>' in page


def test_sign_up_with_a_listed_organisation(client):
    organisation = OrganisationFactory(name="Save the Children", scope=Organisation.Scope.INTERNATIONAL,
                                       type=Organisation.Type.INTERNATIONAL_NGO)
    sign_up(client, organisation=organisation.pk, new_organisation_name="", new_organisation_type="")
    assert Member.objects.get(email="awa.sangare@ngo.example.org").organisation == organisation


def test_unverified_email_cannot_log_in(client):
    sign_up(client)
    client.logout()
    response = client.post(reverse("account_login"), {"login": "awa.sangare@ngo.example.org", "password": PASSWORD})
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_officer_declines_with_a_reason_the_person_is_told(client, inbox, django_capture_on_commit_callbacks):
    officer = staff_with_mfa(Role.OFFICER)
    applicant = MemberFactory(approval=Approval.PENDING, preferred_language="es")
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("directory:reject", args=[applicant.pk]), {"reason": "Cuenta duplicada."})
    assert response.status_code == 302
    run_queued_tasks()
    applicant.refresh_from_db()
    assert applicant.approval == Approval.REJECTED
    [mail] = inbox.to(applicant.email)
    assert "Cuenta duplicada." in inbox.body(mail)


def test_decline_needs_a_reason(client):
    officer = staff_with_mfa(Role.OFFICER)
    applicant = MemberFactory(approval=Approval.PENDING)
    client.force_login(officer)
    client.post(reverse("directory:reject", args=[applicant.pk]), {"reason": ""})
    applicant.refresh_from_db()
    assert applicant.approval == Approval.PENDING


def test_a_decided_request_cannot_be_decided_again(client):
    officer = staff_with_mfa(Role.OFFICER)
    applicant = MemberFactory(approval=Approval.APPROVED)
    client.force_login(officer)
    response = client.post(reverse("directory:approve", args=[applicant.pk]), follow=True)
    assert response.status_code == 200
    assert "already been decided" in response.content.decode()


def test_pending_queue_lists_requests_from_my_desk_first(client):
    officer = staff_with_mfa(Role.OFFICER)
    Desk.objects.get(code="es").officers.add(officer)
    far = MemberFactory(approval=Approval.PENDING, full_name="First In Mali")
    near = MemberFactory(approval=Approval.PENDING, full_name="Later In Colombia",
                         country=Country.objects.get(iso2="CO"))
    client.force_login(officer)
    page = client.get(reverse("directory:pending")).content.decode()
    assert page.index(near.full_name) < page.index(far.full_name)


def test_member_edits_own_profile(client):
    member = MemberFactory()
    client.force_login(member)
    response = client.post(reverse("directory:profile"), {
        "full_name": "New Name", "position": "IMO", "country": Country.objects.get(iso2="SO").pk,
        "organisation": member.organisation.pk, "preferred_language": "ar",
    })
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.full_name, member.country.iso2, member.preferred_language) == ("New Name", "SO", "ar")


def test_login_is_rate_limited(client):
    member = MemberFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": member.email, "password": "wrong-password"})
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in {200, 429}


def test_password_reset_mail_arrives(client, inbox):
    member = MemberFactory()
    client.post(reverse("account_reset_password"), {"email": member.email})
    [mail] = inbox.to(member.email)
    assert "/accounts/password/reset/key/" in inbox.body(mail)


def test_profile_offers_organisations_of_my_country_and_international_ones(client):
    colombian = OrganisationFactory(name="Fundación Niñez Segura Cúcuta")
    colombian.countries.add(Country.objects.get(iso2="CO"))
    international = OrganisationFactory(name="Save the Children", scope=Organisation.Scope.INTERNATIONAL,
                                        type=Organisation.Type.INTERNATIONAL_NGO)
    member = MemberFactory()  # works in Mali
    client.force_login(member)
    page = client.get(reverse("directory:profile")).content.decode()
    assert international.name in page and member.organisation.name in page
    assert colombian.name not in page


def test_officers_are_told_in_their_own_language(inbox, django_capture_on_commit_callbacks):
    desk = Desk.objects.get(code="fr")
    french = staff_with_mfa(Role.OFFICER, preferred_language="fr")
    arabic = staff_with_mfa(Role.OFFICER, preferred_language="ar")
    desk.officers.add(french, arabic)
    applicant = MemberFactory(approval=Approval.PENDING, full_name="Awa N'Diaye & Co")
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify_officers_of_request(member=applicant)
    run_queued_tasks()
    [to_french] = inbox.to(french.email)
    [to_arabic] = inbox.to(arabic.email)
    assert "Awa N'Diaye & Co" in to_french["Subject"]  # plain text, never HTML-escaped
    assert "Pays" in inbox.body(to_french) and "البلد" in inbox.body(to_arabic)


def test_administrator_changes_roles_in_the_admin_with_an_audit_entry(client):
    admin = staff_with_mfa(Role.ADMINISTRATOR)
    member = MemberFactory()
    client.force_login(admin)
    response = client.post(reverse("admin:directory_member_change", args=[member.pk]), {
        "email": member.email, "full_name": member.full_name, "position": "", "organisation": member.organisation.pk,
        "country": member.country.pk, "preferred_language": "en", "is_active": "on", "roles": ["member", "expert"],
    })
    assert response.status_code == 302
    member = Member.objects.get(pk=member.pk)
    assert member.roles == {"member", "expert"}
    entry = AuditEntry.objects.get(action="member.roles_changed", target_id=str(member.pk))
    assert entry.actor == admin and entry.details == {"added": ["expert"], "removed": []}
    assert member.approval == Approval.APPROVED  # not editable there


def test_sign_up_needs_the_privacy_notice_and_terms_accepted(client):
    data_without_box = sign_up(client, accept_terms="")
    assert data_without_box.status_code == 200 and not Member.objects.exists()
    sign_up(client)
    assert Member.objects.get().terms_version


def test_mail_to_a_sign_ups_unverified_address_never_carries_the_name_they_typed(
        client, inbox, django_capture_on_commit_callbacks):
    phishing = "Your bank account is locked, call +1 555 0100"
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, email="victim@example.org", full_name=phishing)
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "victim@example.org"})
    run_queued_tasks()
    sent = inbox.to("victim@example.org")
    assert len(sent) == 2 and any("confirm-email" in inbox.body(m) for m in sent)
    assert any("password" in inbox.body(m).lower() for m in sent)
    assert all("555 0100" not in m["Subject"] + inbox.body(m) for m in sent)


def test_the_active_member_with_an_address_is_found_ignoring_case_as_with_email_finds_them():
    """Mail intake's one-statement lookup (`active_id_with_email`) agrees with `with_email`."""
    member = MemberFactory(email="Amina.Diallo@Example.org")
    MemberFactory(email="closed@example.org", is_active=False)
    assert Member.objects.active_id_with_email("  amina.diallo@EXAMPLE.org ") == member.pk
    assert Member.objects.with_email("  amina.diallo@EXAMPLE.org ").get() == member
    assert Member.objects.active_id_with_email("closed@example.org") is None
    assert Member.objects.active_id_with_email("nobody@example.org") is None
    assert Member.objects.active_id_with_email("") is None
    # Two accounts whose addresses differ only in case: both find the first by name.
    Member.objects.filter(pk=MemberFactory(full_name="Zoe", email="twin-zoe@example.org").pk).update(
        email="Twin@example.org")
    first = MemberFactory(full_name="Adama", email="twin@example.org")
    assert Member.objects.active_id_with_email("TWIN@example.org") == first.pk
    assert Member.objects.with_email("TWIN@example.org").first() == first


def test_a_members_account_read_for_their_mail_is_the_one_the_orm_reads():
    """Mail intake reads a member's account with their country and organisation in one plain statement: every field
    of the three reads as the ORM reads it (dates, flags, JSON), and a member with neither has neither."""
    member = MemberFactory(organisation=OrganisationFactory(), country=Country.objects.first())
    read = Member.objects.active_with_places(member.pk)
    expected = Member.objects.select_related("country", "organisation").get(pk=member.pk)
    for got, want in ((read, expected), (read.country, expected.country),
                      (read.organisation, expected.organisation)):
        fields = [field.attname for field in type(want)._meta.concrete_fields]
        assert [getattr(got, name) for name in fields] == [getattr(want, name) for name in fields]
    alone = MemberFactory(organisation=None, country=None)
    read = Member.objects.active_with_places(alone.pk)
    assert read == alone and read.country is None and read.organisation is None
    Member.objects.filter(pk=alone.pk).update(is_active=False)
    assert Member.objects.active_with_places(alone.pk) is None
