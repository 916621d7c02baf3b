"""The admin site: Django's, with two guards for every model admin registered on it.

- **A changelist's query string cannot reach the database unchecked** (`CheckedChangeListMixin`,
  mixed into each model admin as it is registered, Django's and libraries' included). A filter,
  search or ordering holding an invisible control or formatting character (NUL, a bidi override:
  core.text's rule), a filter value that is not one of the filter's own choices (a list filter
  offering offices by id gets `?office=abc`, `?office=1.5`, an id of 20 digits), one its field
  cannot hold, or a date its date hierarchy cannot reach, is left out with a message, and the
  list is shown without it. Before, each reached the database and ended in a server error
  (PostgreSQL refuses NUL; SQLite refuses integers over 64 bits; Django's own date hierarchy
  overflows past year 9999).
- **The autocomplete answers for relation fields only** (`CheckedAutocompleteJsonView`): Django's
  looked up a reverse relation too (`?model_name=office&field_name=services`) and failed on it.
"""

from functools import cache

from django.contrib import admin, messages
from django.contrib.admin.filters import SimpleListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.fields.related import RelatedField
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from ..text import refused_characters


class UnusableParameters(Exception):
    """Query parameters a changelist cannot apply; raised while it is built, answered by leaving them out."""

    def __init__(self, names):
        super().__init__(", ".join(names))
        self.names = list(dict.fromkeys(names))


def _applies(spec, request, queryset):
    """Whether a list filter can apply the value it was given (no value: nothing to apply)."""
    if isinstance(spec, SimpleListFilter):
        value = spec.value()
        return value is None or value in {str(key) for key, _label in spec.lookup_choices}
    try:
        spec.queryset(request, queryset)
    except (IncorrectLookupParameters, ValidationError, ValueError, OverflowError):
        return False
    return True


class CheckedChangeList(ChangeList):
    """A ChangeList that names the parameters it cannot apply (UnusableParameters) instead of failing on them."""

    def date_hierarchy_parameters(self):
        names = [f"{self.date_hierarchy}__{part}" for part in ("year", "month", "day")] if self.date_hierarchy else []
        return [name for name in names if name in self.params]

    def get_filters(self, request):
        try:
            result = super().get_filters(request)
        except (IncorrectLookupParameters, ValueError, OverflowError):
            # Only the date hierarchy fails here: a day no calendar has, or one past year 9999.
            if names := self.date_hierarchy_parameters():
                raise UnusableParameters(names) from None
            raise
        specs = result[0]
        unusable = [
            name
            for spec in specs
            if not _applies(spec, request, self.root_queryset)
            for name in spec.expected_parameters()
            if name in self.params
        ]
        if unusable:
            raise UnusableParameters(unusable)
        return result


@cache
def _checked(changelist_class):
    if issubclass(changelist_class, CheckedChangeList):
        return changelist_class
    return type(changelist_class.__name__, (CheckedChangeList, changelist_class), {})


def _not_allowed(text):
    return "\x00" in text or bool(refused_characters(text, multiline=False))


def _without(request, names):
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return HttpResponseRedirect(f"{request.path}?{params.urlencode()}" if params else request.path)


class CheckedChangeListMixin:
    """For every ModelAdmin (DirectoryAdminSite.register mixes it in): see the module's docstring."""

    def get_changelist(self, request, **kwargs):
        return _checked(super().get_changelist(request, **kwargs))

    def changelist_view(self, request, extra_context=None):
        refused = [name for name, values in request.GET.lists() if any(map(_not_allowed, (name, *values)))]
        if refused:
            self.message_user(
                request,
                _(
                    "A filter or search held a character that is not allowed (an invisible control or "
                    "formatting character, such as NUL), so it was left out."
                ),
                messages.WARNING,
            )
            return _without(request, refused)
        try:
            return super().changelist_view(request, extra_context)
        except UnusableParameters as unusable:
            self.message_user(
                request,
                _("A filter held a value it cannot use (%(names)s), so it was left out.")
                % {"names": ", ".join(unusable.names)},
                messages.WARNING,
            )
            return _without(request, unusable.names)


class CheckedAutocompleteJsonView(AutocompleteJsonView):
    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        if not isinstance(source_field, RelatedField):
            # A reverse relation (an office's services, defined on the service): no form chooses from it here.
            raise PermissionDenied
        return term, model_admin, source_field, to_field_name

    def get_queryset(self):
        queryset = super().get_queryset()
        # Pages of a list need an order; a model admin without one (django-axes' attempts) gets the key's.
        return queryset if queryset.ordered else queryset.order_by("pk")


class DirectoryAdminSite(admin.AdminSite):
    """The site `admin.site` is (jetro_site.apps.DirectoryAdminConfig): the guards above for every model admin."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, CheckedChangeListMixin):
            admin_class = type(
                admin_class.__name__,
                (CheckedChangeListMixin, admin_class),
                {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
            )
        return super().register(model_or_iterable, admin_class, **options)

    def autocomplete_view(self, request):
        return CheckedAutocompleteJsonView.as_view(admin_site=self)(request)
