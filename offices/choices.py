"""The kinds and statuses of office; stored values are the API's values."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficeKind(models.TextChoices):
    HEADQUARTERS = "headquarters", _("Headquarters")
    DOMESTIC = "domestic", _("Regional office in Japan")
    OVERSEAS = "overseas", _("Overseas office")
    INSTITUTE = "institute", _("Institute")
    PROMOTION_BODY = "promotion_body", _("Promotion body")


class OfficeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    TEMPORARILY_CLOSED = "temporarily_closed", _("Temporarily closed")
    CLOSED = "closed", _("Closed")


class CoordinatesPrecision(models.TextChoices):
    NONE = "", _("No coordinates")
    EXACT = "exact", _("Exact (set by an editor)")
    CITY = "city", _("City centre, approximate")
    COUNTRY = "country", _("Country (its capital), approximate")
