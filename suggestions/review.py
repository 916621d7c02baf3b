"""An editor's decision on a suggestion: accept (the value applied through the listing's own rules) or reject.

Accepting sets the listing's field to the value the editor confirmed (the
visitor's, or the editor's correction of it), with the listing's source and
source date saying where the new value comes from; the listing is validated
as every save is (`full_clean`: an invalid phone is refused, on the value),
saved only if nobody saved it since the editor opened the suggestion
(core.versioning), and its history records the change with the suggestion
as its reason. Opening hours and "something else" are changed in the
listing's own form; the review then records that it was done.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.admin.forms import display
from core.versioning import StaleVersion

from .models import Detail, Status, Suggestion

# detail -> the field an accepted value is written to, for each kind of listing (by model name).
FIELDS = {
    "office": {
        Detail.ADDRESS: "address",
        Detail.PHONE: "phone",
        Detail.FAX: "fax",
        Detail.EMAIL: "email",
        Detail.WEBSITE: "website",
        Detail.NAME: "name",
    },
    "service": {Detail.NAME: "name", Detail.WEBSITE: "website"},
}
# The details the public page dates one by one ("phone as of 2009": offices.freshness).
DATED_DETAILS = (Detail.ADDRESS, Detail.PHONE, Detail.FAX, Detail.EMAIL, Detail.WEBSITE)
SEPARATOR = " ; "


def target_field(suggestion):
    """The listing's field the value goes to, or None when an editor applies it in the listing's form."""
    name = FIELDS.get(suggestion.listing._meta.model_name, {}).get(suggestion.detail)
    return suggestion.listing._meta.get_field(name) if name else None


def current_value(suggestion):
    """What the listing says now about the detail, as an editor reads it."""
    listing = suggestion.listing
    field = target_field(suggestion)
    if field is not None:
        return display(field, getattr(listing, field.attname))
    if suggestion.detail == Detail.OPENING_HOURS and hasattr(listing, "opening_hours"):
        return "; ".join(str(period) for period in listing.opening_hours.all()) or _("blank")
    return ""


def label(detail):
    """The detail's label in a source or source date, in English as the shipped data writes them: "(phone)"."""
    with translation.override("en"):
        return str(Detail(detail).label).lower()


def _segments(text):
    return [segment.strip() for segment in (text or "").split(";") if segment.strip()]


def _without_label(text, word):
    """The segments of a source or source date, less those labelled with `word` alone ("2009 (phone)")."""
    return [segment for segment in _segments(text) if not segment.endswith(f"({word})")]


def proposed_source(suggestion):
    """The listing's source once the value is applied: the others as they were, and this one labelled."""
    word = label(suggestion.detail)
    return SEPARATOR.join([*_without_label(suggestion.listing.source, word), f"{suggestion.source} ({word})"])


def proposed_source_as_of(suggestion):
    """The listing's source date once the value is applied: the date the visitor sent it, labelled.

    Only for the contact details the public page dates one by one; a name keeps the dates as they are.
    """
    listing = suggestion.listing
    if not hasattr(listing, "source_as_of"):
        return None
    if suggestion.detail not in DATED_DETAILS:
        return listing.source_as_of
    word = label(suggestion.detail)
    when = timezone.localdate(suggestion.created_at).isoformat()
    return SEPARATOR.join([*_without_label(listing.source_as_of, word), f"{when} ({word})"])


def history_reason(suggestion):
    values = {"id": suggestion.pk, "detail": label(suggestion.detail), "source": suggestion.source}
    with translation.override("en"):
        return _("Suggested correction #%(id)s accepted (%(detail)s). Source: %(source)s") % values


def _claim(suggestion):
    """The suggestion, locked; refused if someone decided it meanwhile."""
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if not locked.is_pending:
        raise ValidationError(_("This suggestion was decided meanwhile; nothing was changed."), code="decided")
    return locked


def _decide(suggestion, user, status, **values):
    suggestion.status = status
    suggestion.decided_at = timezone.now()
    suggestion.decided_by = user
    for name, value in values.items():
        setattr(suggestion, name, value)
    suggestion.save()


def accept(suggestion, user, value, source, source_as_of, loaded_version):
    """Apply `value` to the listing and record it; ValidationError keyed by the form's fields when refused."""
    field = target_field(suggestion)
    if field is None:
        raise ValidationError(_("Make this change in the listing's own form."), code="by_hand")
    model = type(suggestion.listing)
    with transaction.atomic(using=model._default_manager.db):
        locked = _claim(suggestion)
        listing = model._default_manager.select_for_update().get(pk=suggestion.listing.pk)
        if listing.version != loaded_version:
            raise ValidationError(
                _("Someone saved this listing after you opened the suggestion. Look at it again, then decide."),
                code="stale",
            )
        setattr(listing, field.attname, value)
        listing.source = source
        if source_as_of is not None and hasattr(listing, "source_as_of"):
            listing.source_as_of = source_as_of
        try:
            listing.full_clean()
        except ValidationError as error:
            names = {field.name: "value", "source": "source", "source_as_of": "source_as_of"}
            moved = {}
            for name, messages in error.message_dict.items():
                moved.setdefault(names.get(name, NON_FIELD_ERRORS), []).extend(messages)
            raise ValidationError(moved) from None
        listing._history_user = user
        listing._change_reason = history_reason(locked)
        try:
            listing.save_if_unchanged(loaded_version)
        except StaleVersion:
            raise ValidationError(
                _("Someone saved this listing after you opened the suggestion. Look at it again, then decide."),
                code="stale",
            ) from None
        applied = display(field, getattr(listing, field.attname))
        _decide(locked, user, Status.ACCEPTED, applied_value=applied)
    return listing


def mark_applied_by_hand(suggestion, user):
    with transaction.atomic():
        _decide(_claim(suggestion), user, Status.ACCEPTED, applied_value="")


def reject(suggestion, user, reason):
    with transaction.atomic():
        _decide(_claim(suggestion), user, Status.REJECTED, reason=reason)
