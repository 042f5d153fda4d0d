"""Communities of practice: discussion lists members read and write by email and on the web.

A community is a mailing list (Mailman 3's model): its subscribers, its archive of threads and posts, the posts
held for moderation, and who may post without being held (or never). Every post, by email, on the web, from a
chat group or from the helpdesk, lands in the same `Post` table and leaves by the same outbox.
"""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core.languages import language_choices

# Pages under /communities/ that a community's own address would hide, and the list's command addresses
# (`<list>-join@`...) that a list name ending so would be mistaken for.
RESERVED_LIST_NAMES = frozenset({"confirm", "leave", "resume", "search", "subscriptions"})
COMMAND_SUFFIXES = ("-bounces", "-join", "-leave", "-owner", "-confirm", "-request", "-admin")


def validate_list_name(value: str) -> None:
    """A list name that neither hides a page nor reads as another list's command address."""
    if value.lower() in RESERVED_LIST_NAMES or value.lower().endswith(COMMAND_SUFFIXES):
        raise ValidationError(_("This list name is reserved: choose another."), code="reserved")


def _new_token() -> str:
    # Names a subscriber in the VERP return path of the mail they receive: short, unguessable, no PII.
    return secrets.token_hex(8)


class Community(models.Model):
    """A discussion list: its address, who may read its archive, who may join and post, who moderates."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Anyone, also without an account")
        MEMBERS = "members", _("Approved members of the helpdesk")
        SUBSCRIBERS = "subscribers", _("Subscribers of this community only")

    class Joining(models.TextChoices):
        OPEN = "open", _("Open to approved members")
        APPROVAL = "approval", _("On a moderator's approval")
        INVITATION = "invitation", _("By invitation only")

    class Posting(models.TextChoices):
        SUBSCRIBERS = "subscribers", _("Subscribers post; others are held")
        MODERATED = "moderated", _("Every post is held for a moderator")
        ANNOUNCE = "announce", _("Announcements: only moderators and owners post")

    class ReplyTo(models.TextChoices):
        LIST = "list", _("Replies go to the list")
        POSTER = "poster", _("Replies go to the poster")

    slug = models.SlugField(_("list name"), max_length=60, unique=True, validators=[validate_list_name],
                            help_text=_("The part of the list address before the @."))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("main language"), max_length=8, default="en", choices=language_choices())
    desk = models.ForeignKey("directory.Desk", verbose_name=_("desk"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="communities")
    visibility = models.CharField(_("archive visible to"), max_length=12, choices=Visibility.choices,
                                  default=Visibility.MEMBERS)
    joining = models.CharField(_("joining"), max_length=12, choices=Joining.choices, default=Joining.OPEN)
    posting = models.CharField(_("posting"), max_length=12, choices=Posting.choices, default=Posting.SUBSCRIBERS)
    reply_to = models.CharField(_("replies go to"), max_length=8, choices=ReplyTo.choices, default=ReplyTo.LIST)
    subject_tag = models.CharField(_("subject tag"), max_length=40, blank=True,
                                   help_text=_("Put in square brackets before each subject, e.g. CP-Coord."))
    max_message_kb = models.PositiveIntegerField(_("largest post (KB) before it is held"), default=2048)
    max_recipients = models.PositiveSmallIntegerField(_("most recipients in To/Cc before a post is held"),
                                                      default=10)
    bounce_threshold = models.FloatField(_("bounce score that suspends delivery"), default=5.0)
    owners = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("owners"), blank=True,
                                    related_name="owned_communities")
    moderators = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("moderators"), blank=True,
                                        related_name="moderated_communities")
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self) -> str:
        return self.name

    @property
    def list_address(self) -> str:
        return f"{self.slug}@{settings.HELPDESK_LISTS_DOMAIN}"

    def command_address(self, command: str) -> str:
        """The list's own addresses: `-join`, `-leave`, `-owner`, `-bounces`..."""
        return f"{self.slug}-{command}@{settings.HELPDESK_LISTS_DOMAIN}"

    @property
    def list_id(self) -> str:
        """The RFC 2919 list identifier (without its angle brackets)."""
        return f"{self.slug}.{settings.HELPDESK_LISTS_DOMAIN}"


class Subscription(models.Model):
    """Someone who receives a community's posts: a member, or an address an owner imported.

    The address mail goes to is read when each post leaves (`address`), so a member's change of address
    takes effect for the very next post.
    """

    class Delivery(models.TextChoices):
        EACH_POST = "each", _("Each post")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")
        WEB_ONLY = "web", _("No mail (read on the web)")

    class DigestFormat(models.TextChoices):
        MIME = "mime", _("MIME: each post a message of its own, to answer from your mail program")
        PLAIN = "plain", _("Plain text: the posts one after another (RFC 1153)")

    class Status(models.TextChoices):
        PENDING_CONFIRMATION = "confirm", _("Waiting for the subscriber to confirm")
        PENDING_APPROVAL = "approval", _("Waiting for a moderator's approval")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Delivery suspended: mail to this address bounces")

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE,
                                  related_name="subscriptions")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="subscriptions")
    # Only for subscribers without an account (imported lists): a member's own address is used otherwise.
    email = models.EmailField(_("email address"), blank=True)
    display_name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language of the list's own words"), max_length=8, blank=True,
                                choices=language_choices())
    delivery = models.CharField(_("delivery"), max_length=8, choices=Delivery.choices, default=Delivery.EACH_POST)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # No second copy of a post whose To/Cc already names this subscriber (Mailman's "avoid duplicates").
    avoid_duplicates = models.BooleanField(_("no list copy of posts that name me in To or Cc"), default=True)
    # Mailman's default: authors get their own posts too, and see they went out.
    receive_own_posts = models.BooleanField(_("receive my own posts"), default=True)
    digest_format = models.CharField(_("digest format"), max_length=6, choices=DigestFormat.choices,
                                     default=DigestFormat.MIME)
    token = models.CharField(max_length=16, unique=True, default=_new_token, editable=False)
    bounce_score = models.FloatField(_("bounce score"), default=0.0)
    last_bounce_at = models.DateTimeField(_("last bounce"), null=True, blank=True)
    suspended_at = models.DateTimeField(_("delivery suspended"), null=True, blank=True)
    # The newest post already sent in a digest (each post goes in one digest once).
    digest_sent_up_to = models.PositiveBigIntegerField(_("last post sent in a digest"), default=0)
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)
    subscribed_at = models.DateTimeField(_("subscribed"), default=timezone.now)

    class Meta:
        ordering = ["community", "subscribed_at", "id"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["community", "member"], condition=models.Q(member__isnull=False),
                                    name="one_subscription_per_member"),
            models.UniqueConstraint(fields=["community", "email"], condition=~models.Q(email=""),
                                    name="one_subscription_per_address"),
            models.CheckConstraint(condition=models.Q(member__isnull=False) | ~models.Q(email=""),
                                   name="subscription_has_an_address"),
        ]
        indexes = [models.Index(fields=["community", "status", "delivery"], name="subscription_delivery")]

    def __str__(self) -> str:
        return f"{self.address} → {self.community}"

    @property
    def address(self) -> str:
        return self.member.email if self.member_id else self.email

    @property
    def name(self) -> str:
        return self.member.full_name if self.member_id else self.display_name

    @property
    def reading_language(self) -> str:
        """The language of the footer, digests and notices this subscriber gets."""
        if self.language:
            return self.language
        if self.member_id and self.member.preferred_language:
            return self.member.preferred_language
        return self.community.language


class SenderRule(models.Model):
    """A moderator's standing decision on an address: its posts go through unheld, or are discarded."""

    class Action(models.TextChoices):
        ALLOW = "allow", _("Always allowed")
        BAN = "ban", _("Banned")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="sender_rules")
    address = models.EmailField(_("address"))
    action = models.CharField(_("action"), max_length=6, choices=Action.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sender rule")
        verbose_name_plural = _("sender rules")
        constraints = [models.UniqueConstraint(fields=["community", "address"], name="one_rule_per_sender")]

    def __str__(self) -> str:
        return f"{self.address}: {self.action}"


class Thread(models.Model):
    """A conversation in a community's archive; its posts in order."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="threads")
    subject = models.CharField(_("subject"), max_length=300)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    last_post_at = models.DateTimeField(_("latest post"), default=timezone.now)
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    followers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="followed_threads")
    # The query an officer raised from this thread (the helpdesk picks up what peers could not answer).
    query = models.ForeignKey("queries.Query", verbose_name=_("query"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="community_threads")
    # The repository resource this thread was banked as, once peers answered it.
    resource = models.ForeignKey("library.Resource", verbose_name=_("banked as"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="community_threads")

    class Meta:
        ordering = ["-last_post_at", "-id"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [models.Index(fields=["community", "-last_post_at", "-id"], name="thread_latest"),
                   models.Index(fields=["community", "-started_at", "-id"], name="thread_started")]

    def __str__(self) -> str:
        return self.subject


class Post(models.Model):
    """One message in a thread, however it arrived; held posts wait here for a moderator."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        HELD = "held", _("Held for moderation")
        REJECTED = "rejected", _("Rejected")
        DISCARDED = "discarded", _("Discarded")

    class Via(models.TextChoices):
        EMAIL = "email", _("Email")
        WEB = "web", _("Web")
        CHAT = "chat", _("Chat group")
        HELPDESK = "helpdesk", _("The helpdesk")
        IMPORT = "import", _("Imported archive")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="posts")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="posts",
                               help_text=_("Empty while a post that would start a thread is held."))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies")
    # The archive's own stable identifier, used in Archived-At and links (never the database id's order).
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    message_id = models.CharField(_("Message-ID"), max_length=500, db_index=True)
    in_reply_to = models.CharField(max_length=500, blank=True)
    references = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="community_posts")
    author_name = models.CharField(_("author's name"), max_length=200, blank=True)
    author_email = models.EmailField(_("author's address"), blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    # Addresses named in To/Cc of a post by email: those subscribers already have it.
    named_recipients = models.JSONField(default=list, blank=True)
    via = models.CharField(_("arrived by"), max_length=10, choices=Via.choices, default=Via.EMAIL)
    posted_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    hold_reasons = models.JSONField(_("why it was held"), default=list, blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_reason = models.TextField(_("reason given"), blank=True)
    # Whether the poster hears that their post is held and what became of it: not a machine, a null sender
    # or an unknown address whose mail could not be answered (communities.moderation).
    notify_poster = models.BooleanField(_("tell the poster"), default=True)
    inbound = models.ForeignKey("mail.InboundMessage", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="community_posts")

    class Meta:
        ordering = ["posted_at", "id"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["thread", "posted_at", "id"], name="post_in_thread"),
                   models.Index(fields=["community", "status", "id"], name="post_status")]

    def __str__(self) -> str:
        return self.subject


def post_attachment_path(attachment: "PostAttachment", filename: str) -> str:
    # The stored name never carries the uploaded one (it may be hostile); the original is kept in the row.
    return f"communities/{attachment.post.community_id}/{uuid.uuid4().hex}"


class PostAttachment(models.Model):
    """A file on a post, checked as uploads are and served only through a permission check."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=post_attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class ChatChannel(models.Model):
    """A chat group joined to a community through a bridge: its messages come in by a signed webhook (or an
    adapter that reads the Telegram Bot API's or Matrix's events) and new threads and answers go out to it."""

    class Kind(models.TextChoices):
        WEBHOOK = "webhook", _("Generic signed webhook")
        TELEGRAM = "telegram", _("Telegram group (Bot API updates)")
        MATRIX = "matrix", _("Matrix room (bridges WhatsApp, Signal, Teams)")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="chat_channels")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WEBHOOK)
    # The Telegram chat id or the Matrix room id the adapter accepts events from.
    external_id = models.CharField(_("chat or room id"), max_length=255, blank=True)
    # Signs both directions (HMAC-SHA256 over timestamp and body); shown once to the desk that connects it.
    secret = models.CharField(max_length=64, default=secrets.token_hex, editable=False)
    outgoing_url = models.URLField(_("outgoing webhook address"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("chat channel")
        verbose_name_plural = _("chat channels")

    def __str__(self) -> str:
        return self.name


class WebhookReceipt(models.Model):
    """A signature the inbound webhook has accepted: the same one again is a replay, refused."""

    channel = models.ForeignKey(ChatChannel, on_delete=models.CASCADE, related_name="receipts")
    signature = models.CharField(max_length=64)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "signature"], name="one_receipt_per_signature")]

    def __str__(self) -> str:
        return f"{self.channel_id}: {self.signature[:12]}"
