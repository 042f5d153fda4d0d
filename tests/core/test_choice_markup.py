"""Reference data's choices (countries, desks, topics) are rendered once per process and language and then only
marked selected (`core.forms.CachedChoices` with the `options` and `checkboxes` filters): the page must read the
same as when every option is rendered afresh."""

import pytest
from django import forms
from django.utils import translation

from cphelpdesk.core.forms import ReferenceChoiceField
from cphelpdesk.core.templatetags.helpdesk import checkboxes, options
from cphelpdesk.directory.models import Country
from cphelpdesk.queries.forms import TriageForm
from cphelpdesk.taxonomy.models import Topic

pytestmark = pytest.mark.django_db


def afresh(form: forms.Form, name: str) -> forms.BoundField:
    """The field `name` of `form` as a plain choice field with the same choices and data: rendered afresh."""
    field = form.fields[name]
    multiple = isinstance(field, forms.MultipleChoiceField)
    plain = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple) if multiple else forms.ChoiceField()
    plain.choices = list(field.choices)
    fresh = type("Fresh", (forms.Form,), {name: plain})(form.data or None, initial=form.initial)
    fresh.auto_id = form.auto_id
    return fresh[name]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_cached_options_read_as_options_rendered_afresh(language):
    chad, mali = Country.objects.get(iso2="TD"), Country.objects.get(iso2="ML")
    health, protection = Topic.objects.order_by("code")[3:5]
    with translation.override(language):
        for data in (None, {"country": str(chad.pk), "topics": [str(health.pk), str(protection.pk)]},
                     {"country": str(mali.pk), "topics": [str(protection.pk)]}):
            form = TriageForm(data)
            assert str(options(form["country"])) == str(options(afresh(form, "country")))
            assert str(checkboxes(form["topics"])) == str(checkboxes(afresh(form, "topics")))


def test_a_selection_marks_only_its_own_options():
    chad, mali = Country.objects.get(iso2="TD"), Country.objects.get(iso2="ML")
    shown = str(options(TriageForm({"country": str(chad.pk)})["country"]))
    assert f'<option value="{chad.pk}" selected>' in shown and shown.count(" selected") == 1
    shown = str(options(TriageForm({"country": str(mali.pk)})["country"]))  # the cache kept no earlier mark
    assert f'<option value="{mali.pk}" selected>' in shown and shown.count(" selected") == 1
    assert " checked" not in str(checkboxes(TriageForm()["topics"]))


def test_forms_that_word_the_empty_choice_differently_keep_their_own_words():
    class AnyCountry(forms.Form):
        country = ReferenceChoiceField(queryset=Country.objects.all(), required=False, empty_label="Any country")

    class SomeCountry(forms.Form):
        country = ReferenceChoiceField(queryset=Country.objects.all(), required=False, empty_label="Choose one")

    assert "Any country" in str(options(AnyCountry()["country"]))
    assert "Choose one" in str(options(SomeCountry()["country"]))


def test_a_renamed_topic_is_shown_at_once():
    topic = Topic.objects.order_by("code").last()
    assert "Ruritanian care" not in str(checkboxes(TriageForm()["topics"]))
    topic.name = "Ruritanian care"
    topic.save()
    assert "Ruritanian care" in str(checkboxes(TriageForm()["topics"]))
