"""Each role's access to each page that exists: allowed and refused."""

import pytest
from django.urls import reverse

from cphelpdesk.directory.models import Approval
from cphelpdesk.directory.roles import STAFF_ROLES, Role
from tests.factories import MemberFactory, staff_with_mfa

pytestmark = pytest.mark.django_db

ROLES = ["visitor", *[role.value for role in Role]]


def client_for(client, role):
    """A client logged in as someone holding `role` (staff with MFA set up); `visitor` stays anonymous."""
    if role == "visitor":
        return client, None
    member = staff_with_mfa(role) if role in STAFF_ROLES else MemberFactory()
    client.force_login(member)
    return client, member


def status_for(client, url, method="get"):
    response = getattr(client, method)(url)
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return "login"
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", ["site:home", "taxonomy:glossary", "healthz", "account_login",
                                      "account_signup"])
def test_public_pages_open_to_everyone(client, role, url_name):
    client, _ = client_for(client, role)
    response = client.get(reverse(url_name))
    # Logged-in people are sent on from the login and sign-up pages; everyone else sees them.
    assert response.status_code in ({200, 302} if url_name.startswith("account_") else {200})


@pytest.mark.parametrize("role", ROLES)
def test_profile_needs_login(client, role):
    client, _ = client_for(client, role)
    assert status_for(client, reverse("directory:profile")) == ("login" if role == "visitor" else 200)


STAFF_HOME = {"visitor": "login", "member": 403, "officer": 200, "expert": 200, "focal_point": 200,
              "manager": 200, "administrator": 200}
PENDING = {"visitor": "login", "member": 403, "officer": 200, "expert": 403, "focal_point": 403,
           "manager": 200, "administrator": 403}
# Refused with 404, not 403, so that member ids cannot be probed.
OTHER_MEMBER = {"visitor": "login", "member": 404, "officer": 200, "expert": 404, "focal_point": 404,
                "manager": 200, "administrator": 200}
ADMIN = {"visitor": "login", "member": 403, "officer": 403, "expert": 403, "focal_point": 403,
         "manager": 403, "administrator": 200}


@pytest.mark.parametrize("role", ROLES)
def test_staff_home(client, role):
    client, _ = client_for(client, role)
    assert status_for(client, reverse("site:staff_home")) == STAFF_HOME[role]


@pytest.mark.parametrize("role", ROLES)
def test_membership_queue(client, role):
    client, _ = client_for(client, role)
    assert status_for(client, reverse("directory:pending")) == PENDING[role]


@pytest.mark.parametrize("role", ROLES)
def test_another_members_details(client, role):
    other = MemberFactory(approval=Approval.PENDING)
    client, _ = client_for(client, role)
    assert status_for(client, reverse("directory:member", args=[other.pk])) == OTHER_MEMBER[role]


@pytest.mark.parametrize("role", ROLES)
def test_approving_a_member(client, role):
    other = MemberFactory(approval=Approval.PENDING)
    client, _ = client_for(client, role)
    result = status_for(client, reverse("directory:approve", args=[other.pk]), method="post")
    other.refresh_from_db()
    if PENDING[role] == 200:
        assert result == 302 and other.approval == Approval.APPROVED
    else:
        assert result == PENDING[role] and other.approval == Approval.PENDING


@pytest.mark.parametrize("role", ROLES)
def test_django_admin_is_for_administrators_only(client, role):
    client, _ = client_for(client, role)
    response = client.get(reverse("admin:index"), follow=True)
    if ADMIN[role] == "login":
        assert response.request["PATH_INFO"] == reverse("account_login")
    else:
        assert response.status_code == ADMIN[role]


def test_admin_login_goes_through_the_mfa_protected_login(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_administrator_manages_directory_but_not_the_audit_log(client):
    client, _ = client_for(client, Role.ADMINISTRATOR)
    assert client.get(reverse("admin:directory_organisation_changelist")).status_code == 200
    assert client.get(reverse("admin:taxonomy_topic_changelist")).status_code == 200
    assert client.get("/admin/core/auditentry/").status_code in {403, 404}


def test_missing_and_forbidden_members_look_the_same(client):
    client.force_login(MemberFactory())
    other = MemberFactory()
    assert client.get(reverse("directory:member", args=[other.pk])).status_code == 404
    assert client.get(reverse("directory:member", args=[other.pk + 1000])).status_code == 404


def test_administrator_cannot_grant_themself_permissions_through_groups():
    from django.contrib.auth.models import Group, Permission

    admin = staff_with_mfa(Role.ADMINISTRATOR)
    Group.objects.get(name=Role.ADMINISTRATOR).permissions.add(
        Permission.objects.get(codename="delete_auditentry"))
    admin = type(admin).objects.get(pk=admin.pk)
    assert not admin.has_perm("core.delete_auditentry")
    assert admin.has_perm("directory.change_organisation")
    assert not admin.has_perm("directory.view_staff_pages_anything")


def test_member_sees_own_details_page(client):
    member = MemberFactory()
    client.force_login(member)
    assert client.get(reverse("directory:member", args=[member.pk])).status_code == 200


def test_dashboard_sends_each_person_to_their_start_page(client):
    member = MemberFactory()
    client.force_login(member)
    assert client.get(reverse("site:dashboard"))["Location"] == reverse("queries:mine")
    waiting = MemberFactory(approval="pending")
    client.force_login(waiting)
    assert client.get(reverse("site:dashboard"))["Location"] == reverse("directory:profile")
    officer = staff_with_mfa(Role.OFFICER)
    client.force_login(officer)
    assert client.get(reverse("site:dashboard"))["Location"] == reverse("site:staff_home")


def test_pending_member_cannot_act_until_approved():
    member = MemberFactory(approval=Approval.PENDING)
    assert not member.has_perm("directory.act_as_member")
    member.approval = Approval.APPROVED
    assert member.has_perm("directory.act_as_member")


@pytest.mark.django_db
def test_the_signed_in_notice_speaks_the_members_language(client):
    member = MemberFactory(preferred_language="ar")
    member.set_password("a long enough password 1")
    member.save()
    response = client.post("/accounts/login/", {"login": member.email, "password": "a long enough password 1"},
                           follow=True)
    notices = [str(message) for message in response.context["messages"]]
    assert notices and all("Successfully" not in notice for notice in notices), notices
    assert 'lang="ar"' in response.content.decode()
