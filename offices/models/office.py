from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from core.changes import latest
from core.constraints import EMAIL_MESSAGES, PHONE_MESSAGES, URL_MESSAGES, ConstraintErrorsOnFieldsMixin, check, unique
from core.links import listing_url
from core.verification import is_due
from core.versioning import ListingHistory, VersionedMixin, version_field
from places.gazetteer import timezone_of

from ..choices import CoordinatesPrecision, OfficeKind, OfficeStatus
from ..directory_order import directory_key as directory_order_key
from ..geography import (
    JAPAN,
    JAPAN_REGIONS,
    WORLD_REGIONS,
    Prefecture,
    Region,
    derive_timezone,
    is_valid_timezone,
    region_for_prefecture,
)
from ..positions import derive_position
from ..querysets import OfficeManager
from ..search_text import office_search_text
from .indexes import OFFICE_INDEXES

REGION_RANK = {value: rank for rank, value in enumerate(Region.values)}


def validate_timezone(value):
    if not is_valid_timezone(value):
        raise ValidationError(
            _("“%(value)s” is not an IANA time zone. Use a name such as Asia/Tokyo or Europe/Paris."),
            params={"value": value},
            code="invalid_timezone",
        )


class Office(ConstraintErrorsOnFieldsMixin, VersionedMixin, models.Model):
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_(
            "The last part of the office's address on the site: the slug “paris” gives /offices/paris/. "
            "Changing it breaks existing links."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OfficeKind)
    name = models.CharField(_("name (English)"), max_length=200)
    name_ja = models.CharField(
        _("name (Japanese)"), max_length=200, blank=True, default="", help_text=_("Leave blank if unknown.")
    )
    status = models.CharField(_("status"), max_length=20, choices=OfficeStatus, default=OfficeStatus.OPEN)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("now served by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("For a closed or temporarily closed office: the office that serves its visitors instead."),
    )
    region = models.CharField(
        _("region"),
        max_length=20,
        choices=Region,
        blank=True,
        help_text=_("JETRO's world region for overseas offices; set from the prefecture for offices in Japan."),
    )
    country = CountryField(_("country"))
    prefecture = models.CharField(
        _("prefecture"),
        max_length=12,
        choices=Prefecture,
        blank=True,
        default="",
        help_text=_("Offices in Japan only."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True, default="")
    address = models.CharField(
        _("street address"), max_length=300, blank=True, default="", help_text=_("In Latin script.")
    )
    address_local = models.CharField(
        _("address in local script"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("As written locally (for example in Japanese), when it differs from the street address."),
    )
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True, default="")
    phone = PhoneNumberField(
        _("phone"),
        blank=True,
        default="",
        error_messages=PHONE_MESSAGES,
        help_text=_("International form, for example +81 3-3582-5511."),
    )
    fax = PhoneNumberField(
        _("fax"), blank=True, default="", error_messages=PHONE_MESSAGES, help_text=_("International form.")
    )
    email = models.EmailField(_("email"), blank=True, default="", error_messages=EMAIL_MESSAGES)
    website = models.URLField(
        _("website"),
        max_length=300,
        blank=True,
        default="",
        error_messages=URL_MESSAGES,
        help_text=_("The office's own page, starting with https://."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("WGS 84, for example 35.6696. Set both to mark the office's exact position on maps."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("WGS 84, for example 139.7393."),
    )
    coordinates_precision = models.CharField(
        _("coordinates precision"),
        max_length=10,
        choices=CoordinatesPrecision,
        blank=True,
        default="",
        help_text=_(
            "“Exact” when an editor set the coordinates; “city” or “country” when they were worked out from the "
            "gazetteer (a city centre or a capital), which a load may refresh. Clear both coordinates to derive them."
        ),
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_timezone],
        help_text=_("IANA name, for example Europe/Paris. Left blank, it is worked out from the country and city."),
    )
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Unpublished offices are kept in the admin but shown nowhere public.")
    )
    last_verified = models.DateField(
        _("last verified"), null=True, blank=True, help_text=_("When an editor last checked these details.")
    )
    source = models.TextField(_("source"), blank=True, default="", help_text=_("Where the details come from."))
    source_as_of = models.CharField(
        _("source date"),
        max_length=60,
        blank=True,
        default="",
        help_text=_(
            "The date or year the source describes, such as 2019 or 2020-04; for several sources, “2019 ; 2024-05 "
            "(phone)”. The page says “phone as of 2019” beside a detail dated over three years ago."
        ),
    )
    # Worked out from the enquiries it answered (enquiries.reply_time), never typed in.
    usual_reply_days = models.PositiveSmallIntegerField(
        _("usually answers within (working days)"), null=True, blank=True, editable=False
    )
    search_text = models.TextField(editable=False, default="")
    directory_key = models.CharField(editable=False, max_length=80, default="")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = version_field()

    objects = OfficeManager()
    history = ListingHistory(excluded_fields=["search_text"])

    constraint_error_fields = {
        "office_slug_unique": "slug",
        "office_kind_valid": "kind",
        "office_status_valid": "status",
        "office_overseas_outside_japan": "country",
        "office_region_matches_country": "region",
        "office_prefecture_only_in_japan": "prefecture",
        "office_domestic_has_prefecture": "prefecture",
        "office_successor_not_itself": "successor",
        "office_closed_names_successor": "successor",
        "office_open_has_no_successor": "successor",
        "office_latitude_in_range": "latitude",
        "office_longitude_in_range": "longitude",
        "office_coordinates_both_or_neither": "longitude",
        "office_precision_valid": "coordinates_precision",
        "office_precision_with_coordinates": "coordinates_precision",
        "office_timezone_set": "timezone",
    }

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name"]
        # Checked by django-import-export (IMPORT_EXPORT_*_PERMISSION_CODE in settings).
        permissions = [("import_office", "Can import offices from CSV"), ("export_office", "Can export offices to CSV")]
        constraints = [
            unique(
                "office_slug_unique",
                ["slug"],
                _("Another office already uses this slug; choose a different one."),
            ),
            check(
                "office_kind_valid",
                Q(kind__in=OfficeKind.values),
                _("Choose one of the listed kinds of office."),
            ),
            check(
                "office_status_valid",
                Q(status__in=OfficeStatus.values),
                _("Choose one of the listed statuses."),
            ),
            check(
                "office_overseas_outside_japan",
                (Q(kind=OfficeKind.OVERSEAS) & ~Q(country=JAPAN)) | (~Q(kind=OfficeKind.OVERSEAS) & Q(country=JAPAN)),
                _("An overseas office must be outside Japan, and every other kind of office in Japan."),
            ),
            check(
                "office_region_matches_country",
                (Q(country=JAPAN) & Q(region__in=JAPAN_REGIONS)) | (~Q(country=JAPAN) & Q(region__in=WORLD_REGIONS)),
                _("Use one of Japan's regions for an office in Japan, and a world region for an office abroad."),
            ),
            check(
                "office_prefecture_only_in_japan",
                Q(prefecture="") | Q(country=JAPAN, prefecture__in=Prefecture.values),
                _("Only an office in Japan has a prefecture; leave it blank for an office abroad."),
            ),
            check(
                "office_domestic_has_prefecture",
                ~Q(kind=OfficeKind.DOMESTIC) | ~Q(prefecture=""),
                _("An office in Japan needs its prefecture."),
            ),
            check(
                "office_successor_not_itself",
                ~Q(successor=F("pk")),
                _("An office cannot be served by itself; choose another office."),
            ),
            check(
                "office_closed_names_successor",
                ~Q(status=OfficeStatus.CLOSED) | Q(successor__isnull=False),
                _("A closed office must name the office that now serves its visitors."),
            ),
            check(
                "office_open_has_no_successor",
                ~Q(status=OfficeStatus.OPEN) | Q(successor__isnull=True),
                _("An open office serves its own visitors; clear “now served by” or change the status."),
            ),
            check(
                "office_latitude_in_range",
                Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                _("Latitude must be between -90 and 90."),
            ),
            check(
                "office_longitude_in_range",
                Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                _("Longitude must be between -180 and 180."),
            ),
            check(
                "office_coordinates_both_or_neither",
                Q(latitude__isnull=True, longitude__isnull=True) | Q(latitude__isnull=False, longitude__isnull=False),
                _("Give both latitude and longitude, or neither."),
            ),
            check(
                "office_precision_valid",
                Q(coordinates_precision__in=CoordinatesPrecision.values),
                _("Choose exact, city or country, or leave the precision blank."),
            ),
            check(
                "office_precision_with_coordinates",
                Q(latitude__isnull=True, coordinates_precision="")
                | Q(latitude__isnull=False) & ~Q(coordinates_precision=""),
                _("Coordinates need a precision, and a precision needs coordinates."),
            ),
            check(
                "office_timezone_set",
                ~Q(timezone=""),
                _("Choose the office's time zone: it could not be worked out from the country and city."),
            ),
        ]
        indexes = OFFICE_INDEXES

    def __str__(self):
        return self.name

    # Set on every save from the other fields (fill_derived_fields).
    DERIVED_FIELDS = (
        "region",
        "timezone",
        "search_text",
        "directory_key",
        "latitude",
        "longitude",
        "coordinates_precision",
    )

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *self.DERIVED_FIELDS}
        super().save(*args, **kwargs)
        self._derived_for = None  # a later save works them out again (the gazetteer may have changed)

    def get_absolute_url(self):
        return listing_url("offices:detail", self.slug)

    @property
    def in_japan(self):
        # The stored code, without building a Country object (this runs for every row of a page).
        return self.__dict__.get("country") == JAPAN

    @property
    def needs_verification(self):
        return is_due(self.last_verified)

    @staticmethod
    def report_order(office):
        """The order of `manage.py stale_listings`: JETRO's regions in order, then names."""
        return (REGION_RANK.get(office.region, len(REGION_RANK)), office.name)

    def report_group(self):
        return self.get_region_display()

    def latest_change(self):
        """When what this office's page and API answer show last changed: the office, its successor,
        the published services it offers (from what `for_detail()` fetched)."""
        successor = self.public_successor
        return latest(
            self.updated_at,
            successor.updated_at if successor else None,
            *(service.updated_at for service in self.services.all()),
        )

    @property
    def public_successor(self):
        """The office that now serves this one's visitors, if a visitor may see it; a draft is never named."""
        successor = self.successor
        return successor if successor is not None and successor.is_published else None

    @classmethod
    def from_db(cls, db, field_names, values):
        office = super().from_db(db, field_names, values)
        # What the row held, to tell coordinates an editor typed from derived ones.
        office._loaded_position = (office.__dict__.get("latitude"), office.__dict__.get("longitude"))
        return office

    # What the derived fields are worked out from (besides the row as it was read: offices.positions).
    DERIVED_FROM = (
        "kind",
        "country",
        "prefecture",
        "city",
        "name",
        "name_ja",
        "address",
        "address_local",
        "postal_code",
    )

    def derivation_state(self):
        return tuple(str(getattr(self, name)) for name in (*self.DERIVED_FROM, *self.DERIVED_FIELDS))

    def fill_derived_fields(self):
        """Set what follows from other fields: Japan's region, the time zone, the position, the search line.

        Worked out once for a state of the row until it is saved: an import sets them, validates (clean)
        and saves, each of which asks; the gazetteer's lookups were a third of a 500-line preview.
        """
        if getattr(self, "_derived_for", None) == self.derivation_state():
            return
        self._fill_derived_fields()
        self._derived_for = self.derivation_state()

    def _fill_derived_fields(self):
        if self.in_japan and self.prefecture:
            self.region = region_for_prefecture(self.prefecture) or self.region
        if not self.timezone and self.country:
            code = self.country.code
            self.timezone = derive_timezone(code, self.city) or timezone_of(code, self.city)
        self.fill_position()
        self.search_text = self._build_search_text()
        code = self.country.code if self.country else ""
        self.directory_key = directory_order_key(self.kind, code, self.region, self.prefecture)

    def fill_position(self):
        """Coordinates an editor typed are exact and kept; otherwise worked out (offices.positions)."""
        self.latitude, self.longitude, self.coordinates_precision = derive_position(self)

    def _build_search_text(self):
        return office_search_text(self)

    def clean(self):
        self.fill_derived_fields()
