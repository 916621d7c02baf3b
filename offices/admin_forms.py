"""The office's change form: a new contact detail comes with its source, and weekday hours are set in one step.

A contact detail (address, phone, fax, email, website) shown on the public
page sits under the office's source and source date, and the page says "phone
as of 2009" from that date (offices.freshness). So an editor who gives a
detail a new value either cites its source (a new source date, and a source),
or ticks "Same source" when the value comes from the source already cited (a
typo corrected). An office that cites no source yet is saved with a warning.

Opening hours are in the office's own local time. Several days get the same
hours at once ("Monday to Friday, 09:00–17:30"), replacing those days' hours;
exceptions are edited row by row, as before. Times are plain inputs: the
admin's clock widget would add "You are N hours behind server time", which is
about the server's zone, not the office's.
"""

from django import forms
from django.utils.functional import cached_property
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin.forms import VersionedModelForm, comparable

from .models import OpeningHours

# The fields behind the contact details a page shows under the office's source.
CONTACT_FIELDS = ("address", "address_local", "postal_code", "phone", "fax", "email", "website")
HOURS_FIELDS = ("hours_days", "hours_opens", "hours_closes")


def time_input():
    """A plain HH:MM box: no clock shortcuts, so no note about the server's time zone."""
    return forms.TimeInput(format="%H:%M", attrs={"size": 6, "placeholder": "09:00", "inputmode": "numeric"})


def date_input():
    """The browser's own date picker: the admin's calendar also adds the server-time note."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class OfficeForm(VersionedModelForm):
    same_source = forms.BooleanField(
        label=gettext_lazy("Same source"),
        required=False,
        help_text=gettext_lazy(
            "Tick when a contact detail you changed comes from the source already cited, as of the same date "
            "(a typo corrected, for example). Otherwise give the new value's source and its date above."
        ),
    )
    hours_days = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Days"),
        choices=OpeningHours.Weekday.choices,
        coerce=int,
        required=False,
        initial=[0, 1, 2, 3, 4],
        widget=forms.CheckboxSelectMultiple,
    )
    hours_opens = forms.TimeField(
        label=gettext_lazy("Opens"),
        required=False,
        widget=time_input(),
        help_text=gettext_lazy("Local time at the office, for example 09:00."),
    )
    hours_closes = forms.TimeField(
        label=gettext_lazy("Closes"),
        required=False,
        widget=time_input(),
        help_text=gettext_lazy("Local time at the office, for example 17:30."),
    )

    # Form-only fields: not part of the office, nor of its change message.
    FORM_ONLY = ("same_source", *HOURS_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Contact fields given a value with no source on an office that cites none (OfficeAdmin warns).
        self.unsourced_contact_fields = []

    @cached_property
    def changed_data(self):
        return [name for name in super().changed_data if name not in self.FORM_ONLY]

    def clean(self):
        cleaned_data = super().clean()
        self.check_hours(cleaned_data)
        self.check_contact_sources(cleaned_data)
        return cleaned_data

    # --- Weekday hours in one step ---

    def check_hours(self, cleaned_data):
        days, opens, closes = (cleaned_data.get(name) for name in HOURS_FIELDS)
        if not opens and not closes:
            return
        if not opens and "hours_opens" not in self.errors:
            self.add_error("hours_opens", _("Give the opening time as well, or clear both times."))
        if not closes and "hours_closes" not in self.errors:
            self.add_error("hours_closes", _("Give the closing time as well, or clear both times."))
        if opens and closes and closes <= opens:
            self.add_error("hours_closes", _("The closing time must be later than the opening time."))
        if not days:
            self.add_error("hours_days", _("Tick the days these hours are for."))

    def hours_to_set(self):
        """[(weekday, opens, closes)] the editor set in one step, or []."""
        data = getattr(self, "cleaned_data", {})
        days, opens, closes = (data.get(name) for name in HOURS_FIELDS)
        if not (days and opens and closes):
            return []
        return [(day, opens, closes) for day in sorted(set(days))]

    # --- A new contact detail comes with its source ---

    def changed_contact_fields(self, cleaned_data):
        """The contact fields given a new, non-blank value (clearing one needs no source)."""
        opts = self.instance._meta
        changed = []
        for name in CONTACT_FIELDS:
            if name not in self.fields or name not in cleaned_data:
                continue
            field = opts.get_field(name)
            new = comparable(field, cleaned_data[name])
            old = comparable(field, getattr(self.instance, field.attname)) if self.instance.pk else ""
            if new != "" and new != old:
                changed.append(name)
        return changed

    def check_contact_sources(self, cleaned_data):
        self.unsourced_contact_fields = []
        changed = self.changed_contact_fields(cleaned_data)
        if not changed:
            return
        details = get_text_list([str(self.fields[name].label).lower() for name in changed], _("and"))
        old_source = (self.instance.source or "").strip() if self.instance.pk else ""
        old_as_of = (self.instance.source_as_of or "").strip() if self.instance.pk else ""
        source = (cleaned_data.get("source") or "").strip()
        as_of = (cleaned_data.get("source_as_of") or "").strip()
        if cleaned_data.get("same_source"):
            if not (old_source or old_as_of):
                self.add_error(
                    "same_source",
                    _("This office cites no source yet, so there is none to keep: give the new value's source."),
                )
            return
        if not (old_source or old_as_of):
            # Nothing old to show it under: saved, with a warning (OfficeAdmin) unless a source is given now.
            if not (source and as_of):
                self.unsourced_contact_fields = changed
            return
        if not as_of:
            message = _(
                "You changed the %(details)s: give the date or year its source describes, or tick “Same source” "
                "below if it comes from the source already cited."
            )
            self.add_error("source_as_of", message % {"details": details})
        elif as_of == old_as_of:
            message = _(
                "You changed the %(details)s, but the source date on record (“%(as_of)s”) is the old value's. "
                "Give the date or year of the new value's source, or tick “Same source” below if it comes from "
                "the source already cited."
            )
            self.add_error("source_as_of", message % {"details": details, "as_of": old_as_of})
        if not source:
            message = _("Say where the new %(details)s comes from: a web address or a short description.")
            self.add_error("source", message % {"details": details})
