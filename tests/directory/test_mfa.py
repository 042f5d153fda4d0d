"""Staff must use TOTP two-factor authentication; members need not."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from cphelpdesk.directory.roles import STAFF_ROLES, Role
from tests.factories import PASSWORD, MemberFactory, staff_with_mfa

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def password_login(client, member):
    return client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_staff_without_mfa_must_set_it_up_first(client, role):
    staff = MemberFactory(roles=[role])
    client.force_login(staff)
    response = client.get(reverse("site:staff_home"))
    # First the mailbox, then the authenticator (see test_officer_sets_up_an_authenticator_then_works).
    assert response.status_code == 302 and response["Location"] == reverse("directory:confirm_mailbox")


def test_members_are_not_forced_to_use_mfa(client):
    client.force_login(MemberFactory())
    assert client.get(reverse("directory:profile")).status_code == 200


def test_the_demo_can_switch_the_requirement_off(client, settings):
    settings.HELPDESK_REQUIRE_STAFF_MFA = False
    client.force_login(MemberFactory(roles=[Role.OFFICER]))
    assert client.get(reverse("site:staff_home")).status_code == 200


def mailed_code(inbox, member) -> str:
    return re.search(r"^\s*(\d{8})\s*$", inbox.body(inbox.to(member.email)[-1]), re.MULTILINE).group(1)


def add_authenticator(client):
    """allauth's own set-up: the password again (its secure default), then a code of the new secret."""
    response = client.get(reverse("mfa_activate_totp"))
    if response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate")):
        client.post(response["Location"], {"password": PASSWORD})
        response = client.get(reverse("mfa_activate_totp"))
    match = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', response.content.decode())
    if match is None:
        return response
    return client.post(reverse("mfa_activate_totp"), {"code": current_code(match.group(1))})


def test_officer_proves_the_mailbox_then_sets_up_an_authenticator_then_works(client, inbox):
    officer = MemberFactory(roles=[Role.OFFICER])
    password_login(client, officer)
    assert client.get(reverse("site:staff_home"))["Location"] == reverse("directory:confirm_mailbox")
    page = client.get(reverse("directory:confirm_mailbox")).content.decode()
    assert officer.email in page and "Send me a code" in page
    client.post(reverse("directory:confirm_mailbox"), {"action": "send"})
    code = mailed_code(inbox, officer)  # over SMTP, to the account's own address
    confirmed = client.post(reverse("directory:confirm_mailbox"), {"action": "check", "code": code})
    assert confirmed.status_code == 302 and confirmed["Location"] == reverse("mfa_activate_totp")
    assert add_authenticator(client).status_code == 302
    assert client.get(reverse("site:staff_home")).status_code == 200
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()


def test_a_staff_password_alone_cannot_set_up_an_authenticator(client, inbox):
    officer = MemberFactory(roles=[Role.OFFICER])
    password_login(client, officer)  # the attacker knows the password, not the mailbox
    for name in ("mfa_activate_totp", "mfa_generate_recovery_codes", "mfa_index"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"] == reverse("directory:confirm_mailbox")
    assert client.post(reverse("mfa_activate_totp"), {"code": "123456"})["Location"] == reverse(
        "directory:confirm_mailbox")
    # Guessing the mailed code: five tries, then the code is gone (the right one no longer works either).
    client.post(reverse("directory:confirm_mailbox"), {"action": "send"})
    code = mailed_code(inbox, officer)
    wrong = str((int(code) + 1) % 10**8).zfill(8)
    for _ in range(5):
        assert client.post(reverse("directory:confirm_mailbox"), {"action": "check", "code": wrong}).status_code == 400
    assert client.post(reverse("directory:confirm_mailbox"), {"action": "check", "code": code}).status_code == 400
    assert add_authenticator(client)["Location"] == reverse("directory:confirm_mailbox")
    assert not Authenticator.objects.filter(user=officer).exists()


def test_the_mailed_code_works_once_in_the_session_that_asked_for_it_and_expires(client, inbox):
    from django.test import Client

    from cphelpdesk.directory import mfa_enrolment

    officer = MemberFactory(roles=[Role.OFFICER])
    password_login(client, officer)
    client.post(reverse("directory:confirm_mailbox"), {"action": "send"})
    code = mailed_code(inbox, officer)
    # Another session (another person with the password) cannot use it.
    other = Client()
    password_login(other, officer)
    assert other.post(reverse("directory:confirm_mailbox"), {"action": "check", "code": code}).status_code == 400
    # Expired: the same code, its time over.
    session = client.session
    session[mfa_enrolment.PENDING_KEY] = {**session[mfa_enrolment.PENDING_KEY], "expires": 0}
    session.save()
    assert client.post(reverse("directory:confirm_mailbox"), {"action": "check", "code": code}).status_code == 400
    # A fresh code works once; the page then leads on to the authenticator set-up.
    client.post(reverse("directory:confirm_mailbox"), {"action": "send"})
    fresh = mailed_code(inbox, officer)
    assert client.post(reverse("directory:confirm_mailbox"), {"action": "check", "code": fresh}).status_code == 302
    assert mfa_enrolment.PENDING_KEY not in client.session
    # Three codes an hour for the account, whichever session asks: the fourth is refused, and not mailed.
    other.post(reverse("directory:confirm_mailbox"), {"action": "send"})
    assert len(inbox.to(officer.email)) == 3
    refused = other.post(reverse("directory:confirm_mailbox"), {"action": "send"}, follow=True)
    assert len(inbox.to(officer.email)) == 3 and "Several codes were sent already" in refused.content.decode()


def test_members_set_up_an_authenticator_without_a_mailed_code(client):
    member = MemberFactory()
    password_login(client, member)
    assert add_authenticator(client).status_code == 302
    assert Authenticator.objects.filter(user=member).exists()


def test_login_with_mfa_asks_for_the_code(client):
    officer = staff_with_mfa(Role.OFFICER)
    response = password_login(client, officer)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    right = client.post(reverse("mfa_authenticate"), {"code": current_code(officer.totp_secret)})
    assert right.status_code == 302
    assert client.get(reverse("site:staff_home")).status_code == 200


def code_of_step(secret: str, steps_back: int) -> str:
    """The code `steps_back` 30-second steps before now, taken well inside the current step (so it cannot turn
    over between computing the code and posting it)."""
    while time.time() % 30 > 25:
        time.sleep(0.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 - steps_back))


def test_a_code_typed_late_on_a_slow_connection_is_still_accepted(client):
    officer = staff_with_mfa(Role.OFFICER)
    password_login(client, officer)
    late = client.post(reverse("mfa_authenticate"), {"code": code_of_step(officer.totp_secret, 1)})
    assert late.status_code == 302 and client.get(reverse("site:staff_home")).status_code == 200


def test_an_older_code_or_a_used_one_is_refused(client):
    officer = staff_with_mfa(Role.OFFICER)
    password_login(client, officer)
    stale = client.post(reverse("mfa_authenticate"), {"code": code_of_step(officer.totp_secret, 2)})
    assert stale.status_code == 200 and "_auth_user_id" not in client.session
    code = code_of_step(officer.totp_secret, 0)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    client.logout()
    password_login(client, officer)
    replayed = client.post(reverse("mfa_authenticate"), {"code": code})
    assert replayed.status_code == 200 and "_auth_user_id" not in client.session
