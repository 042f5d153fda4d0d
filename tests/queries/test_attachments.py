"""Uploads: size and type allow-list checked against the bytes, safe names, never a 500."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cphelpdesk.core.uploads import check_upload, display_name
from cphelpdesk.queries.models import Attachment
from tests.factories import MemberFactory, make_query

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx(extra_members: int = 0, big_member: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for index in range(extra_members):
            archive.writestr(f"junk/{index}.xml", "")
        if big_member:
            archive.writestr("word/bomb.xml", b"\0" * big_member)
    return buffer.getvalue()


@pytest.mark.parametrize("name, content, content_type", [
    ("note.pdf", PDF, "application/pdf"),
    ("ToR.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("data.csv", b"pays,nombre\nMali,3\n", "text/csv"),
    ("photo.PNG", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image/png"),
])
def test_accepted_files(name, content, content_type):
    checked = check_upload(SimpleUploadedFile(name, content, content_type="application/octet-stream"))
    assert checked.content_type == content_type and checked.size == len(content)


@pytest.mark.parametrize("name, content, message", [
    ("virus.exe", b"MZ\x90\x00", "not accepted"),
    ("page.html", b"<script>alert(1)</script>", "not accepted"),
    ("drawing.svg", b"<svg onload=alert(1)>", "not accepted"),
    ("invoice.pdf", b"MZ\x90\x00 really an exe", "does not look like"),
    ("report.docx", PDF, "does not look like"),
    ("empty.pdf", b"", "is empty"),
])
def test_refused_files_say_why(name, content, message):
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, content))
    assert message in str(refused.value)


def test_office_files_that_would_unpack_too_far_are_refused(monkeypatch):
    from cphelpdesk.core import uploads

    monkeypatch.setattr(uploads, "MAX_UNPACKED_BYTES", 10_000)
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("bomb.docx", docx(big_member=50_000)))
    monkeypatch.setattr(uploads, "MAX_ZIP_MEMBERS", 10)
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("many.docx", docx(extra_members=20)))


def test_a_docx_of_zeros_compressed_a_thousand_times_is_refused_and_real_text_is_not():
    # The attack was 290 MB of zeros (about 1000:1); the ratio is what matters, so 4 MB shows it quickly.
    bomb = docx(big_member=4 * 1024 * 1024)
    assert len(bomb) * 500 < 4 * 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("bomb.docx", bomb))
    assert "would expand" in str(refused.value)
    # The same zeros split into members under 1 MB each (the ratio is also checked for the whole archive).
    split = io.BytesIO()
    with zipfile.ZipFile(split, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for index in range(8):
            archive.writestr(f"word/part{index}.xml", b"\0" * (512 * 1024))
    with pytest.raises(ValidationError, match="would expand"):
        check_upload(SimpleUploadedFile("split.docx", split.getvalue()))
    # A long real document (varied words, compressing far less than 500 times) is still accepted.
    words = " ".join(f"paragraph {number} on case management and referral pathways" for number in range(40_000))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document><w:t>{words}</w:t></w:document>")
    assert check_upload(SimpleUploadedFile("long.docx", buffer.getvalue())).size == len(buffer.getvalue())


def test_oversized_files_are_refused(settings):
    settings.HELPDESK_MAX_ATTACHMENT_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("big.pdf", PDF + b"\0" * 2000))
    assert "too large" in str(refused.value)


@pytest.mark.parametrize("raw, shown", [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\system32\\evil.pdf", "evil.pdf"),
    ("/abs/path/file.pdf", "file.pdf"),
    ("ok\x00name\x1b.pdf", "okname.pdf"),
    (".hidden.pdf", "hidden.pdf"),
    ("", "attachment"),
])
def test_names_are_reduced_to_a_safe_display_name(raw, shown):
    assert display_name(raw) == shown


@pytest.mark.django_db
def test_stored_under_a_generated_name_and_refusals_reach_the_form(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    member = MemberFactory()
    client.force_login(member)
    form = {"subject": "Template", "question": "Please", "country": member.country_id, "language": "fr",
            "service_type": "question", "urgency": "standard", "no_child_details": "on"}
    bad = client.post(reverse("queries:submit"), {**form, "attachments": [SimpleUploadedFile("x.exe", b"MZ")]})
    assert bad.status_code == 200 and "not accepted" in bad.content.decode()
    good = client.post(reverse("queries:submit"), {
        **form, "attachments": [SimpleUploadedFile("../../../ToR draft.pdf", PDF)]})
    assert good.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "ToR draft.pdf"
    assert ".." not in attachment.file.name and "ToR" not in attachment.file.name
    assert (tmp_path / attachment.file.name).read_bytes() == PDF


@pytest.mark.django_db
def test_a_refused_file_in_a_submission_leaves_no_file_behind(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        make_query(attachments=[SimpleUploadedFile("good.pdf", PDF), SimpleUploadedFile("bad.pdf", b"MZ")])
    assert not any(path.is_file() for path in tmp_path.rglob("*"))
