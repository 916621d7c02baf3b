"""Services in the JSON API: /api/v1/services/ and /api/v1/services/<slug>/."""

import functools

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_view
from rest_framework import serializers

from core.api import (
    ApiFilterSet,
    ListingViewSet,
    ModifiedSinceFilter,
    PageUrlField,
    PhoneField,
    detail_schema,
    list_schema,
    listing_help,
)
from core.pagination import as_stored, fields_of, grouped, page_urls, read_stored, represent
from offices.models import Office

from .filters import ServiceFilter
from .models import ContactPoint, Fee, Service


class ServiceApiFilter(ApiFilterSet, ServiceFilter):
    """The catalogue's FilterSet (shared with /services/), with `modified_since`."""

    modified_since = ModifiedSinceFilter()

    api_help = {
        "q": _(
            "Words to find in the service's name (English or Japanese), summary, where it is offered, category "
            "or audience; case and accents do not matter, and every word must match. At most 200 characters."
        ),
        "country": _(
            "Services offered in this country (ISO 3166-1 alpha-2, any case): through a published office there, "
            "named for the country, or available from anywhere (`availability` is `anywhere`)."
        ),
        "category": _("The kind of service."),
        "audience": _("Who the service is for."),
        "office": _("Services offered by this office: an office's slug."),
        "modified_since": _(
            "Services changed at or after this ISO 8601 date-time (without an offset, Japan time), including a "
            "change to an office that offers them or to their contact point. A service that was unpublished or "
            "deleted is not listed: compare slugs with a full list to find those."
        ),
    }

    def filter_modified_since(self, queryset, name, value):
        links = Service.offices.through.objects.filter(office__updated_at__gte=value).values("service_id")
        return queryset.filter(Q(updated_at__gte=value) | Q(pk__in=links) | Q(contact__updated_at__gte=value))


class ContactPointSerializer(serializers.ModelSerializer):
    phone = PhoneField(help_text=_("E.164; empty when no source gives it."))

    class Meta:
        model = ContactPoint
        fields = ["slug", "organisation", "division", "topic", "phone", "email", "website"]
        read_only_fields = fields
        extra_kwargs = {
            "slug": {"help_text": _("Stable identifier of the contact point.")},
            "organisation": {"help_text": _("The organisation it belongs to.")},
            "division": {"help_text": _("The division or desk that answers.")},
            "topic": {"help_text": _("What it answers about; empty when not stated.")},
            "email": {"help_text": _("Email address; empty when no source gives it.")},
            "website": {"help_text": _("Web page; empty when no source gives it.")},
        }


@extend_schema_field({"type": "array", "items": {"type": "string", "pattern": "^[A-Z]{2}$"}})
class CountryCodesField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return [country.code for country in value]


class ServiceSerializer(serializers.ModelSerializer):
    offices = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug", help_text=_("Slugs of the published offices that offer it.")
    )
    countries = CountryCodesField(
        help_text=_("ISO 3166-1 alpha-2 codes of countries where it is offered without a particular office.")
    )
    contact = ContactPointSerializer(
        source="public_contact",
        allow_null=True,
        help_text=_("The division or desk to ask about it; null when none is listed."),
    )
    # Declared so that the schema says "" is one of its values.
    fee = serializers.ChoiceField(
        choices=Fee.choices, allow_blank=True, read_only=True, help_text=_("Free or paid; empty when no source says.")
    )
    url = PageUrlField(help_text=_("The service's page on this site."))

    class Meta:
        model = Service
        fields = [
            "slug",
            "name",
            "name_ja",
            "category",
            "audience",
            "summary",
            "description",
            "fee",
            "fee_note",
            "availability",
            "offered_at",
            "website",
            "offices",
            "countries",
            "contact",
            "url",
            "last_verified",
            "source",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = listing_help(
            "service",
            category=_("The kind of service."),
            audience=_("Who the service is for."),
            summary=_("One or two sentences."),
            description=_("A longer description; empty when there is none."),
            fee_note=_("Amounts or conditions; empty when not known."),
            availability=_(
                "`anywhere`: online or through any office; `local`: at the offices and countries listed; "
                "`not_listed`: the source does not say."
            ),
            offered_at=_("Where it is offered, in the source's words; empty when not stated."),
            website=_("The service's own web page, where it is found or used; empty when no source gives it."),
            source=_(
                "Where the details come from (addresses of the sources), for attribution; empty when not recorded."
            ),
        )


@extend_schema_view(
    list=list_schema(ServiceSerializer, _("services")),
    retrieve=detail_schema(ServiceSerializer, _("service")),
)
class ServiceViewSet(ListingViewSet):
    # Contact point and published offices: what the service page shows too.
    queryset = Service.objects.public().for_detail().order_by("slug")
    serializer_class = ServiceSerializer
    filterset_class = ServiceApiFilter

    def page_queryset(self, queryset):
        contact = {f"contact_{name}": F(f"contact__{name}") for name in CONTACT_VALUES}
        return queryset.prefetch_related(None).values(
            *PAGE_VALUES, **contact, countries_stored=as_stored("countries"), contact_phone=as_stored("contact__phone")
        )

    def page_rows(self, page):
        return service_rows(page, self.request)


# What a list's page reads of each service and its contact point (page_queryset); the rest is
# computed in service_rows.
PAGE_VALUES = [
    "id",
    *(name for name in ServiceSerializer.Meta.fields if name not in {"offices", "countries", "contact", "url"}),
]
CONTACT_VALUES = ["is_published", *(name for name in ContactPointSerializer.Meta.fields if name != "phone")]


@functools.lru_cache(maxsize=1024)
def country_codes(stored):
    """CountryCodesField's answer for a stored `countries`, as an instance reads it."""
    field = Service.countries.field
    return tuple(Service.countries.country(code).code for code in field.get_clean_value(stored))


def service_rows(page, request):
    """The rows ServiceSerializer gives for a list's page, from its values: two queries in all
    (the services with their contact points, the published offices that offer them), no model instances."""
    if not page:
        return []
    # In the order for_detail() gives them: by country, city and name.
    offices = grouped(
        Office.objects.public()
        .filter(services__in=[values["id"] for values in page])
        .order_by("country", "city", "name")
        .values_list("services", "slug")
    )
    fields, contact_fields = fields_of(ServiceSerializer), fields_of(ContactPointSerializer)
    phone = ContactPoint._meta.get_field("phone")
    url = page_urls(request, "services:detail")
    rows = []
    for values in page:
        contact = None
        if values["contact_is_published"]:  # no contact point: None; as Service.public_contact
            contact = {name: values[f"contact_{name}"] for name in ContactPointSerializer.Meta.fields}
            contact = represent(contact_fields, {**contact, "phone": read_stored(phone, values["contact_phone"])})
        rows.append(
            represent(
                fields,
                values,
                offices=offices.get(values["id"], []),
                countries=list(country_codes(values["countries_stored"])),
                contact=contact,
                # As PageUrlField: Service.get_absolute_url().
                url=url(values["slug"]),
            )
        )
    return rows
