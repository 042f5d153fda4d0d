"""What the email channel keeps about people (raw mail, the outbox), and how each path of `core.erasure`
erases it."""

import re

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from cphelpdesk.core.erasure import Path, Target, register, scrub
from cphelpdesk.mail.models import InboundMessage, OutboundMessage
from cphelpdesk.queries.models import Query


def purge_raw_mail(target: Target) -> None:
    """Retention of raw mail: the bytes of the selected inbound messages go; the summary stays."""
    target.counts["raw_mail"] = InboundMessage.objects.filter(pk__in=target.records).update(
        raw=b"", raw_purged_at=target.now, client_address=None, client_helo="")


def forget_inbound(target: Target) -> None:
    """The raw copies of the queries' mails, and of any mail from the person's addresses (a bounce, an
    out-of-office), go (they may carry any detail, encoded), and so does what the summary keeps of the person:
    sender and envelope, and the subject loses the target's words."""
    addresses = [word for word in target.words if "@" in word]
    theirs = Q(query_id__in=target.queries)
    for address in addresses:
        theirs |= Q(envelope_from__iexact=address) | Q(sender__icontains=address)
    for inbound in InboundMessage.objects.filter(theirs).only("pk", "subject"):
        InboundMessage.objects.filter(pk=inbound.pk).update(
            raw=b"", raw_purged_at=target.now, sender="", envelope_from="", client_address=None, client_helo="",
            subject=scrub(inbound.subject, target.words)[:500])


def drop_individual_case_mail(target: Target) -> None:
    """Every mail received for the queries loses its raw copy and subject; every mail about them leaves the
    outbox (acknowledgement, referral, reply...): each may name the child."""
    InboundMessage.objects.filter(query_id__in=target.queries).update(
        raw=b"", raw_purged_at=target.now, subject="", client_address=None, client_helo="")
    target.counts["outbox"] = sum(message.delete()[0] for message in _about(target.queries))


def forget_outbox(target: Target) -> None:
    """Mails to the person, and mails about their queries or naming them once sent or failed, leave the
    outbox; one still waiting to go to someone else (a referral) goes out without the person's words."""
    addresses = {word.lower() for word in target.words if "@" in word}
    removed = 0
    for message in {*_to(addresses), *_about(target.queries), *_naming(target.words)}:
        if addresses & {address.lower() for address in message.to} or message.status in (
                OutboundMessage.Status.SENT, OutboundMessage.Status.FAILED):
            removed += message.delete()[0]
        else:
            OutboundMessage.objects.filter(pk=message.pk).update(subject=scrub(message.subject, target.words)[:500],
                                                                 body=scrub(message.body, target.words))
    target.counts["outbox"] = removed


def _to(addresses: set[str]) -> list:
    """Outbox mails addressed to any of `addresses`."""
    if not addresses:
        return []
    text = OutboundMessage.objects.annotate(recipients=Cast("to", TextField()))
    near = text.filter(Q.create([("recipients__icontains", address) for address in addresses], connector=Q.OR))
    return [message for message in near if addresses & {address.lower() for address in message.to}]


def _naming(words: set[str]) -> list:
    """Outbox mails whose subject or text holds one of `words` that identifies on its own (a full name, an
    address, a number: a membership request names the person); a first name alone could be anyone's."""
    words = {word for word in words if " " in word or "@" in word or any(char.isdigit() for char in word)}
    if not words:
        return []
    near = OutboundMessage.objects.filter(Q.create(
        [(f"{field}__icontains", word) for word in words for field in ("subject", "body")], connector=Q.OR))
    return [message for message in near if scrub(f"{message.subject}\n{message.body}", words)
            != f"{message.subject}\n{message.body}"]


def _about(query_ids: list[int]) -> list:
    """Outbox mails about these queries: every mail about a query names its reference in the subject."""
    found = []
    for reference in Query.objects.filter(pk__in=query_ids).values_list("reference", flat=True):
        exact = re.compile(rf"(?<![\w-]){re.escape(reference)}(?!\d)")
        found += [message for message in OutboundMessage.objects.filter(subject__contains=reference)
                  if exact.search(message.subject)]
    return found


def register_steps() -> None:
    """Called from MailConfig.ready()."""
    register("mail", Path.RAW_MAIL, step=purge_raw_mail)
    register("mail", Path.INDIVIDUAL_CASE, step=drop_individual_case_mail)
    register("mail", Path.ERASURE, Path.MEMBERS, Path.CONTACTS, step=forget_inbound)
    register("mail", Path.ERASURE, Path.MEMBERS, Path.CONTACTS, step=forget_outbox)
