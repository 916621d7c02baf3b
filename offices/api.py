"""Offices in the JSON API: /api/v1/offices/ and /api/v1/offices/<slug>/."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_view
from rest_framework import serializers

from core.api.base import (
    ApiFilterSet,
    ClockTimeField,
    ListingViewSet,
    ModifiedSinceFilter,
    PageUrlField,
    PhoneField,
    detail_schema,
    list_schema,
    listing_help,
)
from pagecache.fragments import KeptRows

from .filters import OfficeFilter
from .geography import Prefecture, Region
from .models import CoordinatesPrecision, Office, OpeningHours
from .resources import OfficeResource

DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class OfficeApiFilter(ApiFilterSet, OfficeFilter):
    """The directory's FilterSet (shared with /offices/), with `modified_since`."""

    modified_since = ModifiedSinceFilter()

    api_help = {
        "q": _(
            "Words to find in the office's name (English or Japanese), city, address, postal code, country, "
            "prefecture or region; case and accents do not matter, hiragana matches katakana, and every word must "
            "match. Words that only frame a query (office, in, JETRO, ジェトロ, の事務所) are set aside. A country's "
            "name or a two-letter code alone (DE, Kenya office) means that country. At most 200 characters."
        ),
        "kind": _("The kind of office."),
        "region": _("JETRO's world region for an office abroad, or the region of Japan for an office in Japan."),
        "country": _("The office's country: an ISO 3166-1 alpha-2 code, in any case."),
        "prefecture": _("The prefecture of an office in Japan."),
        "service": _("Offices that offer this service: a service's slug."),
        "modified_since": _(
            "Offices changed at or after this ISO 8601 date-time (without an offset, Japan time), including a "
            "change to a service they offer or to the office that replaces them. An office that was unpublished "
            "or deleted is not listed: compare slugs with a full list to find those."
        ),
    }

    def filter_modified_since(self, queryset, name, value):
        links = Office.services.through.objects.filter(service__updated_at__gte=value).values("office_id")
        return queryset.filter(Q(updated_at__gte=value) | Q(pk__in=links) | Q(successor__updated_at__gte=value))


@extend_schema_field({"type": "string", "enum": DAYS})
class DayField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return DAYS[value]


class OpeningHoursSerializer(serializers.ModelSerializer):
    day = DayField(source="weekday", help_text=_("The day of the week."))
    opens = ClockTimeField(help_text=_("Opening time, local time at the office (HH:MM)."))
    closes = ClockTimeField(help_text=_("Closing time, local time at the office (HH:MM)."))

    class Meta:
        model = OpeningHours
        fields = ["day", "opens", "closes"]
        read_only_fields = fields


class OfficeSerializer(serializers.ModelSerializer):
    # Declared so that the schema says "" is one of their values.
    region = serializers.ChoiceField(
        choices=Region.choices,
        allow_blank=True,
        read_only=True,
        help_text=_("JETRO's world region abroad, or the region of Japan."),
    )
    prefecture = serializers.ChoiceField(
        choices=Prefecture.choices,
        allow_blank=True,
        read_only=True,
        help_text=_("Prefecture, for an office in Japan; empty abroad."),
    )
    country = serializers.CharField(source="country.code", help_text=_("ISO 3166-1 alpha-2 code."))
    country_name = serializers.CharField(source="country.name", help_text=_("The country's name in English."))
    successor = serializers.SerializerMethodField(
        help_text=_("For a closed or temporarily closed office: the slug of the office that serves its visitors.")
    )
    phone = PhoneField(help_text=_("E.164 (+81335825511); empty when no source gives it."))
    fax = PhoneField(help_text=_("E.164; empty when no source gives it."))
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True, help_text=_("WGS 84; null if unknown.")
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True, help_text=_("WGS 84; null if unknown.")
    )
    coordinates_precision = serializers.ChoiceField(
        choices=CoordinatesPrecision.choices,
        allow_blank=True,
        read_only=True,
        help_text=_(
            "`exact`: set by an editor; `city`: the city's centre, approximate; `country`: the capital, approximate "
            "(never an address); empty when there are no coordinates."
        ),
    )
    opening_hours = OpeningHoursSerializer(
        many=True, help_text=_("Opening hours in local time; empty when no source gives them.")
    )
    services = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug", help_text=_("Slugs of the published services it offers.")
    )
    url = PageUrlField(help_text=_("The office's page on this site."))

    class Meta:
        model = Office
        # The data's columns (the CSV's, OfficeResource), then what the API adds.
        fields = [
            *OfficeResource.published_fields(),
            "country_name",
            "opening_hours",
            "services",
            "usual_reply_days",
            "url",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = listing_help(
            "office",
            kind=_("The kind of office."),
            status=_("Whether the office is open."),
            city=_("City; empty when not known."),
            address=_("Street address in Latin script; empty when no source gives it."),
            address_local=_("Address as written locally (for example in Japanese); empty when the same or unknown."),
            postal_code=_("Postal code; empty when not known."),
            email=_("Email address; empty when no source gives it."),
            website=_("Web page; empty when no source gives it."),
            timezone=_("IANA time zone of the office (Asia/Tokyo, Europe/Paris)."),
            source=_(
                "Where the details come from (addresses of the sources), for attribution; empty when not recorded."
            ),
            source_as_of=_("The date or year the source describes; empty when not recorded."),
            usual_reply_days=_(
                "The median number of working days the office took to answer the written enquiries sent through "
                "this site in the last 90 days, rounded up; null until it has answered at least 5 of them."
            ),
        )

    @extend_schema_field({"type": ["string", "null"]})
    def get_successor(self, office):
        successor = office.successor
        return successor.slug if successor is not None and successor.is_published else None


@extend_schema_view(
    list=list_schema(OfficeSerializer, _("offices")),
    retrieve=detail_schema(OfficeSerializer, _("office")),
)
class OfficeViewSet(KeptRows, ListingViewSet):
    # Successor, opening hours and published services: what the office page shows too.
    queryset = Office.objects.public().for_detail().order_by("slug")
    serializer_class = OfficeSerializer
    filterset_class = OfficeApiFilter
