from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.constraints import ConstraintErrorsOnFieldsMixin, check, unique

from .office import Office


class OpeningHours(ConstraintErrorsOnFieldsMixin, models.Model):
    class Weekday(models.IntegerChoices):
        # Python's date.weekday() numbering.
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday)
    opens = models.TimeField(_("opens"), help_text=_("Local time at the office."))
    closes = models.TimeField(_("closes"), help_text=_("Local time at the office."))

    constraint_error_fields = {
        "openinghours_closes_after_opens": "closes",
        "openinghours_weekday_valid": "weekday",
        "openinghours_unique_period": "opens",
    }

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["office", "weekday", "opens"]
        constraints = [
            check(
                "openinghours_closes_after_opens",
                Q(closes__gt=F("opens")),
                _("The closing time must be later than the opening time."),
            ),
            check(
                "openinghours_weekday_valid",
                Q(weekday__gte=0, weekday__lte=6),
                _("Choose a day of the week."),
            ),
            unique(
                "openinghours_unique_period",
                ["office", "weekday", "opens"],
                _("This office already has opening hours starting at that time on that day."),
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"
