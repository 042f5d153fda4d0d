"""Forms of learning: a quiz as a plain form (no JavaScript), a submission, a review, enrolling a member."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cphelpdesk.learning import selectors
from cphelpdesk.learning.models import LiveSession, Pathway, Question, Quiz, Step


class QuizForm(forms.Form):
    """One field per question: radio buttons for one answer, check boxes for several; a question left
    unanswered counts as wrong."""

    def __init__(self, quiz: Quiz, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(quiz.questions.prefetch_related("choices"))
        for question in self.questions:
            choices = [(choice.pk, choice.localized_text) for choice in question.choices.all()]
            if question.kind == Question.Kind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    choices=choices, coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
                    help_text=_("Choose every answer that applies."))
            else:
                field = forms.TypedChoiceField(choices=choices, coerce=int, required=False,
                                               widget=forms.RadioSelect)
            field.label = question.localized_text
            self.fields[f"q{question.pk}"] = field

    def answers(self) -> dict[int, set[int]]:
        """{question id: chosen choice ids} from the cleaned form."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            answers[question.pk] = set(value) if isinstance(value, list) else ({value} if value else set())
        return answers


class SubmissionForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("Your certificate, or the document you were asked for."))
    note = forms.CharField(label=_("Note for the reviewer"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                 choices=[("accept", _("Accept: the step is done")),
                                          ("return", _("Return with comments"))])
    comments = forms.CharField(label=_("Comments for the member"), required=False, max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 5}))


class EnrolMemberForm(forms.Form):
    """A coordinator enrols a member of their team, an officer anyone, by their address."""

    email = forms.EmailField(label=_("Member's email address"))


class RecommendForm(forms.Form):
    """An officer recommends learning on a query: one choice among the published pathways, their steps and
    their sessions to come, grouped by pathway."""

    item = forms.ChoiceField(label=_("Pathway, step or session"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = selectors.recommendable()

    def chosen(self) -> dict:
        """{"pathway"|"step"|"session": object} for the action."""
        kind, pk = self.cleaned_data["item"].split(":")
        model = {"pathway": Pathway, "step": Step, "session": LiveSession}[kind]
        return {kind: model.objects.get(pk=int(pk))}
