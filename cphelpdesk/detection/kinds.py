"""The kinds of personal data the detector reports, their labels, redaction placeholders and precedence."""

from django.db import models
from django.utils.translation import gettext_lazy as _

CHILD_NAME_AGE = "child_name_age"
PERSON_NAME = "person_name"
PHONE = "phone"
EMAIL = "email"
CASE_ID = "case_id"
GPS = "gps"
NATIONAL_ID = "national_id"
PASSPORT = "passport"
LOCATION = "location"
CUSTOM = "custom"

LABELS = {
    CHILD_NAME_AGE: _("name with age or birth date"),
    PERSON_NAME: _("person's name"),
    PHONE: _("phone number"),
    EMAIL: _("email address"),
    CASE_ID: _("case or registration number"),
    GPS: _("GPS coordinates"),
    NATIONAL_ID: _("national ID number"),
    PASSPORT: _("passport number"),
    LOCATION: _("household location"),
    CUSTOM: _("personal data"),
}

# Whole placeholders rather than "[%s removed]": the participle agrees with the noun in French, Spanish,
# Portuguese and Arabic.
PLACEHOLDERS = {
    CHILD_NAME_AGE: _("[name and age removed]"),
    PERSON_NAME: _("[name removed]"),
    PHONE: _("[phone number removed]"),
    EMAIL: _("[email address removed]"),
    CASE_ID: _("[case number removed]"),
    GPS: _("[GPS coordinates removed]"),
    NATIONAL_ID: _("[ID number removed]"),
    PASSPORT: _("[passport number removed]"),
    LOCATION: _("[location removed]"),
    CUSTOM: _("[personal data removed]"),
}

# When findings overlap, the more specific kind names the merged span: a number introduced by "passport"
# is a passport number even if it also reads as a phone number, and a name followed by an age is more than
# a name. Kinds that administrators add (custom patterns) rank below the cue-introduced numbers and above
# the rest, since an administrator who wrote a pattern for a local format meant it.
PRIORITY = {
    EMAIL: 100,
    GPS: 95,
    PASSPORT: 90,
    CASE_ID: 88,
    NATIONAL_ID: 86,
    PHONE: 70,
    CHILD_NAME_AGE: 60,
    LOCATION: 50,
    PERSON_NAME: 40,
}
CUSTOM_PRIORITY = 80

BUILT_IN = tuple(kind for kind in LABELS if kind != CUSTOM)


class Review(models.TextChoices):
    """Where an officer's review of something found stands: a query's findings (`privacy.models.Finding`)
    and a draft resource's flags (`library.models.RedactionFlag`) take the same decisions."""

    OPEN = "open", _("To review")
    REDACTED = "redacted", _("Redacted")
    DISMISSED = "dismissed", _("Not personal data")
