"""The figures behind the later charts (map, referrals, reach, members, gaps, repository use) on small
hand-built datasets whose answers are known."""

from datetime import date

import pytest

from cphelpdesk.directory.models import Country, Member
from cphelpdesk.directory.roles import Role
from cphelpdesk.insight import selectors
from cphelpdesk.insight.selectors import Filters, GapStatus
from cphelpdesk.library.models import Resource, ResourceUse
from cphelpdesk.queries.models import Gap, Referral
from cphelpdesk.taxonomy.models import Topic
from tests.factories import MemberFactory, OrganisationFactory, ResourceFactory, staff_with_mfa
from tests.insight.test_metrics import END, START, at, build

pytestmark = pytest.mark.django_db


def refer(query, destination: str, status: str = "sent", when=None):
    return Referral.objects.create(query=query, destination=destination, status=status, sent_at=when or at(5),
                                   recipient_name="Focal point", recipient_email="fp@example.org", reason="why")


def test_the_map_shades_countries_by_requests_and_marks_countries_to_reach():
    build(at(3), country="ML")
    build(at(4), country="ML")
    build(at(5), country="CO")
    build(at(6), country="SN", status="withdrawn", outcome="withdrawn", closed_at=at(7))
    rows = {row.country.iso2: row for row in selectors.country_map(START, END)}
    assert (rows["ML"].requests, rows["ML"].outreach) == (2, False)
    assert rows["CO"].requests == 1
    assert "SN" not in rows or rows["SN"].requests == 0
    outreach = {country.iso2 for country in selectors.outreach(END)}
    assert "CD" in outreach
    assert all(rows[code].outreach and rows[code].requests == 0 for code in outreach)
    assert list(rows)[:2] == ["ML", "CO"]  # countries with requests first, most first


def test_referrals_count_those_sent_in_the_period_by_destination_and_status():
    mali = build(at(3), country="ML")
    drc = build(at(3), country="CD")
    withdrawn = build(at(3), status="withdrawn", outcome="withdrawn", closed_at=at(9))
    refer(mali, "focal_point", "answered")
    refer(mali, "working_group")
    refer(drc, "focal_point", "answered")
    refer(drc, "focal_point", "declined")
    refer(drc, "cluster", when=at(2, month=4))  # after the period
    refer(withdrawn, "cluster")  # on a query that is not counted
    assert selectors.referrals(START, END) == {"focal_point": {"answered": 2, "declined": 1},
                                               "working_group": {"sent": 1}}
    assert selectors.referrals(START, END, Filters(country=Country.objects.get(iso2="ML"))) == {
        "focal_point": {"answered": 1}, "working_group": {"sent": 1}}


def test_reach_per_month_and_new_members_by_organisation_type():
    national = OrganisationFactory(type="nngo", scope="national")
    agency = OrganisationFactory(type="un", scope="international")
    build(at(3), organisation=national)
    build(at(4), organisation=agency)
    build(at(5, month=4), organisation=national)
    assert selectors.reach_per_month(date(2025, 3, 1), date(2025, 4, 30)) == [
        (date(2025, 3, 1), 2, 1), (date(2025, 4, 1), 1, 1)]
    joined = {"date_joined": at(10)}
    MemberFactory.create_batch(2, organisation=national, **joined)
    MemberFactory(organisation=agency, **joined)
    MemberFactory(organisation=None, **joined)
    MemberFactory(organisation=agency, approval="pending", **joined)  # not a member yet
    MemberFactory(organisation=agency, date_joined=at(10, month=2))  # before the period
    staff = staff_with_mfa(Role.OFFICER)  # the helpdesk's own people are not reach
    Member.objects.filter(pk=staff.pk).update(date_joined=at(10))
    # The requesters `build` makes joined today, long after the period.
    assert selectors.new_members(START, END) == [("nngo", 2), ("un", 1), ("", 1)]
    assert selectors.new_members(START, END, Filters(organisation_type="un")) == [("un", 1)]


def test_gap_register_by_status_noted_in_the_period_and_all_of_them():
    query = build(at(3), country="ML", topics=["IM.4W"])
    Gap.objects.create(title="old", status="in_development", noted_at=at(1, month=1)).queries.add(query)
    Gap.objects.create(title="new", noted_at=at(5)).queries.add(query)
    Gap.objects.create(title="new, no query", noted_at=at(6), topic=Topic.objects.get(code="CAPB.TRAIN"))
    Gap.objects.create(title="done", status="addressed", noted_at=at(7))
    register = selectors.gap_register(START, END)
    assert register[0] == GapStatus("noted", 2, 2)
    assert {row.status: (row.noted, row.total) for row in register} == {
        "noted": (2, 2), "taken_to_wg": (0, 0), "in_development": (0, 1), "addressed": (1, 1)}
    mali = Filters(country=Country.objects.get(iso2="ML"))
    assert {row.status: row.total for row in selectors.gap_register(START, END, mali)}["noted"] == 1
    training = Filters(topic=Topic.objects.get(code="CAPB.TRAIN"))
    assert {row.status: row.noted for row in selectors.gap_register(START, END, training)}["noted"] == 1


def test_repository_use_and_publishing_per_month():
    first, second = ResourceFactory(title="Terms of reference"), ResourceFactory(title="4W template")
    ResourceUse.objects.create(resource=first, day=date(2025, 3, 2), views=5, downloads=1)
    ResourceUse.objects.create(resource=first, day=date(2025, 3, 9), views=3, downloads=2)
    ResourceUse.objects.create(resource=second, day=date(2025, 3, 31), views=10)
    ResourceUse.objects.create(resource=second, day=date(2025, 4, 1), views=100)  # after the period
    assert [(row.resource.title, row.views, row.downloads) for row in selectors.resource_use(START, END)] == [
        ("4W template", 10, 0), ("Terms of reference", 8, 3)]
    query = build(at(3))  # the resources above were published today, after the period
    ResourceFactory(published_at=at(3))
    ResourceFactory(published_at=at(4, month=4), type="qa", source_query=query)
    ResourceFactory(status="draft", published_at=None, type="qa", source_query=query)
    Resource.objects.filter(source_query=query).update(created_at=at(20))
    assert selectors.published_per_month(date(2025, 3, 1), date(2025, 4, 30)) == [
        (date(2025, 3, 1), 1, 2), (date(2025, 4, 1), 1, 0)]
