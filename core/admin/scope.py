"""Office editors in the admin: only the listings in their scope, by every URL.

An office editor (core.roles.is_scoped) sees and changes only what the
listing's queryset gives as `for_editor(user)`: the changelist and its
exports, the change form, history and its old versions, the preview, actions
and imports all start from it, and every permission asked about one listing
asks whether it is in the scope. A listing outside the scope answers 404 (its
form, its preview) or 403 (its history); a kind of listing of which the scope
holds none (services, contact points, figures, staff counts) is not offered
and answers 403. National editors and superusers are not affected.

Choosing a related listing from a list (a successor, the services an office
offers: the admin's autocomplete) shows an office editor the published
listings, as the public site does, and those in their scope.
"""

from functools import cache

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from ..roles import is_scoped


class LeftScope(Exception):
    """An office editor's save would take the listing out of their scope; raised inside the transaction."""

    def __init__(self, listing):
        super().__init__(str(listing))
        self.listing = listing


def editable(queryset, user):
    """The part of `queryset` that `user` may see and change (the queryset's own `for_editor`).

    A queryset without `for_editor` is national: nothing for an office editor.
    """
    for_editor = getattr(queryset, "for_editor", None)
    if for_editor is not None:
        return for_editor(user)
    return queryset.none() if is_scoped(user) else queryset


def is_autocomplete(request):
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"


def left_scope_message(listing):
    values = {"listing": listing, "model": listing._meta.verbose_name_plural}
    return (
        _(
            "Nothing was saved: with these changes “%(listing)s” would no longer be among the %(model)s you edit. "
            "Ask a national editor to make this change."
        )
        % values
    )


class ScopedAdminMixin:
    """For a listing's ModelAdmin (core.admin.base.ListingAdmin)."""

    def editable_listings(self, request, queryset=None):
        queryset = self.model._default_manager.all() if queryset is None else queryset
        return editable(queryset, request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not is_scoped(request.user):
            return queryset
        mine = self.editable_listings(request, queryset)
        if is_autocomplete(request) and hasattr(queryset, "public"):
            return mine | queryset.public()
        return mine

    def in_scope(self, request, obj):
        """Whether `obj` is in the user's scope (always, for a national editor); asked once per request."""
        if not is_scoped(request.user):
            return True
        answers = request.__dict__.setdefault("_listings_in_scope", {})
        key = (self.model._meta.label, obj.pk)
        if key not in answers:
            answers[key] = obj.pk is not None and self.editable_listings(request).filter(pk=obj.pk).exists()
        return answers[key]

    def scope_allows(self, request, obj=None):
        if not is_scoped(request.user):
            return True
        if obj is None:
            # Offered at all: the scope may hold listings of this kind (no query: an empty scope is `.none()`).
            return not self.editable_listings(request).query.is_empty()
        return self.in_scope(request, obj)

    def has_view_permission(self, request, obj=None):
        if obj is None and is_autocomplete(request):
            # The list to choose from: its rows are narrowed by get_queryset().
            return super().has_view_permission(request)
        return super().has_view_permission(request, obj) and self.scope_allows(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.scope_allows(request, obj)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self.scope_allows(request)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.scope_allows(request, obj)

    def has_import_permission(self, request):
        return super().has_import_permission(request) and self.scope_allows(request)

    def has_export_permission(self, request):
        return super().has_export_permission(request) and self.scope_allows(request)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and is_scoped(request.user):
            # Outside the scope, or no such listing: the same answer, so a scope tells nothing of the rest.
            raise Http404
        return obj

    def check_still_in_scope(self, request, obj):
        """After a save, inside its transaction: refuse one that took the listing out of the scope."""
        if is_scoped(request.user) and not self.editable_listings(request).filter(pk=obj.pk).exists():
            raise LeftScope(obj)

    def get_import_resource_classes(self, request):
        classes = super().get_import_resource_classes(request)
        if not is_scoped(request.user):
            return classes
        return [scoped_resource(resource_class) for resource_class in classes]


class ScopedImportMixin:
    """An office editor's import: every line names a listing in the scope, and leaves it there.

    A line outside the scope, or one that would add a listing, makes the line
    invalid with its reason, and an invalid line refuses the whole file
    (ListingAdmin imports with rollback_on_validation_errors).
    """

    def import_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        errors = {}
        values = {"model": instance._meta.verbose_name, "models": instance._meta.verbose_name_plural}
        if instance.pk is None:
            message = _("This line adds a new %(model)s: only a national editor can add one.")
            errors[NON_FIELD_ERRORS] = [message % values]
        elif not editable(type(instance)._default_manager.all(), user).filter(pk=instance.pk).exists():
            message = _("“%(listing)s” is not among the %(models)s you edit, so this file cannot be imported.")
            errors[NON_FIELD_ERRORS] = [message % {**values, "listing": instance}]
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        if not editable(type(instance)._default_manager.all(), kwargs.get("user")).filter(pk=instance.pk).exists():
            message = _("With this line “%(listing)s” would no longer be among the %(models)s you edit.")
            raise ValidationError(message % {"listing": instance, "models": instance._meta.verbose_name_plural})


@cache
def scoped_resource(resource_class):
    """`resource_class` checking an office editor's scope on every line (same name, same columns)."""
    return type(resource_class.__name__, (ScopedImportMixin, resource_class), {"__module__": resource_class.__module__})
