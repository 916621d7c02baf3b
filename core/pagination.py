"""The API's pages: `{"count", "next", "previous", "results"}`; a page that does not exist is a 400 naming `page`.

A module of its own: DRF imports the pagination class named in its settings
while it defines its generic views, so this must not import them.
"""

from django.core.paginator import InvalidPage
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination


class Pagination(pagination.PageNumberPagination):
    last_page_strings = ()

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        number = request.query_params.get(self.page_query_param) or 1
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise exceptions.ValidationError(
                {
                    self.page_query_param: [
                        _("Choose a page number from 1 to %(last)d.") % {"last": paginator.num_pages},
                    ]
                }
            ) from None
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
