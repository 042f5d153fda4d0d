"""The mail pipeline: store every message raw first, then decide its disposition and route it.

This module's sole purpose is to turn an accepted message into exactly one outcome: a new query, a
message on an existing query, a recorded bounce or automatic reply, list traffic, a duplicate, or a
quarantined record an officer can inspect and reprocess. Nothing is ever dropped: the raw bytes stay.
"""

import hashlib
import ipaddress
import logging
import re
from datetime import timedelta
from email.parser import BytesHeaderParser

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from mailparser_reply import EmailReplyParser

from cphelpdesk.core import config_cache
from cphelpdesk.core.languages import detect_language
from cphelpdesk.core.transactions import prompt_write
from cphelpdesk.core.uploads import check_upload
from cphelpdesk.directory.models import Member
from cphelpdesk.mail import classify as kinds
from cphelpdesk.mail import routes
from cphelpdesk.mail.addressing import addressed_desk_id
from cphelpdesk.mail.authentication import Verdict, verify_sender
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.mail.parsing import POLICY, ParsedMail, clean_header, parse, without_leading_blank_lines
from cphelpdesk.queries import actions as query_actions
from cphelpdesk.queries import timeline
from cphelpdesk.queries.access import query_access
from cphelpdesk.queries.models import Channel, EventKind, Query, Referral, Status
from cphelpdesk.queries.selectors import REFERENCE
from cphelpdesk.queries.threading import references_in, referrals_in

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
# At most this many acknowledgements to one mailbox per hour: a mail loop must not become a flood.
ACKNOWLEDGEMENTS_PER_HOUR = 5
# Envelope senders that mean "no return path": the gateway records MAIL FROM:<> as "<>"; an MTA's pipe
# may pass Postfix's default text for it.
NULL_SENDERS = {"<>", "mailer-daemon"}


class SenderFault(Exception):
    """The message itself is unusable (no trustworthy sender...): quarantine it, do not retry."""


def store_inbound(*, raw: bytes, channel: str, envelope_from: str = "", envelope_to=()) -> InboundMessage:
    """Record a message durably; only after this returns may the sender be told it was accepted.

    On SQLite the write is made with `synchronous=FULL` so that it survives a power cut.
    """
    return store_inbound_many([{"raw": raw, "envelope_from": envelope_from, "envelope_to": envelope_to}],
                              channel=channel)[0]


def store_inbound_many(messages: list[dict], *, channel: str) -> list[InboundMessage]:
    """Record messages (each a dict of `raw`, `envelope_from`, `envelope_to`, and from the gateway
    `client_address` and `client_helo`) durably, in one commit:
    all or none are stored. A gateway receiving on several connections at once pays one disk flush for
    the lot instead of one each (group commit)."""
    rows = []
    for message in messages:
        raw = message["raw"]
        sender, subject = _header_summary(raw)
        rows.append(InboundMessage(
            channel=channel, envelope_from=_storable(message.get("envelope_from", ""), 500),
            envelope_to=[_storable(a, 320) for a in message.get("envelope_to", ())][:100], raw=raw,
            client_address=_ip_or_none(message.get("client_address", "")),
            client_helo=_storable(message.get("client_helo", ""), 255),
            size=len(raw), sha256=hashlib.sha256(raw).hexdigest(), message_id=_storable(_message_id_of(raw), 500),
            sender=_storable(sender, 500), subject=_storable(subject, 500),
        ))
    # SQLite only changes its safety level outside a transaction (inside one, e.g. in tests, the
    # commit is the caller's).
    full_sync = connection.vendor == "sqlite" and not connection.in_atomic_block
    if full_sync:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=FULL")
    try:
        # The gateway waits for the worker's write lock: it takes it in the first gap, not after SQLite's back-off.
        with prompt_write():
            stored = InboundMessage.objects.bulk_create(rows)
    finally:
        if full_sync:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=NORMAL")
    return stored


def _storable(value, limit: int) -> str:
    """Text any database column takes: PostgreSQL refuses NUL in text, which a sender can put in a header."""
    return str(value).replace("\x00", "")[:limit]


def _ip_or_none(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value)) if value else None
    except ValueError:
        return None


def _header_summary(raw: bytes) -> tuple[str, str]:
    """From and Subject from the header block only (cheap, and safe on any input)."""
    try:
        headers = BytesHeaderParser(policy=POLICY).parsebytes(without_leading_blank_lines(raw[:65536]))
        return clean_header(headers.get("From", "")), clean_header(headers.get("Subject", ""))
    except Exception:
        return "", ""


def _message_id_of(raw: bytes) -> str:
    """The Message-ID from the raw header block, without a full parse (the receiver must answer fast)."""
    head = without_leading_blank_lines(raw).split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    match = re.search(rb"^message-id:[ \t]*(<[^>\r\n]{1,490}>)", head, re.I | re.M)
    return match.group(1).decode("ascii", "replace") if match else ""


def claim_received(*, limit: int) -> list[int]:
    """Claim, for this worker, up to `limit` messages waiting for their first attempt, oldest first: those
    nobody claimed and those whose claim lapsed (its worker died mid-batch). Returns their ids.

    The claim only spares a second worker from parsing the same messages; `process_inbound`'s status
    check under the lock still makes sure each message is acted on once. It is one short write
    transaction: on SQLite (BEGIN IMMEDIATE) nobody else writes meanwhile, and on PostgreSQL rows another
    worker is claiming are skipped, so two workers never claim the same message."""
    now = timezone.now()
    with prompt_write():
        ids = list(InboundMessage.objects.select_for_update(skip_locked=True)
                   .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
                           status=InboundMessage.Status.RECEIVED, attempts=0)
                   .order_by("pk").values_list("pk", flat=True)[:limit])
        if ids:
            InboundMessage.objects.filter(pk__in=ids).update(
                claimed_until=now + timedelta(seconds=settings.HELPDESK_MAIL_CLAIM_SECONDS))
    return ids


def process_inbound(inbound: InboundMessage) -> str:
    """Decide what `inbound` is and act on it, once. Returns the one-line outcome.

    A sender fault quarantines at once; any other error is retried by the caller up to MAX_ATTEMPTS.
    """
    if connection.features.has_select_for_update_skip_locked:
        # Row locks (PostgreSQL): parse under this one message's lock, which holds up nobody else; a second
        # worker draining the same burst skips the message instead of parsing it too.
        with transaction.atomic():
            stored = InboundMessage.objects.select_for_update(skip_locked=True).filter(pk=inbound.pk).first()
            if stored is None:
                return "nothing to do"  # gone, or another worker is processing it
            if stored.status != InboundMessage.Status.RECEIVED:
                return stored.outcome
            mail = parse(bytes(stored.raw))
            kind = kinds.classify(mail)
            sender = _sender_member(mail, kind)
            return _dispose(stored, mail, kind, sender, _verdict(stored, mail, sender))
    # A plain statement read into the model (`raw()`): through get() the building cost twice the rest.
    stored = next(iter(InboundMessage.objects.raw(f"SELECT * FROM {_table()} WHERE id = %s",  # noqa: S608
                                                  [inbound.pk])), None)
    if stored is None:
        return "nothing to do"
    if stored.status != InboundMessage.Status.RECEIVED:
        return stored.outcome
    # Parsing and reading the sender's account need no lock: do them before taking the database's write
    # lock, which the gateway and other workers wait for.
    mail = parse(bytes(stored.raw))
    kind = kinds.classify(mail)
    sender = _sender_member(mail, kind)
    verdict = _verdict(stored, mail, sender)  # may ask DNS: never under the write lock
    with prompt_write():
        # Under the lock only what another worker or a failed attempt may have changed since is read again;
        # the rest of the row does not change while the message waits.
        stored.status, stored.outcome, stored.attempts = _processing_state(inbound.pk)
        if stored.status != InboundMessage.Status.RECEIVED:
            return stored.outcome  # already done (another worker, or a retry that raced a success)
        return _dispose(stored, mail, kind, sender, verdict)


def _processing_state(inbound_id: int) -> tuple[str, str, int]:
    """(status, outcome, attempts) of a stored message, read under SQLite's write lock (BEGIN IMMEDIATE locks the
    whole database, so no row lock is needed). One plain statement: every message asks, and through the ORM the
    building cost ten times the reading."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status, outcome, attempts FROM {_table()} WHERE id = %s", [inbound_id])  # noqa: S608
        return cursor.fetchone()


def _table() -> str:
    """The stored messages' table, quoted, for the plain statements of every message's processing."""
    return connection.ops.quote_name(InboundMessage._meta.db_table)


def _sender_member(mail: ParsedMail, kind: str) -> Member | None:
    """The active member who sent a person's message, if any (machines' mail needs no account)."""
    if kind != kinds.HUMAN or mail.sender_problem:
        return None
    member_id = Member.objects.active_id_with_email(mail.sender_address)
    if member_id is None:
        return None
    return Member.objects.active_with_places(member_id)  # None: closed or removed in between


def _verdict(stored: InboundMessage, mail: ParsedMail, sender: Member | None) -> Verdict | None:
    """Whether mail claiming a member's (or staff) address proves it; None when it claims nobody's, which
    needs no proof (it acts as nobody)."""
    if sender is None:
        return None
    return verify_sender(raw=without_leading_blank_lines(bytes(stored.raw)), address=mail.sender_address,
                         envelope_from=stored.envelope_from,
                         client_address=stored.client_address or "", client_helo=stored.client_helo)


def _dispose(inbound: InboundMessage, mail: ParsedMail, kind: str, sender: Member | None,
             verdict: Verdict | None) -> str:
    """Act on a message still waiting, read under its lock, in the caller's transaction; `sender` is
    the member whose address it claims (`_sender_member`), `verdict` whether it proved it (`_verdict`)."""
    inbound.attempts += 1
    if verdict is not None:
        inbound.authentication = verdict.how[:200]
    duplicate = _duplicate_of(inbound)
    if duplicate is not None:
        query = Query.objects.filter(pk=duplicate[0]).first() if duplicate[0] else None
        return _finish(inbound, InboundMessage.Status.DUPLICATE, "duplicate", query=query)
    routed = routes.route(inbound, mail, kind, sender, verdict)  # a community's list address, say
    if routed is not None:
        return _finish(inbound, routed.status, routed.outcome)
    if kind == kinds.BOUNCE:
        _record_bounce(mail)
        return _finish(inbound, InboundMessage.Status.BOUNCE, "bounce")
    if kind == kinds.LIST:
        return _finish(inbound, InboundMessage.Status.LIST, "list post recorded")
    referral = _thread_referral(inbound, mail)
    query = referral.query if referral is not None else _thread_query(inbound, mail)
    if kind in {kinds.AUTO_REPLY, kinds.OWN}:
        if query is not None:
            # Out-of-office answers are kept on the query without changing it.
            timeline.record(query, EventKind.AUTO_REPLY_RECEIVED, subject=mail.subject[:200])
        return _finish(inbound, InboundMessage.Status.AUTO_REPLY, "auto-reply ignored", query=query)
    if mail.sender_problem:
        raise SenderFault(mail.sender_problem)
    body = mail.text or "(no text)"
    files, refused = checked_attachments(mail)
    if refused:
        body += "\n\n" + "\n".join(f"[{note}]" for note in refused)
    # Imported history keeps its original dates; live mail is dated when it arrives.
    when = mail.date if inbound.channel == InboundMessage.Channel.IMPORT and mail.date else None
    if referral is not None:
        # The referral's recipient answered the mail: it lands privately, as on the answer page.
        query_actions.answer_referral(referral=referral, body=new_text(mail.text) or body,
                                      answered_by=mail.sender_name or mail.sender_address)
        return _finish(inbound, InboundMessage.Status.PROCESSED, f"appended to {query.reference}", query=query)
    if sender is not None and not verdict.authenticated:
        return _from_unverified_sender(inbound, mail, body, files, claimed=query)
    if query is not None and sender is not None and sender.pk != query.requester_id and \
            query_access(sender, query).can_reply:
        # Staff answering from their mail client: a reply to the requester, like one from the query page.
        query_actions.reply(actor=sender, query=query, body=new_text(mail.text) or body, attachments=files)
        return _finish(inbound, InboundMessage.Status.PROCESSED, f"appended to {query.reference}", query=query)
    if query is not None:
        query_actions.add_mail_follow_up(query=query, actor=sender, sender_name=mail.sender_name or
                                         mail.sender_address, body=body, attachments=files,
                                         reply_text=new_text(mail.text), written_at=when)
        return _finish(inbound, InboundMessage.Status.PROCESSED, f"appended to {query.reference}", query=query)
    # Approved members act as themselves; anyone else is an unverified contact an officer can link later.
    approved = sender if sender is not None and sender.is_approved else None
    query = query_actions.submit_query(
        subject=mail.subject or body.split("\n", 1)[0][:120] or "(no subject)", question=body,
        requester=approved, requester_name=mail.sender_name or mail.sender_address,
        requester_email=mail.sender_address, channel=Channel.EMAIL, attachments=files,
        # Someone we do not know is answered in the language they wrote in.
        language=approved.preferred_language if approved else detect_language(
            f"{mail.subject}\n{new_text(mail.text) or body}", default="en"), received_at=when,
        acknowledge=when is None and _may_acknowledge(inbound, mail),
    )
    return _finish(inbound, InboundMessage.Status.PROCESSED, f"created {query.reference}", query=query)


def _from_unverified_sender(inbound: InboundMessage, mail: ParsedMail, body: str, files: list,
                            claimed: Query | None) -> str:
    """Mail that claims a member's or staff address without proving it: kept, as a new query from an
    unverified contact that an officer confirms (links to the member) or not. It acts as nobody: no
    reply in staff's name, nothing added to or reopening the query it names, no query on the member's
    account, and no acknowledgement."""
    query = query_actions.submit_query(
        subject=mail.subject or body.split("\n", 1)[0][:120] or "(no subject)", question=body,
        requester_name=mail.sender_name or mail.sender_address, requester_email=mail.sender_address,
        channel=Channel.EMAIL, attachments=files, acknowledge=False,
        language=detect_language(f"{mail.subject}\n{new_text(mail.text) or body}", default="en"))
    # The address is the query's requester_email already (erased with it); the event keeps no copy.
    timeline.record(query, EventKind.SENDER_UNVERIFIED, authentication=inbound.authentication,
                    claimed_query=claimed.reference if claimed is not None else None)
    return _finish(inbound, InboundMessage.Status.PROCESSED, f"created {query.reference} (sender unverified)",
                   query=query)


def _finish(inbound: InboundMessage, status: str, outcome: str, query: Query | None = None) -> str:
    inbound.status, inbound.outcome, inbound.query = status, outcome, query
    inbound.processed_at, inbound.error = timezone.now(), ""
    # One plain statement, as `save(update_fields=...)` would write it (no signal listens to this model's saves):
    # every message ends here, and through the ORM the building cost several times the writing.
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_table()} SET status = %s, outcome = %s, query_id = %s, processed_at = %s, "  # noqa: S608
                       "error = %s, attempts = %s, authentication = %s WHERE id = %s",
                       [status, outcome, query.pk if query is not None else None,
                        connection.ops.adapt_datetimefield_value(inbound.processed_at), inbound.error,
                        inbound.attempts, inbound.authentication, inbound.pk])
    return outcome


def quarantine(inbound: InboundMessage, reason: str) -> str:
    """Keep the message aside with the reason, for an officer of the desk it was addressed to to inspect
    and reprocess."""
    stored = InboundMessage.objects.filter(pk=inbound.pk).only("raw", "envelope_to").first()
    desk_id = addressed_desk_id(raw=bytes(stored.raw), envelope_to=stored.envelope_to) if stored else None
    InboundMessage.objects.filter(pk=inbound.pk).update(
        status=InboundMessage.Status.QUARANTINED, error=reason[:5000], outcome=f"quarantined: {reason[:150]}",
        processed_at=timezone.now(), desk_id=desk_id)
    return f"quarantined: {reason[:150]}"


def record_failure(inbound: InboundMessage, error: Exception) -> str | None:
    """After a system fault: count the attempt; the third failure quarantines. None means retry."""
    inbound.refresh_from_db()
    attempts = inbound.attempts + 1
    InboundMessage.objects.filter(pk=inbound.pk).update(attempts=attempts, error=repr(error)[:5000])
    if attempts >= MAX_ATTEMPTS:
        return quarantine(inbound, f"failed {attempts} times: {error!r}")
    return None


def reprocess(inbound: InboundMessage) -> None:
    """An officer sends a quarantined message through the pipeline again."""
    InboundMessage.objects.filter(pk=inbound.pk).update(status=InboundMessage.Status.RECEIVED, attempts=0,
                                                        error="", outcome="", claimed_until=None)


def process_safely(inbound: InboundMessage) -> str | None:
    """Process, turning sender faults into quarantine and counting other failures (None: retry later)."""
    try:
        # One message sees one configuration (desks, calendars, patterns), read from the shared cache once.
        with config_cache.one_reading():
            return process_inbound(inbound)
    except SenderFault as fault:
        return quarantine(inbound, str(fault))
    except ValidationError as error:
        return quarantine(inbound, " ".join(error.messages))
    except Exception as error:
        logger.exception("mail: processing inbound message %s failed", inbound.pk)
        return record_failure(inbound, error)


REPLY_LANGUAGES = ["en", "fr", "es", "de", "it", "nl"]


def new_text(text: str) -> str:
    """The new part of a reply: quoted history and signature removed (English, French, Spanish and
    more; quoting with '>' is recognised in any language). Empty when nothing is left."""
    try:
        return EmailReplyParser(languages=REPLY_LANGUAGES).parse_reply(text=text) or ""
    except Exception:  # a trimming failure must never cost the message: the full text is kept anyway
        return ""


def _duplicate_of(inbound: InboundMessage) -> tuple[int | None] | None:
    """An earlier copy of the same message (same Message-ID, or the same bytes) already handled: its query's
    id, as a one-item tuple (the id may be None); None when there is none.

    Every message asks, nearly always to hear none: one plain statement (both columns are indexed), since
    building it through the ORM cost twenty times what the database does."""
    table = connection.ops.quote_name(InboundMessage._meta.db_table)
    same, params = ("sha256 = %s OR message_id = %s", [inbound.sha256, inbound.message_id]) if inbound.message_id \
        else ("sha256 = %s", [inbound.sha256])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT query_id FROM {table} WHERE ({same}) AND id <> %s AND status <> %s "  # noqa: S608
                       "ORDER BY id LIMIT 1", [*params, inbound.pk, InboundMessage.Status.RECEIVED])
        return cursor.fetchone()


def _thread_query(inbound: InboundMessage, mail: ParsedMail) -> Query | None:
    """The query this mail belongs to: by token (reply address or our Message-IDs); else, when the sender
    is that query's requester, by their earlier message it answers or by the reference in the subject;
    else none (a new query)."""
    references = references_in(*inbound.envelope_to, *mail.recipients, *mail.in_reply_to, *mail.references)
    for reference in references:
        query = Query.objects.filter(reference=reference).first()
        if query is not None:
            return _live(query)
    # A reply to one of the requester's own earlier messages (their Message-ID in In-Reply-To/References).
    answered = [*mail.in_reply_to, *mail.references][:50]
    earlier = answered and (InboundMessage.objects.filter(
        message_id__in=answered, query__requester_email__iexact=mail.sender_address or "-")
        .select_related("query").order_by("-received_at").first())
    if earlier:
        return _live(earlier.query)
    for reference in REFERENCE.findall(mail.subject):
        query = Query.objects.from_requester(mail.sender_address or "-").filter(reference=reference.upper()).first()
        if query is not None:
            return _live(query)
    return None


def _thread_referral(inbound: InboundMessage, mail: ParsedMail):
    """The open referral this mail answers (its token in the reply address or our Message-ID), if any."""
    for referral_id in referrals_in(*inbound.envelope_to, *mail.recipients, *mail.in_reply_to, *mail.references):
        referral = Referral.objects.filter(pk=referral_id, status=Referral.Status.SENT).select_related("query").first()
        if referral is not None and referral.query.is_open:
            return referral
    return None


def _live(query: Query) -> Query | None:
    """Follow merges; a withdrawn query or a removed individual case takes no more mail (a new query does)."""
    seen = 0
    while query.status == Status.MERGED and query.merged_into_id and seen < 10:
        query, seen = query.merged_into, seen + 1
    if query.status == Status.WITHDRAWN or query.outcome == "individual_case":
        return None
    return query


def checked_attachments(mail: ParsedMail) -> tuple[list, list[str]]:
    """Files that pass the upload checks, up to HELPDESK_MAX_ATTACHMENTS; a note for each refused one
    (the raw message keeps them all, for an officer)."""
    accepted, refused = [], []
    for attachment in mail.attachments:
        upload = SimpleUploadedFile(attachment.name, attachment.data, content_type=attachment.content_type)
        try:
            checked = check_upload(upload)
        except ValidationError as error:
            if not attachment.inline:
                refused.append(" ".join(error.messages))
            continue
        if len(accepted) >= settings.HELPDESK_MAX_ATTACHMENTS:
            refused.append(_("%(name)s was not kept: at most %(count)s files are kept from one message.")
                           % {"name": checked.name, "count": settings.HELPDESK_MAX_ATTACHMENTS})
            continue
        accepted.append(upload)
    return accepted, refused


def _may_acknowledge(inbound: InboundMessage, mail: ParsedMail) -> bool:
    """Whether a new query from this mail is acknowledged: never to a machine, a null envelope sender
    (bounces and forged mail use it), and at most ACKNOWLEDGEMENTS_PER_HOUR to one mailbox, however its
    address is spelt (case, +tags), and HELPDESK_ACKNOWLEDGEMENTS_PER_DOMAIN_PER_HOUR to one domain: the
    helpdesk must not become a way to flood someone's inbox."""
    if not kinds.may_auto_reply_to(mail) or inbound.envelope_from.strip().lower() in NULL_SENDERS:
        return False
    mailbox = normalised_mailbox(mail.sender_address)
    domain = mailbox.rpartition("@")[2]
    since = timezone.now() - timedelta(hours=1)
    # received_at narrows the scan through its index: an acknowledgement goes out when the query arrives.
    # At most the domain's limit is read: past it the answer is no whatever the rest, and below it every
    # row is there to count the mailbox's (so a burst from one domain costs no more per message as it grows);
    # which rows are read first does not matter, so they are not sorted.
    recent = [normalised_mailbox(address) for address in Query.objects.acknowledged_addresses(
        domain, since, settings.HELPDESK_ACKNOWLEDGEMENTS_PER_DOMAIN_PER_HOUR)]
    return len(recent) < settings.HELPDESK_ACKNOWLEDGEMENTS_PER_DOMAIN_PER_HOUR and \
        recent.count(mailbox) < ACKNOWLEDGEMENTS_PER_HOUR


def normalised_mailbox(address: str) -> str:
    """One mailbox however its address is spelt: lower case, without a +tag (victim+1@ is victim@)."""
    local, _, domain = (address or "").strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def _record_bounce(mail: ParsedMail) -> None:
    """Note on the member's account that mail to them bounces (the addresses the bounce names as failing)."""
    for address in kinds.failed_recipients(mail):
        Member.objects.with_email(address).update(email_bounced_at=timezone.now())
