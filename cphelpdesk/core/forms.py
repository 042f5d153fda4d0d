"""Form fields that several apps' forms share."""

from collections.abc import Callable

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


class CachedChoices:
    """For a model choice field over reference data: its options (built by `build_options`, in the reader's
    language) are read once per process and language and kept until a row of the model changes
    (`core.config_cache`), and so is their markup (`markup`). Showing a form then builds no model object for each
    of 249 countries, nor an <option> for each, every time. What is submitted is still checked against the
    database."""

    _option_key: tuple | None = None

    def build_options(self) -> list:
        """The (value, label) choices as read from the database; grouped choices are (label, [choices])."""
        raise NotImplementedError

    def _get_choices(self):
        return CallableChoiceIterator(self._options)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self._option_key = None

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def __deepcopy__(self, memo):
        # Each form shown copies its declared fields; a copy keeps the declared field's queryset and so its key,
        # which is computed once (compiling the queryset's SQL on every form would cost more than the options).
        result = super().__deepcopy__(memo)
        result._option_key = self._key()
        return result

    def _key(self) -> tuple | None:
        if self._option_key is None and self.queryset is not None:
            self._option_key = (type(self).__qualname__, str(self.queryset.query))
        return self._option_key

    def _cached(self, part: tuple, compute: Callable):
        return option_cache(self.queryset.model._meta.label).get((*self._key(), get_language(), *part), compute)

    def _options(self) -> list:
        options = self._cached((), self.build_options)
        return [("", self.empty_label), *options] if getattr(self, "empty_label", None) is not None else options

    def markup(self, part: tuple, render: Callable[[list], str]) -> str:
        """`render` of the field's choices, none of them selected, kept with the options; `part` names what is
        rendered (a kind of control, and the field's name and id where the markup holds them)."""
        empty = getattr(self, "empty_label", None)  # forms may word the empty choice differently
        return self._cached(("markup", None if empty is None else str(empty), *part),
                            lambda: render(list(self.choices)))


class ReferenceChoiceField(CachedChoices, forms.ModelChoiceField):
    """A choice among reference data (countries, regions, desks, topics): each object's id and name in the
    reader's language, cached (`CachedChoices`)."""

    def build_options(self) -> list:
        return [(found.pk, self.label_from_instance(found)) for found in self.queryset]


def option_cache(model: str) -> ConfigCache:
    """The cache of `ReferenceChoiceField` options over the model labelled `model` ("app_label.ModelName")."""
    return _option_caches.get(model) or _option_caches.setdefault(model, ConfigCache([model], ttl=600))
