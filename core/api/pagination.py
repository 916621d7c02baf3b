"""The API's pages: `{"count", "next", "previous", "results"}`.

A page number that is not a whole number from 1 is a 400; a page after the last
is a 404 (as a page of the site); both name `page` and the pages there are. A
whole number may be written as JSON Schema's integers are (3.0, 3e0).

A module of its own: DRF imports the pagination class named in its settings
while it defines its generic views, so this must not import them.
"""

from decimal import Decimal, InvalidOperation

from django.core.paginator import EmptyPage, InvalidPage
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination

# Past any directory's last page, so that 1e999999999 is not worked out digit by digit.
BEYOND_ANY_PAGE = 10**9


def page_number(text):
    """A page number as the schema's integers are written: 3, 3.0 and 3e0 are page 3 (JSON Schema's
    integers include them); anything else is given back as it is, for the paginator to refuse."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    if not value.is_finite() or value != value.to_integral_value():
        return text
    return BEYOND_ANY_PAGE if value > BEYOND_ANY_PAGE else int(value)


class Pagination(pagination.PageNumberPagination):
    last_page_strings = ()

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        number = page_number(request.query_params.get(self.page_query_param) or "1")
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
