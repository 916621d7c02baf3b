"""Services in the JSON API: /api/v1/services/ and /api/v1/services/<slug>/."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_view
from rest_framework import serializers

from core.api.base import (
    ApiFilterSet,
    ListingViewSet,
    ModifiedSinceFilter,
    PageUrlField,
    PhoneField,
    detail_schema,
    list_schema,
    listing_help,
)
from pagecache.fragments import KeptRows

from .filters import ServiceFilter
from .models import ContactPoint, Fee, Service
from .resources import ServiceResource


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
        # The data's columns (the CSV's, ServiceResource), then what the API adds.
        fields = [*ServiceResource.published_fields(), "url", "updated_at"]
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
class ServiceViewSet(KeptRows, ListingViewSet):
    # Contact point and published offices: what the service page shows too.
    queryset = Service.objects.public().for_detail().order_by("slug")
    serializer_class = ServiceSerializer
    filterset_class = ServiceApiFilter
