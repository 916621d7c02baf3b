"""A visitor's written enquiry to an office or about a service, and the mail it causes.

An `Enquiry` is saved, with the mail to the people who answer it (a
`Delivery`) and the task that sends it, in one transaction before the visitor
sees the confirmation (enquiries.views). Each `Delivery` is one message with a
Message-ID fixed when it is queued: the worker claims it, sends it, and records
when it was sent (enquiries.delivery). Personal data (name, company, email,
message, and the mail that carried them) is erased on a schedule after the
enquiry is closed (enquiries.retention); what remains are the dates the reply
times are worked out from.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.constraints import ConstraintErrorsOnFieldsMixin, check
from core.roles import is_scoped
from offices.models import Office

# Caps on what a visitor may send (the form's maxlength and the server's).
MAX_NAME = 200
MAX_SUBJECT = 200
MAX_MESSAGE = 5000


class Status(models.TextChoices):
    NEW = "new", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")
    ANSWERED_ELSEWHERE = "answered_elsewhere", _("Answered another way")
    SPAM = "spam", _("Closed as spam")


CLOSED = (Status.ANSWERED, Status.ANSWERED_ELSEWHERE, Status.SPAM)
ANSWERED = (Status.ANSWERED, Status.ANSWERED_ELSEWHERE)


class EnquiryQuerySet(models.QuerySet):
    def for_editor(self, user):
        """The enquiries `user` answers: all for a national editor; for an office editor, those to the
        offices in their scope (enquiries about services are national)."""
        if not is_scoped(user):
            return self
        offices = Office.objects.for_editor(user)
        if offices.query.is_empty():
            return self.none()
        return self.filter(office__in=offices.values("pk"))

    def unanswered(self):
        return self.filter(status=Status.NEW)

    def answered_since(self, since):
        return self.filter(status__in=ANSWERED, answered_at__gte=since)


class Enquiry(ConstraintErrorsOnFieldsMixin, models.Model):
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    service = models.ForeignKey(
        "services.Service",
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=MAX_NAME, blank=True, default="")
    company = models.CharField(_("company"), max_length=MAX_NAME, blank=True, default="")
    country = CountryField(_("visitor's country"), blank=True, default="")
    email = models.EmailField(_("visitor's email"), blank=True, default="")
    subject = models.CharField(_("subject"), max_length=MAX_SUBJECT, blank=True, default="")
    message = models.TextField(_("message"), blank=True, default="")
    language = models.CharField(_("language"), max_length=10, blank=True, default="")
    # A keyed digest of the sender's network (core.throttle.client_key), never the address itself.
    client_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    # Who it was sent to, and why (enquiries.routing), as routed when it came in.
    recipients = models.TextField(_("sent to"), blank=True, default="")
    routed_because = models.TextField(_("why them"), blank=True, default="")
    routed_to = models.CharField(_("sent to, as the visitor was told"), max_length=300, blank=True, default="")
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.NEW)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(
        _("editor's note"),
        blank=True,
        default="",
        help_text=_("How it was answered, when not by a reply from here (for example “called back on 3 May”)."),
    )
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            check(
                "enquiry_one_listing",
                Q(office__isnull=False, service__isnull=True) | Q(office__isnull=True, service__isnull=False),
                _("An enquiry is to one office or about one service."),
            ),
            check("enquiry_status_valid", Q(status__in=Status.values), _("Choose one of the listed statuses.")),
            check(
                "enquiry_answered_when_closed",
                Q(status=Status.NEW, answered_at__isnull=True) | (~Q(status=Status.NEW) & Q(answered_at__isnull=False)),
                _("A closed enquiry has the date it was closed, and an open one none."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="enquiry_queue_idx"),
            models.Index(fields=["office", "status", "answered_at"], name="enquiry_office_answers_idx"),
        ]

    def __str__(self):
        return f"{self.reference} — {self.listing}"

    @property
    def reference(self):
        """What the visitor and the editors quote: ENQ-2026-000123."""
        return f"ENQ-{timezone.localtime(self.created_at).year}-{self.pk:06d}" if self.pk else ""

    @property
    def listing(self):
        return self.office if self.office_id else self.service

    @property
    def is_open(self):
        return self.status == Status.NEW


class Delivery(models.Model):
    """One message: to the editors who answer an enquiry, a reply to the visitor, or a reminder."""

    class Kind(models.TextChoices):
        TO_EDITORS = "to_editors", _("To the editors")
        REPLY = "reply", _("Reply to the visitor")
        REMINDER = "reminder", _("Reminder to the national editors")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Not sent: gave up")

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    to = models.TextField(_("to"), help_text=_("Addresses, one per line."))
    subject = models.CharField(_("subject"), max_length=400)
    body = models.TextField(_("text"))
    # Fixed when queued and sent with every attempt: a copy a crash made the worker send twice is the same message.
    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # While a worker sends it: after this, another worker may take it (the first one died).
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, default="")
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        constraints = [
            check("delivery_state_valid", Q(state__in=["pending", "sending", "sent", "failed"]), _("Unknown state.")),
            check(
                "delivery_sent_when_sent",
                Q(state="sent", sent_at__isnull=False) | (~Q(state="sent") & Q(sent_at__isnull=True)),
                _("A sent message has the time it was sent, and only a sent one."),
            ),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="delivery_due_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_state_display()})"

    @property
    def recipients(self):
        return [address for address in self.to.splitlines() if address]
