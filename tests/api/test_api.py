"""The REST API: tokens, the web's permissions exactly, JSON errors for every kind of bad request."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from cphelpdesk.api.actions import create_token
from cphelpdesk.api.models import ApiToken
from cphelpdesk.directory.models import Country
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries import actions
from cphelpdesk.queries.models import Channel, Query, Status
from tests.factories import MemberFactory, make_query, staff_with_mfa

pytestmark = pytest.mark.django_db


def bearer(member):
    token = create_token(actor=member, name="test", scope=ApiToken.Scope.READ_WRITE)[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def post_json(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


PDF = b"%PDF-1.4\n%%EOF\n"
NEW_QUERY = {"subject": "5W template", "question": "Do you have a 5W template?", "country": "so",
             "topics": ["IM.4W"], "language": "en", "no_child_details_confirmed": True}


def test_member_submits_lists_and_reads_their_query(client):
    member = MemberFactory()
    auth = bearer(member)
    created = post_json(client, "/api/queries", NEW_QUERY, **auth)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["reference"].startswith("CPH-") and body["country"] == "SO" and body["topics"] == ["IM.4W"]
    assert body["privacy_flags"] is None  # staff only
    assert Query.objects.get(reference=body["reference"]).channel == Channel.API
    listed = client.get("/api/queries", **auth).json()
    assert listed["count"] == 1 and listed["results"][0]["reference"] == body["reference"]
    read = client.get(f"/api/queries/{body['reference']}", **auth).json()
    assert read["messages"][0]["body"] == "Do you have a 5W template?"


def test_staff_see_privacy_flags_field_and_reply(client):
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query()
    auth = bearer(officer)
    read = client.get(f"/api/queries/{query.reference}", **auth).json()
    assert read["privacy_flags"] == []
    replied = post_json(client, f"/api/queries/{query.reference}/replies", {"body": "Here it is."}, **auth)
    assert replied.status_code == 201 and replied.json()["kind"] == "reply"
    query.refresh_from_db()
    assert query.status == Status.IN_PROGRESS and query.first_response_at


def test_same_permissions_as_the_web(client):
    query = make_query()
    outsider, expert = MemberFactory(), staff_with_mfa(Role.EXPERT)
    administrator = staff_with_mfa(Role.ADMINISTRATOR)
    for person in (outsider, expert, administrator):
        auth = bearer(person)
        assert client.get(f"/api/queries/{query.reference}", **auth).status_code == 404
        assert post_json(client, f"/api/queries/{query.reference}/replies", {"body": "x"}, **auth).status_code == 404
        assert query.reference not in client.get("/api/queries", **auth).content.decode()
    # The requester may add information but not write internal notes.
    auth = bearer(query.requester)
    assert post_json(client, f"/api/queries/{query.reference}/replies", {"body": "More"}, **auth).status_code == 201
    refused = post_json(client, f"/api/queries/{query.reference}/replies", {"body": "x", "internal": True}, **auth)
    assert refused.status_code == 403 and "detail" in refused.json()


def test_pending_members_cannot_submit(client):
    response = post_json(client, "/api/queries", NEW_QUERY, **bearer(MemberFactory(approval="pending")))
    assert response.status_code == 403 and "approved" in response.json()["detail"]


@pytest.mark.parametrize("headers", [{}, {"HTTP_AUTHORIZATION": "Bearer nope"}, {"HTTP_AUTHORIZATION": "Basic x"}])
def test_missing_or_bad_tokens_get_401_json(client, headers):
    response = client.get("/api/queries", **headers)
    assert response.status_code == 401 and "token" in response.json()["detail"]


def test_revoked_tokens_and_inactive_accounts_are_refused(client):
    member = MemberFactory()
    record, token = create_token(actor=member, name="x")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/queries", **auth).status_code == 200
    from cphelpdesk.api.actions import revoke_token

    revoke_token(actor=member, token=record)
    assert client.get("/api/queries", **auth).status_code == 401
    assert ApiToken.objects.get(pk=record.pk).key_hash != token  # only a hash is stored


@pytest.mark.parametrize("payload, status", [
    ("not json at all", 400),
    ({"subject": "x"}, 422),
    ({**NEW_QUERY, "country": "XX"}, 400),
    ({**NEW_QUERY, "topics": ["NOPE"]}, 400),
    ({**NEW_QUERY, "urgency": "whenever"}, 422),
    ({**NEW_QUERY, "no_child_details_confirmed": False}, 400),
    ({**NEW_QUERY, "subject": "x" * 300}, 422),
])
def test_garbage_gets_a_clear_json_error(client, payload, status):
    auth = bearer(MemberFactory())
    data = payload if isinstance(payload, str) else json.dumps(payload)
    response = client.post("/api/queries", data, content_type="application/json", **auth)
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert not Query.objects.exists()


def test_illegal_transition_is_409(client):
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query()
    actions.mark_answered(actor=officer, query=query)
    actions.close(actor=officer, query=query)
    response = post_json(client, f"/api/queries/{query.reference}/replies", {"body": "x"}, **bearer(officer))
    assert response.status_code == 409 and "reopen" in response.json()["detail"]


def test_staff_list_filters(client):
    officer = staff_with_mfa(Role.OFFICER)
    somalia = make_query(country=Country.objects.get(iso2="SO"))
    make_query(country=Country.objects.get(iso2="ML"))
    listed = client.get("/api/queries", {"country": "SO"}, **bearer(officer)).json()
    assert [r["reference"] for r in listed["results"]] == [somalia.reference]
    assert client.get("/api/queries", {"page_size": 1000}, **bearer(officer)).status_code == 422


def test_openapi_schema_is_published(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/queries" in schema["paths"] and "/api/queries/{reference}/replies" in schema["paths"]


def test_create_api_token_command(capsys):
    member = MemberFactory()
    call_command("create_api_token", member.email, "--scope", "read_write")
    token = capsys.readouterr().out.strip()
    assert token.startswith("cph_") and ApiToken.objects.get(member=member).scope == ApiToken.Scope.READ_WRITE


def test_members_make_and_revoke_tokens_on_their_profile(client):
    member = MemberFactory()
    client.force_login(member)
    page = client.post(reverse("api_tokens:list"), {"name": "My dashboard", "scope": "read"}).content.decode()
    token = ApiToken.objects.get(member=member)
    assert "cph_" in page and token.prefix in page
    client.post(reverse("api_tokens:revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    other = MemberFactory()
    client.force_login(other)
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404


@pytest.mark.parametrize("url", ["/api/queries", "/api/queries/CPH-2026-0001/replies", "/api/nowhere"])
def test_a_body_over_the_upload_limit_gets_a_413_json_error_on_every_route(client, url):
    auth = bearer(MemberFactory())
    huge = json.dumps({**NEW_QUERY, "question": "x" * (10 * 1024 * 1024)})
    response = client.post(url, huge, content_type="application/json", **auth)
    assert response.status_code == 413, response.content
    assert "too large" in response.json()["detail"]
    assert not Query.objects.exists()


def test_tokens_expire_after_the_configured_days(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.HELPDESK_API_TOKEN_DAYS = 30
    record, token = create_token(actor=MemberFactory(), name="x")
    assert timezone.now() + timedelta(days=29) < record.expires_at <= timezone.now() + timedelta(days=30)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/queries", **auth).status_code == 200
    ApiToken.objects.filter(pk=record.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.get("/api/queries", **auth)
    assert expired.status_code == 401 and "expired" in expired.json()["detail"]


def test_a_read_token_reads_but_cannot_write(client):
    member = MemberFactory()
    query = make_query(requester=member)
    _record, token = create_token(actor=member, name="dashboard", scope=ApiToken.Scope.READ)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get(f"/api/queries/{query.reference}", **auth).status_code == 200
    for url, data in (("/api/queries", NEW_QUERY), (f"/api/queries/{query.reference}/replies", {"body": "x"})):
        refused = post_json(client, url, data, **auth)
        assert refused.status_code == 403 and "read" in refused.json()["detail"]
    assert Query.objects.count() == 1 and query.messages.count() == 1
    _record, writer = create_token(actor=member, name="tool", scope=ApiToken.Scope.READ_WRITE)
    assert post_json(client, "/api/queries", NEW_QUERY, HTTP_AUTHORIZATION=f"Bearer {writer}").status_code == 201


def _works(client, token) -> bool:
    return client.get("/api/queries", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_a_password_change_revokes_the_tokens_on_the_profile_by_reset_and_in_the_admin(client, inbox):
    import re

    from tests.factories import PASSWORD

    member = MemberFactory()
    # Changed by the member.
    _record, token = create_token(actor=member, name="x")
    client.force_login(member)
    changed = client.post(reverse("account_change_password"), {
        "oldpassword": PASSWORD, "password1": "a new long passphrase", "password2": "a new long passphrase"})
    assert changed.status_code == 302
    assert not _works(client, token)
    # Reset by mail.
    _record, token = create_token(actor=member, name="y")
    client.logout()
    client.post(reverse("account_reset_password"), {"email": member.email})
    link = re.search(r"https?://\S+/password/reset/key/\S+/", inbox.body(inbox.to(member.email)[-1])).group(0)
    form_url = client.get(link)["Location"]
    assert client.post(form_url, {"password1": "another long passphrase",
                                  "password2": "another long passphrase"}).status_code == 302
    assert not _works(client, token)
    # Set by code (`manage.py changepassword`, a shell): the admin never edits passwords.
    _record, token = create_token(actor=member, name="z")
    member.refresh_from_db()
    member.set_password("a third long passphrase")
    member.save()
    assert not _works(client, token)
    assert not ApiToken.objects.filter(member=member, revoked_at__isnull=True).exists()


def test_closing_or_erasing_an_account_revokes_its_tokens(client):
    from cphelpdesk.privacy.rights import anonymise_member

    member = MemberFactory()
    _record, token = create_token(actor=member, name="x")
    # An administrator unticks "active" in the admin.
    client.force_login(staff_with_mfa(Role.ADMINISTRATOR))
    change = client.get(reverse("admin:directory_member_change", args=[member.pk]))
    form = change.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(is_active="", organisation=member.organisation_id, country=member.country_id)
    assert client.post(reverse("admin:directory_member_change", args=[member.pk]), data).status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    member.is_active = True
    member.save()  # reopened: the old token stays revoked
    assert not _works(client, token)
    _record, token = create_token(actor=member, name="y")
    anonymise_member(member)
    assert not _works(client, token) and not ApiToken.objects.filter(member=member).exists()


def test_the_tokens_page_shows_scope_and_expiry_and_makes_read_tokens(client):
    member = MemberFactory()
    client.force_login(member)
    page = client.post(reverse("api_tokens:list"), {"name": "Dashboard", "scope": "read"}).content.decode()
    token = ApiToken.objects.get(member=member)
    assert token.scope == ApiToken.Scope.READ
    assert token.expires_at.strftime("%Y-%m-%d") in page and "Read only" in page


def test_staff_tokens_work_only_with_two_factor_authentication(client):
    staff = MemberFactory(roles=[Role.OFFICER])
    token = create_token(actor=staff, name="x")[1]
    response = client.get("/api/queries", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403 and "two-factor" in response.json()["detail"]


@pytest.mark.parametrize("change, status", [({"language": "x" * 50}, 422), ({"language": "de"}, 422)])
def test_unknown_languages_are_refused(client, change, status):
    data = {"subject": "s", "question": "q", "no_child_details_confirmed": True, **change}
    assert post_json(client, "/api/queries", data, **bearer(MemberFactory())).status_code == status


def test_nul_characters_are_stripped_from_submissions(client):
    data = {"subject": "a\x00b", "question": "c\x00d", "no_child_details_confirmed": True}
    response = post_json(client, "/api/queries", data, **bearer(MemberFactory()))
    assert response.status_code == 201 and response.json()["subject"] == "ab"


def test_out_of_range_pages_unknown_topics_and_routes_get_json_errors(client):
    member = MemberFactory()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {create_token(actor=member, name='x')[1]}"}
    assert client.get("/api/queries", {"page": "9" * 20}, **auth).status_code == 422
    assert client.get("/api/queries", {"topic": "TYPO"}, **auth).status_code == 400
    unknown = client.get("/api/nothing/here", **auth)
    assert unknown.status_code == 404 and unknown.json()["detail"]


def test_attachments_download_with_the_webs_checks_and_the_sla_stays_hidden(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    query = make_query(attachments=[SimpleUploadedFile("ToR.pdf", PDF)])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {create_token(actor=query.requester, name='x')[1]}"}
    detail = client.get(f"/api/queries/{query.reference}", **auth).json()
    url = detail["messages"][0]["attachments"][0]["url"]
    download = client.get(url, **auth)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert detail["first_response_due"] is None  # the SLA is staff business
    other = {"HTTP_AUTHORIZATION": f"Bearer {create_token(actor=MemberFactory(), name='x')[1]}"}
    assert client.get(url, **other).status_code == 404
