"""An officer answers a query by recommending learning: recorded on the query, shown to its requester."""

import pytest

from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory.roles import Role
from cphelpdesk.learning.models import LearningReferral
from tests.factories import MemberFactory, make_query, staff_with_mfa
from tests.learning.factories import LiveSessionFactory

pytestmark = pytest.mark.django_db


def test_an_officer_recommends_a_session_on_a_query_and_its_requester_sees_it(client):
    requester = MemberFactory()
    query = make_query(requester=requester, subject="Training for new coordinators")
    session = LiveSessionFactory(step__title="Meet other new coordinators")
    officer = staff_with_mfa(Role.OFFICER)
    client.force_login(officer)
    page = client.get(f"/queries/{query.reference}/").content.decode()
    assert f'value="session:{session.pk}"' in page
    client.post(f"/learning/recommend/{query.reference}/", {"item": f"session:{session.pk}"})
    referral = LearningReferral.objects.get()
    assert (referral.query, referral.session, referral.step, referral.pathway, referral.recommended_by) == (
        query, session, session.step, session.step.pathway, officer)
    assert AuditEntry.objects.filter(action="learning_referral.created", actor=officer).exists()
    assert "Meet other new coordinators" in client.get(f"/queries/{query.reference}/").content.decode()
    client.logout()
    client.force_login(requester)
    page = client.get(f"/queries/{query.reference}/").content.decode()
    assert "Learning recommended for you" in page and session.get_absolute_url() in page
    assert 'action="/learning/recommend/' not in page


@pytest.mark.parametrize("role", ["member", "requester", Role.EXPERT, Role.ADMINISTRATOR])
def test_only_officers_who_work_on_the_query_recommend(client, role):
    requester = MemberFactory()
    query = make_query(requester=requester)
    session = LiveSessionFactory()
    user = {"member": MemberFactory, "requester": lambda: requester}.get(role, lambda: staff_with_mfa(role))()
    client.force_login(user)
    response = client.post(f"/learning/recommend/{query.reference}/", {"item": f"session:{session.pk}"})
    assert response.status_code in (403, 404)
    assert not LearningReferral.objects.exists()


def test_the_list_to_recommend_from_follows_the_catalogue_and_the_clock(client, monkeypatch):
    """The catalogue is kept between pages (learning.selectors.CATALOGUE): a new session shows at once, and a
    session drops off once it has started, with no change to the catalogue."""
    from datetime import timedelta

    from django.utils import timezone

    query = make_query()
    client.force_login(staff_with_mfa(Role.OFFICER))
    soon = LiveSessionFactory(starts_at=timezone.now() + timedelta(hours=1))
    assert f'value="session:{soon.pk}"' in client.get(f"/queries/{query.reference}/").content.decode()
    later = LiveSessionFactory(step=soon.step, starts_at=timezone.now() + timedelta(days=3))
    page = client.get(f"/queries/{query.reference}/").content.decode()
    assert f'value="session:{soon.pk}"' in page and f'value="session:{later.pk}"' in page
    in_two_hours = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: in_two_hours)
    page = client.get(f"/queries/{query.reference}/").content.decode()
    assert f'value="session:{soon.pk}"' not in page and f'value="session:{later.pk}"' in page
