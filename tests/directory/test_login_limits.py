"""Wrong passwords slow guessing down (per client address, and per account with a growing delay) but never lock
the owner out: a known device or a valid second factor passes the account's delay."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from cphelpdesk.directory import login_limits
from cphelpdesk.directory.roles import Role
from tests.directory.test_mfa import current_code
from tests.factories import PASSWORD, MemberFactory, staff_with_mfa

pytestmark = pytest.mark.django_db

ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"


def attempt(client, member, password=PASSWORD, address=OWNER, forwarded_for=None, **fields):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    return client.post(reverse("account_login"), {"login": member.email, "password": password, **fields},
                       REMOTE_ADDR=address, **headers)


def guess_wrong(member, times, addresses=None):
    """An attacker (from several addresses, so that the per-address limit does not stop them first)."""
    from django.test import Client

    attacker = Client()
    for number in range(times):
        address = (addresses or [ATTACKER])[number % len(addresses or [ATTACKER])]
        attempt(attacker, member, password=f"guess-{number}", address=address)


def pass_time(member, seconds):
    """Move the account's last failure back (the test never waits on the clock)."""
    key = login_limits._failures_key(member.email)
    state = cache.get(key)
    cache.set(key, {**state, "last": state["last"] - seconds}, login_limits.FORGET_FAILURES_SECONDS)


def full_login(client, member, address=OWNER):
    response = attempt(client, member, address=address)
    if response.status_code == 302 and response["Location"] == reverse("mfa_authenticate"):
        response = client.post(reverse("mfa_authenticate"), {"code": current_code(member.totp_secret)},
                               REMOTE_ADDR=address)
    return response


def test_wrong_passwords_from_anywhere_do_not_lock_the_owner_out_of_their_known_device(client):
    officer = staff_with_mfa(Role.OFFICER)
    assert full_login(client, officer).status_code == 302  # a complete login makes this browser known
    client.post(reverse("account_logout"))  # (the test client's own logout would forget every cookie)
    assert login_limits.DEVICE_COOKIE in client.cookies and "_auth_user_id" not in client.session
    guess_wrong(officer, 12, addresses=["203.0.113.1", "203.0.113.2", "203.0.113.3"])
    # Before: five failures locked the account for everyone, the owner included.
    response = attempt(client, officer)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    # The second factor is still asked for: the known device passes the delay, nothing more.
    assert "_auth_user_id" not in client.session


def test_an_unknown_device_waits_unless_it_gives_a_valid_code_from_the_authenticator_app(client):
    officer = staff_with_mfa(Role.OFFICER)
    guess_wrong(officer, 5)
    refused = attempt(client, officer)
    page = refused.content.decode()
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert "Try again in 1 minute," in page and 'name="code"' in page
    wrong_code = attempt(client, officer, code="000000")
    assert wrong_code.status_code == 200 and "_auth_user_id" not in client.session
    # The right code with the right password: logged in at once, without being asked for a second code.
    logged_in = attempt(client, officer, code=current_code(officer.totp_secret))
    assert logged_in.status_code == 302 and logged_in["Location"] == reverse("site:dashboard")
    assert client.session["_auth_user_id"] == str(officer.pk)
    assert login_limits.seconds_to_wait(officer.email) == 0  # a complete login clears the count


def test_a_valid_code_does_not_make_a_wrong_password_right(client):
    officer = staff_with_mfa(Role.OFFICER)
    guess_wrong(officer, 6)
    response = attempt(client, officer, password="still-wrong", code=current_code(officer.totp_secret))
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_the_delay_doubles_with_each_failure_and_then_ends(client):
    member = MemberFactory()
    guess_wrong(member, 4)
    assert login_limits.seconds_to_wait(member.email) == 0
    guess_wrong(member, 1)
    assert 55 < login_limits.seconds_to_wait(member.email) <= 60
    pass_time(member, 61)
    guess_wrong(member, 1)  # checked (the delay was over), wrong again: twice as long
    assert 115 < login_limits.seconds_to_wait(member.email) <= 120
    assert "_auth_user_id" not in client.session
    refused = attempt(client, member)
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    pass_time(member, 121)
    assert attempt(client, member).status_code == 302 and client.session["_auth_user_id"] == str(member.pk)


def test_a_password_change_makes_known_devices_unknown(client):
    member = MemberFactory()
    assert full_login(client, member).status_code == 302
    client.post(reverse("account_logout"))
    member.set_password("a brand new passphrase")
    member.save()
    guess_wrong(member, 6)
    refused = client.post(reverse("account_login"), {"login": member.email, "password": "a brand new passphrase"},
                          REMOTE_ADDR=OWNER)
    assert refused.status_code == 200 and "_auth_user_id" not in client.session


def test_one_address_is_limited_across_accounts_whatever_x_forwarded_for_says(client):
    members = [MemberFactory() for _ in range(11)]
    for number, member in enumerate(members[:10]):
        attempt(client, member, password="wrong", address=ATTACKER, forwarded_for=f"10.0.0.{number}")
    # An eleventh account, never tried, with its right password: the address has had its ten failures.
    response = attempt(client, members[10], address=ATTACKER, forwarded_for="10.0.0.99")
    assert response.status_code in {200, 429} and "_auth_user_id" not in client.session
    # Another address is not held back by it.
    assert attempt(client, members[10], address=OWNER).status_code == 302


def test_a_password_reset_lifts_the_delay(client, inbox):
    import re

    member = MemberFactory()
    guess_wrong(member, 5)
    assert login_limits.seconds_to_wait(member.email)
    client.post(reverse("account_reset_password"), {"email": member.email})
    link = re.search(r"https?://\S+/password/reset/key/\S+/", inbox.body(inbox.to(member.email)[-1])).group(0)
    form_url = client.get(link)["Location"]
    client.post(form_url, {"password1": "a new long passphrase", "password2": "a new long passphrase"})
    assert login_limits.seconds_to_wait(member.email) == 0
    response = client.post(reverse("account_login"), {"login": member.email, "password": "a new long passphrase"},
                           REMOTE_ADDR=OWNER)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(member.pk)


def test_when_a_delay_ends_only_one_guess_is_checked_however_many_arrive_together():
    member = MemberFactory()
    guess_wrong(member, 5)
    pass_time(member, 61)
    assert login_limits.claim_check(member.email) == 0  # the first guess of the moment is checked
    assert login_limits.claim_check(member.email) > 0  # one sent alongside waits, though the delay is over


def test_behind_a_trusted_proxy_the_limit_is_per_client_and_a_forged_forwarded_for_changes_nothing(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "127.0.0.1"
    members = [MemberFactory() for _ in range(11)]
    for number, member in enumerate(members[:10]):
        # The attacker writes a new address of their own each time; the proxy appends the one it saw.
        attempt(client, member, password="wrong", address=proxy, forwarded_for=f"10.0.0.{number}, {ATTACKER}")
    held = attempt(client, members[10], address=proxy, forwarded_for=f"10.9.9.9, {ATTACKER}")
    assert held.status_code in {200, 429} and "_auth_user_id" not in client.session
    # Someone else behind the same proxy logs in.
    assert attempt(client, members[10], address=proxy, forwarded_for=OWNER).status_code == 302
