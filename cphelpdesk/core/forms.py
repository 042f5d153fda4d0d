"""Form fields that several apps' forms share."""

from django import forms
from django.conf import settings
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core.config_cache import ConfigCache
from cphelpdesk.core.uploads import accepted_extensions

_option_caches: dict[str, ConfigCache] = {}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input; each is validated by the action (core.uploads) when saved."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attach files"))
        kwargs.setdefault("help_text", _("Up to %(count)s files: %(types)s.") % {
            "count": settings.HELPDESK_MAX_ATTACHMENTS, "types": ", ".join(accepted_extensions())})
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ",".join(accepted_extensions())

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > settings.HELPDESK_MAX_ATTACHMENTS:
            raise forms.ValidationError(_("At most %(count)s files can be attached to one message.")
                                        % {"count": settings.HELPDESK_MAX_ATTACHMENTS})
        return [super(AttachmentsField, self).clean(file, initial) for file in files]


class ReferenceChoiceField(forms.ModelChoiceField):
    """A choice among reference data (countries, regions, desks, topics). Its options, each object's id and name in
    the reader's language, are read once per process and language and kept until a row of the model changes
    (`core.config_cache`): showing a form then builds no model object for each of 249 countries every time. What
    is submitted is still checked against the database."""

    def _get_choices(self):
        return CallableChoiceIterator(self._options)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)

    def _options(self) -> list:
        key = (type(self).__qualname__, str(self.queryset.query), get_language())
        options = option_cache(self.queryset.model._meta.label).get(
            key, lambda: [(found.pk, self.label_from_instance(found)) for found in self.queryset])
        return [("", self.empty_label), *options] if self.empty_label is not None else options


def option_cache(model: str) -> ConfigCache:
    """The cache of `ReferenceChoiceField` options over the model labelled `model` ("app_label.ModelName")."""
    return _option_caches.get(model) or _option_caches.setdefault(model, ConfigCache([model], ttl=600))
