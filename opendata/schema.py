"""The API's OpenAPI 3 description (drf-spectacular), and the same read for people.

The schema is generated from the code: the serializers give the fields, the
FilterSets the query parameters and their allowed values. The HTML API page
renders the same document, so the two cannot disagree.
"""

from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

from core.api.base import LastModifiedMixin

API_PREFIX = "/api/v1/"


def only_the_api(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: the versioned API, nothing else."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]


def description():
    return _(
        "The JETRO Offices & Services Directory as data: every published office and service, read-only, "
        "in JSON, with no key and no sign-up.\n\n"
        '- Lists are paginated: `{"count", "next", "previous", "results"}`, 50 results a page, ordered '
        "by slug; follow `next` until it is null.\n"
        "- Lists take the same filters as the site's pages. A filter value that cannot be valid (an unknown "
        "country code, a kind that does not exist, a page number below 1) is answered 400, with a JSON body "
        "naming each parameter and saying what it accepts. A well-formed slug that no published listing has "
        "(`service`, `office`), or a page after the last, is answered 404 with the same kind of body. A "
        "parameter sent empty (`kind=`) is the same as one left out, and unknown parameters are ignored.\n"
        '- A text field that no source gives is an empty string `""`, never null; null is used only where '
        "there is no value of the field's type (coordinates, dates, a successor or a contact point). Phone "
        "numbers are E.164 strings (`+81335825511`).\n"
        "- Every response has an `ETag` and a `Last-Modified`: send them back in `If-None-Match` or "
        "`If-Modified-Since` and an unchanged answer is a bodiless 304. `modified_since` on the lists "
        "returns only what changed since a date-time.\n"
        "- The API answers in English (names of countries, error messages); `name_ja` gives each office's "
        "Japanese name where known.\n"
        "- The API is read-only: any other method than GET, HEAD or OPTIONS is answered 405. Any web page may "
        "read it (CORS).\n"
        "- The whole directory is also offered as CSV files and as Open Referral HSDS JSON, under "
        "`/api/v1/exports/`. The data is offered under CC BY 4.0, with attribution to JETRO and to the "
        "sources cited."
    )


def describe(result, generator, request, public):
    """drf-spectacular postprocessing hook: the API's description, in the active language; and that
    every query parameter may be sent empty, meaning "any" (django-filter skips an empty value, and an
    empty `page` is the first)."""
    result["info"]["description"] = description()
    for operations in result["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    parameter["allowEmptyValue"] = True
    return result


@lru_cache(maxsize=len(settings.LANGUAGES))
def _schema(language):
    with translation.override(language):
        return SchemaGenerator().get_schema(request=None, public=True)


def openapi_document():
    """The schema as a dict, generated once per language and kept: it only changes with the code."""
    language = translation.get_language()
    return _schema(language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE)


class SchemaView(LastModifiedMixin, SpectacularAPIView):
    """/api/v1/schema/: JSON by default, YAML for `Accept: application/yaml`; generated once, then kept."""

    renderer_classes = [OpenApiJsonRenderer, OpenApiJsonRenderer2, OpenApiYamlRenderer, OpenApiYamlRenderer2]

    # Without drf-spectacular's `lang` parameter: the document is in the request's
    # language (Accept-Language), as every answer of the API; `lang` is not read.
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def _get_schema_response(self, request):
        disposition = f'inline; filename="{self._get_filename(request, None)}"'
        return Response(data=openapi_document(), headers={"Content-Disposition": disposition})


def _blank_only(choice):
    """A choice that only adds the empty string: drf-spectacular's BlankEnum, or core.api.base's `maxLength: 0`."""
    return choice.get("enum") == [""] or (choice.get("type") == "string" and choice.get("maxLength") == 0)


def _resolve(document, schema):
    """Follow a $ref (or a oneOf/anyOf that only adds a blank or null choice) to the schema it names.

    A choice of "" is kept as `""` among the allowed values of an enum, and as
    `blank: True` beside a format (an email address, or empty).
    """
    while True:
        if "$ref" in schema:
            schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        elif "allOf" in schema and len(schema["allOf"]) == 1:
            schema = {**schema["allOf"][0], **{k: v for k, v in schema.items() if k != "allOf"}}
        elif "oneOf" in schema or "anyOf" in schema:
            # A choice with "" (BlankEnum, or an empty string beside a format), or a schema or null (OpenAPI 3.1).
            choices = [_resolve(document, choice) for choice in schema.get("oneOf") or schema["anyOf"]]
            nullable = any(choice.get("type") == "null" for choice in choices)
            choices = [choice for choice in choices if choice.get("type") != "null"]
            values = [choice for choice in choices if not _blank_only(choice)] or choices
            blank = len(values) < len(choices)
            merged = {**values[0], "enum": [value for choice in values for value in choice.get("enum", [])]}
            if not merged["enum"]:
                del merged["enum"]
                merged["blank"] = blank
            elif blank:
                merged["enum"].append("")
            if nullable:
                merged["type"] = [merged.get("type", "object"), "null"]
            return {**merged, "description": schema.get("description") or values[0].get("description", "")}
        else:
            return schema


def _type_of(document, schema):
    schema = _resolve(document, schema)
    kinds = schema.get("type", "object")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    words = []
    for kind in kinds:
        if kind == "array":
            kind = f"array of {_type_of(document, schema.get('items', {}))}"
        elif kind != "null" and schema.get("format"):
            kind = f"{kind} ({schema['format']})"
        words.append(kind)
    if schema.get("blank"):
        words.append("empty")
    return " or ".join(words)


def _first_paragraph(text):
    return (text or "").split("\n\n")[0].strip()


def reference():
    """The schema arranged for the HTML API page: endpoints with their parameters, and the fields of each
    kind of result."""
    document = openapi_document()
    endpoints = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            parameters = []
            for parameter in operation.get("parameters", []):
                schema = _resolve(document, parameter.get("schema", {}))
                parameters.append(
                    {
                        "name": parameter["name"],
                        "location": parameter["in"],
                        "type": _type_of(document, parameter.get("schema", {})),
                        "allowed": schema.get("enum", []),
                        "description": _first_paragraph(parameter.get("description")),
                    }
                )
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "responses": [
                        {"status": status, "description": response.get("description", "")}
                        for status, response in operation.get("responses", {}).items()
                    ],
                }
            )
    objects = []
    for name in ("Office", "OpeningHours", "Service", "ContactPoint"):
        schema = document["components"]["schemas"][name]
        fields = []
        for field, field_schema in schema["properties"].items():
            resolved = _resolve(document, field_schema)
            fields.append(
                {
                    "name": field,
                    "type": _type_of(document, field_schema),
                    "allowed": resolved.get("enum", []) if resolved.get("type") == "string" else [],
                    "description": _first_paragraph(field_schema.get("description") or resolved.get("description")),
                }
            )
        objects.append({"name": name, "fields": fields})
    return {"endpoints": endpoints, "objects": objects, "info": document["info"]}
