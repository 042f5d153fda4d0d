"""Repository use: page views and downloads counted per resource and day, with nothing about who looked."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from cphelpdesk.library import actions
from cphelpdesk.library.models import ResourceFile, ResourceUse
from tests.factories import MemberFactory, ResourceFactory

pytestmark = pytest.mark.django_db


BROWSER = "Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36"


def test_page_views_and_downloads_are_counted_once_a_day_per_reader(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    resource = ResourceFactory(visibility="members")
    file = ResourceFile(resource=resource, name="note.txt", content_type="text/plain", size=4, sha256="x")
    file.file.save("note.txt", ContentFile(b"note"), save=True)
    client.force_login(MemberFactory())
    assert client.get(resource.get_absolute_url(), HTTP_USER_AGENT=BROWSER).status_code == 200
    assert client.get(resource.get_absolute_url(), HTTP_USER_AGENT=BROWSER).status_code == 200  # a reload
    assert client.get(resource.get_absolute_url(), HTTP_USER_AGENT=BROWSER + " Firefox",
                      REMOTE_ADDR="10.0.0.7").status_code == 200  # another reader
    assert client.get(f"/resources/{resource.pk}/files/{file.pk}/", HTTP_USER_AGENT=BROWSER).status_code == 200
    # Crawlers, link previews and HEAD requests are not readers.
    assert client.get(resource.get_absolute_url(), HTTP_USER_AGENT="Googlebot/2.1").status_code == 200
    assert client.get(resource.get_absolute_url()).status_code == 200  # no User-Agent at all
    assert client.head(resource.get_absolute_url(), HTTP_USER_AGENT="Opera").status_code == 200
    client.logout()
    assert client.get(resource.get_absolute_url(), HTTP_USER_AGENT="Edge").status_code == 404  # not readable
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
