"""The rating form: three 1-10 scales as radio buttons (each in its own fieldset) and a comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cphelpdesk.surveys.actions import COMMENT_MAX_LENGTH

SCALE = [(value, str(value)) for value in range(1, 11)]


def _scale(label, help_text):
    return forms.TypedChoiceField(label=label, help_text=help_text, choices=SCALE, coerce=int,
                                  widget=forms.RadioSelect)


class RatingForm(forms.Form):
    appropriateness = _scale(_("Appropriateness"), _("Did the answer fit your question and context? "
                                                     "1 = not at all, 10 = completely."))
    timeliness = _scale(_("Timeliness"), _("Did the answer come in time? 1 = far too late, 10 = just in time."))
    quality = _scale(_("Quality"), _("How good was the answer? 1 = very poor, 10 = excellent."))
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=COMMENT_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 4}))

    @classmethod
    def for_rating(cls, rating, data=None):
        initial = {}
        if rating is not None:
            initial = {"appropriateness": rating.appropriateness, "timeliness": rating.timeliness,
                       "quality": rating.quality, "comment": rating.comment}
        return cls(data, initial=initial)
