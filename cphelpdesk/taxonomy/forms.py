"""Form fields for choosing topics, shared by the forms of the apps that tag their records with them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core.forms import CachedChoices
from cphelpdesk.core.inputs import parse_id
from cphelpdesk.taxonomy.selectors import topic_groups


class TopicChoiceField(CachedChoices, forms.ModelMultipleChoiceField):
    """Topics as checkboxes grouped under their top-level topic: sixty in one list are too many to scan. Read in
    the reader's language when the form is first shown, and cached (`core.forms.CachedChoices`)."""

    widget = forms.CheckboxSelectMultiple

    def build_options(self) -> list:
        return [(root.localized_name, [(root.pk, str(_("In general")))] +
                 [(topic.pk, topic.localized_name) for topic in under])
                for root, under in topic_groups(self.queryset)]

    def _check_values(self, value):
        # Refuse what cannot be an id before the database sees it (huge numbers overflow SQLite).
        if any(parse_id(item) is None for item in value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                        params={"value": next(item for item in value if parse_id(item) is None)})
        return super()._check_values(value)
