"""/api/v1/schema/: a valid OpenAPI 3 document that lists every endpoint and filter, and tells the truth."""

import json

import pytest
import yaml
from django.core.management import call_command
from django_countries import countries
from jsonschema import FormatChecker
from jsonschema import ValidationError as JsonSchemaError
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from offices.api import OfficeApiFilter
from offices.geography import Prefecture, Region
from offices.models import OfficeKind, OfficeStatus
from offices.tests.factories import DomesticOfficeFactory, OfficeFactory, OpeningHoursFactory
from services.api import ServiceApiFilter
from services.models import Audience, ServiceCategory
from services.tests.factories import ContactPointFactory, ServiceFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/offices/",
    "/api/v1/offices/{slug}/",
    "/api/v1/services/",
    "/api/v1/services/{slug}/",
    "/api/v1/contacts/",
    "/api/v1/contacts/{slug}/",
    "/api/v1/schema/",
    "/api/v1/exports/offices.csv",
    "/api/v1/exports/services.csv",
    "/api/v1/exports/office-services.csv",
    "/api/v1/exports/contacts.csv",
    "/api/v1/exports/hsds.json",
    "/api/v1/exports/offices.geojson",
}


@pytest.fixture
def document(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return json.loads(response.content)


def query_parameters(document, path):
    return {p["name"]: p for p in document["paths"][path]["get"]["parameters"] if p["in"] == "query"}


def test_the_schema_is_a_valid_openapi_3_document(document):
    assert document["openapi"].startswith("3.")
    validate(document)


def test_the_schema_generates_without_a_warning(tmp_path):
    # --fail-on-warn: every field and filter has a known type.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_the_schema_is_also_served_as_yaml(client):
    response = client.get("/api/v1/schema/", headers={"Accept": "application/yaml"})
    assert yaml.safe_load(response.content)["paths"].keys() >= {"/api/v1/offices/"}


def test_the_schema_lists_every_endpoint_read_only(document):
    assert set(document["paths"]) == ENDPOINTS
    for operations in document["paths"].values():
        assert set(operations) == {"get"}


@pytest.mark.parametrize(
    ("path", "filterset"),
    [("/api/v1/offices/", OfficeApiFilter), ("/api/v1/services/", ServiceApiFilter)],
)
def test_the_schema_lists_every_filter_with_a_description(document, path, filterset):
    parameters = query_parameters(document, path)
    assert set(parameters) == {*filterset.base_filters, "page"}
    assert "modified_since" in parameters
    for name, parameter in parameters.items():
        assert parameter.get("description"), name
    assert parameters["modified_since"]["schema"]["format"] == "date-time"
    assert parameters["page"]["schema"] == {"type": "integer", "minimum": 1}


@pytest.mark.parametrize(
    ("path", "name", "allowed"),
    [
        ("/api/v1/offices/", "kind", OfficeKind.values),
        ("/api/v1/offices/", "region", Region.values),
        ("/api/v1/offices/", "prefecture", Prefecture.values),
        ("/api/v1/offices/", "country", [code for code, _name in countries]),
        ("/api/v1/services/", "category", ServiceCategory.values),
        ("/api/v1/services/", "audience", Audience.values),
        ("/api/v1/services/", "country", [code for code, _name in countries]),
    ],
)
def test_the_schema_gives_each_filters_allowed_values(document, path, name, allowed):
    assert sorted(query_parameters(document, path)[name]["schema"]["enum"]) == sorted(allowed)


def conforms(document, component, instance):
    schema = {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
    # Formats checked too (email, uri, date-time), as Schemathesis checks them.
    OAS31Validator(schema, format_checker=FormatChecker()).validate(instance)


def test_real_answers_match_the_schema(client, document):
    berlin = OfficeFactory(slug="berlin", phone="+49 30 123456", latitude="52.5", longitude="13.4")
    OpeningHoursFactory(office=berlin)
    DomesticOfficeFactory(slug="hokkaido")
    OfficeFactory(slug="bonn", status=OfficeStatus.CLOSED, successor=berlin)
    ServiceFactory(slug="ibsc", offices=[berlin], contact=ContactPointFactory(phone="+81 3-3582-5511"), fee="free")
    ServiceFactory(slug="bare")
    conforms(document, "PaginatedOfficeList", client.get("/api/v1/offices/").json())
    conforms(document, "Office", client.get("/api/v1/offices/berlin/").json())
    conforms(document, "PaginatedServiceList", client.get("/api/v1/services/").json())
    conforms(document, "Service", client.get("/api/v1/services/ibsc/").json())


def test_an_email_or_web_address_may_be_empty_as_the_api_gives_it(client, document):
    OfficeFactory(slug="berlin", email="", website="")
    OfficeFactory(slug="paris", email="paris@example.org", website="https://example.org/paris/")
    ServiceFactory(slug="ibsc", contact=ContactPointFactory(email="", website=""))
    for component, field in [("Office", "email"), ("Office", "website"), ("ContactPoint", "email")]:
        schema = document["components"]["schemas"][component]["properties"][field]
        assert {"type": "string", "maxLength": 0} in schema["anyOf"], (component, field)
    conforms(document, "PaginatedOfficeList", client.get("/api/v1/offices/").json())
    conforms(document, "Service", client.get("/api/v1/services/ibsc/").json())
    with pytest.raises(JsonSchemaError, match=r"is not valid under any of the given schemas"):
        conforms(document, "Office", {**client.get("/api/v1/offices/paris/").json(), "email": "not an address"})


@pytest.mark.parametrize("path", ["/api/v1/offices/", "/api/v1/services/"])
def test_every_query_parameter_may_be_sent_empty(document, path):
    for name, parameter in query_parameters(document, path).items():
        assert parameter["allowEmptyValue"] is True, name


@pytest.mark.parametrize(("path", "name"), [("/api/v1/offices/", "service"), ("/api/v1/services/", "office")])
def test_a_slug_filter_says_what_a_slug_looks_like(document, path, name):
    assert query_parameters(document, path)[name]["schema"]["pattern"] == "^[-a-zA-Z0-9_]{1,80}$"


@pytest.mark.parametrize("path", ["/api/v1/offices/", "/api/v1/services/"])
def test_a_list_documents_its_400_and_its_404(document, path):
    responses = document["paths"][path]["get"]["responses"]
    assert {"200", "304", "400", "404"} <= set(responses)
    assert "after the last" in responses["404"]["description"]


def test_the_schema_takes_no_parameter_it_does_not_read(document, client):
    assert "parameters" not in document["paths"]["/api/v1/schema/"]["get"]
    assert client.get("/api/v1/schema/", {"lang": "AAA"}).status_code == 200  # unknown parameters are ignored


@pytest.mark.parametrize("path", ["/api/v1/offices/", "/api/v1/services/"])
def test_the_schema_says_which_queries_are_refused_as_the_api_refuses_them(client, document, path):
    """A NUL or a bidi override in `q` is a 400 (core.text's rule for public text): the schema says so."""
    import re

    q = query_parameters(document, path)["q"]
    assert "Cc and Cf" in q["description"]
    assert q["schema"]["maxLength"] == 200
    pattern = re.compile(q["schema"]["pattern"])
    values = ["paris", "ジェトロ", "a\tb", "<b>", "", "\u200b", " \u3164 ", "\n", "\x00", "pa\x00ris", "a\u202eb"]
    values += ["par\u200bis", "a\x85b", "a\nb", "\U000e0020x", "x" * 200]
    for value in values:
        accepted = client.get(path, {"q": value}).status_code == 200
        assert accepted == bool(pattern.fullmatch(value)), repr(value)
