"""The demo data: realistic volumes, one login per role, and the same data for the same seed."""

import datetime
import hashlib

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from cphelpdesk.directory.demo import DEMO_LOGINS, DEMO_PASSWORD, existing_demo_logins
from cphelpdesk.directory.models import CoordinationGroup, Desk, FocalPoint, Member, Organisation
from cphelpdesk.directory.roles import Role
from cphelpdesk.library.models import ResourceUse
from cphelpdesk.site.management.commands.seed_demo import seed_demo

pytestmark = pytest.mark.django_db


def fingerprint() -> str:
    """A digest of the demo rows, without database ids, so two runs can be compared."""
    rows = []
    for org in Organisation.objects.order_by("name"):
        rows.append((org.name, org.acronym, org.type, org.scope, sorted(org.countries.values_list("iso2", flat=True))))
    for member in Member.objects.order_by("email"):
        rows.append((member.email, member.full_name, member.position, member.preferred_language, member.approval,
                     member.organisation.name if member.organisation else "", member.country_id and member.country.iso2,
                     member.date_joined.date().isoformat(), member.password, sorted(member.roles)))
    for group in CoordinationGroup.objects.order_by("country__iso2", "level", "name"):
        rows.append((group.name, group.type, str(group.active_since), group.lead_organisation_id and
                     group.lead_organisation.name, sorted(group.co_lead_organisations.values_list("name", flat=True))))
    for desk in Desk.objects.order_by("code"):
        rows.append((desk.code, desk.email, sorted(desk.officers.values_list("email", flat=True))))
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def wipe_demo():
    from cphelpdesk.communities.models import Community
    from cphelpdesk.learning.models import Pathway
    from cphelpdesk.queries.models import Gap, Query, ReferenceCounter

    Community.objects.all().delete()
    Gap.objects.all().delete()
    Query.objects.all().delete()
    ReferenceCounter.objects.all().delete()
    FocalPoint.objects.all().delete()
    Desk.objects.update(lead=None, host_organisation=None, email="")
    Member.objects.all().delete()
    Pathway.objects.all().delete()  # its enrolments went with the members
    CoordinationGroup.objects.filter(level="sub_national").delete()
    CoordinationGroup.objects.update(lead_organisation=None, active_since=None, type="aor")
    Organisation.objects.all().delete()


def test_same_seed_same_data_other_seed_other_data():
    day = datetime.date(2026, 1, 15)
    seed_demo(seed=7, as_of=day, report=lambda *_: None)
    first = fingerprint()
    wipe_demo()
    seed_demo(seed=7, as_of=day, report=lambda *_: None)
    assert fingerprint() == first
    wipe_demo()
    seed_demo(seed=8, as_of=day, report=lambda *_: None)
    assert fingerprint() != first
    wipe_demo()
    seed_demo(seed=7, as_of=day + datetime.timedelta(days=1), report=lambda *_: None)
    assert fingerprint() != first  # dates follow the as-of day


def test_demo_volumes_and_mix():
    seed_demo(seed=1, report=lambda *_: None)
    organisations = Organisation.objects.all()
    assert organisations.count() >= 150
    national_or_local = organisations.filter(scope__in=["national", "local"]).count()
    assert national_or_local >= organisations.count() / 3
    assert set(organisations.values_list("type", flat=True)) == set(Organisation.Type.values)
    members = Member.objects.filter(groups__name=Role.MEMBER)
    assert members.count() >= 300
    assert members.values("country").distinct().count() >= 40
    assert set(members.values_list("preferred_language", flat=True)) == {"en", "fr", "es", "ar"}
    assert Member.objects.filter(approval="pending").exists()
    assert all(desk.officers.exists() and desk.lead for desk in Desk.objects.all())
    assert FocalPoint.objects.values("region").distinct().count() == 7
    used = ResourceUse.objects.values("resource").distinct().count()
    assert used >= 100 and ResourceUse.objects.filter(downloads__gt=0).exists()  # the insight charts have data


def test_one_demo_login_per_role_that_works(client, settings):
    settings.HELPDESK_REQUIRE_STAFF_MFA = False  # as in the demo
    seed_demo(seed=1, report=lambda *_: None)
    assert {role for role, *_ in DEMO_LOGINS} == set(Role)
    for role, email, *_ in DEMO_LOGINS:
        member = Member.objects.get(email=email)
        assert member.has_role(role)
        response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302 and response["Location"] == reverse("site:dashboard"), email
        landing = client.get(reverse("site:dashboard"), follow=True)
        # The demo logins start with the current terms accepted: they land on their own page, not the notice.
        assert landing.status_code == 200, email
        assert reverse("privacy:accept") not in landing.request["PATH_INFO"], email
        client.logout()
    assert len(existing_demo_logins()) == len(Role)
    assert Group.objects.count() == len(Role)


def test_scale_multiplies_volume():
    seed_demo(seed=1, scale=2, report=lambda *_: None)
    assert Member.objects.filter(groups__name=Role.MEMBER).count() >= 600


def test_command_fills_only_an_empty_database(capsys):
    call_command("seed_demo", "--seed", "3")
    count = Member.objects.count()
    call_command("seed_demo", "--if-empty")
    assert Member.objects.count() == count
    with pytest.raises(CommandError):
        call_command("seed_demo")
