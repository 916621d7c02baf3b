from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from offices.admin import DirectoryAdmin

from .models import ContactPoint, Service


@admin.register(Service)
class ServiceAdmin(DirectoryAdmin):
    list_display = ["name", "category", "audience", "availability", "fee", "contact", "is_published", "last_verified"]
    list_filter = ["category", "audience", "availability", "fee", "is_published"]
    search_fields = ["name", "name_ja", "slug", "summary"]
    search_help_text = _("Name, slug or words from the summary.")
    list_select_related = ["contact"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["offices", "contact"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "name_ja", "slug", "category", "audience", "is_published"]}),
        (_("Description"), {"fields": ["summary", "description", "fee", "fee_note"]}),
        (_("Where it is offered"), {"fields": ["availability", "offered_at", "offices", "countries", "contact"]}),
        (_("Verification"), {"fields": ["last_verified", "source", "updated_at"]}),
    ]


@admin.register(ContactPoint)
class ContactPointAdmin(DirectoryAdmin):
    list_display = ["division", "organisation", "phone", "email", "website"]
    list_filter = ["organisation"]
    search_fields = ["division", "organisation", "topic", "slug", "phone", "email"]
    search_help_text = _("Division, organisation, topic, phone or email.")
    prepopulated_fields = {"slug": ["division"]}
