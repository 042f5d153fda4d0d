"""Form fields that several apps' forms share."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core.uploads import accepted_extensions


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
