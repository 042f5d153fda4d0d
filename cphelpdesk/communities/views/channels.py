"""Chat groups joined to a community, managed by the officers of its desk and managers: connect one (its secret
is shown once, then never again), switch it off or on, give it a new secret."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cphelpdesk.communities.chat import channels
from cphelpdesk.communities.chat.forms import ChannelForm
from cphelpdesk.communities.models import ChatChannel, Community


def _managed(request: HttpRequest, slug: str) -> Community:
    community = get_object_or_404(Community, slug=slug)
    if not channels.can_manage_channels(request.user, community):
        raise PermissionDenied
    return community


def _page(request: HttpRequest, community: Community, form: ChannelForm, shown: ChatChannel | None = None,
          status: int = 200) -> HttpResponse:
    return render(request, "communities/channels.html", {
        "community": community, "form": form, "shown": shown,
        "rows": [(channel, address(request, channel)) for channel in community.chat_channels.order_by("name", "pk")],
    }, status=status)


def address(request: HttpRequest, channel: ChatChannel) -> str:
    """Where the channel's bridge, Telegram (setWebhook's url) or homeserver (the registration's url) calls."""
    if channel.kind == ChatChannel.Kind.TELEGRAM:
        path = reverse("api:receive_telegram_update", args=[channel.pk])
    elif channel.kind == ChatChannel.Kind.MATRIX:
        path = reverse("api:receive_matrix_transaction", args=[channel.pk, "0"]).split("/_matrix/", 1)[0]
    else:
        path = reverse("api:receive_chat_message", args=[channel.pk])
    return request.build_absolute_uri(path)


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The community's chat channels, and the form to connect one. The new channel's secret is in the answer
    to the POST that made it, once: it is never shown again (a new one can be made)."""
    community = _managed(request, slug)
    if request.method != "POST":
        return _page(request, community, ChannelForm())
    form = ChannelForm(request.POST)
    if not form.is_valid():
        return _page(request, community, form, status=400)
    channel = channels.create_channel(actor=request.user, community=community, **form.cleaned_data)
    return _page(request, community, ChannelForm(), shown=channel)


@login_required
@require_POST
def switch(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = _managed(request, slug)
    channel = get_object_or_404(ChatChannel, community=community, pk=pk)
    channels.switch_channel(channel, actor=request.user, active=request.POST.get("active") == "1")
    return redirect("communities:channels", community.slug)


@login_required
@require_POST
def new_secret(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = _managed(request, slug)
    channel = channels.new_secret(get_object_or_404(ChatChannel, community=community, pk=pk), actor=request.user)
    return _page(request, community, ChannelForm(), shown=channel)
