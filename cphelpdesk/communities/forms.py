"""Forms of the communities' pages: writing to a list on the web, searching its archive, delivery settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cphelpdesk.communities.models import Subscription
from cphelpdesk.core.forms import AttachmentsField

BODY_LIMIT = 100_000


class NewThreadForm(forms.Form):
    """Start a thread on the web (it goes out to the list's subscribers by email)."""

    subject = forms.CharField(label=_("Subject"), max_length=300, widget=forms.TextInput(attrs={"dir": "auto"}))
    body = forms.CharField(label=_("Message"), max_length=BODY_LIMIT,
                           widget=forms.Textarea(attrs={"rows": 10, "dir": "auto"}))
    attachments = AttachmentsField()


class ReplyForm(forms.Form):
    """Answer a thread on the web (a normal list post, by email too)."""

    body = forms.CharField(label=_("Your reply"), max_length=BODY_LIMIT,
                           widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}))
    attachments = AttachmentsField()


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the archive"), max_length=300, required=False)


class DeliveryForm(forms.Form):
    """How a subscriber receives a community's posts."""

    delivery = forms.ChoiceField(label=_("Delivery"), choices=Subscription.Delivery.choices)
    avoid_duplicates = forms.BooleanField(label=_("No list copy of posts that name me in To or Cc"), required=False)
    receive_own_posts = forms.BooleanField(label=_("Send me my own posts"), required=False)
    digest_format = forms.ChoiceField(label=_("Digest format"), choices=Subscription.DigestFormat.choices,
                                      required=False)
