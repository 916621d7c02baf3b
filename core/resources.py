"""The directory's CSV format: what every listing's import-export resource shares.

`load_directory` reads the shipped files through the listing apps' resources,
the admin's import and export use them, and so do the public CSV downloads
(core.csv_format.export_lines), so a file from any of them loads with the command.
"""

import re

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from import_export import resources, widgets

from .csv_format import escape_formula, unescape_formula


class StrictBooleanWidget(widgets.Widget):
    """true/false (or yes/no, 1/0); anything else is an error, never a silent False."""

    TRUE = {"true", "yes", "1"}
    FALSE = {"false", "no", "0"}

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("Write true or false (got “%(value)s”).") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "true" if value else "false"


class UpperCodeWidget(widgets.CharWidget):
    """An ISO country code, whatever case it was typed in."""

    def clean(self, value, row=None, **kwargs):
        return str(value or "").strip().upper()

    def render(self, value, obj=None, **kwargs):
        return str(getattr(value, "code", value) or "")


class CountryListWidget(widgets.Widget):
    """Several ISO country codes separated by spaces."""

    def clean(self, value, row=None, **kwargs):
        return [code.upper() for code in re.split(r"[\s,;]+", str(value or "")) if code]

    def render(self, value, obj=None, **kwargs):
        return " ".join(str(getattr(country, "code", country)) for country in value or ())


class PhoneWidget(widgets.CharWidget):
    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        return value.as_international if hasattr(value, "as_international") else str(value)


class SlugForeignKeyWidget(widgets.ForeignKeyWidget):
    """A reference to another listing by its slug, with a clear error when none has it."""

    def __init__(self, model, **kwargs):
        super().__init__(model, field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        slug = str(value or "").strip()
        if not slug:
            return None
        try:
            return self.model.objects.get(slug=slug)
        except self.model.DoesNotExist:
            raise ValueError(
                _("No %(model)s has the slug “%(slug)s”.") % {"model": self.model._meta.verbose_name, "slug": slug}
            ) from None


class ListingResource(resources.ModelResource):
    """Upsert by natural key; derived fields are set before rows are compared, so
    an unchanged row is reported as unchanged.

    Saves go through the models' save(), so every imported change bumps the
    listing's version (an editor's open form on it becomes stale) and is
    recorded in its history with the importing user and the file's name.

    `public=True` is for files that leave the site: a link to an unpublished
    listing (a draft successor, a draft office offering a service) is left out.

    `keep_edited=True` (load_directory without --overwrite) leaves alone every
    listing an editor changed since it was last loaded: its row is checked as
    usual but not applied, and is listed in `kept`.
    """

    def __init__(self, public=False, **kwargs):
        super().__init__(**kwargs)
        self.public = public
        self.edited, self.kept = set(), []

    @classmethod
    def published_fields(cls):
        """The columns of the data a visitor may read: every column but `is_published`. The listing's
        API serializer starts from them, so that a new column is one edit, in the resource."""
        return [name for name in cls._meta.fields if name != "is_published"]

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.edited = edited_since_loaded(self._meta.model) if kwargs.get("keep_edited") else set()
        self.kept = []

    def import_data(self, dataset, *args, **kwargs):
        result = super().import_data(dataset, *args, **kwargs)
        # The line of the file each row starts on, for the admin's preview and errors.
        result.lines = getattr(dataset, "source_lines", None) or list(range(2, len(dataset) + 2))
        for row in [*result.invalid_rows, *result.error_rows]:
            row.line = result.lines[row.number - 1]
        result.rows_with_lines = list(zip(result.lines, result.rows, strict=False))
        return result

    def before_import_row(self, row, **kwargs):
        # Take off the apostrophe the export puts before a formula-like cell.
        for column, value in row.items():
            row[column] = unescape_formula(value)

    def before_save_instance(self, instance, row, **kwargs):
        if kwargs.get("user") is not None:
            instance._history_user = kwargs["user"]
        if kwargs.get("file_name"):
            instance._change_reason = _("Imported from %(file)s") % {"file": kwargs["file_name"]}

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(field.widget, PhoneWidget | widgets.NumberWidget):
            return value
        return escape_formula(value)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Many-to-many columns are only read at save time; check them now so a
        # bad reference is a row error with its message, not a crash.
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        # Refused on every database: SQLite would store a NUL the admin's form refuses, and pages would emit it.
        for column, value in row.items():
            if isinstance(value, str) and "\x00" in value:
                errors.setdefault(column, []).append(_("Remove the NUL character from this cell."))
        if hasattr(instance, "fill_derived_fields") and not errors:
            instance.fill_derived_fields()
        if errors:
            raise ValidationError(errors)

    # Derived columns: when the way they are derived changes, a reload refreshes them.
    derived_fields = ("search_text", "directory_key", "latitude", "longitude", "coordinates_precision", "timezone")

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if self.is_unchanged(instance, original, row, import_validation_errors):
            return True
        if original is None or original.pk is None or original.pk not in self.edited or import_validation_errors:
            return False
        # An editor's listing: the file's row must still be valid (a bad file is refused whole), but is not applied.
        self.validate_instance(instance, {})
        self.kept.append(original)
        return True

    def is_unchanged(self, instance, original, row, import_validation_errors=None):
        for name in self.derived_fields:
            if getattr(instance, name, None) != getattr(original, name, None):
                return False
        return super().skip_row(instance, original, row, import_validation_errors)

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True


def edited_since_loaded(model):
    """The pks of the listings whose latest history record is an editor's (it names a user).

    load_directory saves without a user ("Imported from offices.csv"); every save
    in the admin, an admin import or an accepted suggestion names its user. So a
    listing whose last record has a user was changed by someone after it was last
    loaded. A model without history has none. One query.
    """
    history = getattr(model, "history", None)
    if history is None:
        return set()
    pk = model._meta.pk.attname
    latest = history.model.objects.filter(**{pk: OuterRef("pk")}).order_by("-history_date", "-history_id")
    listings = model._default_manager.annotate(last_user=Subquery(latest.values("history_user_id")[:1]))
    return set(listings.filter(last_user__isnull=False).values_list("pk", flat=True))
