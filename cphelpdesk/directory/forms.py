"""Forms for sign-up, profile and membership decisions."""

from allauth.account import forms as allauth_forms
from allauth.account.forms import SignupForm
from django import forms
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core.inputs import parse_id
from cphelpdesk.directory import actions, login_limits, selectors
from cphelpdesk.directory.models import Country, Organisation


class MemberDetailsForm(forms.Form):
    """The details every member gives: who they are, where they work, which language they read.

    The organisation list holds the international organisations and those working in the chosen
    country, so that pages stay light on slow links.
    """

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    position = forms.CharField(
        label=_("Position"), max_length=200, required=False,
        help_text=_("For example: CP AoR coordinator, information management officer."),
    )
    country = forms.ModelChoiceField(
        label=_("Country where you work"), queryset=Country.objects.all(), empty_label=_("Choose a country")
    )
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self.chosen_country() or self.initial.get("country") or (member.country if member else None)
        self.fields["organisation"].queryset = selectors.organisations_to_choose(
            country=chosen, current=member.organisation if member else None
        )

    def chosen_country(self) -> Country | None:
        """The country in the submitted data, if valid (organisations are checked against it)."""
        pk = parse_id(self.data.get(self.add_prefix("country"))) if self.is_bound else None
        return Country.objects.filter(pk=pk).first() if pk else None


class MembershipSignupForm(MemberDetailsForm, SignupForm):
    """allauth's sign-up plus membership details; the whole sign-up is one transaction."""

    new_organisation_name = forms.CharField(
        label=_("Organisation name, if not listed"), max_length=250, required=False
    )
    new_organisation_type = forms.ChoiceField(
        label=_("Organisation type, if not listed"),
        choices=[("", "—"), *Organisation.Type.choices],
        required=False,
    )
    accept_terms = forms.BooleanField(
        label=_("I have read and accept the privacy notice and the terms of use."),
        help_text=_("They say what the helpdesk keeps about you, for how long, and your rights."))
    field_order = ["email", "password1", "password2", "full_name", "country", "organisation",
                   "new_organisation_name", "new_organisation_type", "position", "preferred_language",
                   "accept_terms"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].required = False
        self.fields["organisation"].empty_label = _("My organisation is not listed")
        # With JavaScript, changing the country refreshes the organisation list in place (htmx).
        self.fields["country"].widget.attrs.update({
            "hx-get": reverse("account_signup"), "hx-trigger": "change", "hx-target": "#field-organisation",
            "hx-select": "#field-organisation", "hx-swap": "outerHTML",
        })

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not (
            data.get("new_organisation_name", "").strip() and data.get("new_organisation_type")
        ):
            raise forms.ValidationError(_("Choose your organisation, or give its name and type."))
        return data

    @transaction.atomic
    def save(self, request):
        # An account must never exist without its membership request (officers would never see it).
        return super().save(request)

    def custom_signup(self, request, user):
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
        actions.accept_terms(member=user)  # the sign-up form's required box


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the person)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class LoginForm(allauth_forms.LoginForm):
    """allauth's login form, with a field for a code from the authenticator app that appears only when the
    account typed is waiting after wrong passwords (login_limits): the code lets its owner in at once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and login_limits.is_delayed(self.data.get("login", "")):
            self.fields["code"] = forms.CharField(
                label=_("Code from your authenticator app"), required=False, max_length=20,
                widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                              "placeholder": _("Code from your authenticator app")}))


class MailboxCodeForm(forms.Form):
    """The code mailed before a staff account's first authenticator (directory.mfa_enrolment)."""

    code = forms.CharField(label=_("Code from the mail"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))
