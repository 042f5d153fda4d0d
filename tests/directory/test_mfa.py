"""Staff must use TOTP two-factor authentication; members need not."""

import re
import time

import pytest
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
    response = client.get(reverse("core:staff_home"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_members_are_not_forced_to_use_mfa(client):
    client.force_login(MemberFactory())
    assert client.get(reverse("directory:profile")).status_code == 200


def test_the_demo_can_switch_the_requirement_off(client, settings):
    settings.HELPDESK_REQUIRE_STAFF_MFA = False
    client.force_login(MemberFactory(roles=[Role.OFFICER]))
    assert client.get(reverse("core:staff_home")).status_code == 200


def test_officer_sets_up_an_authenticator_then_works(client):
    officer = MemberFactory(roles=[Role.OFFICER])
    password_login(client, officer)
    assert client.get(reverse("core:staff_home"))["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before an authenticator is added (its secure default).
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(response["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page).group(1)
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("core:staff_home")).status_code == 200


def test_login_with_mfa_asks_for_the_code(client):
    officer = staff_with_mfa(Role.OFFICER)
    response = password_login(client, officer)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    right = client.post(reverse("mfa_authenticate"), {"code": current_code(officer.totp_secret)})
    assert right.status_code == 302
    assert client.get(reverse("core:staff_home")).status_code == 200
