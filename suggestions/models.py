"""A correction suggested by a visitor: which detail of which office or service, the value, its source.

Nothing public changes when one is made: an editor accepts it (the value is
applied through the listing's own validation, suggestions.review) or rejects
it with a reason. The follow-up email and the key of the sender's address are
personal data, erased on a schedule (suggestions.retention).
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import ConstraintErrorsOnFieldsMixin, check
from core.roles import is_scoped
from offices.models import Office


class Detail(models.TextChoices):
    ADDRESS = "address", _("Address")
    PHONE = "phone", _("Phone")
    FAX = "fax", _("Fax")
    EMAIL = "email", _("Email")
    WEBSITE = "website", _("Website")
    OPENING_HOURS = "opening_hours", _("Opening hours")
    NAME = "name", _("Name")
    OTHER = "other", _("Something else")


# The details a visitor may correct on each kind of page.
OFFICE_DETAILS = tuple(Detail)
SERVICE_DETAILS = (Detail.NAME, Detail.WEBSITE, Detail.OTHER)


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


# Pending first, oldest first (the order they came in); then the decided ones, latest decision first.
QUEUE_ORDER = [
    Case(When(status=Status.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()).asc(),
    Case(When(status=Status.PENDING, then=F("created_at"))).asc(),
    F("decided_at").desc(nulls_last=True),
    F("pk").desc(),
]


class SuggestionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Status.PENDING)

    def for_editor(self, user):
        """The suggestions `user` reviews: all for a national editor; for an office editor,
        those about the offices in their scope (services are national)."""
        if not is_scoped(user):
            return self
        offices = Office.objects.for_editor(user)
        if offices.query.is_empty():
            return self.none()
        return self.filter(office__in=offices.values("pk"))


class Suggestion(ConstraintErrorsOnFieldsMixin, models.Model):
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("office"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="suggestions",
    )
    service = models.ForeignKey(
        "services.Service",
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="suggestions",
    )
    detail = models.CharField(_("detail"), max_length=20, choices=Detail)
    proposed_value = models.TextField(_("proposed value"))
    source = models.TextField(_("source"), help_text=_("Where the visitor says the value comes from."))
    email = models.EmailField(
        _("visitor's email"),
        blank=True,
        default="",
        help_text=_("Only to ask the visitor about this suggestion; erased on schedule."),
    )
    # A keyed hash of the sender's network address (core.throttle), never the address itself.
    client_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    language = models.CharField(_("language"), max_length=10, blank=True, default="")
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(_("suggested"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    applied_value = models.TextField(_("value applied"), blank=True, default="")
    reason = models.TextField(_("reason"), blank=True, default="", help_text=_("Why it was rejected."))
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()

    constraint_error_fields = {"suggestion_rejected_has_reason": "reason"}

    class Meta:
        verbose_name = _("suggested correction")
        verbose_name_plural = _("suggested corrections")
        ordering = ["-created_at"]
        constraints = [
            check(
                "suggestion_one_listing",
                Q(office__isnull=False, service__isnull=True) | Q(office__isnull=True, service__isnull=False),
                _("A suggestion is about one office or one service."),
            ),
            check("suggestion_detail_valid", Q(detail__in=Detail.values), _("Choose one of the listed details.")),
            check("suggestion_status_valid", Q(status__in=Status.values), _("Choose one of the listed statuses.")),
            check(
                "suggestion_decided_when_decided",
                Q(status=Status.PENDING, decided_at__isnull=True)
                | (~Q(status=Status.PENDING) & Q(decided_at__isnull=False)),
                _("A decided suggestion has a decision date, and a pending one none."),
            ),
            check(
                "suggestion_rejected_has_reason",
                ~Q(status=Status.REJECTED) | ~Q(reason=""),
                _("Say why the suggestion is rejected."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="suggestion_queue_idx"),
            models.Index(fields=["client_key", "created_at"], name="suggestion_client_idx"),
        ]

    def __str__(self):
        return f"{self.listing} — {self.get_detail_display()}"

    @property
    def listing(self):
        return self.office if self.office_id else self.service

    @property
    def is_pending(self):
        return self.status == Status.PENDING
