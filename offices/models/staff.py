"""Headcounts: the whole organisation's (with its split between Japan and overseas), or one office's."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.constraints import ConstraintErrorsOnFieldsMixin, check, unique
from core.versioning import ListingHistory, VersionedMixin, version_field

from ..querysets import StaffCountQuerySet


class StaffCount(ConstraintErrorsOnFieldsMixin, VersionedMixin, models.Model):
    """A headcount snapshot: the whole organisation's, or one office's."""

    as_of = models.DateField(_("as of"))
    office = models.ForeignKey(
        "offices.Office",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="staff_counts",
        help_text=_("Leave blank for the whole organisation."),
    )
    domestic = models.IntegerField(_("staff in Japan"), null=True, blank=True)
    overseas = models.IntegerField(_("staff overseas"), null=True, blank=True)
    total = models.IntegerField(_("total staff"))
    source = models.TextField(_("source"), blank=True, default="")
    version = version_field()

    objects = StaffCountQuerySet.as_manager()
    history = ListingHistory()

    constraint_error_fields = {
        "staffcount_total_non_negative": "total",
        "staffcount_domestic_non_negative": "domestic",
        "staffcount_overseas_non_negative": "overseas",
        "staffcount_total_adds_up": "total",
        "staffcount_office_has_total_only": "domestic",
        "staffcount_one_organisation_count_per_date": "as_of",
        "staffcount_one_office_count_per_date": "as_of",
    }

    class Meta:
        verbose_name = _("staff count")
        verbose_name_plural = _("staff counts")
        ordering = ["-as_of"]
        get_latest_by = "as_of"
        permissions = [
            ("import_staffcount", "Can import staff counts from CSV"),
            ("export_staffcount", "Can export staff counts to CSV"),
        ]
        constraints = [
            check("staffcount_total_non_negative", Q(total__gte=0), _("A headcount cannot be negative.")),
            check(
                "staffcount_domestic_non_negative",
                Q(domestic__isnull=True) | Q(domestic__gte=0),
                _("A headcount cannot be negative."),
            ),
            check(
                "staffcount_overseas_non_negative",
                Q(overseas__isnull=True) | Q(overseas__gte=0),
                _("A headcount cannot be negative."),
            ),
            check(
                "staffcount_total_adds_up",
                Q(domestic__isnull=True, overseas__isnull=True)
                | Q(domestic__isnull=False, overseas__isnull=False, total=F("domestic") + F("overseas")),
                _("Give both staff in Japan and overseas, adding up to the total, or neither."),
            ),
            check(
                "staffcount_office_has_total_only",
                Q(office__isnull=True) | Q(domestic__isnull=True, overseas__isnull=True),
                _("An office's headcount is a single total; the split is for the whole organisation."),
            ),
            unique(
                "staffcount_one_organisation_count_per_date",
                ["as_of"],
                _("There is already an organisation headcount for this date."),
                condition=Q(office__isnull=True),
            ),
            unique(
                "staffcount_one_office_count_per_date",
                ["office", "as_of"],
                _("There is already a headcount for this office on this date."),
                condition=Q(office__isnull=False),
            ),
        ]

    def __str__(self):
        whose = self.office or _("JETRO")
        return f"{whose}: {self.total} ({self.as_of:%B %Y})"
