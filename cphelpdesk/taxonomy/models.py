"""Topics that queries and resources are filed under, and the glossary of the field's terms."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core.translated import TranslatedName


class Topic(TranslatedName):
    """A topic of the CP AoR taxonomy; top-level topics have no parent."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent topic"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    sensitive = models.BooleanField(
        _("sensitive"), default=False,
        help_text=_("Queries on sensitive topics (e.g. CAAFAG, sexual violence) default to a higher sensitivity."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")



class GlossaryTerm(models.Model):
    """A term or acronym and what it stands for in each language (used by search expansion)."""

    term = models.CharField(_("term"), max_length=60, unique=True)
    expansion = models.CharField(_("meaning (English)"), max_length=300)
    expansion_fr = models.CharField(_("meaning (French)"), max_length=300, blank=True)
    expansion_es = models.CharField(_("meaning (Spanish)"), max_length=300, blank=True)
    expansion_ar = models.CharField(_("meaning (Arabic)"), max_length=300, blank=True)
    # Portuguese is searched (Lusophone responses such as Mozambique) though the interface is not in it.
    expansion_pt = models.CharField(_("meaning (Portuguese)"), max_length=300, blank=True)
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), null=True, blank=True, on_delete=models.SET_NULL, related_name="terms"
    )

    class Meta:
        ordering = ["term"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")

    def __str__(self) -> str:
        return self.term

    @property
    def localized_expansion(self) -> str:
        """The meaning in the active language, falling back to English, without a wording that only repeats the
        term: "" for a concept named by its English wording ("Birth registration") read in English."""
        language = (get_language() or "en")[:2]
        text = (getattr(self, f"expansion_{language}") if language in {"fr", "es", "ar"} else "") or self.expansion
        return "; ".join(wording.strip() for wording in text.split(";")
                         if wording.strip() and wording.strip().casefold() != self.term.casefold())

    @property
    def translations(self) -> list[tuple[str, str]]:
        """(language code, first wording) in French, Spanish, Arabic and Portuguese: what the glossary shows for
        a term whose meaning would only repeat it."""
        return [(code, text.split(";")[0].strip()) for code in ("fr", "es", "ar", "pt")
                if (text := getattr(self, f"expansion_{code}"))]

    @property
    def expansions(self) -> list[str]:
        """Every language's meaning, for search expansion."""
        return [text for text in (self.expansion, self.expansion_fr, self.expansion_es, self.expansion_ar,
                                     self.expansion_pt) if text]
