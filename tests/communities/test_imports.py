"""Owners bring their list: subscribers from CSV (bad rows reported by line, idempotent), archives from mbox
(pipermail's mangled addresses, dates and threads kept, idempotent by Message-ID, no mail)."""

import mailbox
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from cphelpdesk.communities.imports import demangled, import_archive, import_subscribers
from cphelpdesk.communities.models import Post, Subscription, Thread
from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory.roles import Role
from cphelpdesk.mail.models import OutboundMessage
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.factories import MemberFactory, staff_with_mfa
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db

CSV = """email,name,delivery mode
amina@example.org,Amina K,each
field@ngo.example,Field officer,digest
not-an-address,Broken,each
other@ngo.example,Other,sometimes
FIELD@ngo.example,Twice,web

nomail@ngo.example,,nomail
"""


@pytest.fixture
def community(settings):
    settings.HELPDESK_LISTS_DOMAIN = "lists.example.org"
    return CommunityFactory(slug="coordinators")


def test_a_csv_of_subscribers_imports_once_and_reports_its_bad_rows_by_line(community):
    amina = MemberFactory(email="Amina@Example.org")
    report = import_subscribers(community=community, data=CSV.encode(), actor=None)
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert [line for line, _problem in report.problems] == [4, 5, 6]
    assert "not an email address" in report.problems[0][1] and "sometimes" in report.problems[1][1]
    assert "line 3" in report.problems[2][1]
    by_address = {item.address.lower(): item for item in Subscription.objects.filter(community=community)}
    assert by_address["amina@example.org"].member == amina
    assert by_address["field@ngo.example"].delivery == "daily" and by_address["field@ngo.example"].member is None
    assert by_address["field@ngo.example"].name == "Field officer"
    assert by_address["nomail@ngo.example"].delivery == "web"
    again = import_subscribers(community=community, data=CSV.encode(), actor=None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Subscription.objects.filter(community=community).count() == 3
    changed = import_subscribers(community=community,
                                 data=b"field@ngo.example;x\nfield@ngo.example,Field officer,weekly\n")
    assert (changed.created, changed.updated) == (0, 1) and [line for line, _p in changed.problems] == [1]
    assert OutboundMessage.objects.count() == 0


def test_a_suspended_subscriber_stays_suspended_and_an_address_with_an_account_becomes_the_members(community):
    suspended = SubscriptionFactory(community=community, member=MemberFactory(email="gone@example.org"),
                                    status=Subscription.Status.SUSPENDED)
    Subscription.objects.create(community=community, email="later@example.org", display_name="Later")
    later = MemberFactory(email="later@example.org")
    report = import_subscribers(community=community, data=b"gone@example.org,,each\nlater@example.org,Later,each\n")
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    suspended.refresh_from_db()
    assert suspended.status == Subscription.Status.SUSPENDED
    assert Subscription.objects.get(community=community, member=later).email == ""


def test_the_import_subscribers_command_reports_lines_and_fails_only_after_importing_the_rest(community, tmp_path):
    path = tmp_path / "subscribers.csv"
    path.write_bytes(("\ufeff" + CSV).encode())
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_subscribers", "coordinators@lists.example.org", str(path), stdout=out)
    assert "line 4:" in out.getvalue() and "3 created" in out.getvalue()
    assert Subscription.objects.filter(community=community).count() == 3


def test_owners_and_officers_upload_subscribers_on_the_web_and_others_cannot(client, community):
    owner, member, moderator = MemberFactory(), MemberFactory(), MemberFactory()
    community.owners.add(owner)
    community.moderators.add(moderator)
    url = f"/communities/{community.slug}/subscribers/import/"
    assert client.get(url)["Location"].startswith("/accounts/login/")
    for person in (member, moderator, staff_with_mfa(Role.EXPERT), staff_with_mfa(Role.FOCAL_POINT)):
        client.force_login(person)
        assert url not in client.get(f"/communities/{community.slug}/").content.decode()
        assert client.get(url).status_code == 403
        assert client.post(url, {"file": SimpleUploadedFile("s.csv", CSV.encode())}).status_code == 403
    assert not Subscription.objects.exists()
    for person in (owner, staff_with_mfa(Role.OFFICER), staff_with_mfa(Role.MANAGER)):
        client.force_login(person)
        assert url in client.get(f"/communities/{community.slug}/").content.decode()
        page = client.post(url, {"file": SimpleUploadedFile("s.csv", CSV.encode(), content_type="text/csv")})
        assert page.status_code == 200
    text = page.content.decode()
    assert "0 subscribed, 0 changed, 3 already subscribed" in text and "<th scope=\"row\">4</th>" in text
    assert AuditEntry.objects.filter(action="community.subscribers_imported").count() == 3


PIPERMAIL = """\
From amina at example.org  Tue Jan 14 09:12:03 2020
From: amina at example.org (Amina K)
Date: Tue, 14 Jan 2020 10:12:03 +0100
Subject: [CP-Coord] Terms of reference for a sub-national group
Message-ID: <first@example.org>

Does anyone have terms of reference for a sub-national CP working group?

Amina
-------------- next part --------------
An HTML attachment was scrubbed...
URL: <http://lists.example.org/pipermail/coordinators/attachments/20200114/a.html>

_______________________________________________
Coordinators mailing list
coordinators at lists.example.org
http://lists.example.org/mailman/listinfo/coordinators

From jean at ngo.example  Wed Jan 15 08:00:00 2020
From: jean at ngo.example (=?utf-8?q?Jean_Mukend=C3=A9?=)
Date: Wed, 15 Jan 2020 09:00:00 +0100
Subject: [CP-Coord] Re: Terms of reference for a sub-national group
In-Reply-To: <first@example.org>
References: <first@example.org>
Message-ID: <second@ngo.example>

We adapted the global template.

From noid at ngo.example  Thu Jan 16 08:00:00 2020
From: noid at ngo.example (No Id)
Date: Thu, 16 Jan 2020 09:00:00 +0100
Subject: Re: [CP-Coord] Terms of reference for a sub-national group

Thanks, by subject alone (no In-Reply-To, no Message-ID).

From broken  Fri Jan 17 08:00:00 2020
Subject: nobody sent this

No From header at all.

From lina at example.org  Mon Mar  2 08:00:00 2020
From: Lina <lina@example.org>
Date: Mon, 2 Mar 2020 09:00:00 +0000
Subject: Cash assistance and child protection
Message-ID: <groupsio.123@groups.io>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

A groups.io export keeps real addresses.
--b1
Content-Type: application/pdf; name="guidance.pdf"
Content-Disposition: attachment; filename="guidance.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--b1--
"""


def _mbox(tmp_path: Path, text: str = PIPERMAIL) -> Path:
    path = tmp_path / "archive.mbox"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_pipermail_address_is_written_as_a_real_one():
    raw = b"From: jean at ngo.example (=?utf-8?q?Jean?=)\nSubject: at home\n\nmail me at home\n"
    assert demangled(raw) == b"From: =?utf-8?q?Jean?= <jean@ngo.example>\nSubject: at home\n\nmail me at home\n"
    assert demangled(b'From: a at b.org (A "B" C)\n\nx') == b'From: "A \\"B\\" C" <a@b.org>\n\nx'


def test_an_mbox_archive_imports_twice_with_the_same_result(community, tmp_path,
                                                           django_capture_on_commit_callbacks):
    SubscriptionFactory(community=community)
    path = _mbox(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        report = import_archive(community=community, path=path)
    assert (report.created, report.unchanged) == (4, 0)
    assert [number for number, _problem in report.problems] == [4]
    first, second, third = Post.objects.filter(thread__subject="Terms of reference for a sub-national group")
    assert first.author_email == "amina@example.org" and first.author_name == "Amina K" and first.author is None
    assert second.author_name == "Jean Mukendé" and second.parent == first and third.thread_id == first.thread_id
    assert first.posted_at == datetime(2020, 1, 14, 9, 12, 3, tzinfo=UTC)
    assert "mailing list" not in first.body and "Does anyone have terms" in first.body
    thread = first.thread
    assert thread.post_count == 3 and thread.started_at == first.posted_at and thread.last_post_at == third.posted_at
    assert Thread.objects.count() == 2 and {post.via for post in Post.objects.all()} == {"import"}
    groups_io = Post.objects.get(message_id="groupsio.123@groups.io")
    assert groups_io.author_email == "lina@example.org" and groups_io.posted_at == datetime(2020, 3, 2, 9, tzinfo=UTC)
    assert groups_io.body == "A groups.io export keeps real addresses.\n\n[file not imported: guidance.pdf]"
    assert OutboundMessage.objects.count() == 0  # an import sends nothing
    before = list(Post.objects.values_list("message_id", "thread_id", "posted_at").order_by("id"))
    again = import_archive(community=community, path=path)
    assert (again.created, again.unchanged) == (0, 4)
    assert list(Post.objects.values_list("message_id", "thread_id", "posted_at").order_by("id")) == before
    assert Thread.objects.get(pk=thread.pk).post_count == 3


def test_the_import_archive_command_reports_malformed_messages(community, tmp_path):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_archive", "coordinators@lists.example.org", str(_mbox(tmp_path)), stdout=out)
    assert "message 4: no usable sender" in out.getvalue() and "4 created" in out.getvalue()
    call_command("import_archive", "coordinators@lists.example.org",
                 str(_mbox(tmp_path, PIPERMAIL.split("From broken")[0])), stdout=out)
    assert Post.objects.count() == 4


CORPUS = Path(__file__).resolve().parents[3] / "shared" / "mail-corpus"


def test_real_mail_in_an_mbox_is_imported_or_reported_never_a_crash(community, tmp_path):
    """The shared corpus of real-world mail (../shared/mail-corpus), put in one mbox: every message is
    imported or reported, and a second import changes nothing."""
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is not there")
    files = sorted(CORPUS.rglob("*.eml"))
    box = mailbox.mbox(tmp_path / "corpus.mbox")
    for file in files:
        box.add(mailbox.mboxMessage(file.read_bytes()))
    box.flush()
    box.close()
    report = import_archive(community=community, path=tmp_path / "corpus.mbox")
    assert report.created + report.unchanged + len(report.problems) == len(files)
    assert report.created > len(files) // 2
    again = import_archive(community=community, path=tmp_path / "corpus.mbox")
    assert again.created == 0 and again.unchanged == report.created + report.unchanged


def test_owners_upload_an_archive_on_the_web_and_get_the_report_by_mail(client, community, inbox,
                                                                       django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    from cphelpdesk.communities.imports import UPLOADED_ARCHIVES

    owner, member = MemberFactory(email="owner@example.org"), MemberFactory()
    community.owners.add(owner)
    url = f"/communities/{community.slug}/archive/import/"
    mbox = PIPERMAIL.encode()
    client.force_login(member)
    assert client.post(url, {"file": SimpleUploadedFile("a.mbox", mbox)}).status_code == 403
    client.force_login(owner)
    assert url in client.get(f"/communities/{community.slug}/").content.decode()
    refused = client.post(url, {"file": SimpleUploadedFile("a.csv", b"email,name\na@b.org,A\n")})
    assert refused.status_code == 200 and "not an mbox" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("a.mbox", mbox)})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        run_queued_tasks()  # the import
    run_queued_tasks()  # its report, by mail
    assert Post.objects.filter(community=community, via="import").count() == 4
    [report] = inbox.to("owner@example.org")
    assert "4 messages added" in inbox.body(report) and "message 4" in inbox.body(report)
    assert not default_storage.listdir(UPLOADED_ARCHIVES)[1]  # the upload is not kept once imported


def test_an_uploaded_archive_is_not_kept_when_its_import_fails_nor_when_it_never_runs(community, monkeypatch):
    """The mbox holds people's mail: a failed import deletes it as a finished one does, and an upload whose import
    never ran is deleted after KEEP_UPLOADED_ARCHIVE by the daily prune."""
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.utils import timezone

    from cphelpdesk.communities import imports

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    name = imports.keep_uploaded_archive(SimpleUploadedFile("a.mbox", PIPERMAIL.encode()))
    monkeypatch.setattr(imports, "import_archive", broken)
    with pytest.raises(RuntimeError):
        imports.import_kept_archive(community=community, name=name)
    assert not default_storage.exists(name)

    forgotten = imports.keep_uploaded_archive(SimpleUploadedFile("b.mbox", PIPERMAIL.encode()))
    assert imports.prune_uploaded_archives() == 0  # a fresh upload waits for its import
    later = timezone.now() + imports.KEEP_UPLOADED_ARCHIVE + timedelta(minutes=1)
    assert imports.prune_uploaded_archives(now=later) == 1
    assert not default_storage.exists(forgotten)
