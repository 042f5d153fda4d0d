"""The dashboard's period picker and filters (GET parameters, so a view can be bookmarked and shared)."""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core.forms import ReferenceChoiceField
from cphelpdesk.directory.models import Country, Desk, Organisation, OutreachContact, Region
from cphelpdesk.insight.selectors import Filters, default_period
from cphelpdesk.queries.models import Channel
from cphelpdesk.taxonomy.models import Topic

MAX_DAYS = 366 * 10


class InsightForm(forms.Form):
    desk = ReferenceChoiceField(label=_("Desk"), queryset=Desk.objects.all(), required=False)
    region = ReferenceChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False)
    country = ReferenceChoiceField(label=_("Country"), queryset=Country.objects.filter(region__isnull=False),
                                     required=False)
    topic = ReferenceChoiceField(label=_("Topic"), queryset=Topic.objects.all(), required=False)
    organisation_type = forms.ChoiceField(label=_("Organisation type"), required=False,
                                          choices=[("", _("Any")), *Organisation.Type.choices])
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("Any")), *Channel.choices])

    def __init__(self, data=None, **kwargs):
        start, end = default_period()
        data = data.copy() if data is not None else {}
        for name, value in (("from", start), ("to", end)):
            if not data.get(name):
                data[name] = value.isoformat()
        super().__init__(data, **kwargs)
        # "from" is a keyword in Python, hence fields added here; dates come first on the page.
        dates = {"from": forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"})),
                 "to": forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))}
        self.fields = {**dates, **self.fields}

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("The period must end on or after the day it starts."))
            if end - start > timedelta(days=MAX_DAYS):
                raise forms.ValidationError(_("Choose a period of ten years or less."))
        return data

    def describe_filters(self) -> str:
        """The filters in force, in words ("Desk: Dakar; Channel: Email"), or that there are none."""
        chosen = []
        for name in ("desk", "region", "country", "topic", "organisation_type", "channel"):
            value = self.cleaned_data.get(name)
            if value:
                field = self.fields[name]
                shown = value if isinstance(field, forms.ModelChoiceField) else dict(field.choices)[value]
                chosen.append(f"{field.label}: {shown}")
        return "; ".join(chosen) if chosen else str(_("No filter: every desk, region, topic and channel"))

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(desk=data.get("desk"), region=data.get("region"), country=data.get("country"),
                       topic=data.get("topic"), organisation_type=data.get("organisation_type") or "",
                       channel=data.get("channel") or "")


class OutreachForm(forms.Form):
    """One contact with a country the service is not reaching."""

    country = ReferenceChoiceField(label=_("Country"), queryset=Country.objects.filter(region__isnull=False))
    contacted_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("How"), choices=OutreachContact.Channel.choices)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
