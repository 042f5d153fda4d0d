"""Learning uptake in insight, on a small known dataset: enrolments, completions, withdrawals, drop-off by step
and median time to complete, by pathway, region, desk and organisation type; the dashboard, its exports and
`metrics --json`."""

import io
import json
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from cphelpdesk.directory.models import Country, Organisation
from cphelpdesk.directory.roles import Role
from cphelpdesk.insight import selectors
from cphelpdesk.insight.selectors import Filters
from cphelpdesk.learning.models import Enrolment, Step, StepProgress
from tests.factories import MemberFactory, OrganisationFactory, staff_with_mfa
from tests.learning.helpers import pathway

pytestmark = pytest.mark.django_db

START, END = date(2025, 3, 1), date(2025, 3, 31)
Status = Enrolment.Status


def at(month, day):
    return datetime(2025, month, day, 12, tzinfo=UTC)


def enrol(path, country, *, enrolled, completed=None, withdrawn=None, done=(), organisation_type="nngo"):
    organisation = OrganisationFactory(type=organisation_type)
    member = MemberFactory(country=Country.objects.get(iso2=country), organisation=organisation)
    status = Status.COMPLETED if completed else Status.WITHDRAWN if withdrawn else Status.ACTIVE
    enrolment = Enrolment.objects.create(member=member, pathway=path, status=status, completed_at=completed,
                                         withdrawn_at=withdrawn)
    Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=enrolled)
    for step in done:
        StepProgress.objects.create(enrolment=enrolment, step=step, status=StepProgress.Status.DONE,
                                    completed_at=completed or enrolled)
    return enrolment


@pytest.fixture
def learning():
    """Two pathways; in March: four enrolments, three completions (10, 20 and 32 days), one withdrawal."""
    coordinator = pathway(title="New CP coordinator", order=1)
    first = Step.objects.create(pathway=coordinator, order=1, title="Coordination basics")
    second = Step.objects.create(pathway=coordinator, order=2, title="The 4W")
    manager_path = pathway(title="CP information manager", order=2)
    only = Step.objects.create(pathway=manager_path, order=1, title="Data protection")
    enrol(coordinator, "ML", enrolled=at(3, 2), completed=at(3, 12), done=[first, second])
    enrol(coordinator, "ML", enrolled=at(3, 3), done=[first], organisation_type="ingo")
    enrol(coordinator, "CD", enrolled=at(3, 4), withdrawn=at(3, 10))
    enrol(manager_path, "CD", enrolled=at(3, 5), completed=at(3, 25), done=[only])
    enrol(coordinator, "CO", enrolled=at(2, 1), completed=at(3, 5), done=[first, second])  # enrolled before
    enrol(coordinator, "ML", enrolled=at(4, 2))  # after the period
    return {"coordinator": coordinator, "manager": manager_path, "steps": (first, second, only)}


def test_the_periods_totals(learning):
    summary = selectors.learning_summary(START, END)
    assert (summary.enrolments, summary.completions, summary.withdrawals) == (4, 3, 1)
    assert summary.median_days == 20.0


def test_uptake_by_pathway(learning):
    rows = {row.key: row for row in selectors.uptake_by("pathway", START, END)}
    coordinator, manager_path = rows[learning["coordinator"].pk], rows[learning["manager"].pk]
    assert (coordinator.enrolments, coordinator.completions, coordinator.withdrawals) == (3, 2, 1)
    assert coordinator.median_days == 21.0  # 10 and 32 days
    assert (manager_path.enrolments, manager_path.completions, manager_path.median_days) == (1, 1, 20.0)


def test_drop_off_by_step(learning):
    first, second, only = learning["steps"]
    rows = {row.step: (row.cohort, row.done, row.dropped) for row in selectors.step_funnel(START, END)}
    assert rows == {first: (3, 2, 1), second: (3, 1, 1), only: (1, 1, 0)}


def test_uptake_by_organisation_type_region_and_desk(learning):
    by_type = {row.key: (row.enrolments, row.completions) for row in
               selectors.uptake_by("organisation_type", START, END)}
    assert by_type == {"nngo": (3, 3), "ingo": (1, 0)}
    mali = Country.objects.get(iso2="ML")
    by_region = {row.key: row.enrolments for row in selectors.uptake_by("region", START, END)}
    assert by_region[mali.region_id] >= 2
    by_desk = {row.key: row.enrolments for row in selectors.uptake_by("desk", START, END)}
    assert by_desk[mali.desk_id] >= 2
    assert sum(by_desk.values()) == 4


def test_member_filters_apply(learning):
    mali = Country.objects.get(iso2="ML")
    summary = selectors.learning_summary(START, END, Filters(country=mali))
    assert (summary.enrolments, summary.completions, summary.median_days) == (2, 1, 10.0)
    summary = selectors.learning_summary(START, END, Filters(organisation_type=Organisation.Type.INTERNATIONAL_NGO))
    assert (summary.enrolments, summary.completions) == (1, 0)


def test_the_dashboard_shows_learning_uptake(client, learning):
    client.force_login(staff_with_mfa(Role.MANAGER))
    page = client.get(reverse("insight:dashboard"), {"from": START, "to": END}).content.decode()
    assert "Learning uptake by pathway" in page and "Learning drop-off by step" in page
    assert "New CP coordinator" in page and "CP information manager" in page and "The 4W" in page
    assert "table=learning_pathway" in page


def test_learning_exports(client, learning):
    client.force_login(staff_with_mfa(Role.MANAGER))
    response = client.get(reverse("insight:dashboard"), {"from": START, "to": END, "format": "csv",
                                                         "table": "learning_pathway"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Pathway,Enrolments,Completions,Withdrawals,Median time to complete"
    assert lines[1] == "New CP coordinator,3,2,1,21.0 days"
    response = client.get(reverse("insight:dashboard"), {"from": START, "to": END, "format": "xlsx",
                                                         "table": "learning_steps"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]][:5] == ["New CP coordinator", "Coordination basics", 3, 2, 1]
    workbook = client.get(reverse("insight:dashboard"), {"from": START, "to": END, "format": "xlsx",
                                                         "table": "all"})
    assert "Learning by pathway" in load_workbook(io.BytesIO(workbook.content)).sheetnames


@pytest.mark.parametrize("role", [Role.OFFICER, Role.EXPERT, Role.MEMBER])
def test_only_managers_see_learning_uptake(client, learning, role):
    client.force_login(MemberFactory() if role == Role.MEMBER else staff_with_mfa(role))
    response = client.get(reverse("insight:dashboard"), {"from": START, "to": END, "format": "csv",
                                                         "table": "learning_pathway"})
    assert response.status_code == 403


def test_metrics_json_has_a_learning_section(learning):
    out = io.StringIO()
    call_command("metrics", "--from", START.isoformat(), "--to", END.isoformat(), "--json", stdout=out)
    data = json.loads(out.getvalue())["learning"]
    assert (data["enrolments"], data["completions"], data["withdrawals"]) == (4, 3, 1)
    assert data["median_days_to_complete"] == 20.0
    assert data["by_pathway"][0] == {"name": "New CP coordinator", "enrolments": 3, "completions": 2,
                                     "withdrawals": 1, "median_days_to_complete": 21.0}
    assert {row["step"]: row["dropped"] for row in data["steps"]} == {
        "Coordination basics": 1, "The 4W": 1, "Data protection": 0}
