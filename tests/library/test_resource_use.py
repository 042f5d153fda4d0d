"""Repository use: page views and downloads counted per resource and day, with nothing about who looked."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from cphelpdesk.library import actions
from cphelpdesk.library.models import ResourceFile, ResourceUse
from tests.factories import MemberFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def test_page_views_and_downloads_are_counted_per_day(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    resource = ResourceFactory(visibility="members")
    file = ResourceFile(resource=resource, name="note.txt", content_type="text/plain", size=4, sha256="x")
    file.file.save("note.txt", ContentFile(b"note"), save=True)
    client.force_login(MemberFactory())
    assert client.get(resource.get_absolute_url()).status_code == 200
    assert client.get(resource.get_absolute_url()).status_code == 200
    assert client.get(f"/resources/{resource.pk}/files/{file.pk}/").status_code == 200
    client.logout()
    assert client.get(resource.get_absolute_url()).status_code == 404  # not readable: not counted
    use = ResourceUse.objects.get()
    assert (use.resource, use.day, use.views, use.downloads) == (resource, timezone.localdate(), 2, 1)


def test_the_counters_hold_no_personal_data():
    fields = {field.name for field in ResourceUse._meta.get_fields()}
    assert fields == {"id", "resource", "day", "views", "downloads"}


def test_the_days_first_look_creates_the_row_and_later_ones_add_to_it():
    resource = ResourceFactory()
    actions.record_use(resource=resource)
    actions.record_use(resource=resource, download=True)
    actions.record_use(resource=resource)
    assert list(ResourceUse.objects.values_list("views", "downloads")) == [(2, 1)]


def test_looks_at_drafts_are_not_use():
    actions.record_use(resource=ResourceFactory(status="draft", published_at=None))
    actions.record_use(resource=ResourceFactory(status="in_review", published_at=None), download=True)
    actions.record_use(resource=ResourceFactory(status="archived"))
    assert list(ResourceUse.objects.values_list("resource__status", "views")) == [("archived", 1)]
