"""The admin's change form that refuses a stale save and says what changed.

The form carries the version of the listing it was loaded with. If the
listing has been saved since, the form is refused before anything is
written: each field someone else changed shows their value and the editor's,
and the message names who saved it and when. The editor's input stays in the
form; saving again (now based on the newer version) replaces their values
with the editor's, knowingly. The atomic check is `save_if_unchanged()`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import is_historic
from simple_history.utils import get_m2m_reverse_field_name


def comparable(field, value):
    """A value of `field` in a form that compares equal however it was obtained."""
    if field.many_to_many:
        return frozenset(getattr(item, "pk", item) for item in value or ())
    if field.is_relation:
        return getattr(value, "pk", value)
    if value is None or value == "":
        return ""
    try:
        return field.get_prep_value(value)
    except (TypeError, ValueError, ValidationError):
        return value


def display(field, value):
    """A value as an editor reads it: labels for choices, names for related listings."""
    if getattr(value, "as_international", None):
        return value.as_international
    value = comparable(field, value)
    if field.many_to_many:
        return ", ".join(str(item) for item in field.related_model._default_manager.filter(pk__in=value)) or _("none")
    if value == "" or value is None:
        return _("blank")
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


class Conflict:
    """What happened to a listing since an editor loaded it at `loaded_version`."""

    def __init__(self, form, loaded_version):
        self.form = form
        self.instance = form.instance  # still the saved row: the form's input is applied after clean()
        model = type(self.instance)
        history = model.history.filter(**{model._meta.pk.attname: self.instance.pk})
        self.loaded = history.filter(version=loaded_version).order_by("-history_date", "-history_id").first()
        self.later = list(
            history.filter(version__gt=loaded_version).select_related("history_user").order_by("history_date")
        )

    def fields(self):
        """(field name, message) for each field whose saved value differs from the form's."""
        opts = self.instance._meta
        model_fields = {field.name for field in opts.get_fields()}
        for name in [name for name in self.form.fields if name in model_fields]:
            field = opts.get_field(name)
            if not field.editable or name not in self.form.cleaned_data:
                continue
            saved, yours = self.saved_value(field), self.form.cleaned_data[name]
            if comparable(field, saved) == comparable(field, yours):
                continue
            values = {"saved": display(field, saved), "yours": display(field, yours)}
            if self.loaded is None:
                yield name, _("Saved now: “%(saved)s”. Your form: “%(yours)s”.") % values
                continue
            before = self.loaded_value(field)
            if comparable(field, before) != comparable(field, saved):
                values["before"] = display(field, before)
                message = _("Someone else changed this from “%(before)s” to “%(saved)s”. Your form: “%(yours)s”.")
                yield name, message % values

    def saved_value(self, field):
        if field.many_to_many:
            return field.value_from_object(self.instance)
        return getattr(self.instance, field.attname)

    def loaded_value(self, field):
        if field.many_to_many:
            rows = getattr(self.loaded, field.name).all()
            return [getattr(row, f"{get_m2m_reverse_field_name(field)}_id") for row in rows]
        return getattr(self.loaded, field.attname)

    def summary(self):
        users = list(dict.fromkeys(str(record.history_user) for record in self.later if record.history_user))
        values = {
            "who": ", ".join(users) or _("Someone else"),
            "model": self.instance._meta.verbose_name,
        }
        if self.later:
            values["when"] = formats.date_format(timezone.localtime(self.later[-1].history_date), "DATETIME_FORMAT")
            sentence = _("%(who)s saved this %(model)s at %(when)s, after you opened it.")
        else:
            sentence = _("%(who)s saved this %(model)s after you opened it.")
        return " ".join(
            [
                sentence % values,
                _("Nothing you changed has been saved yet."),
                _("The fields that differ show the saved value and yours."),
                _("Save again to replace the saved values with yours, or reload the page to start from theirs."),
            ]
        )


class VersionedModelForm(forms.ModelForm):
    loaded_version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        label=gettext_lazy("version you opened"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk is None:
            return
        if is_historic(instance):
            # Reverting: the form shows an old version but replaces the row as it is now.
            saved = type(instance)._default_manager.filter(pk=instance.pk).values_list("version", flat=True).first()
            instance.version = saved or instance.version
        self.fields["loaded_version"].required = True
        self.initial["loaded_version"] = instance.version

    def clean(self):
        cleaned_data = super().clean()
        loaded_version = cleaned_data.get("loaded_version")
        if self.instance.pk is None or loaded_version is None or loaded_version == self.instance.version:
            return cleaned_data
        conflict = Conflict(self, loaded_version)
        for name, message in list(conflict.fields()):
            self.add_error(name, message)
        # Saving this form again is a knowing choice of the editor's values.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = self.instance.version
        raise ValidationError(conflict.summary(), code="stale")
