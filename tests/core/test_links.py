"""Every signed link that needs no login goes through `core.links`: each kind is accepted, and a forged,
expired or other purpose's token gets the same clear problem page."""

import itertools
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from cphelpdesk.core import links
from cphelpdesk.core.notifications import UNSUBSCRIBE_LINK, unsubscribe_token
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries import actions as query_actions
from cphelpdesk.queries import requester_links
from cphelpdesk.queries.models import Outcome, RequesterLink
from cphelpdesk.surveys import actions as feedback_actions
from cphelpdesk.surveys.campaigns import actions as campaign_actions
from cphelpdesk.surveys.models import Invitation, Survey
from tests.factories import MemberFactory, make_query, staff_with_mfa

pytestmark = pytest.mark.django_db
PROBLEM = "This link cannot be used"
PURPOSES = [feedback_actions.FEEDBACK_LINK, campaign_actions.INVITATION_LINK, requester_links.REQUESTER_LINK,
            query_actions.referrals.REFERRAL_LINK, UNSUBSCRIBE_LINK]


@pytest.fixture
def officer():
    return staff_with_mfa(Role.OFFICER)


def feedback(officer):
    query = make_query()
    query_actions.mark_answered(actor=officer, query=query, outcome=Outcome.FULL)
    return query.feedback_request


def feedback_url(request, token=None):
    return reverse("surveys:feedback", args=[request.query.reference,
                                             token or feedback_actions.feedback_token(request)])


def invitation():
    survey = Survey.objects.create(title="Pilot", status=Survey.Status.OPEN)
    return Invitation.objects.create(survey=survey, member=MemberFactory(), nonce=links.new_nonce())


def invitation_url(token):
    return reverse("surveys:answer", args=[token])


def requester_link():
    query = query_actions.submit_query(subject="Terms of reference", question="Could you share a template?",
                                       requester_email="jean.dupont@ngo-mali.example", requester_name="Jean",
                                       no_child_details_confirmed=True)
    requester_links.follow_url(query)
    return RequesterLink.objects.get(query=query)


def follow_url(link, token=None):
    return reverse("queries:follow", args=[link.query.reference, token or requester_links.token(link)])


def referral(officer):
    return query_actions.refer(actor=officer, query=make_query(), destination="working_group",
                               recipient_name="IM task force", recipient_email="im@alliance.example.org",
                               reason="They maintain the 5W guidance.")


def referral_url(token):
    return reverse("queries:referral_answer", args=[token])


def unsubscribe_url(token):
    return reverse("directory:unsubscribe", args=[token])


def test_each_kind_of_link_is_accepted(client, officer):
    request, invited, link, referred = feedback(officer), invitation(), requester_link(), referral(officer)
    member = MemberFactory()
    for url in (feedback_url(request), invitation_url(campaign_actions.invitation_token(invited)),
                follow_url(link), referral_url(query_actions.referral_token(referred)),
                unsubscribe_url(unsubscribe_token(member, "survey_invitations"))):
        page = client.get(url)
        assert page.status_code == 200 and PROBLEM not in page.content.decode(), url


def test_a_forged_link_of_each_kind_gets_the_problem_page(client, officer):
    """Signed with another key: the same payload, so only the signature is wrong."""
    def forged(value, purpose):
        return signing.dumps(value, salt=purpose.salt, key="not-our-secret-key")

    request, invited, link, referred = feedback(officer), invitation(), requester_link(), referral(officer)
    member = MemberFactory()
    for url, status in (
            (feedback_url(request, forged([request.query_id, request.nonce], feedback_actions.FEEDBACK_LINK)), 400),
            (invitation_url(forged([invited.pk, invited.nonce], campaign_actions.INVITATION_LINK)), 400),
            (follow_url(link, forged([link.query_id, link.nonce], requester_links.REQUESTER_LINK)), 400),
            (referral_url(forged(referred.pk, query_actions.referrals.REFERRAL_LINK)), 404),
            (unsubscribe_url(forged({"member": member.pk, "kind": "survey_invitations"}, UNSUBSCRIBE_LINK)), 400)):
        page = client.post(url)
        assert page.status_code == status and PROBLEM in page.content.decode(), url
    member.refresh_from_db()
    assert member.muted_notifications == []


def test_expired_links_get_the_problem_page(client, officer, settings):
    """The referral token expires by its age; rating and requester links by their row's `expires_at`
    (invitations end with their survey, unsubscribe links never)."""
    request, link, referred = feedback(officer), requester_link(), referral(officer)
    settings.HELPDESK_LINK_MAX_AGE_DAYS = -1  # every referral token is now too old
    page = client.get(referral_url(query_actions.referral_token(referred)))
    assert page.status_code == 410 and "expired" in page.content.decode()
    past = timezone.now() - timedelta(days=1)
    type(request).objects.filter(pk=request.pk).update(expires_at=past)
    RequesterLink.objects.filter(pk=link.pk).update(expires_at=past)
    for url in (feedback_url(request), follow_url(link)):
        page = client.get(url)
        assert page.status_code == 410 and PROBLEM in page.content.decode(), url


@pytest.mark.parametrize(("made", "read"), list(itertools.permutations(PURPOSES, 2)),
                         ids=lambda purpose: purpose.salt)
def test_a_token_of_one_purpose_is_refused_by_every_other(made, read):
    value = {"member": 1, "kind": "survey_invitations"} if made is UNSUBSCRIBE_LINK else [1, links.new_nonce()]
    with pytest.raises(read.problem) as refused:
        read.unsign(made.sign(value))
    assert refused.value.problem == "invalid"


def test_a_survey_token_is_not_an_unsubscribe_token(client):
    invited = invitation()
    page = client.post(unsubscribe_url(campaign_actions.invitation_token(invited)))
    assert page.status_code == 400 and "not valid" in page.content.decode()
    page = client.get(invitation_url(unsubscribe_token(invited.member, "survey_invitations")))
    assert page.status_code == 400 and PROBLEM in page.content.decode()


def test_referral_links_mailed_before_core_links_still_work(client, officer, settings):
    """The old "<id>:<time>:<mac>" format is read until every such link has expired (see `_LEGACY_TOKEN`)."""
    referred = referral(officer)
    old = signing.TimestampSigner(salt=query_actions.REFERRAL_SALT).sign(str(referred.pk))
    assert client.get(referral_url(old)).status_code == 200
    assert client.get(referral_url(old[:-2] + "xx")).status_code == 404
    settings.HELPDESK_LINK_MAX_AGE_DAYS = -1
    assert client.get(referral_url(old)).status_code == 410
