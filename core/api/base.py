"""What every endpoint of the JSON API shares.

- `ApiFilterSet`: turns the HTML list's FilterSet into the API's: the same
  filters, plus error messages that say what is allowed, descriptions for the
  schema, and `modified_since`.
- `ListingViewSet`: read-only, looked up by slug, filters on lists only,
  Last-Modified (Django's ConditionalGetMiddleware adds the ETag and answers
  304), 404 and 405 with a JSON body.
"""

import copy
import datetime
import re

import django_filters
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as FormValidationError
from django.urls import reverse_lazy
from django.utils.cache import patch_cache_control
from django.utils.functional import lazy
from django.utils.http import http_date
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from ..changes import last_change
from ..filters import SearchFilter
from ..search import MAX_QUERY_LENGTH
from ..text import one_line_pattern

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")
QUERY_RULE = _(
    "A query with a control or formatting character (Unicode categories Cc and Cf, such as NUL, U+0085, a "
    "right-to-left override or a zero-width space) is answered 400; one with nothing visible in it is no query."
)
# The error code of a filter value that is well formed but names nothing published: a 404, not a 400.
NOT_FOUND = "not_found"


# --- Filters ---------------------------------------------------------------


class SlugChoiceField(django_filters.fields.ModelChoiceField):
    """A listing named by its slug. Anything that cannot be a slug (a NUL byte,
    spaces, 5,000 characters) is refused before it reaches the database (a 400);
    a slug that no published listing has is `NOT_FOUND` (a 404: ListingViewSet)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not SLUG.fullmatch(str(value)):
            raise FormValidationError(self.error_messages["invalid_choice"], code="invalid", params={"value": ""})
        try:
            return super().to_python(value)
        except FormValidationError:
            raise FormValidationError(
                self.error_messages["invalid_choice"], code=NOT_FOUND, params={"value": value}
            ) from None


class ModifiedSinceField(django_filters.fields.IsoDateTimeField):
    def to_python(self, value):
        result = super().to_python(value)
        if result is not None:
            try:
                # The database is asked in UTC: PostgreSQL refuses offsets beyond ±15:59, which RFC 3339
                # allows (up to ±23:59), and year 1 in Tokyo is before year 1 in UTC.
                result = result.astimezone(datetime.UTC)
            except (OverflowError, ValueError):
                raise FormValidationError(self.error_messages["invalid"], code="invalid") from None
        return result


class ModifiedSinceFilter(django_filters.IsoDateTimeFilter):
    field_class = ModifiedSinceField

    def __init__(self, **kwargs):
        kwargs.setdefault("method", "filter_modified_since")
        kwargs.setdefault("label", _("Changed since"))
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _(
                    "Give an ISO 8601 date-time, such as 2025-01-31T09:00:00Z, 2025-01-31T18:00:00+09:00 "
                    "or 2025-01-31 (without an offset, Japan time)."
                )
            },
        )
        super().__init__(**kwargs)


COUNTRY_CODES = sorted(code for code, _name in countries)


def _allowed(values):
    return ", ".join(str(value) for value in values)


class ApiFilterSet:
    """Mixin for the API's subclass of an HTML list's FilterSet.

    The filters are the HTML list's (copied, never changed in place), each
    given `api_help` as its description in the schema and an error message
    that says what the filter accepts. Subclasses declare `modified_since` and
    `filter_modified_since`.
    """

    api_help = {}

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        for name, original in list(filters.items()):
            api_filter = copy.deepcopy(original)
            api_filter.extra["help_text"] = cls.api_help.get(name, original.label)
            cls._explain_choices(name, api_filter)
            filters[name] = api_filter
        return filters

    @staticmethod
    def _explain_choices(name, api_filter):
        messages = dict(api_filter.extra.get("error_messages") or {})
        if isinstance(api_filter, django_filters.ModelChoiceFilter):
            model = api_filter.extra["queryset"].model
            api_filter.field_class = SlugChoiceField
            messages["invalid_choice"] = format_lazy(
                _("No published {model} has this slug. Use a slug from {url}"),
                model=model._meta.verbose_name,
                url=reverse_lazy(f"api:{model._meta.model_name}-list"),
            )
            help_text = api_filter.extra["help_text"]
            pattern = f"^{SLUG.pattern}$"
            extend_schema_field({"type": "string", "pattern": pattern, "description": help_text})(api_filter)
        elif isinstance(api_filter, SearchFilter):
            # The rule for public text (core.text), as a pattern: a query that breaks it is a 400.
            help_text = format_lazy("{} {}", api_filter.extra["help_text"], QUERY_RULE)
            pattern = lazy(one_line_pattern, str)()
            schema = {"type": "string", "maxLength": MAX_QUERY_LENGTH, "pattern": pattern, "description": help_text}
            extend_schema_field(schema)(api_filter)
        elif name == "country":
            messages["invalid_choice"] = _(
                "“%(value)s” is not an ISO 3166-1 alpha-2 country code. Use two letters, "
                "such as JP, US or DE (any case); the schema lists them all."
            )
            # Choices given by a callable are left out of the schema by drf-spectacular: list them.
            help_text = api_filter.extra["help_text"]
            extend_schema_field({"type": "string", "enum": COUNTRY_CODES, "description": help_text})(api_filter)
        elif isinstance(api_filter, django_filters.ChoiceFilter):
            choices = api_filter.extra["choices"]
            values = [value for value, _label in (choices() if callable(choices) else choices)]
            messages["invalid_choice"] = format_lazy(
                _("“%(value)s” is not allowed here. Use one of: {allowed}."), allowed=_allowed(values)
            )
        if messages:
            api_filter.extra["error_messages"] = messages


# --- Fields -----------------------------------------------------------------


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^(\+[1-9][0-9]{1,14})?$",
        "example": "+81335825511",
    }
)
class PhoneField(serializers.Field):
    """A phone number in E.164 (+81335825511); "" when not listed."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return value.as_e164 if value else ""


@extend_schema_field({"type": "string", "format": "uri", "example": "https://example.org/offices/paris/"})
class PageUrlField(serializers.Field):
    """The absolute address of the listing's page on this site."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


@extend_schema_field({"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$", "example": "09:00"})
class ClockTimeField(serializers.TimeField):
    """A time of day as HH:MM. (The schema's `format: time` would ask for seconds and a UTC offset.)"""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def _may_be_blank(field):
    """Whether a serializer field can be "": it allows it, or the model field it reads is optional."""
    if getattr(field, "allow_blank", False):
        return True
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    try:
        return model is not None and model._meta.get_field(field.source).blank
    except FieldDoesNotExist:
        return False


class BlankableEmailSchema(OpenApiSerializerFieldExtension):
    """An email address that no source gives is "", as every text field of the API (PRODUCT.md).

    drf-spectacular describes a read-only EmailField as `format: email` alone,
    which "" does not meet; the schema says "an email address, or empty".
    (`anyOf`, not `oneOf`: a validator that does not check formats finds ""
    matching both.)
    """

    target_class = serializers.EmailField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if not _may_be_blank(self.target):
            return schema
        value = {key: schema.pop(key) for key in ("type", "format") if key in schema}
        return {**schema, "anyOf": [value, {"type": "string", "maxLength": 0}]}


class BlankableUrlSchema(BlankableEmailSchema):
    """A web address that no source gives is "" (as BlankableEmailSchema)."""

    target_class = serializers.URLField


def listing_help(listing, /, **specific):
    """Descriptions of the model fields every listing has, plus a serializer's own, for `extra_kwargs`."""
    common = {
        "slug": _("Stable identifier; the office's page is /offices/<slug>/.")
        if listing == "office"
        else _("Stable identifier; the service's page is /services/<slug>/."),
        "name": _("Name in English."),
        "name_ja": _("Name in Japanese; empty when not known."),
    }
    return change_help(**common, **specific)


def change_help(**specific):
    """`extra_kwargs` describing when a listing (an office, a service, a contact point) was last checked
    and last changed, plus a serializer's own descriptions."""
    return {
        field: {"help_text": text}
        for field, text in {
            "last_verified": _("When an editor last checked the details (YYYY-MM-DD); null if never."),
            "updated_at": _("When the listing last changed (ISO 8601 with offset)."),
            **specific,
        }.items()
    }


# --- Views ----------------------------------------------------------------


ERRORS = {
    "type": "object",
    "description": "Each parameter that cannot be used, with what it accepts.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"kind": ["“spaceship” is not allowed here. Use one of: headquarters, domestic, overseas, ..."]},
}
DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}

CONDITIONAL_HEADERS = [
    OpenApiParameter(
        "If-None-Match",
        str,
        OpenApiParameter.HEADER,
        description=_("The ETag of your copy: the answer is 304 Not Modified while it is current."),
    ),
    OpenApiParameter(
        "If-Modified-Since",
        str,
        OpenApiParameter.HEADER,
        description=_("The Last-Modified of your copy (HTTP date); If-None-Match is more precise."),
    ),
]
NOT_MODIFIED = OpenApiResponse(description=_("Not modified: your copy (ETag or date) is current."))


def list_schema(serializer, what):
    return extend_schema(
        summary=format_lazy(_("List published {what}"), what=what),
        parameters=CONDITIONAL_HEADERS,
        responses={
            200: serializer(many=True),
            304: NOT_MODIFIED,
            400: OpenApiResponse(
                ERRORS,
                description=_("A filter or page that cannot be used: each is named, with what it accepts."),
            ),
            404: OpenApiResponse(
                ERRORS,
                description=_(
                    "A filter names a listing that is not published (a slug no published listing has), "
                    "or the page is after the last: each is named."
                ),
            ),
        },
    )


def detail_schema(serializer, what):
    return extend_schema(
        summary=format_lazy(_("One published {what}"), what=what),
        parameters=[
            OpenApiParameter(
                "slug", str, OpenApiParameter.PATH, description=_("The listing's slug, as in its page's address.")
            ),
            *CONDITIONAL_HEADERS,
        ],
        responses={
            200: serializer,
            304: NOT_MODIFIED,
            404: OpenApiResponse(DETAIL, description=_("No published listing has this slug.")),
        },
    )


class ReadOnlyMixin:
    """Any method but GET, HEAD and OPTIONS: a 405 that says why."""

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise exceptions.MethodNotAllowed(request.method, detail=_("The API is read-only: use GET, HEAD or OPTIONS."))


class LastModifiedMixin:
    """For DRF views: a 200 says when its content last changed, and that caches must ask again before reuse.

    The ETag (a hash of the body) and the 304 come from Django's
    ConditionalGetMiddleware, for pages and API alike (core.middleware).
    """

    def last_modified(self):
        return last_change()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            changed = self.last_modified()
            if changed is not None:
                response["Last-Modified"] = http_date(changed.timestamp())
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response


class ListingViewSet(ReadOnlyMixin, LastModifiedMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only list and detail of published listings, by slug."""

    def last_modified(self):
        # A detail: that listing's own latest change (its row and the listings it shows); a list: the directory's.
        found = getattr(self, "found", None)
        return found.latest_change() if found is not None else last_change()

    lookup_field = "slug"
    # Anything up to the next slash reaches get_object(), which answers a 404 in JSON.
    lookup_value_regex = "[^/]+"

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        pks = self.paginate_queryset(queryset.values_list("pk", flat=True))
        return self.get_paginated_response(self.rows(pks))

    def rows(self, pks):
        """The rows of a list's page: the serializer's, as each detail gives them."""
        return list(self.rows_for(pks).values())

    def rows_for(self, pks):
        """{pk: row} of these listings, in this order, through the serializer."""
        listings = self.get_queryset().in_bulk(pks)
        found = [listings[pk] for pk in pks if pk in listings]
        return dict(zip((listing.pk for listing in found), self.get_serializer(found, many=True).data, strict=True))

    def filter_queryset(self, queryset):
        # A detail is found by its slug alone; the list's filters do not apply to it.
        if self.action != "list":
            return queryset
        try:
            return super().filter_queryset(queryset)
        except exceptions.ValidationError as error:
            codes = [detail.code for details in error.detail.values() for detail in details]
            # Only slugs of listings that are not published: what was asked for is not there.
            if codes and all(code == NOT_FOUND for code in codes):
                raise exceptions.NotFound(error.detail) from None
            raise

    def get_object(self):
        slug = self.kwargs[self.lookup_field]
        if SLUG.fullmatch(slug):
            found = self.get_queryset().filter(slug=slug).first()
            if found is not None:
                self.found = found
                return found
        raise exceptions.NotFound(
            format_lazy(_("No published {model} has this slug."), model=self.get_queryset().model._meta.verbose_name)
        )


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "OPTIONS"])
def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/: a 404 in JSON, like the rest of the API."""
    return Response({"detail": _("There is nothing at this address. The API is described at /api/v1/schema/.")}, 404)
