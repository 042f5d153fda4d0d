"""Who sees which resource: pages, downloads, search and the feed agree for every role."""

import pytest
from django.core.files.base import ContentFile

from cphelpdesk.directory.roles import Role
from cphelpdesk.library.models import ResourceFile
from tests.factories import MemberFactory, ResourceFactory, staff_with_mfa

pytestmark = pytest.mark.django_db

VISIBLE = {  # role -> (visibility, status) pairs readable
    "visitor": {("public", "published"), ("public", "archived")},
    "pending": {("public", "published"), ("public", "archived")},
    "member": {("public", "published"), ("public", "archived"), ("members", "published"), ("members", "archived")},
    Role.EXPERT: "all", Role.OFFICER: "all", Role.MANAGER: "all", Role.FOCAL_POINT: "all",
    Role.ADMINISTRATOR: "all",
}
VISIBILITIES = ("public", "members", "staff")
STATUSES = ("draft", "in_review", "published", "archived")


def reader(role):
    if role == "visitor":
        return None
    if role == "pending":
        return MemberFactory(approval="pending")
    if role == "member":
        return MemberFactory()
    return staff_with_mfa(role)


@pytest.mark.parametrize("role", list(VISIBLE))
def test_pages_downloads_and_search_agree_for_every_role(client, role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    resources = {}
    for visibility in VISIBILITIES:
        for status in STATUSES:
            resource = ResourceFactory(title=f"Interim care {visibility} {status}", visibility=visibility,
                                       status=status)
            file = ResourceFile(resource=resource, name="note.txt", content_type="text/plain", size=4, sha256="x")
            file.file.save("note.txt", ContentFile(b"note"), save=True)
            resources[(visibility, status)] = (resource, file)
    user = reader(role)
    if user is not None:
        client.force_login(user)
    allowed = VISIBLE[role]
    found = client.get("/resources/", {"q": "interim care"}).content.decode()
    for key, (resource, file) in resources.items():
        readable = allowed == "all" or key in allowed
        page = client.get(resource.get_absolute_url())
        assert page.status_code == (200 if readable else 404), (role, key)
        download = client.get(f"/resources/{resource.pk}/files/{file.pk}/")
        assert download.status_code == (200 if readable else 404), (role, key)
        searchable = readable and (allowed == "all" or key[1] == "published")
        assert (resource.get_absolute_url() in found) == searchable, (role, key)


def test_the_feed_lists_only_public_published_resources(client):
    public = ResourceFactory(title="Public guidance on FTR")
    ResourceFactory(title="Members-only template", visibility="members")
    ResourceFactory(title="A draft", status="draft", published_at=None)
    feed = client.get("/resources/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert public.title in body and "Members-only" not in body and "A draft" not in body


def test_earlier_file_versions_are_for_staff_only(client, settings, tmp_path):
    from cphelpdesk.library import actions

    settings.MEDIA_ROOT = tmp_path
    officer = staff_with_mfa(Role.OFFICER)
    resource = ResourceFactory()
    first = actions.add_file(actor=officer, resource=resource, upload=ContentFile(b"version one", name="tool.txt"))
    second = actions.add_file(actor=officer, resource=resource, upload=ContentFile(b"version two", name="tool.txt"),
                              replaces=first)
    first.refresh_from_db()
    assert second.version == 2 and not first.is_current
    client.force_login(MemberFactory())
    assert b"version two" in b"".join(client.get(f"/resources/{resource.pk}/files/{second.pk}/").streaming_content)
    assert client.get(f"/resources/{resource.pk}/files/{first.pk}/").status_code == 404
    client.force_login(officer)
    assert client.get(f"/resources/{resource.pk}/files/{first.pk}/").status_code == 200
    assert "version 1" in client.get(resource.get_absolute_url()).content.decode()


def test_staff_pages_are_refused_to_members(client):
    resource = ResourceFactory(status="draft")
    client.force_login(MemberFactory())
    assert client.get("/staff/resources/").status_code == 403
    assert client.get(f"/staff/resources/{resource.pk}/").status_code == 403
    assert client.post(f"/staff/resources/{resource.pk}/do/submit/").status_code == 403
    assert client.get("/staff/resources/new/").status_code == 403
