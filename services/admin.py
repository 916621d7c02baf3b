from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin.base import (
    CountryFilter,
    ListingAdmin,
    PreviewMixin,
    VerificationFilter,
    VerificationMixin,
    phone_column,
)
from core.versioning import touch
from offices.models import Office

from .models import ContactPoint, InvestmentFigure, Service
from .resources import ContactPointResource, InvestmentFigureResource, ServiceResource
from .views import render_service


class OfferedInCountryFilter(CountryFilter):
    """Services offered in a country, as the public catalogue counts them."""

    def country_codes(self, model_admin):
        return Office.objects.order_by().values_list("country", flat=True).distinct()

    def filter_country(self, queryset, code):
        return queryset.offered_in_country(code)


@admin.register(Service)
class ServiceAdmin(PreviewMixin, VerificationMixin, ListingAdmin):
    resource_classes = [ServiceResource]
    list_display = ["name", "category", "availability", "contact", "is_published", "verified"]
    list_filter = [
        "category",
        "audience",
        "availability",
        OfferedInCountryFilter,
        "fee",
        "is_published",
        VerificationFilter,
    ]
    search_fields = ["name", "name_ja", "slug", "summary"]
    search_help_text = gettext_lazy("Name in English or Japanese, slug, or words from the summary.")
    list_select_related = ["contact"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["offices", "contact"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "name_ja", "slug", "category", "audience", "is_published"]}),
        (gettext_lazy("Description"), {"fields": ["summary", "description", "website", "fee", "fee_note"]}),
        (
            gettext_lazy("Where it is offered"),
            {"fields": ["availability", "offered_at", "offices", "countries", "contact"]},
        ),
        (gettext_lazy("Verification"), {"fields": ["last_verified", "source", "updated_at"]}),
    ]
    export_related = ["offices", "contact"]

    def render_preview(self, request, service):
        return render_service(request, service, preview=True)

    def save_related(self, request, form, formsets, change):
        service = form.instance
        before = set(service.offices.values_list("pk", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(service.offices.values_list("pk", flat=True))
        # The offices gained or lost are changed too: their versions move on
        # (an open form showing the old services is refused) and their history says why.
        for office in Office.objects.filter(pk__in=before ^ after):
            if office.pk in after:
                reason = _("Now offers the service “%(service)s”")
            else:
                reason = _("No longer offers the service “%(service)s”")
            touch(office, request.user, reason % {"service": service})


@admin.register(ContactPoint)
class ContactPointAdmin(VerificationMixin, ListingAdmin):
    resource_classes = [ContactPointResource]
    list_display = ["division", "organisation", "category", phone_column, "email", "is_published", "verified"]
    list_filter = ["category", "organisation", "is_published", VerificationFilter]
    search_fields = ["division", "division_ja", "organisation", "topic", "slug", "phone", "email"]
    search_help_text = gettext_lazy("Division in English or Japanese, organisation, topic, phone or email.")
    prepopulated_fields = {"slug": ["division"]}
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["division", "division_ja", "organisation", "slug", "category", "topic", "is_published"]}),
        (gettext_lazy("Contact"), {"fields": ["phone", "email", "website"]}),
        (gettext_lazy("Verification"), {"fields": ["last_verified", "source", "updated_at"]}),
    ]

    def view_on_site(self, obj):
        # Its place on the contacts page; an unpublished one has none.
        return obj.get_absolute_url() if obj.is_published else None


@admin.register(InvestmentFigure)
class InvestmentFigureAdmin(VerificationMixin, ListingAdmin):
    resource_classes = [InvestmentFigureResource]
    list_display = ["name", "series", "display_value", "published_on", "is_published", "verified"]
    list_filter = ["series", "unit", "is_published", VerificationFilter]
    search_fields = ["name", "name_ja", "slug", "note", "source"]
    search_help_text = gettext_lazy("What it measures in English or Japanese, slug, note or source.")
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "name_ja", "slug", "series", "position", "is_published"]}),
        (
            gettext_lazy("Value"),
            {"fields": ["value", "decimals", "unit", "qualifier", "note", "note_ja", "chart_label", "chart_label_ja"]},
        ),
        (gettext_lazy("Verification"), {"fields": ["published_on", "source", "last_verified", "updated_at"]}),
    ]

    @admin.display(description=gettext_lazy("value"), ordering="value")
    def display_value(self, figure):
        return figure.display_value

    def view_on_site(self, obj):
        return reverse("about") if obj.is_published else None
