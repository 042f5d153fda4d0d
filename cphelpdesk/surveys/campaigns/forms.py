"""Forms of survey campaigns: the managers' builder and audience, and the respondent's questionnaire."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from cphelpdesk.directory.models import Desk, Region
from cphelpdesk.surveys.campaigns.actions import NUMBER_MAX, TEXT_MAX_LENGTH
from cphelpdesk.surveys.campaigns.blueprints import BLUEPRINTS
from cphelpdesk.surveys.campaigns.selectors import POSITIONS
from cphelpdesk.surveys.models import Question, Survey


class NewSurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)


class TemplateForm(forms.Form):
    template = forms.ChoiceField(label=_("Template"), choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(key, blueprint.label) for key, blueprint in BLUEPRINTS.items()]


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "intro", "closes_on"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4}), "closes_on": forms.DateInput(attrs={"type": "date"})}


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=200)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500)
    help_text = forms.CharField(label=_("Help text (optional)"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    section = forms.ModelChoiceField(label=_("Section"), queryset=None, required=False,
                                     empty_label=_("No section (at the top)"))
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    choices = forms.CharField(label=_("Choices"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("For choice questions: one choice a line."))

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["section"].queryset = survey.sections.all()

    @classmethod
    def for_question(cls, question: Question, data=None):
        return cls(data, survey=question.survey, initial={
            "text": question.text, "help_text": question.help_text, "kind": question.kind,
            "section": question.section_id, "required": question.required, "choices": "\n".join(question.choices)})

    def action_arguments(self) -> dict:
        data = self.cleaned_data
        return {"text": data["text"], "help_text": data["help_text"], "kind": data["kind"],
                "section": data["section"], "required": data["required"],
                "choices": data["choices"].splitlines()}


class AudienceForm(forms.Form):
    positions = forms.MultipleChoiceField(
        label=_("Positions"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(key, label) for key, (label, _match) in POSITIONS.items()],
        help_text=_("Recognised from the position members give in their profile. None ticked: every position."))
    regions = forms.MultipleChoiceField(label=_("Regions"), required=False, widget=forms.CheckboxSelectMultiple,
                                        help_text=_("Of the member's country. None ticked: every region."))
    desks = forms.MultipleChoiceField(label=_("Desks"), required=False, widget=forms.CheckboxSelectMultiple,
                                      help_text=_("The desk serving the member's country. None ticked: every desk."))
    active_groups = forms.BooleanField(label=_("Only countries with an active coordination group"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].choices = [(region.code, region.localized_name) for region in Region.objects.all()]
        self.fields["desks"].choices = [(desk.code, desk.localized_name) for desk in Desk.objects.all()]


def _answer_field(question: Question) -> forms.Field:
    label = _("%(question)s (required)") % {"question": question.text} if question.required else question.text
    common = {"label": label, "help_text": question.help_text, "required": question.required}
    if question.kind == Question.Kind.RATING:
        return forms.TypedChoiceField(choices=[(score, str(score)) for score in range(1, 11)], coerce=int,
                                      widget=forms.RadioSelect, **common)
    if question.kind == Question.Kind.NUMBER:
        return forms.IntegerField(min_value=0, max_value=NUMBER_MAX, **common)
    if question.kind == Question.Kind.SINGLE:
        return forms.ChoiceField(choices=[(choice, choice) for choice in question.choices], widget=forms.RadioSelect,
                                 **common)
    if question.kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(choices=[(choice, choice) for choice in question.choices],
                                         widget=forms.CheckboxSelectMultiple, **common)
    return forms.CharField(max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4}), **common)


@dataclass
class FieldGroup:
    """A section's fields, shaped like a form for `core/form_fields.html`."""

    visible_fields: list
    hidden_fields: tuple = ()
    non_field_errors: tuple = ()


class ResponseForm(forms.Form):
    """One field per question, named `q<id>`; `sections` groups the bound fields for the page."""

    def __init__(self, *args, groups: list[tuple], **kwargs):
        super().__init__(*args, **kwargs)
        for _section, questions in groups:
            for question in questions:
                self.fields[f"q{question.pk}"] = _answer_field(question)
        self.sections = [(section, FieldGroup([self[f"q{question.pk}"] for question in questions]))
                         for section, questions in groups]

    def answers(self) -> dict[int, object]:
        """{question id: value} for `actions.submit_response`."""
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}
