"""Forms of the repository: the search form, the staff's resource form, banking an answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core.forms import AttachmentsField
from cphelpdesk.core.inputs import parse_id
from cphelpdesk.directory.models import Country
from cphelpdesk.library.models import RESOURCE_LANGUAGES, Resource
from cphelpdesk.queries.models import Attachment, Message
from cphelpdesk.taxonomy.forms import TopicChoiceField
from cphelpdesk.taxonomy.models import Topic

SEARCH_LANGUAGES = [("", _("Any language")), *RESOURCE_LANGUAGES]


class SearchForm(forms.Form):
    """The repository's search and browse form (GET); every field is optional."""

    q = forms.CharField(label=_("Search"), required=False, max_length=500,
                        help_text=_('Words, "an exact phrase", a prefix* or an acronym such as UASC.'))
    type = forms.MultipleChoiceField(label=_("Type"), choices=Resource.Type.choices, required=False,
                                     widget=forms.CheckboxSelectMultiple)
    topic = forms.MultipleChoiceField(label=_("Topic"), required=False)
    country = forms.MultipleChoiceField(label=_("Country"), required=False)
    language = forms.MultipleChoiceField(label=_("Language"), choices=RESOURCE_LANGUAGES, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    year = forms.MultipleChoiceField(label=_("Year"), required=False)
    lang = forms.ChoiceField(label=_("Language of my search words"), choices=SEARCH_LANGUAGES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices are validated loosely: an unknown value simply matches nothing.
        for name in ("topic", "country", "year"):
            self.fields[name].valid_value = lambda value: len(str(value)) <= 40

    def filters(self) -> dict[str, list[str]]:
        data = self.cleaned_data if self.is_valid() else {}
        return {name: list(data.get(field) or []) for name, field in (
            ("type", "type"), ("topic", "topic"), ("country", "country"), ("language", "language"),
            ("year", "year")) if data.get(field)}


class ResourceForm(forms.ModelForm):
    topics = TopicChoiceField(label=_("Topics"), queryset=Topic.objects.all(), required=False)
    countries = forms.ModelMultipleChoiceField(label=_("Countries"), queryset=Country.objects.all(), required=False,
                                               widget=forms.SelectMultiple(attrs={"size": 6}))
    translation_of = forms.CharField(
        label=_("Translation of (number of the original resource)"), required=False,
        help_text=_("Leave empty for an original. The resource page links every language version."))
    related = forms.CharField(label=_("Related resources (numbers, separated by commas)"), required=False)
    also_in = forms.MultipleChoiceField(label=_("Also written in (a document in several languages at once)"),
                                        choices=RESOURCE_LANGUAGES, required=False,
                                        widget=forms.CheckboxSelectMultiple)
    files = AttachmentsField(label=_("Files"))

    class Meta:
        model = Resource
        fields = ["title", "summary", "body", "type", "language", "source", "year", "visibility"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "body": forms.Textarea(attrs={"rows": 14})}

    def clean_translation_of(self):
        number = parse_id(self.cleaned_data.get("translation_of"))
        if not self.cleaned_data.get("translation_of"):
            return None
        original = Resource.objects.filter(pk=number).first() if number else None
        if original is None:
            raise forms.ValidationError(_("No resource has this number."))
        return original

    def clean_related(self):
        numbers = [parse_id(part) for part in (self.cleaned_data.get("related") or "").split(",") if part.strip()]
        if None in numbers:
            raise forms.ValidationError(_("Give resource numbers separated by commas."))
        found = list(Resource.objects.filter(pk__in=numbers))
        if len(found) != len(set(numbers)):
            raise forms.ValidationError(_("No resource has one of these numbers."))
        return found


class BankAnswerForm(forms.Form):
    """Which replies become the answer, and which files go with it."""

    answers = forms.ModelMultipleChoiceField(label=_("Replies that make up the answer"), queryset=None,
                                             widget=forms.CheckboxSelectMultiple)
    attachments = forms.ModelMultipleChoiceField(label=_("Files to keep with it"), queryset=None, required=False,
                                                 widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, query, **kwargs):
        super().__init__(*args, **kwargs)
        replies = query.messages.filter(kind=Message.Kind.REPLY)
        self.fields["answers"].queryset = replies
        self.fields["answers"].label_from_instance = lambda message: message.body[:160]
        self.fields["answers"].initial = list(replies.values_list("pk", flat=True))
        self.fields["attachments"].queryset = Attachment.objects.filter(message__query=query).exclude(
            message__kind=Message.Kind.NOTE)
        self.fields["attachments"].label_from_instance = lambda attachment: attachment.original_name


class FileVersionForm(forms.Form):
    file = forms.FileField(label=_("New version"))
