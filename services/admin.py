from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin import CountryFilter, ListingAdmin, PreviewMixin, VerificationFilter, VerificationMixin
from core.versioning import touch
from offices.models import Office

from .models import ContactPoint, Service
from .resources import ContactPointResource, ServiceResource
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
        (gettext_lazy("Description"), {"fields": ["summary", "description", "fee", "fee_note"]}),
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
class ContactPointAdmin(ListingAdmin):
    resource_classes = [ContactPointResource]
    list_display = ["division", "organisation", "phone", "email", "website"]
    list_filter = ["organisation"]
    search_fields = ["division", "organisation", "topic", "slug", "phone", "email"]
    search_help_text = gettext_lazy("Division, organisation, topic, phone or email.")
    prepopulated_fields = {"slug": ["division"]}
