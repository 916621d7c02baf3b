from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin import (
    CountryFilter,
    ListingAdmin,
    PreviewMixin,
    VerificationFilter,
    VerificationMixin,
    phone_column,
)
from core.versioning import touch

from .models import Office, OpeningHours, StaffCount
from .resources import OfficeResource, StaffCountResource
from .views import render_office

# The services app defines the office <-> service link; the office's form edits it from this side.
OfficeServiceLink = Office.services.through


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class ServicesOfferedInline(admin.TabularInline):
    model = OfficeServiceLink
    extra = 0
    autocomplete_fields = ["service"]
    verbose_name = gettext_lazy("service offered here")
    verbose_name_plural = gettext_lazy("services offered here")


@admin.register(Office)
class OfficeAdmin(PreviewMixin, VerificationMixin, ListingAdmin):
    resource_classes = [OfficeResource]
    list_display = ["name", "city", "country", phone_column, "status", "is_published", "verified"]
    list_filter = ["kind", "region", CountryFilter, "status", "is_published", VerificationFilter, "prefecture"]
    search_fields = ["name", "name_ja", "city", "slug", "phone"]
    search_help_text = gettext_lazy(
        "Name in English or Japanese, city, country (name or code such as DE), or phone however it is written. "
        "Accents and case do not matter."
    )
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["successor"]
    readonly_fields = ["updated_at"]
    inlines = [OpeningHoursInline, ServicesOfferedInline]
    fieldsets = [
        (None, {"fields": ["name", "name_ja", "slug", "kind", "status", "successor", "is_published"]}),
        (
            gettext_lazy("Place"),
            {"fields": ["region", "country", "prefecture", "city", "timezone", "latitude", "longitude"]},
        ),
        (
            gettext_lazy("Contact"),
            {"fields": ["address", "address_local", "postal_code", "phone", "fax", "email", "website"]},
        ),
        (gettext_lazy("Verification"), {"fields": ["last_verified", "source", "source_as_of", "updated_at"]}),
    ]
    export_related = ["successor"]

    def render_preview(self, request, office):
        return render_office(request, office, preview=True)

    # --- A successor the public cannot see ---
    # Not refused: an editor may prepare a new office as a draft and publish it
    # after naming it. Until then the public pages name no successor
    # (Office.public_successor), and the editor is told so on each save.

    def response_add(self, request, obj, post_url_continue=None):
        self.warn_about_unpublished_successors(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self.warn_about_unpublished_successors(request, obj)
        return super().response_change(request, obj)

    def warn_about_unpublished_successors(self, request, office):
        successor = office.successor
        if office.is_published and successor is not None and not successor.is_published:
            message = _(
                "“%(successor)s”, named as the office that now serves the visitors of “%(office)s”, is not "
                "published: the public pages of “%(office)s” do not name it until it is published."
            )
            self.message_user(request, message % {"successor": successor, "office": office}, messages.WARNING)
        if not office.is_published:
            predecessors = list(Office.objects.filter(successor=office, is_published=True).order_by("name"))
            if predecessors:
                message = _(
                    "“%(office)s” is not published, and is named as the office that now serves the visitors of "
                    "%(predecessors)s: their public pages do not name it until it is published."
                )
                names = ", ".join(f"“{predecessor}”" for predecessor in predecessors)
                self.message_user(request, message % {"office": office, "predecessors": names}, messages.WARNING)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is not OfficeServiceLink:
            return
        # A link between an office and a service is part of the service too:
        # its version moves on (an editor's open form on it becomes stale) and
        # its history records the offices that offer it now.
        links = [*formset.new_objects, *formset.deleted_objects, *(link for link, _f in formset.changed_objects)]
        touched = {link.service_id for link in links}
        # A row switched to another service also changes the service it left.
        touched |= {link_form.initial.get("service") for link_form in formset.initial_forms if link_form.has_changed()}
        reason = _("Offices changed on the page of “%(office)s”") % {"office": form.instance}
        services = OfficeServiceLink._meta.get_field("service").related_model.objects
        for service in services.filter(pk__in=touched - {None}):
            touch(service, request.user, reason)


@admin.register(StaffCount)
class StaffCountAdmin(ListingAdmin):
    resource_classes = [StaffCountResource]
    list_display = ["as_of", "office", "domestic", "overseas", "total"]
    list_select_related = ["office"]
    autocomplete_fields = ["office"]
    date_hierarchy = "as_of"
    export_related = ["office"]
