"""Forms for sign-up, profile and membership decisions."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cphelpdesk.directory import actions, selectors
from cphelpdesk.directory.models import Country, Organisation


class MemberDetailsForm(forms.Form):
    """The details every member gives: who they are, where they work, which language they read."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    position = forms.CharField(
        label=_("Position"), max_length=200, required=False,
        help_text=_("For example: CP AoR coordinator, information management officer."),
    )
    country = forms.ModelChoiceField(
        label=_("Country where you work"), queryset=Country.objects.all(), empty_label=_("Choose a country")
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("My organisation is not listed"),
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A member's own country keeps the list short (pages stay light on slow links).
        self.fields["organisation"].queryset = selectors.organisations_to_choose(
            country=member.country if member else None, current=member.organisation if member else None
        )


class MembershipSignupForm(MemberDetailsForm):
    """Extra sign-up fields (allauth's ACCOUNT_SIGNUP_FORM_CLASS): membership waits for approval."""

    new_organisation_name = forms.CharField(
        label=_("Organisation name, if not listed"), max_length=250, required=False
    )
    new_organisation_type = forms.ChoiceField(
        label=_("Organisation type, if not listed"),
        choices=[("", "—"), *Organisation.Type.choices],
        required=False,
    )

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not (
            data.get("new_organisation_name", "").strip() and data.get("new_organisation_type")
        ):
            raise forms.ValidationError(_("Choose your organisation, or give its name and type."))
        return data

    def signup(self, request, user):
        """Called by allauth once the account exists."""
        data = self.cleaned_data
        actions.request_membership(
            member=user,
            full_name=data["full_name"],
            country=data["country"],
            position=data["position"],
            preferred_language=data["preferred_language"],
            organisation=data["organisation"],
            new_organisation_name=data["new_organisation_name"],
            new_organisation_type=data["new_organisation_type"],
        )


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the person)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
