from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from services.models import Service

from .filters import filter_by_search
from .models import Office, OpeningHours, StaffCount


class DirectoryAdmin(admin.ModelAdmin):
    """What every listing's admin shares.

    Search also matches the normalised search text, so an editor's "sao paulo"
    finds "São Paulo" and "デュッセルドルフ" finds the Japanese name.
    """

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip() and hasattr(self.model, "search_text"):
            results = results | filter_by_search(queryset, search_term)
        return results, may_have_duplicates


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class ServicesOfferedInline(admin.TabularInline):
    model = Service.offices.through
    extra = 0
    autocomplete_fields = ["service"]
    verbose_name = _("service offered here")
    verbose_name_plural = _("services offered here")


@admin.register(Office)
class OfficeAdmin(DirectoryAdmin):
    list_display = ["name", "name_ja", "kind", "city", "country", "phone", "status", "is_published", "last_verified"]
    list_filter = ["kind", "region", "status", "is_published", "prefecture"]
    search_fields = ["name", "name_ja", "city", "slug", "phone"]
    search_help_text = _("Name in English or Japanese, city, country, or phone. Accents and case do not matter.")
    list_select_related = ["successor"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["successor"]
    readonly_fields = ["updated_at"]
    inlines = [OpeningHoursInline, ServicesOfferedInline]
    fieldsets = [
        (None, {"fields": ["name", "name_ja", "slug", "kind", "status", "successor", "is_published"]}),
        (_("Place"), {"fields": ["region", "country", "prefecture", "city", "timezone", "latitude", "longitude"]}),
        (_("Contact"), {"fields": ["address", "address_local", "postal_code", "phone", "fax", "email", "website"]}),
        (_("Verification"), {"fields": ["last_verified", "source", "source_as_of", "updated_at"]}),
    ]


@admin.register(StaffCount)
class StaffCountAdmin(admin.ModelAdmin):
    list_display = ["as_of", "office", "domestic", "overseas", "total"]
    list_select_related = ["office"]
    autocomplete_fields = ["office"]
    date_hierarchy = "as_of"
