"""Development and demo mail: written to files under var/, one per message, listed for officers on a page."""

import pytest
from django.core.mail import send_mail
from django.urls import reverse

from cphelpdesk.core import mail_files
from cphelpdesk.directory.roles import Role
from tests.factories import MemberFactory, staff_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_to_files(settings, tmp_path):
    settings.EMAIL_BACKEND, settings.DEBUG = mail_files.BACKEND, True  # as in development and the demo
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return settings.EMAIL_FILE_PATH


def test_each_message_is_a_file_that_officers_read_on_a_page(client, mail_to_files):
    send_mail("CPH-2026-0001 received: 4W template", "Follow it here: http://127.0.0.1:8123/queries/CPH-2026-0001/",
              None, ["aminata@example.org"])
    send_mail("Welcome", "Your membership is approved.", None, ["omar@example.org"])
    files = sorted(mail_to_files.glob("*.eml"))
    assert len(files) == 2 and b"Subject: Welcome" in files[1].read_bytes()

    client.force_login(staff_with_mfa(Role.OFFICER))
    assert 'href="/staff/mail-written/"' in client.get(reverse("site:staff_home")).content.decode()
    listing = client.get(reverse("site:mail_written")).content.decode()
    assert listing.index("Welcome") < listing.index("4W template")  # newest first
    one = client.get(reverse("site:mail_written_one", args=[files[0].name])).content.decode()
    assert "aminata@example.org" in one
    assert '<a href="http://127.0.0.1:8123/queries/CPH-2026-0001/"' in one  # the link can be followed
    assert client.get(reverse("site:mail_written_one", args=["..%2F..%2Fsettings.py"])).status_code == 404


def test_only_officers_and_only_where_mail_goes_to_files(client, settings, mail_to_files):
    client.force_login(MemberFactory())
    assert client.get(reverse("site:mail_written")).status_code == 403
    client.force_login(staff_with_mfa(Role.OFFICER))
    settings.DEBUG = False  # production: even a file backend's mail is not shown
    assert client.get(reverse("site:mail_written")).status_code == 404
    settings.DEBUG, settings.EMAIL_BACKEND = True, "django.core.mail.backends.smtp.EmailBackend"
    assert client.get(reverse("site:mail_written")).status_code == 404
    assert 'href="/staff/mail-written/"' not in client.get(reverse("site:staff_home")).content.decode()
