"""Forms of the privacy pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class HoldForm(forms.Form):
    """A legal hold on one query (by reference) or one member (by email address)."""

    reference = forms.CharField(label=_("Query reference"), required=False, max_length=20,
                                help_text=_("For example CPH-2026-0042. Leave empty to hold a member."))
    email = forms.EmailField(label=_("Member's email address"), required=False,
                             help_text=_("Leave empty to hold a query."))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             help_text=_("Why the data must be kept (an inquiry, a legal request...)."))

    def clean(self):
        data = super().clean()
        if bool(data.get("reference", "").strip()) == bool(data.get("email", "")):
            raise forms.ValidationError(_("Give a query reference or a member's email address, not both."))
        return data
