"""Services, with the contact points and investment figures kept beside them (contact_points.py,
investment_figures.py)."""

from django.db import models
from django.db.models import IntegerField, Q
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.changes import latest
from core.choices import choice_label
from core.constraints import (
    URL_MESSAGES,
    ConstraintErrorsOnFieldsMixin,
    check,
    unique,
)
from core.languages import language_codes
from core.links import listing_url
from core.querysets import ListingQuerySet
from core.search import build_search_text
from core.verification import is_due
from core.versioning import ListingHistory, VersionedMixin, version_field
from offices.models import Office

from .contact_points import ContactCategory, ContactPoint, ContactPointQuerySet
from .investment_figures import InvestmentFigure, InvestmentSeries, InvestmentUnit
from .topics import topic_words

__all__ = [
    "Audience",
    "Availability",
    "ContactCategory",
    "ContactPoint",
    "ContactPointQuerySet",
    "Fee",
    "InvestmentFigure",
    "InvestmentSeries",
    "InvestmentUnit",
    "Service",
    "ServiceCategory",
    "ServiceQuerySet",
]


class ServiceCategory(models.TextChoices):
    INVESTMENT_SUPPORT = "investment_support", _("Investment support")
    REGULATIONS = "regulations_procedures", _("Regulations & procedures")
    BUSINESS_DEVELOPMENT = "business_development", _("Business development")
    STARTUP_SUPPORT = "startup_support", _("Startup support")
    EVENTS = "events_trade_fairs", _("Events & trade fairs")
    IMPORT_PROMOTION = "import_promotion", _("Import promotion")
    EXPORT_PROMOTION = "export_promotion", _("Export promotion")
    MARKET_INTELLIGENCE = "market_intelligence", _("Market intelligence")
    INTELLECTUAL_PROPERTY = "intellectual_property", _("Intellectual property")
    RESEARCH = "research", _("Research")


class Audience(models.TextChoices):
    FOREIGN_COMPANIES = "foreign_companies", _("Foreign companies")
    JAPANESE_COMPANIES = "japanese_companies", _("Japanese companies")
    BOTH = "both", _("Foreign and Japanese companies")


AUDIENCE_PHRASES = {
    Audience.FOREIGN_COMPANIES: _("For foreign companies"),
    Audience.JAPANESE_COMPANIES: _("For Japanese companies"),
    Audience.BOTH: _("For foreign and Japanese companies"),
}


class Availability(models.TextChoices):
    ANYWHERE = "anywhere", _("Available from anywhere (online or through any office)")
    LOCAL = "local", _("At particular offices or places")
    NOT_LISTED = "not_listed", _("Where it is offered is not listed")


class Fee(models.TextChoices):
    NOT_LISTED = "", _("Not listed")
    FREE = "free", _("Free")
    PAID = "paid", _("Paid")


class ServiceQuerySet(ListingQuerySet):
    def for_listing(self):
        """What a list's service card shows: the service's own fields (its contact point is on its page)."""
        return self

    def for_detail(self):
        """A service page: its contact point and the published offices that offer it."""
        return self.select_related("contact").prefetch_related(
            models.Prefetch("offices", queryset=Office.objects.public().order_by("country", "city", "name"))
        )

    def offered_in_country(self, code):
        """Services offered in a country: through a published office there, named for the
        country, or available from anywhere (pages list those apart)."""
        through = self.model.offices.through.objects.filter(office__country=code, office__is_published=True)
        return self.filter(
            Q(pk__in=through.values("service_id")) | Q(countries__contains=code) | Q(availability=Availability.ANYWHERE)
        )

    def in_catalogue_order(self, country=None):
        """By category, in the catalogue's order; for a country, the services offered
        there first, then those available from anywhere."""
        order = [_CATEGORY_RANK, "name"]
        if country:
            order.insert(0, _ANYWHERE_LAST)
        return self.order_by(*order)


# The catalogue's order, written out once: Django compiled one When() per category on every list page,
# which cost more than running the query. The columns are qualified: a filter may join other tables.
_CATEGORY_RANK = RawSQL(  # noqa: S611 (fixed SQL; the values are parameters)
    '(CASE "services_service"."category" '
    + " ".join(["WHEN %s THEN %s"] * len(ServiceCategory.values))
    + " ELSE %s END)",
    [value for rank, category in enumerate(ServiceCategory.values) for value in (category, rank)]
    + [len(ServiceCategory.values)],
    output_field=IntegerField(),
)
_ANYWHERE_LAST = RawSQL(
    '(CASE WHEN "services_service"."availability" = %s THEN 1 ELSE 0 END)',
    [Availability.ANYWHERE.value],
    output_field=IntegerField(),
)


def service_search_text(service):
    """The service's normalised search line: its names, summary, where it is offered, its category and
    audience in every language, and its topic's words (展示会 for trade fairs: services.topics). Reads
    only the service's own fields, so a data migration can refresh historical rows with it."""
    labels = []
    for language in language_codes():
        with translation.override(language):
            labels += [choice_label(ServiceCategory, service.category), choice_label(Audience, service.audience)]
    return build_search_text(
        service.name,
        service.name_ja,
        service.summary,
        service.offered_at,
        *labels,
        topic_words("service", service.category),
    )


class Service(ConstraintErrorsOnFieldsMixin, VersionedMixin, models.Model):
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_(
            "The last part of the service's address on the site: the slug “ibsc” gives /services/ibsc/. "
            "Changing it breaks existing links."
        ),
    )
    name = models.CharField(_("name (English)"), max_length=200)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True, default="")
    category = models.CharField(_("category"), max_length=30, choices=ServiceCategory)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences shown in lists and search results."))
    description = models.TextField(_("description"), blank=True, default="")
    fee = models.CharField(_("fee"), max_length=10, choices=Fee, blank=True, default=Fee.NOT_LISTED)
    fee_note = models.CharField(
        _("fee note"), max_length=300, blank=True, default="", help_text=_("Amounts or conditions, if known.")
    )
    availability = models.CharField(
        _("availability"),
        max_length=12,
        choices=Availability,
        default=Availability.NOT_LISTED,
        help_text=_(
            "“Anywhere” services are listed for every country. “Particular places” are listed for the countries "
            "of the offices and countries below."
        ),
    )
    offered_at = models.CharField(
        _("where it is offered"),
        max_length=400,
        blank=True,
        default="",
        help_text=_("In words, as the source puts it, for example “online” or “IBSC (Japan)”."),
    )
    website = models.URLField(
        _("website"),
        max_length=300,
        blank=True,
        default="",
        error_messages=URL_MESSAGES,
        help_text=_(
            "The service's own page, where visitors find or use it; blank when no source is the service's own page."
        ),
    )
    offices = models.ManyToManyField(
        Office,
        verbose_name=_("offices that offer it"),
        blank=True,
        related_name="services",
    )
    countries = CountryField(
        _("countries where it is offered"),
        multiple=True,
        blank=True,
        help_text=_("Where it is offered in a country but not through a particular office."),
    )
    contact = models.ForeignKey(
        ContactPoint,
        verbose_name=_("contact point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
    )
    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("Unpublished services are kept in the admin but shown nowhere public."),
    )
    last_verified = models.DateField(
        _("last verified"), null=True, blank=True, help_text=_("When an editor last checked these details.")
    )
    source = models.TextField(_("source"), blank=True, default="")
    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = version_field()

    objects = ServiceQuerySet.as_manager()
    # The offices that offer it are part of its history too.
    history = ListingHistory(excluded_fields=["search_text"], m2m_fields=["offices"])

    constraint_error_fields = {
        "service_slug_unique": "slug",
        "service_category_valid": "category",
        "service_audience_valid": "audience",
        "service_availability_valid": "availability",
        "service_fee_valid": "fee",
        "service_has_summary": "summary",
    }

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        permissions = [
            ("import_service", "Can import services from CSV"),
            ("export_service", "Can export services to CSV"),
        ]
        constraints = [
            unique(
                "service_slug_unique",
                ["slug"],
                _("Another service already uses this slug; choose a different one."),
            ),
            check(
                "service_category_valid",
                Q(category__in=ServiceCategory.values),
                _("Choose one of the listed categories."),
            ),
            check(
                "service_audience_valid",
                Q(audience__in=Audience.values),
                _("Choose who the service is for."),
            ),
            check(
                "service_availability_valid",
                Q(availability__in=Availability.values),
                _("Choose where the service is available."),
            ),
            check("service_fee_valid", Q(fee__in=Fee.values), _("Choose free, paid or not listed.")),
            check("service_has_summary", ~Q(summary=""), _("Write a short summary of the service.")),
        ]
        indexes = [models.Index(fields=["category"], name="service_category_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return listing_url("services:detail", self.slug)

    @property
    def public_contact(self):
        """Its contact point, unless an editor unpublished it (pages and API show only this)."""
        contact = self.contact
        return contact if contact is not None and contact.is_published else None

    @property
    def audience_phrase(self):
        return AUDIENCE_PHRASES.get(self.audience, "")

    @property
    def needs_verification(self):
        return is_due(self.last_verified)

    def latest_change(self):
        """When what this service's page and API answer show last changed: the service, its contact
        point, the published offices that offer it (from what `for_detail()` fetched)."""
        return latest(
            self.updated_at,
            self.contact.updated_at if self.contact else None,
            *(office.updated_at for office in self.offices.all()),
        )

    def fill_derived_fields(self):
        self.search_text = service_search_text(self)

    def clean(self):
        self.fill_derived_fields()
