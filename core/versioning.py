"""No lost updates, and every change on record.

Each listing row carries a `version` that goes up by one with every save,
whoever saves it (the admin, the CSV import, `load_directory`, an action).
The admin's change form remembers the version it was loaded with and saves
only if the row still has it: `save_if_unchanged()` claims the row with one
conditional UPDATE, so of two editors saving the same listing one after the
other, the second is refused instead of silently overwriting the first.
See docs/decisions/0004-no-lost-updates.md.

History comes from django-simple-history: one historical row per save, with
who, when and (for the admin) the change message as its reason.
"""

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class StaleVersion(Exception):
    """The row was saved by someone else after this copy of it was loaded."""


def version_field():
    return models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Goes up by one with every save; an edit based on an older version is refused."),
    )


class VersionedMixin:
    """For a model with a `version` field (see `version_field()`)."""

    def save(self, *args, bump_version=True, **kwargs):
        bumped = bump_version and not self._state.adding
        if bumped:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        try:
            super().save(*args, **kwargs)
        except BaseException:
            if bumped:
                self.version -= 1
            raise

    def save_if_unchanged(self, loaded_version):
        """Save, but only if the row still has `loaded_version`; otherwise raise StaleVersion.

        The conditional UPDATE both checks and claims the row: on PostgreSQL a
        concurrent claim waits for this transaction and then finds the version
        moved on; on SQLite writes are serialised. Nothing is written when refused.
        """
        manager = type(self)._default_manager
        with transaction.atomic(using=manager.db):
            claimed = manager.filter(pk=self.pk, version=loaded_version).update(version=F("version") + 1)
            if not claimed:
                raise StaleVersion
            self.version = loaded_version + 1
            self.save(bump_version=False)


class ListingHistory(HistoricalRecords):
    """django-simple-history, keeping a handle on itself so that the admin can
    write one historical row per save, after the related rows (opening hours,
    the offices that offer a service) have been saved too."""

    def __init__(self, **kwargs):
        # The reason holds the admin's change message, which can be long.
        kwargs.setdefault("history_change_reason_field", models.TextField(null=True))
        super().__init__(**kwargs)

    def contribute_to_class(self, cls, name):
        super().contribute_to_class(cls, name)
        cls._listing_history = self


def write_history(instance, history_type="~"):
    """Record the instance as it is now: "+" created, "~" changed."""
    instance._listing_history.create_historical_record(instance, history_type)


def touch(instance, user, reason):
    """Save an unchanged listing to bump its version and record why (a link to it changed)."""
    instance._history_user = user
    instance._change_reason = str(reason)
    instance.save()
