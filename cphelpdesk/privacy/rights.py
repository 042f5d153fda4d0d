"""Data-subject rights: a member downloads everything the helpdesk holds about them, and asks for erasure,
which an officer carries out. Erasure anonymises the person and keeps their queries, without them, so that
every statistic stays the same."""

import io
import json
import zipfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cphelpdesk.core import audit
from cphelpdesk.core.erasure import Path, Target, erase
from cphelpdesk.core.models import AuditEntry
from cphelpdesk.core.notifications import absolute_url, queue_notification
from cphelpdesk.directory.models import Member
from cphelpdesk.directory.roles import Role
from cphelpdesk.privacy.models import DataRequest, LegalHold
from cphelpdesk.queries.access import query_access, visible_messages
from cphelpdesk.queries.models import Query


@transaction.atomic
def export_member_data(member) -> bytes:
    """A ZIP of JSON files (profile, queries with the messages the member can see, their own actions) and
    the files of those messages. The export is recorded."""
    profile = {
        "email": member.email, "full_name": member.full_name, "position": member.position,
        "organisation": str(member.organisation) if member.organisation_id else None,
        "country": str(member.country) if member.country_id else None,
        "preferred_language": member.preferred_language, "roles": sorted(member.roles),
        "membership": member.approval, "joined": member.date_joined.isoformat(),
        "last_login": member.last_login.isoformat() if member.last_login else None,
        "unsubscribed_from": member.muted_notifications, "terms_accepted": member.terms_version,
    }
    queries, files = [], []
    for query in Query.objects.filter(requester=member).select_related("country").prefetch_related("topics"):
        access = query_access(member, query)
        messages = []
        for message in visible_messages(access, query).prefetch_related("attachments"):
            names = []
            for attachment in message.attachments.all():
                path = f"files/{query.reference}/{attachment.pk}-{attachment.original_name}"
                files.append((path, attachment))
                names.append(path)
            messages.append({"from": message.author_label, "written": message.created_at.isoformat(),
                             "text": message.body, "files": names})
        queries.append({
            "reference": query.reference, "subject": query.subject, "status": query.status,
            "outcome": query.outcome, "received": query.received_at.isoformat(),
            "country": str(query.country) if query.country_id else None,
            "topics": [topic.code for topic in query.topics.all()], "messages": messages,
        })
    actions = [{"at": entry.at.isoformat(), "action": entry.action, "record": f"{entry.target_type}:{entry.target_id}"}
               for entry in member_actions(member)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _("Your data held by the CP Helpdesk, exported on %(date)s. profile.json: your "
                                         "account; queries.json: your questions and the answers; actions.json: "
                                         "what you did in the service; files/: the files of your messages.")
                         % {"date": timezone.now().date().isoformat()})
        for name, data in (("profile.json", profile), ("queries.json", queries), ("actions.json", actions)):
            archive.writestr(name, json.dumps(data, ensure_ascii=False, indent=1))
        for path, attachment in files:
            try:
                with attachment.file.open("rb") as stored:
                    archive.writestr(path, stored.read())
            except OSError:  # a file removed by retention: listed, not included
                continue
    audit.record(actor=member, action="member_data.exported", target=member, queries=len(queries),
                 files=len(files))
    return buffer.getvalue()


def member_actions(member):
    return AuditEntry.objects.filter(actor=member).order_by("at")[:10_000]


@transaction.atomic
def request_erasure(*, member, reason: str = "") -> DataRequest:
    """The member asks that their personal data be erased; officers are told."""
    if DataRequest.objects.filter(member=member, status=DataRequest.Status.PENDING).exists():
        raise ValidationError(_("Your request is already with the helpdesk team."))
    request = DataRequest.objects.create(member=member, reason=reason.strip()[:2000])
    audit.record(actor=member, action="erasure.requested", target=request)
    officers = Member.objects.filter(groups__name__in=[Role.OFFICER, Role.MANAGER], is_active=True).distinct()
    for officer in officers:
        queue_notification(template="privacy/email/erasure_requested", to=[officer.email],
                           language=officer.preferred_language,
                           context={"url": absolute_url("privacy:data_requests")})
    return request


@transaction.atomic
def decide_erasure(*, actor, data_request: DataRequest, erase: bool, decision: str = "") -> DataRequest:
    """An officer erases the member's personal data (or refuses, saying why, e.g. a legal hold)."""
    if not actor.has_perm("privacy.handle_data_requests"):
        raise PermissionDenied(_("Only helpdesk officers handle erasure requests."))
    data_request = DataRequest.objects.select_for_update().get(pk=data_request.pk)
    if data_request.status != DataRequest.Status.PENDING:
        raise ValidationError(_("This request was already handled."))
    if not erase and not decision.strip():
        raise ValidationError(_("Say why the request is refused: the member is told."))
    if erase and data_request.member_id and LegalHold.objects.filter(
            lifted_at__isnull=True, member_id=data_request.member_id).exists():
        raise ValidationError(_("A legal hold applies to this member: lift it first, or refuse and say why."))
    member = data_request.member
    data_request.status = DataRequest.Status.DONE if erase else DataRequest.Status.REFUSED
    data_request.handled_by, data_request.handled_at, data_request.decision = actor, timezone.now(), decision.strip()
    data_request.save()
    audit.record(actor=actor, action="erasure.done" if erase else "erasure.refused",
                 target=data_request)
    if member is None:
        return data_request
    if erase:
        address, language = member.email, member.preferred_language
        anonymise_member(member)
        queue_notification(template="privacy/email/erasure_done", to=[address], language=language, context={})
    else:
        queue_notification(template="privacy/email/erasure_refused", to=[member.email],
                           language=member.preferred_language, context={"decision": data_request.decision})
    return data_request


def anonymise_member(member) -> None:
    """Erase `member` now: account closed, and every step registered for the path ERASURE run (the account,
    their queries' copies of them, message texts, raw mail, findings, outbox, drafts, exports on disk...).
    Their queries stay, without them, so every statistic stays the same."""
    Member.objects.filter(pk=member.pk).update(is_active=False, closed_at=timezone.now())
    erase(Path.ERASURE, Target(members=[member.pk]))
