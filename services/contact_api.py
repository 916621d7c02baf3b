"""Contact points in the JSON API: /api/v1/contacts/ and /api/v1/contacts/<slug>/."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers

from core.api.base import (
    ApiFilterSet,
    ListingViewSet,
    ModifiedSinceFilter,
    PageUrlField,
    PhoneField,
    change_help,
    detail_schema,
    list_schema,
)
from pagecache.fragments import KeptRows

from .filters import ContactPointFilter
from .models import ContactPoint, Service
from .resources import ContactPointResource


class ContactApiFilter(ApiFilterSet, ContactPointFilter):
    """The contact points' FilterSet, with `modified_since`."""

    modified_since = ModifiedSinceFilter()

    api_help = {
        "q": _(
            "Words to find in what the contact point answers about, in English or Japanese: its division, "
            'organisation, topic and subject, and the subject\'s usual words ("export control" and 輸出管理 '
            "find the trade-control desks); case and accents do not matter, and every word must match. "
            "At most 200 characters."
        ),
        "category": _("What the contact point answers about: the heading it is listed under on /contacts/."),
        "modified_since": _(
            "Contact points changed at or after this ISO 8601 date-time (without an offset, Japan time), "
            "including a change to a service they answer for. One that was unpublished or deleted is not "
            "listed: compare slugs with a full list to find those."
        ),
    }

    def filter_modified_since(self, queryset, name, value):
        services = Service.objects.filter(updated_at__gte=value).values("contact_id")
        return queryset.filter(Q(updated_at__gte=value) | Q(pk__in=services))


class ContactSerializer(serializers.ModelSerializer):
    phone = PhoneField(help_text=_("E.164 (+81335825571); empty when no source gives it."))
    services = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug", help_text=_("Slugs of the published services it answers for.")
    )
    url = PageUrlField(help_text=_("Its place on this site's contacts page."))

    class Meta:
        model = ContactPoint
        # The data's columns (the CSV's, ContactPointResource), then what the API adds.
        fields = [*ContactPointResource.published_fields(), "services", "url", "updated_at"]
        read_only_fields = fields
        extra_kwargs = change_help(
            slug=_("Stable identifier; its place on the contacts page is /contacts/#<slug>."),
            organisation=_("The organisation it belongs to, in English."),
            division=_("The division or desk that answers, in English."),
            division_ja=_("The division or desk in Japanese; empty when not known."),
            category=_("What it answers about: the heading it is listed under on the contacts page."),
            topic=_("What it answers about, in the source's words; empty when not stated."),
            email=_("Email address; empty when no source gives it."),
            website=_("Web page; empty when no source gives it."),
            source=_("Where its details come from: addresses separated by “ | ”."),
        )


@extend_schema_view(
    list=list_schema(ContactSerializer, _("contact points")),
    retrieve=detail_schema(ContactSerializer, _("contact point")),
)
class ContactViewSet(KeptRows, ListingViewSet):
    # With the published services it answers for: what the contacts page shows too.
    queryset = ContactPoint.objects.public().for_listing().order_by("slug")
    serializer_class = ContactSerializer
    filterset_class = ContactApiFilter
