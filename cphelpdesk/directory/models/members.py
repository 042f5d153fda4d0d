"""Members: everyone with an account, from coordinators to administrators (the custom user model)."""

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin, _user_has_perm
from django.db import connection, models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cphelpdesk.directory.roles import STAFF_ROLES, Role

# Permissions on helpdesk content that a superuser does not get automatically.
CONTENT_PERMISSION_PREFIXES = ("queries.",)


class MemberManager(BaseUserManager):
    use_in_migrations = True

    def normalize_email(self, email):
        return super().normalize_email(email or "").strip().lower()

    def with_email(self, address: str):
        """Members whose address is `address`, ignoring case (uses the LOWER(email) index)."""
        return self.alias(email_lower=Lower("email")).filter(email_lower=(address or "").strip().lower())

    def active_id_with_email(self, address: str) -> int | None:
        """The id of the active member `with_email(address)` finds first (by name, should two addresses differ
        only in case), or None. One plain statement on the LOWER(email) index: mail intake asks this for every
        message, mostly about strangers, and the ORM's building of the query cost thirty times the reading."""
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {table} WHERE LOWER(email) = %s AND is_active "  # noqa: S608
                           "ORDER BY full_name LIMIT 1", [(address or "").strip().lower()])
            row = cursor.fetchone()
        return row[0] if row else None

    def active_with_places(self, member_id: int):
        """The active member `member_id` with their country and organisation read, or None (closed or removed): what
        `select_related("country", "organisation").get(pk=member_id, is_active=True)` returns, in one plain
        statement. Mail intake reads the account of every member's message, and through the ORM the building of the
        join cost twice its reading."""
        places = [(name, self.model._meta.get_field(name)) for name in ("country", "organisation")]
        tables = [self.model, *(field.related_model for _name, field in places)]
        quote = connection.ops.quote_name
        columns = ", ".join(f"t{number}.{quote(field.column)}" for number, model in enumerate(tables)
                            for field in model._meta.concrete_fields)
        joins = " ".join(f"LEFT JOIN {quote(field.related_model._meta.db_table)} t{number} "
                         f"ON t{number}.{quote(field.target_field.column)} = t0.{quote(field.column)}"
                         for number, (_name, field) in enumerate(places, 1))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns} FROM {quote(self.model._meta.db_table)} t0 {joins} "  # noqa: S608
                           "WHERE t0.id = %s AND t0.is_active", [member_id])
            row = cursor.fetchone()
        if row is None:
            return None
        instances, start = [], 0
        for model in tables:
            names = [field.attname for field in model._meta.concrete_fields]
            values = row[start:start + len(names)]
            start += len(names)
            # No related row (its primary key NULL): no relation.
            present = values[model._meta.concrete_fields.index(model._meta.pk)] is not None
            instances.append(model.from_db(connection.alias, names, converted(model, values)) if present else None)
        member, *related = instances
        for (name, _field), instance in zip(places, related, strict=True):
            setattr(member, name, instance)  # as select_related leaves them: no later statement for either
        return member

    def create_user(self, email, password=None, **fields):
        """Create a member; used by allauth, the shell and tests."""
        if not email:
            raise ValueError("A member needs an email address.")
        member = self.model(email=self.normalize_email(email), **fields)
        member.set_password(password)
        member.save(using=self._db)
        return member

    def create_superuser(self, email, password=None, **fields):
        """A break-glass account with every permission (prefer the administrator role)."""
        fields.setdefault("full_name", email)
        fields.update(is_superuser=True, approval=Approval.APPROVED)
        return self.create_user(email, password, **fields)


class Approval(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")


def converted(model, values) -> list:
    """`values` of `model`'s concrete fields, as a plain cursor read them, converted as the ORM converts its reads
    (SQLite's dates and booleans, JSON)."""
    values = list(values)
    for number, field in enumerate(model._meta.concrete_fields):
        column = field.get_col(model._meta.db_table)
        for converter in connection.ops.get_db_converters(column) + field.get_db_converters(connection):
            values[number] = converter(values[number], column, connection)
    return values


class Member(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Roles are Django groups named after `Role` values."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="members",
    )
    country = models.ForeignKey(
        "directory.Country", verbose_name=_("country"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="members",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    approval = models.CharField(_("membership"), max_length=10, choices=Approval.choices, default=Approval.PENDING)
    approved_by = models.ForeignKey(
        "self", verbose_name=_("approved by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # When the account was closed (is_active turned off; set on save), from which retention counts.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    email_bounced_at = models.DateTimeField(_("mail to this address last bounced"), null=True, blank=True)
    # The version of the privacy notice and terms of use the member accepted (HELPDESK_TERMS_VERSION), and when.
    terms_version = models.CharField(_("terms accepted (version)"), max_length=20, blank=True)
    terms_accepted_at = models.DateTimeField(_("terms accepted"), null=True, blank=True)
    # Optional notifications (NOTIFICATION_KINDS) the member unsubscribed from with a mail's link.
    muted_notifications = models.JSONField(_("unsubscribed from"), default=list, blank=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = MemberManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        indexes = [models.Index(Lower("email"), name="member_email_lower")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        # Closing an account (the admin's "active" box, or code) dates it; reopening clears the date.
        if not self.is_active and self.closed_at is None:
            self.closed_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "closed_at"}
        elif self.is_active and self.closed_at is not None:
            self.closed_at = None
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "closed_at"}
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def roles(self) -> frozenset[str]:
        """Names of this member's roles (loaded once per request)."""
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        """Whether the member holds any of the given roles."""
        return bool(self.roles.intersection(roles))

    @property
    def is_helpdesk_staff(self) -> bool:
        """Officers, experts, focal points, managers and administrators."""
        return self.is_superuser or bool(self.roles & STAFF_ROLES)

    @property
    def is_staff(self) -> bool:
        """Django admin access: administrators only."""
        return self.is_active and (self.is_superuser or self.has_role(Role.ADMINISTRATOR))

    @property
    def is_approved(self) -> bool:
        return self.approval == Approval.APPROVED

    def has_perm(self, perm, obj=None) -> bool:
        """Django's check, except that a superuser gets no automatic access to helpdesk content.

        Superusers are a break-glass account for the admin; query content follows the roles alone.
        """
        if self.is_active and self.is_superuser and not perm.startswith(CONTENT_PERMISSION_PREFIXES):
            return True
        return _user_has_perm(self, perm, obj)
