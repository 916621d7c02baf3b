"""The API's pages: `{"count", "next", "previous", "results"}`.

A page number that is not a whole number from 1 is a 400; a page after the last
is a 404 (as a page of the site); both name `page` and the pages there are.

A list may build its page's rows from plain values (`values()`) rather than
model instances and the serializer, with `represent`: the same rows, the
same bytes, a few times faster (ListingViewSet.page_rows).

A module of its own: DRF imports the pagination class named in its settings
while it defines its generic views, so this must not import them.
"""

import functools

from django.core.paginator import EmptyPage, InvalidPage
from django.db.models import ExpressionWrapper, F, TextField
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination, serializers

from .links import PLACEHOLDER, listing_url


class Pagination(pagination.PageNumberPagination):
    last_page_strings = ()

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        number = request.query_params.get(self.page_query_param) or 1
        try:
            self.page = paginator.page(number)
        except InvalidPage as refused:
            error = {
                self.page_query_param: [_("Choose a page number from 1 to %(last)d.") % {"last": paginator.num_pages}]
            }
            after_the_last = isinstance(refused, EmptyPage) and int(number) > paginator.num_pages
            raise (exceptions.NotFound if after_the_last else exceptions.ValidationError)(error) from None
        return list(self.page)

    def get_paginated_response_schema(self, schema):
        link = {"type": ["string", "null"], "format": "uri"}
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "example": 107},
                "next": {**link, "example": "https://example.org/api/v1/offices/?page=2"},
                "previous": {**link, "example": None},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": str(
                    _("The page to show, from 1 (the default) to the last; each page has %(size)d results.")
                    % {"size": self.page_size}
                ),
                "schema": {"type": "integer", "minimum": 1},
            }
        ]


# --- A page's rows from plain values -----------------------------------------


def _gives_str_back(field):
    """Whether the field's answer for a str is that str: a text field (str(value)), or choices
    whose values are all text (the choice whose text it is)."""
    method = type(field).to_representation
    if method is serializers.ChoiceField.to_representation:
        return all(isinstance(value, str) and key == value for key, value in field.choice_strings_to_values.items())
    return method is serializers.CharField.to_representation


@functools.cache
def fields_of(serializer_class):
    """[(name, to_representation, is a text field)] of a serializer, in its order, made once per
    process (each serializer instance makes and deep-copies its own)."""
    return [
        (name, field.to_representation, _gives_str_back(field)) for name, field in serializer_class().fields.items()
    ]


def represent(fields, attributes, **done):
    """One row as the serializer of `fields` answers it.

    `attributes` holds, under each field's name, what the field would read from an instance:
    it goes through the field's own `to_representation` (a str of a text field is already its
    answer), and None is null, as DRF does. A field named in `done` (a nested or related list,
    a computed value) is given as it is shown.
    """
    row = {}
    for name, to_representation, text in fields:
        if name in done:
            row[name] = done[name]
        else:
            value = attributes[name]
            if value is None or (text and type(value) is str):
                row[name] = value
            else:
                row[name] = to_representation(value)
    return row


STORED = TextField()


def as_stored(name):
    """The column as stored, without its model field's conversion (for `read_stored`)."""
    return ExpressionWrapper(F(name), output_field=STORED)


@functools.lru_cache(maxsize=4096)
def read_stored(model_field, stored):
    """What `model_field` makes of a stored value, once per value: parsing a phone number costs
    about 50 µs, and the directory has few different ones."""
    return model_field.from_db_value(stored, None, None)


def page_urls(request, name):
    """slug -> the absolute address of a listing's page, as PageUrlField gives it
    (build_absolute_uri(get_absolute_url())), the address worked out once for a page."""
    head, _placeholder, tail = request.build_absolute_uri(listing_url(name, PLACEHOLDER)).rpartition(PLACEHOLDER)

    def url(slug):
        # A slug of letters, digits, - and _ (all of them) is written as it is; anything else is quoted.
        if slug.isascii() and slug.replace("-", "").replace("_", "").isalnum():
            return f"{head}{slug}{tail}"
        return request.build_absolute_uri(listing_url(name, slug))

    return url


def grouped(pairs):
    """{key: [value, ...]} from (key, value) pairs, in their order."""
    groups = {}
    for key, value in pairs:
        groups.setdefault(key, []).append(value)
    return groups
