"""What owners bring from the list server they leave: subscribers from a CSV file, archives from an mbox.

Both are idempotent: importing the same file again changes nothing. Both report their bad rows or messages
(with the line or message number) and go on; neither sends any mail.

- Subscribers (`import_subscribers`): columns email, name, delivery mode (a header row is optional; Mailman's
  words are understood: regular, digest, nomail). An address that is a member's subscribes that member.
- Archives (`import_archive`): a Mailman 2 pipermail mbox (whose addresses read "name at domain") or a
  groups.io export. Each message keeps its date and joins its thread (In-Reply-To, References, then the subject
  within `threads.SUBJECT_WINDOW` of its own date); a message already in the archive (same Message-ID) is skipped.
  Imported posts name their sender by name and address, never as a member's account: an archive proves no sender.
  Attached files are not imported; the post names them.
"""

import csv
import hashlib
import io
import mailbox
import re
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cphelpdesk.communities import actions
from cphelpdesk.communities.access import is_helpdesk_officer
from cphelpdesk.communities.models import Community, Post, Subscription
from cphelpdesk.communities.threads import SUBJECT_WINDOW, base_subject, find_parent
from cphelpdesk.core import audit
from cphelpdesk.core.notifications import queue_notification
from cphelpdesk.directory.models import Member
from cphelpdesk.mail.parsing import parse


@dataclass
class ImportReport:
    """What an import did: counts, and each problem with the line (CSV) or message (mbox) number."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "problems": len(self.problems)}


# An import's mail lists this many refused messages at most (the rest are counted).
PROBLEMS_MAILED = 30


# --- subscribers ---------------------------------------------------------------------------------------------

def may_import(user, community: Community) -> bool:
    """Who imports subscribers on the web: the community's owners, and the helpdesk's officers and managers."""
    return is_helpdesk_officer(user) or (user.is_authenticated and user.is_active and
                                         community.owners.filter(pk=user.pk).exists())


# The delivery modes by their codes, their English labels and Mailman's words.
DELIVERY_WORDS = {
    **{value: value for value in Subscription.Delivery.values},
    **{str(label).lower(): value for value, label in Subscription.Delivery.choices},
    "": Subscription.Delivery.EACH_POST, "regular": Subscription.Delivery.EACH_POST,
    "each post": Subscription.Delivery.EACH_POST, "individual": Subscription.Delivery.EACH_POST,
    "digest": Subscription.Delivery.DAILY, "daily digest": Subscription.Delivery.DAILY,
    "mime": Subscription.Delivery.DAILY, "plain": Subscription.Delivery.DAILY,
    "weekly digest": Subscription.Delivery.WEEKLY, "nomail": Subscription.Delivery.WEB_ONLY,
    "no mail": Subscription.Delivery.WEB_ONLY, "web only": Subscription.Delivery.WEB_ONLY,
    "disabled": Subscription.Delivery.WEB_ONLY,
}
HEADER_WORDS = {"email": "email", "e-mail": "email", "address": "email", "email address": "email", "name": "name",
                "full name": "name", "delivery": "delivery", "delivery mode": "delivery", "mode": "delivery"}


def decoded(data: bytes) -> str:
    """A CSV file's text: UTF-8 (with or without its byte order mark), else Windows-1252, as spreadsheets save."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def import_subscribers(*, community: Community, data: bytes, actor=None) -> ImportReport:
    """Subscribe every address of a CSV file to `community`; a row already subscribed with the same delivery mode
    changes nothing, another mode is updated. Bad rows are reported with their line number."""
    report = ImportReport()
    reader = csv.reader(io.StringIO(decoded(data)))
    columns = ["email", "name", "delivery"]
    seen: dict[str, int] = {}
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            report.problems.append((reader.line_num, _("unreadable CSV (%(error)s); the rest of the file is skipped")
                                     % {"error": error}))
            break
        line = reader.line_num
        cells = [cell.strip() for cell in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if line == 1 and cells[0].lower() in HEADER_WORDS:
            columns = [HEADER_WORDS.get(cell.lower(), "") for cell in cells]
            continue
        row = {column: cells[index] for index, column in enumerate(columns) if column and index < len(cells)}
        problem = _row_problem(row, seen)
        if problem:
            report.problems.append((line, problem))
            continue
        address = row["email"].lower()
        seen[address] = line
        with transaction.atomic():
            outcome = _subscribe_row(community, actor, address, row.get("name", ""),
                                     DELIVERY_WORDS[row.get("delivery", "").lower()])
        setattr(report, outcome, getattr(report, outcome) + 1)
    audit.record(actor=actor, action="community.subscribers_imported", target=community, **report.summary())
    return report


def _row_problem(row: dict, seen: dict[str, int]) -> str:
    address = row.get("email", "")
    if not address:
        return _("no email address")
    try:
        validate_email(address)
    except ValidationError:
        return _("“%(address)s” is not an email address") % {"address": address[:100]}
    if address.lower() in seen:
        return _("%(address)s is already on line %(line)s") % {"address": address, "line": seen[address.lower()]}
    if row.get("delivery", "").lower() not in DELIVERY_WORDS:
        return _("delivery mode “%(mode)s” is not one of %(modes)s") % {
            "mode": row["delivery"][:40], "modes": ", ".join(Subscription.Delivery.values)}
    return ""


def _subscribe_row(community: Community, actor, address: str, name: str, delivery: str) -> str:
    member = Member.objects.with_email(address).filter(is_active=True).first()
    existing = Subscription.objects.filter(community=community, member=member).first() if member else None
    by_address = Subscription.objects.filter(community=community, email=address).first()
    if existing is None and by_address is None:
        actions.subscribe(community=community, actor=actor, member=member, email=address, name=name,
                          delivery_mode=delivery)
        return "created"
    subscription = existing or by_address
    changed = []
    if member is not None and subscription.member_id is None:
        # The address has an account now: the subscription becomes the member's.
        subscription.member, subscription.email = member, ""
        changed += ["member", "email"]
    if subscription.delivery != delivery:
        subscription.delivery = delivery
        changed.append("delivery")
    if name and subscription.member_id is None and subscription.display_name != name[:200]:
        subscription.display_name = name[:200]
        changed.append("display_name")
    if not changed:
        return "unchanged"
    subscription.save(update_fields=changed)
    audit.record(actor=actor, action="community_subscription.changed", target=subscription,
                 community=community.slug, fields=changed, source="import")
    return "updated"


# --- archives ------------------------------------------------------------------------------------------------

# Pipermail hides addresses: "From: jdoe at example.org (John Doe)".
_MANGLED_FROM = re.compile(rb"^From:[ \t]*([^\s@<>()\"]+) at ([^\s@<>()\"]+)[ \t]*(?:\((.*)\))?[ \t]*$",
                           re.MULTILINE | re.IGNORECASE)
# Mailman's footer at the end of each archived message.
_LIST_FOOTER = re.compile(r"\n_{20,}\n[^\n]*(?:mailing list|@)[^\n]*(?:\n.*){0,6}\s*$")


@dataclass
class _Archived:
    number: int
    posted_at: datetime
    submission: actions.Submission


def demangled(raw: bytes) -> bytes:
    """`raw` with a pipermail "name at domain (Real Name)" From header written as a real address."""
    end = re.search(rb"\r?\n\r?\n", raw)
    head, rest = (raw[:end.start()], raw[end.start():]) if end else (raw, b"")

    def address(match: re.Match) -> bytes:
        mailbox_, domain, name = match.group(1), match.group(2), (match.group(3) or b"").strip()
        if not name:
            return b"From: " + mailbox_ + b"@" + domain
        if not name.startswith(b"=?"):
            name = b'"' + name.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"'
        return b"From: " + name + b" <" + mailbox_ + b"@" + domain + b">"

    return _MANGLED_FROM.sub(address, head, count=1) + rest


def _from_line_date(line: str) -> datetime | None:
    """The date of an mbox "From sender  Tue Jan  2 10:00:00 2024" line (UTC), when there is one."""
    try:
        return datetime.strptime(" ".join(line.split()[-5:]), "%a %b %d %H:%M:%S %Y").replace(tzinfo=UTC)
    except ValueError:
        return None


def _read(number: int, raw: bytes, from_line: str, community: Community) -> _Archived | str:
    """One archived message as a submission, or the reason it cannot be imported."""
    mail = parse(demangled(raw))
    if mail.message is None:
        return "; ".join(mail.problems) or _("unreadable message")
    address = mail.sender_address if not mail.sender_problem else ""
    if not address and not mail.sender_name:
        return _("no usable sender (%(problem)s)") % {"problem": mail.sender_problem or "From"}
    posted_at = mail.date or _from_line_date(from_line)
    if posted_at is None:
        return _("no date")
    if timezone.is_naive(posted_at):
        posted_at = posted_at.replace(tzinfo=UTC)
    text = _LIST_FOOTER.sub("", mail.text or "").strip()
    # Files stay in the old archive: the post says which, as pipermail's "scrubbed" notes do.
    files = [_("[file not imported: %(name)s]") % {"name": item.name} for item in mail.attachments
             if not item.inline and item.name]
    text = "\n\n".join(part for part in (text, "\n".join(files)) if part)
    if not text and not mail.subject:
        return _("neither a subject nor any text")
    # A message without a Message-ID gets one from its bytes, so that importing it again finds it.
    message_id = mail.message_id.strip().strip("<>") or \
        f"import-{hashlib.sha256(raw).hexdigest()[:32]}@{settings.HELPDESK_LISTS_DOMAIN}"
    return _Archived(number, posted_at, actions.Submission(
        community=community, subject=mail.subject or "(no subject)", body=text or "(no text)", via=Post.Via.IMPORT,
        author_name=mail.sender_name or "", author_email=address, message_id=message_id[:500],
        in_reply_to=" ".join(f"<{item.strip('<>')}>" for item in mail.in_reply_to),
        references=" ".join(f"<{item.strip('<>')}>" for item in mail.references),
        size=len(raw), posted_at=posted_at))


def _parent(submission: actions.Submission) -> Post | None:
    """The post an imported message answers: by its identifiers, else by its subject near its own date (the
    live subject fallback looks back from today, which an old archive is far from)."""
    parent = find_parent(submission.community, in_reply_to=submission.in_reply_to,
                         references=submission.references)
    stripped = base_subject(submission.subject)
    if parent is not None or not stripped or stripped == " ".join(submission.subject.split()):
        return parent
    return (Post.objects.filter(community=submission.community, status=Post.Status.PUBLISHED,
                                thread__subject__iexact=stripped, posted_at__lte=submission.posted_at,
                                posted_at__gte=submission.posted_at - SUBJECT_WINDOW)
            .select_related("thread").order_by("-posted_at", "-id").first())


def import_archive(*, community: Community, path: Path, actor=None) -> ImportReport:
    """Import an mbox into `community`'s archive in date order, without sending anything; messages already
    there (same Message-ID) are counted unchanged, unreadable ones reported by their number in the file."""
    report = ImportReport()
    try:
        box = mailbox.mbox(path, create=False)
        keys = list(box.keys())
    except (OSError, mailbox.Error) as error:
        report.problems.append((0, _("not an mbox file: %(error)s") % {"error": error}))
        return report
    messages: list[_Archived] = []
    for number, key in enumerate(keys, start=1):
        try:
            with box.get_file(key, from_=True) as stored:
                from_line = stored.readline().decode("latin-1")
                raw = stored.read()
            read = _read(number, raw, from_line, community)
        except Exception as error:  # one broken message never stops the others
            read = _("unreadable message (%(error)s)") % {"error": error.__class__.__name__}
        if isinstance(read, str):
            report.problems.append((number, read))
        else:
            messages.append(read)
    box.close()
    # Parents before their replies, so that threads join whatever order the file keeps.
    for item in sorted(messages, key=lambda archived: (archived.posted_at, archived.number)):
        submission = item.submission
        with transaction.atomic():
            if Post.objects.filter(community=community, message_id=submission.message_id).exists():
                report.unchanged += 1
                continue
            submission.parent = _parent(submission)
            actions.submit_post(submission)
            report.created += 1
    audit.record(actor=actor, action="community.archive_imported", target=community, **report.summary())
    return report


# --- archives uploaded on the web ----------------------------------------------------------------------------

UPLOADED_ARCHIVES = "communities/archive-imports"
# An upload whose import never ran (the worker was down and its task lost) is deleted after this long.
KEEP_UPLOADED_ARCHIVE = timedelta(days=2)


def keep_uploaded_archive(upload) -> str:
    """Store an uploaded mbox where only the worker reads it (never served); returns its storage name."""
    return default_storage.save(f"{UPLOADED_ARCHIVES}/{uuid.uuid4().hex}.mbox", upload)


def import_kept_archive(*, community: Community, name: str, actor=None) -> ImportReport:
    """Import an mbox kept by `keep_uploaded_archive`, then delete it; the person who uploaded it gets the
    report by mail, in their language."""
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "archive.mbox"
            with default_storage.open(name, "rb") as kept, path.open("wb") as copy:
                shutil.copyfileobj(kept, copy)
            report = import_archive(community=community, path=path, actor=actor)
    finally:
        # The archive holds people's mail: it is not kept, whether or not the import went through.
        default_storage.delete(name)
    if actor is not None and actor.email:
        queue_notification(template="communities/email/archive_imported", to=[actor.email],
                           language=actor.preferred_language or community.language,
                           context={"community": community, "report": report,
                                    "problems": report.problems[:PROBLEMS_MAILED]})
    return report


def prune_uploaded_archives(now=None) -> int:
    """Delete uploaded archives older than KEEP_UPLOADED_ARCHIVE, whose import never ran; how many went."""
    now = now or timezone.now()
    try:
        names = default_storage.listdir(UPLOADED_ARCHIVES)[1]
    except FileNotFoundError:
        return 0
    stale = [name for name in names
             if default_storage.get_modified_time(f"{UPLOADED_ARCHIVES}/{name}") < now - KEEP_UPLOADED_ARCHIVE]
    for name in stale:
        default_storage.delete(f"{UPLOADED_ARCHIVES}/{name}")
    return len(stale)
