"""Officers look after inbound mail: quarantined messages, their raw copies, reprocessing; each sees the mail
of the queries they may see and of their desks (`mail.selectors.visible_inbound`)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cphelpdesk.core import audit
from cphelpdesk.directory.permissions import require_perm
from cphelpdesk.mail import actions
from cphelpdesk.mail import outbox as outbox_actions
from cphelpdesk.mail.inbound_tasks import process_inbound_message
from cphelpdesk.mail.models import InboundMessage, OutboundMessage
from cphelpdesk.mail.selectors import visible_inbound, visible_unsent


@require_perm("mail.look_after_inbound")
def inbound(request: HttpRequest) -> HttpResponse:
    """Inbound mail by status, quarantined first."""
    status = request.GET.get("status", InboundMessage.Status.QUARANTINED)
    if status not in InboundMessage.Status.values:
        status = InboundMessage.Status.QUARANTINED
    rows = visible_inbound(request.user).filter(status=status).defer("raw").select_related("query")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "mail/inbound.html", {"page": page, "status": status,
                                                 "statuses": InboundMessage.Status.choices,
                                                 "query_string": f"status={status}"})


@require_perm("mail.look_after_inbound")
def raw(request: HttpRequest, pk: int) -> HttpResponse:
    """The message exactly as received, as a download (recorded in the audit log: it may hold personal data)."""
    item = visible_inbound(request.user).filter(pk=pk).first()
    # A copy purged by retention (or emptied by a redaction) has nothing left to give.
    if item is None or item.raw_purged_at is not None or not item.raw:
        raise Http404
    audit.record(actor=request.user, action="inbound.raw_downloaded", target=item)
    response = HttpResponse(bytes(item.raw), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="inbound-{item.pk}.eml"'
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@require_POST
@require_perm("mail.look_after_inbound")
def reprocess(request: HttpRequest, pk: int) -> HttpResponse:
    item = visible_inbound(request.user).filter(pk=pk, status=InboundMessage.Status.QUARANTINED).first()
    if item is None:
        raise Http404
    actions.reprocess(item)
    audit.record(actor=request.user, action="inbound.reprocessed", target=item)
    process_inbound_message.enqueue(item.pk)
    messages.success(request, _("The message is queued to be processed again."))
    return redirect("mail:inbound")


@require_perm("mail.look_after_inbound")
def outbox(request: HttpRequest) -> HttpResponse:
    """Outgoing mail that failed or still waits, so that officers know who did not hear from them."""
    page = Paginator(visible_unsent(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "mail/outbox.html", {"page": page})


@require_POST
@require_perm("mail.look_after_inbound")
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    message = OutboundMessage.objects.filter(pk=pk, status=OutboundMessage.Status.FAILED).first()
    if message is None or not visible_unsent(request.user, [message]):
        raise Http404
    outbox_actions.retry(message)
    audit.record(actor=request.user, action="outbound.retried", target=message)
    messages.success(request, _("The message will be sent again."))
    return redirect("mail:outbox")
