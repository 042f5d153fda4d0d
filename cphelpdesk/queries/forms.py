"""Forms of the query service: the member's submit form and the staff's action forms."""

from django import forms
from django.urls import reverse_lazy
from django.utils.choices import CallableChoiceIterator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cphelpdesk.core.forms import AttachmentsField, ReferenceChoiceField
from cphelpdesk.core.languages import language_choices
from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.models import Country, Desk, Member, Region
from cphelpdesk.queries import exports, selectors
from cphelpdesk.queries.access import visible_queries
from cphelpdesk.queries.models import (
    Assignment,
    Channel,
    Gap,
    Outcome,
    Referral,
    ServiceType,
    Status,
    Urgency,
)
from cphelpdesk.taxonomy.forms import TopicChoiceField
from cphelpdesk.taxonomy.models import Topic

LANGUAGE_CHOICES = language_choices()


class SubmitQueryForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=250)
    # With JavaScript, resources that may already answer the question appear as it is typed (htmx).
    question = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={
        "rows": 8, "hx-get": reverse_lazy("library:suggest"), "hx-trigger": "keyup changed delay:800ms",
        "hx-target": "#resource-suggestions", "hx-include": "[name=subject]", "hx-sync": "this:replace"}),
                               max_length=20000)
    country = ReferenceChoiceField(label=_("Country the question is about"), queryset=Country.objects.all())
    language = forms.ChoiceField(label=_("Language of the answer"), choices=LANGUAGE_CHOICES)
    service_type = forms.ChoiceField(label=_("What do you need?"), choices=ServiceType.choices,
                                     initial=ServiceType.QUESTION)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.STANDARD,
                                widget=forms.RadioSelect)
    needed_by = forms.DateField(label=_("Needed by (optional)"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    topics = TopicChoiceField(label=_("Topics (optional)"), queryset=Topic.objects.all(), required=False)
    attachments = AttachmentsField()
    no_child_details = forms.BooleanField(
        label=_("I confirm that my question contains no name, photo, address or case number of any child."),
        help_text=_("The helpdesk supports coordination; it is not a channel for individual children's cases."),
    )


class LogQueryForm(SubmitQueryForm):
    """Staff record a question that came by phone, in a meeting or in a chat group."""

    requester_email = forms.EmailField(label=_("Requester's email"),
                                       help_text=_("A member with this address becomes the requester."))
    requester_name = forms.CharField(label=_("Requester's name"), max_length=200)
    channel = forms.ChoiceField(label=_("How the question came"), choices=[
        (value, label) for value, label in Channel.choices if value in {"staff", "chat", "list", "email"}])
    no_child_details = None  # staff check the content themselves

    field_order = ["requester_email", "requester_name", "channel", "subject", "question", "country", "language",
                   "service_type", "urgency", "needed_by", "topics", "attachments"]


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=50000)
    attachments = AttachmentsField()
    internal = forms.BooleanField(label=_("Internal note (not sent to the requester)"), required=False)
    awaiting_requester = forms.BooleanField(label=_("Wait for the requester's answer (pauses the SLA clock)"),
                                            required=False)


class FollowUpForm(forms.Form):
    body = forms.CharField(label=_("Add information or reply"), widget=forms.Textarea(attrs={"rows": 5}),
                           max_length=20000)
    attachments = AttachmentsField()


class TriageForm(forms.Form):
    topics = TopicChoiceField(label=_("Topics"), queryset=Topic.objects.all(), required=False)
    country = ReferenceChoiceField(label=_("Country"), queryset=Country.objects.all(), required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    service_type = forms.ChoiceField(label=_("Service type"), choices=ServiceType.choices)
    sensitivity = forms.TypedChoiceField(label=_("Sensitivity"), choices=Sensitivity.choices, coerce=int)
    desk = ReferenceChoiceField(label=_("Desk"), queryset=Desk.objects.all(), required=False)
    # The triage the page showed (selectors.triage_version): a save over a newer one is refused.
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class AssigneeChoiceField(forms.ModelChoiceField):
    """The people who may be assigned, grouped by role, each with their desks or regions and open load, so that
    two people of one name, or a busy officer and a free one, can be told apart."""

    @property
    def choices(self):
        return CallableChoiceIterator(lambda: [("", self.empty_label)] + [
            (role, [(person.pk, assignee_label(person)) for person in people])
            for role, people in selectors.assignable_staff()])


def assignee_label(person) -> str:
    """How a person reads in the "Assign to" list: name — desks or regions — open load."""
    load = ngettext("%(count)s open query", "%(count)s open queries", person.open_load) % {
        "count": person.open_load}
    return " — ".join([person.name, *person.places, load])


class AssignForm(forms.Form):
    member = AssigneeChoiceField(label=_("Assign to"), queryset=Member.objects.none())
    role = forms.ChoiceField(label=_("Role on the query"), choices=Assignment.Role.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = selectors.staff_members()


class ReferForm(forms.Form):
    destination = forms.ChoiceField(label=_("Refer to"), choices=Referral.Destination.choices)
    recipient_name = forms.CharField(label=_("Recipient's name"), max_length=200)
    recipient_email = forms.EmailField(label=_("Recipient's email"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class GapForm(forms.Form):
    gap = forms.ModelChoiceField(label=_("Existing gap"), queryset=Gap.objects.exclude(status=Gap.Status.ADDRESSED),
                                 required=False, empty_label=_("A new gap"))
    title = forms.CharField(label=_("New gap: title"), max_length=250, required=False)
    topic = ReferenceChoiceField(label=_("New gap: topic"), queryset=Topic.objects.all(), required=False)
    description = forms.CharField(label=_("New gap: description"), widget=forms.Textarea(attrs={"rows": 3}),
                                  required=False, max_length=5000)

    def clean(self):
        data = super().clean()
        if not data.get("gap") and not data.get("title", "").strip():
            raise forms.ValidationError(_("Give the gap a title, or choose one from the register."))
        return data


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        (value, label) for value, label in Outcome.choices
        if value in {Outcome.FULL, Outcome.PARTIAL, Outcome.REFERRED, Outcome.GAP_IDENTIFIED, Outcome.OUT_OF_SCOPE}
    ])


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Reference of the query to keep"), max_length=20)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_into(self):
        reference = self.cleaned_data["into"].strip().upper()
        # Only queries this person may see: the form must not reveal which references exist.
        query = visible_queries(self.user).filter(reference=reference).first() if self.user else None
        if query is None:
            raise forms.ValidationError(_("You have no query with the reference %(reference)s.")
                                        % {"reference": reference})
        return query


class LinkRequesterForm(forms.Form):
    email = forms.EmailField(label=_("Member's email address"))

    def clean_email(self):
        member = Member.objects.with_email(self.cleaned_data["email"]).filter(is_active=True).first()
        if member is None:
            raise forms.ValidationError(_("No member has this address."))
        return member


class UnassignForm(forms.Form):
    assignment = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why reopen?"), max_length=500, required=False)


class EmptyForm(forms.Form):
    """For actions that need only a click (close, withdraw, individual case)."""


class ReferralAnswerForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 10}), max_length=50000)
    name = forms.CharField(label=_("Your name"), max_length=200)


class GapStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Gap.Status.choices)
    working_group = forms.CharField(label=_("Working group or task force"), max_length=200, required=False)


class QueueFilterForm(forms.Form):
    """The staff queue's filters; GET parameters, so filtered views can be bookmarked and shared."""

    q = forms.CharField(label=_("Reference or subject"), required=False, max_length=200)
    status = forms.MultipleChoiceField(label=_("Status"), choices=Status.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    desk = ReferenceChoiceField(label=_("Desk"), queryset=Desk.objects.all(), required=False)
    region = ReferenceChoiceField(label=_("Region"), queryset=None, required=False)
    country = ReferenceChoiceField(label=_("Country"), queryset=Country.objects.all(), required=False)
    topic = ReferenceChoiceField(label=_("Topic"), queryset=Topic.objects.all(), required=False)
    assignee = forms.TypedChoiceField(label=_("Assignee"), required=False, coerce=int, empty_value=None)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    service_type = forms.ChoiceField(label=_("Service type"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    personal_data = forms.BooleanField(label=_("Possible personal data to review"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("newest", _("Newest first")), ("oldest", _("Oldest first")), ("due", _("Due soonest")),
        ("reference", _("Reference"))])

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.all()
        self.fields["country"].queryset = Country.objects.filter(region__isnull=False)
        anyone = [("", _("Anyone"))]
        mine = [(user.pk, _("Me"))] if user else []
        self.fields["assignee"].choices = anyone + mine + [(0, _("Nobody"))] + [
            (member.pk, str(member)) for member in selectors.staff_members()]
        self.fields["channel"].choices = [("", _("Any")), *Channel.choices]
        self.fields["language"].choices = [("", _("Any")), *LANGUAGE_CHOICES]
        self.fields["service_type"].choices = [("", _("Any")), *ServiceType.choices]


class QueryExportForm(forms.Form):
    """Export the queue's current selection. Message content only for managers (`content_allowed`), who must
    tick the box and say why; everyone else exports metadata."""

    format = forms.ChoiceField(label=_("Format"), widget=forms.RadioSelect, initial="csv")
    include_content = forms.BooleanField(
        label=_("Include message content (subject, question and messages, as stored after redaction)"),
        required=False)
    reason = forms.CharField(
        label=_("Why you need the message content"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required with message content; kept in the audit log."))

    def __init__(self, *args, content_allowed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [
            ("csv", _("CSV (any number of queries)")),
            ("xlsx", _("XLSX (Excel, up to %(limit)s queries)") % {
                "limit": number_format(exports.XLSX_ROW_LIMIT, force_grouping=True)})]
        if not content_allowed:
            del self.fields["include_content"], self.fields["reason"]

    def clean(self):
        data = super().clean()
        data["reason"] = data.get("reason", "").strip()
        if data.get("include_content") and not data["reason"]:
            self.add_error("reason", _("Say why you need the message content."))
        return data
