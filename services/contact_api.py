"""Contact points in the JSON API: /api/v1/contacts/ and /api/v1/contacts/<slug>/."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers

from core.api import (
    ApiFilterSet,
    ListingViewSet,
    ModifiedSinceFilter,
    PageUrlField,
    PhoneField,
    change_help,
    detail_schema,
    list_schema,
)
from core.pagination import as_stored, fields_of, grouped, read_stored, represent

from .filters import ContactPointFilter
from .models import ContactPoint, Service


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
        fields = [
            "slug",
            "organisation",
            "division",
            "division_ja",
            "category",
            "topic",
            "phone",
            "email",
            "website",
            "services",
            "url",
            "source",
            "last_verified",
            "updated_at",
        ]
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
class ContactViewSet(ListingViewSet):
    # With the published services it answers for: what the contacts page shows too.
    queryset = ContactPoint.objects.public().for_listing().order_by("slug")
    serializer_class = ContactSerializer
    filterset_class = ContactApiFilter

    def page_queryset(self, queryset):
        return queryset.prefetch_related(None).values("id", *PAGE_VALUES, phone_stored=as_stored("phone"))

    def page_rows(self, page):
        return contact_rows(page, self.request)


# What a list's page reads of each contact point (page_queryset); the rest is computed in contact_rows.
PAGE_VALUES = [name for name in ContactSerializer.Meta.fields if name not in {"phone", "services", "url"}]


def contact_rows(page, request):
    """The rows ContactSerializer gives for a list's page, from its values: two queries in all
    (the contact points, the published services they answer for), no model instances."""
    if not page:
        return []
    # In the order for_listing() gives them: by name.
    services = grouped(
        Service.objects.public()
        .filter(contact__in=[values["id"] for values in page])
        .order_by("name")
        .values_list("contact", "slug")
    )
    fields, phone = fields_of(ContactSerializer), ContactPoint._meta.get_field("phone")
    contacts_page = reverse("contacts:list")
    return [
        represent(
            fields,
            {**values, "phone": read_stored(phone, values["phone_stored"])},
            services=services.get(values["id"], []),
            # As PageUrlField: ContactPoint.get_absolute_url().
            url=request.build_absolute_uri(f"{contacts_page}#{values['slug']}"),
        )
        for values in page
    ]
