"""Form fields for choosing topics, shared by the forms of the apps that tag their records with them."""

from django import forms
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core.inputs import parse_id
from cphelpdesk.taxonomy.selectors import topic_groups


class TopicChoiceField(forms.ModelMultipleChoiceField):
    """Topics as checkboxes grouped under their top-level topic: sixty in one list are too many to scan."""

    widget = forms.CheckboxSelectMultiple

    @property
    def choices(self):
        # Read when the form is shown (not when the form class is defined), in the reader's language.
        return CallableChoiceIterator(lambda: [
            (root.localized_name, [(root.pk, _("In general"))] + [(topic.pk, topic.localized_name) for topic in under])
            for root, under in topic_groups(self.queryset)])

    def _check_values(self, value):
        # Refuse what cannot be an id before the database sees it (huge numbers overflow SQLite).
        if any(parse_id(item) is None for item in value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                        params={"value": next(item for item in value if parse_id(item) is None)})
        return super()._check_values(value)
