"""What every listing's admin shares: forgiving search, no lost updates, history,
CSV import and export in the directory's format, the verification loop, and
an admin-only preview of unpublished listings."""

import json
import re

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext
from django_countries import countries
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from ..csv_format import CSVShapeError, DirectoryCSV
from ..verification import due_for_verification
from ..versioning import StaleVersion, write_history
from .csv_import import SafeImportMixin
from .forms import VersionedModelForm, display
from .scope import LeftScope, ScopedAdminMixin, editable, left_scope_message

PHONE_LIKE = re.compile(r"^\+?[\d\s().\-]{4,}$")
STILL_STALE = gettext_lazy(
    "Others kept saving this listing while you were saving it, so nothing of yours was saved. "
    "Reload it and make your changes again."
)


class ForgivingSearchAdmin(admin.ModelAdmin):
    """Search that forgives how an editor types.

    Besides the usual `search_fields`, a search matches the normalised search
    text ("sao paulo" finds "São Paulo", "デュッセルドルフ" the Japanese name), a
    phone number however it is spaced ("+81 3-3582-5511", "03 3582 5511"),
    and a bare country code ("DE").
    """

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Django gives forms its own "Enter a valid email address."; the model's
        # sentence for editors (core.constraints.EMAIL_MESSAGES...) says what to type.
        if isinstance(db_field, models.EmailField | models.URLField) and "invalid" in db_field.error_messages:
            kwargs.setdefault("error_messages", {"invalid": db_field.error_messages["invalid"]})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return results, may_have_duplicates
        fields = {field.name for field in self.model._meta.fields}
        if "search_text" in fields:
            results |= queryset.search(term)
        if "phone" in fields and PHONE_LIKE.match(term):
            # Stored as +81335825511: match the digits, without a national trunk 0.
            digits = re.sub(r"\D", "", term).lstrip("0")
            phones = models.Q(phone__contains=digits)
            if "fax" in fields:
                phones |= models.Q(fax__contains=digits)
            results |= queryset.filter(phones)
        if "country" in fields and len(term) == 2 and term.upper() in countries:
            results |= queryset.filter(country=term.upper())
        return results, may_have_duplicates


@admin.display(description=gettext_lazy("phone"), ordering="phone")
def phone_column(obj):
    # Kept on one line: a wrapped "+33 1 / 42 61 / 27 27" is hard to scan.
    return obj.phone.as_international.replace(" ", "\u00a0") if obj.phone else ""


class ListingChangeHelper(HistoricalRecordContextHelper):
    """History shows values as editors know them: labels, names, "blank"."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            return super().prepare_delta_change_value(change, value)
        if field.is_relation:
            return str(value) if value else _("blank")
        return display(field, value)


class ListingAdmin(ScopedAdminMixin, SafeImportMixin, ImportExportMixin, SimpleHistoryAdmin, ForgivingSearchAdmin):
    """A listing's admin: versioned saves, one history record per save, CSV in and out (core.admin.csv_import),
    and an office editor's scope on every URL (core.admin.scope)."""

    form = VersionedModelForm
    # The directory's CSV format, read and written as load_directory does.
    import_formats = [DirectoryCSV]
    export_formats = [DirectoryCSV]
    # With a BOM, spreadsheets open Japanese text correctly; load_directory reads it.
    to_encoding = "utf-8-sig"
    # "Export" downloads the changelist as filtered, in every column: a file load_directory can read back.
    skip_export_form = True
    import_template_name = "admin/directory_import.html"
    # Related rows the export writes (the offices that offer a service...), fetched in one go.
    export_related = ()

    # --- No lost updates ---

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or "loaded_version" in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "loaded_version"]}), *rest]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        for _attempt in range(3):
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except StaleVersion:
                # Saved by someone else between this form's check and its write: all
                # of it was rolled back. Going through the form again shows what changed.
                continue
            except LeftScope as refused:
                # Rolled back with the rest of the save (core.admin.scope).
                self.message_user(request, left_scope_message(refused.listing), messages.ERROR)
                return HttpResponseRedirect(request.path)
        self.message_user(request, STILL_STALE, messages.ERROR)
        return HttpResponseRedirect(request.path)

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        # One history record per save, written by log_addition()/log_change()
        # once opening hours and other related rows are saved too.
        obj.skip_history_when_saving = True
        if change:
            obj.save_if_unchanged(form.cleaned_data["loaded_version"])
        else:
            obj.save()
        self.check_still_in_scope(request, obj)

    def log_addition(self, request, obj, message):
        self.record_history(obj, "+", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self.record_history(obj, "~", message)
        return super().log_change(request, obj, message)

    def record_history(self, obj, history_type, message):
        obj.__dict__.pop("skip_history_when_saving", None)
        if isinstance(message, list):
            message = LogEntry(change_message=json.dumps(message, cls=DjangoJSONEncoder)).get_change_message()
        obj._change_reason = message
        write_history(obj, history_type)

    # --- History: everyone with access reads it; only superusers revert ---

    def history_view(self, request, object_id, extra_context=None):
        if not request.user.has_perm("auth.view_user"):
            # Name who changed what, without a link to an account page they may not open.
            extra_context = {**(extra_context or {}), "admin_user_view": "admin:no_user_pages"}
        return super().history_view(request, object_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return not request.user.is_superuser

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and self.revert_disabled(request):
            raise PermissionDenied
        for _attempt in range(3):
            try:
                with transaction.atomic(using=self.model._default_manager.db):
                    return super().history_form_view(request, object_id, version_id, extra_context)
            except StaleVersion:
                continue
        self.message_user(request, STILL_STALE, messages.ERROR)
        return HttpResponseRedirect(request.path)

    def get_historical_record_context_helper(self, request, historical_record):
        return ListingChangeHelper(self.model, historical_record)

    # --- CSV import and export ---

    def get_import_data_kwargs(self, **kwargs):
        # All lines or none: a file with one bad line changes nothing.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # Only if the data changed between the preview and the confirmation.
            problems = [f"{_('Line')} {row.line}: {error.error}" for row in result.error_rows for error in row.errors]
            for row in result.invalid_rows:
                for field, field_messages in row.error_dict.items():
                    where = "" if field == NON_FIELD_ERRORS else f", {field}"
                    problems += [f"{_('Line')} {row.line}{where}: {message}" for message in field_messages]
            messages.error(request, " ".join([_("Nothing was imported."), *problems]))
            return HttpResponseRedirect(reverse("admin:{}_{}_import".format(*self.get_model_info())))
        return super().process_result(result, request)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, CSVShapeError):
            message = str(e)
        elif isinstance(e, UnicodeError):
            message = _("This file is not in UTF-8. Save it as “CSV UTF-8” and upload it again.")
        else:
            message = _("This file could not be read as CSV.")
        form.add_error("import_file", message)

    def get_export_queryset(self, request):
        queryset = super().get_export_queryset(request)
        return queryset.prefetch_related(*self.export_related) if self.export_related else queryset


class VerificationFilter(admin.SimpleListFilter):
    title = gettext_lazy("verification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [
            ("due", gettext_lazy("Needs verification (none for a year)")),
            ("recent", gettext_lazy("Verified within a year")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.filter(due_for_verification())
        if self.value() == "recent":
            return queryset.exclude(due_for_verification())
        return queryset


class CountryFilter(admin.SimpleListFilter):
    """The countries the directory has offices in, rather than all 249."""

    title = gettext_lazy("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = self.country_codes(model_admin)
        return sorted(((code, countries.name(code)) for code in codes), key=lambda choice: str(choice[1]))

    def country_codes(self, model_admin):
        """The countries to offer: by default, those the admin's own listings are in."""
        return model_admin.model._default_manager.order_by().values_list("country", flat=True).distinct()

    def queryset(self, request, queryset):
        if self.value():
            return self.filter_country(queryset, self.value())
        return queryset

    def filter_country(self, queryset, code):
        return queryset.filter(country=code)


class VerificationMixin:
    """For listings with `last_verified`: the action, the column and the filter."""

    actions = ["mark_verified"]

    @admin.display(description=gettext_lazy("last verified"), ordering="last_verified")
    def verified(self, obj):
        """The date of the last check, and whether one is due, in one narrow column."""
        when = formats.date_format(obj.last_verified, "SHORT_DATE_FORMAT") if obj.last_verified else _("never")
        if obj.needs_verification:
            return format_html("{} <strong>({})</strong>", when, _("due"))
        return when

    @admin.action(description=gettext_lazy("Mark as verified today"), permissions=["change"])
    def mark_verified(self, request, queryset):
        today = timezone.localdate()
        manager = self.model._default_manager
        count = 0
        with transaction.atomic(using=manager.db):
            # Locked and saved one by one: each gets a new version and a history record.
            for listing in manager.select_for_update().filter(pk__in=list(queryset.values_list("pk", flat=True))):
                listing.last_verified = today
                listing._history_user = request.user
                listing._change_reason = _("Marked as verified")
                listing.save(update_fields=["last_verified", "updated_at"])
                count += 1
        name = self.model._meta.verbose_name if count == 1 else self.model._meta.verbose_name_plural
        message = ngettext(
            "%(count)d %(name)s marked as verified today.", "%(count)d %(name)s marked as verified today.", count
        )
        self.message_user(request, message % {"count": count, "name": name}, messages.SUCCESS)


class PreviewMixin:
    """An unpublished listing is seen only here: in the admin, and its page in a preview.

    "View on site" leads to the public page of a published listing and to the
    preview of an unpublished one. The preview needs a staff login (admin_view)
    and the right to view the listing (in an office editor's scope); the page says it is a preview.
    """

    def render_preview(self, request, listing):
        raise NotImplementedError

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="{}_{}_preview".format(*info),
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request, object_id):
        # One query for the row and everything its page shows.
        try:
            listing = editable(self.model.objects.for_detail(), request.user).get(pk=unquote(object_id))
        except (self.model.DoesNotExist, ValidationError, ValueError):
            raise Http404 from None
        if not self.has_view_or_change_permission(request, listing):
            raise PermissionDenied
        response = self.render_preview(request, listing)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def view_on_site(self, obj):
        if obj.is_published:
            return obj.get_absolute_url()
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_preview",
            args=[obj.pk],
            current_app=self.admin_site.name,
        )


# The admin's front page also counts the listings due for verification (core/templatetags/editors.py).
admin.site.index_template = "admin/directory_index.html"

# Django's admin names its change history "History" (履歴 in its own Japanese catalogue); the site's
# catalogue, read first, calls it 変更履歴.
gettext_noop("History")
