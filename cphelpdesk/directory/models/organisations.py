"""Organisations and the coordination groups they lead."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """An organisation whose staff use the helpdesk, from UN agencies to community groups."""

    class Type(models.TextChoices):
        UN_AGENCY = "un", _("UN agency")
        INTERNATIONAL_NGO = "ingo", _("International NGO")
        NATIONAL_NGO = "nngo", _("National NGO")
        LOCAL_NGO = "lngo", _("Local NGO / CBO")
        GOVERNMENT = "gov", _("Government")
        ACADEMIC = "academic", _("Academic")
        DONOR = "donor", _("Donor")
        RED_CROSS = "rcrc", _("Red Cross / Red Crescent")
        OTHER = "other", _("Other")

    class Scope(models.TextChoices):
        INTERNATIONAL = "international", _("International")
        NATIONAL = "national", _("National")
        LOCAL = "local", _("Local")

    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    scope = models.CharField(_("scope"), max_length=15, choices=Scope.choices)
    countries = models.ManyToManyField(
        "directory.Country", verbose_name=_("countries of operation"), blank=True, related_name="organisations"
    )
    website = models.URLField(_("website"), blank=True)
    is_verified = models.BooleanField(
        _("verified"), default=True,
        help_text=_("Unchecked for organisations named by a member at sign-up until an officer confirms them."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [models.UniqueConstraint(fields=["name"], name="organisation_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def is_national_or_local(self) -> bool:
        """Whether this organisation counts towards localisation reach."""
        return self.scope in {self.Scope.NATIONAL, self.Scope.LOCAL}


class CoordinationGroup(models.Model):
    """A child protection coordination group in a country, national or sub-national."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        SUB_NATIONAL = "sub_national", _("Sub-national")

    class Type(models.TextChoices):
        AOR = "aor", _("CP Area of Responsibility (cluster system)")
        SUB_SECTOR = "sub_sector", _("CP sub-sector")
        WORKING_GROUP = "working_group", _("CP working group")
        REFUGEE_WORKING_GROUP = "refugee_wg", _("Refugee CP working group")
        OTHER = "other", _("Other")

    country = models.ForeignKey(
        "directory.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="coordination_groups"
    )
    name = models.CharField(_("name"), max_length=250)
    level = models.CharField(_("level"), max_length=15, choices=Level.choices, default=Level.NATIONAL)
    area = models.CharField(_("area"), max_length=120, blank=True, help_text=_("For sub-national groups."))
    type = models.CharField(_("type"), max_length=15, choices=Type.choices, default=Type.AOR)
    lead_organisation = models.ForeignKey(
        Organisation, verbose_name=_("lead organisation"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="led_groups",
    )
    co_lead_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("co-lead organisations"), blank=True, related_name="co_led_groups"
    )
    active_since = models.DateField(_("active since"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["country__name", "level", "name"]
        verbose_name = _("coordination group")
        verbose_name_plural = _("coordination groups")

    def __str__(self) -> str:
        return self.name


class GroupMembership(models.Model):
    """A member's place in a coordination group's team; its coordinators and co-coordinators follow their
    team's members (their learning, for one)."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        CO_COORDINATOR = "co_coordinator", _("Co-coordinator")
        INFORMATION_MANAGER = "information_manager", _("Information manager")
        MEMBER = "member", _("Team member")

    # The roles that lead a team.
    LEADS = (Role.COORDINATOR, Role.CO_COORDINATOR)

    group = models.ForeignKey(CoordinationGroup, verbose_name=_("coordination group"), on_delete=models.CASCADE,
                              related_name="memberships")
    member = models.ForeignKey("directory.Member", verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="group_memberships")
    role = models.CharField(_("role in the group"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        ordering = ["group", "role", "member"]
        verbose_name = _("coordination group membership")
        verbose_name_plural = _("coordination group memberships")
        constraints = [models.UniqueConstraint(fields=["group", "member"], name="group_membership_once")]

    def __str__(self) -> str:
        return f"{self.member} in {self.group} ({self.role})"
