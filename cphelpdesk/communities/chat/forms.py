"""The form that connects a chat group to a community."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from cphelpdesk.communities.models import ChatChannel


class ChannelForm(forms.ModelForm):
    # Only web addresses: the worker must never be sent to read a file or another protocol.
    outgoing_url = forms.URLField(
        label=_("outgoing webhook address"), required=False, max_length=200, assume_scheme="https",
        validators=[URLValidator(schemes=["https", "http"])],
        help_text=_("Where new threads and the helpdesk's answers are sent, signed (optional)."))

    class Meta:
        model = ChatChannel
        fields = ["name", "kind", "external_id", "outgoing_url"]
        help_texts = {
            "external_id": _("Telegram: the group's chat id (e.g. -1001234567890). Matrix: the room id "
                             "(e.g. !abc:matrix.org). Not needed for a generic webhook."),
        }

    def clean(self):
        data = super().clean()
        if data.get("kind") in (ChatChannel.Kind.TELEGRAM, ChatChannel.Kind.MATRIX) and not data.get("external_id"):
            self.add_error("external_id", _("Give the chat or room id: messages from any other are refused."))
        return data
