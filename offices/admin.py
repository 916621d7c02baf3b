from django.contrib import admin, messages
from django.db import models
from django.utils.text import get_text_list
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

from .admin_forms import HOURS_FIELDS, OfficeForm, date_input, time_input
from .completeness_views import CompletenessReportMixin, MissingDetailFilter
from .models import Office, OpeningHours, StaffCount
from .resources import OfficeResource, StaffCountResource
from .views import render_office

# The services app defines the office <-> service link; the office's form edits it from this side.
OfficeServiceLink = Office.services.through


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    # The office's own local time: a plain box, without the clock that notes the server's zone.
    formfield_overrides = {models.TimeField: {"widget": time_input()}}


class ServicesOfferedInline(admin.TabularInline):
    model = OfficeServiceLink
    extra = 0
    autocomplete_fields = ["service"]
    verbose_name = gettext_lazy("service offered here")
    verbose_name_plural = gettext_lazy("services offered here")


@admin.register(Office)
class OfficeAdmin(CompletenessReportMixin, PreviewMixin, VerificationMixin, ListingAdmin):
    form = OfficeForm
    resource_classes = [OfficeResource]
    # Leads to the completeness report (offices/templates/admin/offices/office/change_list.html).
    change_list_template = "admin/offices/office/change_list.html"
    formfield_overrides = {**ListingAdmin.formfield_overrides, models.DateField: {"widget": date_input()}}
    list_display = ["name", "city", "country", phone_column, "status", "is_published", "verified"]
    list_filter = [
        "kind",
        "region",
        CountryFilter,
        "status",
        "is_published",
        VerificationFilter,
        MissingDetailFilter,
        "prefecture",
    ]
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
        (
            gettext_lazy("Verification"),
            {"fields": ["last_verified", "source", "source_as_of", "same_source", "updated_at"]},
        ),
        (
            gettext_lazy("Opening hours for several days"),
            {
                "fields": ["hours_days", ("hours_opens", "hours_closes")],
                "description": gettext_lazy(
                    "Set the same hours on several days in one step, for example Monday to Friday, 09:00 to 17:30. "
                    "They replace the hours of the days ticked; leave the times blank to change nothing. "
                    "Change single days (a shorter Friday, a lunch break) under Opening hours below."
                ),
            },
        ),
    ]
    export_related = ["successor"]

    def render_preview(self, request, office):
        return render_office(request, office, preview=True)

    # --- Weekday hours in one step, and contact details without a source (offices.admin_forms) ---

    def hidden_form_fields(self, request, obj):
        """The form's editing aids a user may not use: all of them to a reader, the hours to one
        who may not add and delete opening hours."""
        if not (self.has_change_permission(request, obj) if obj else self.has_add_permission(request)):
            return {"same_source", *HOURS_FIELDS}
        hours = OpeningHours._meta
        if not all(
            request.user.has_perm(f"{hours.app_label}.{action}_{hours.model_name}") for action in ("add", "delete")
        ):
            return set(HOURS_FIELDS)
        return set()

    def get_fieldsets(self, request, obj=None):
        hidden = self.hidden_form_fields(request, obj)
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = [f for f in options["fields"] if not hidden & set(f if isinstance(f, tuple) else (f,))]
            if fields:
                fieldsets.append((name, {**options, "fields": fields}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        for name in self.hidden_form_fields(request, obj):
            # A class of its own for this request (modelform_factory): nothing shared is changed.
            form.base_fields.pop(name, None)
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.set_hours_in_one_step(form)
        if form.unsourced_contact_fields:
            labels = [str(form.fields[name].label).lower() for name in form.unsourced_contact_fields]
            message = _(
                "“%(office)s” cites no source for its %(details)s: add where it comes from and its date, "
                "so that visitors can tell how current it is."
            )
            details = get_text_list(labels, _("and"))
            self.message_user(request, message % {"office": form.instance, "details": details}, messages.WARNING)

    def set_hours_in_one_step(self, form):
        form.hours_replaced, form.hours_created = [], []
        hours = form.hours_to_set()
        if not hours:
            return
        office = form.instance
        existing = {}
        for row in office.opening_hours.filter(weekday__in=[day for day, _opens, _closes in hours]):
            existing.setdefault(row.weekday, []).append(row)
        for day, opens, closes in hours:
            rows = existing.get(day, [])
            if [(row.opens, row.closes) for row in rows] == [(opens, closes)]:
                continue
            for row in rows:
                form.hours_replaced.append(str(row))
                row.delete()
            created = OpeningHours.objects.create(office=office, weekday=day, opens=opens, closes=closes)
            form.hours_created.append(str(created))

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        name = str(OpeningHours._meta.verbose_name)
        message += [{"deleted": {"name": name, "object": row}} for row in getattr(form, "hours_replaced", [])]
        message += [{"added": {"name": name, "object": row}} for row in getattr(form, "hours_created", [])]
        return message

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
