"""/api/v1/exports/offices.geojson: published offices as an RFC 7946 FeatureCollection."""

import json

import pytest

from offices.tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/exports/offices.geojson"


def collection(client, **headers):
    response = client.get(URL, headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(body)


def test_the_geojson_is_a_feature_collection_of_published_offices_with_longitude_first(client, gazetteer):
    OfficeFactory(slug="geneva", name="JETRO Geneva", country="CH", city="Geneva", source="https://example.org/g")
    OfficeFactory(slug="hidden", name="JETRO Hidden", country="CH", city="Geneva", is_published=False)
    OfficeFactory(slug="nowhere", name="JETRO Nowhere", country="CH", city="Atlantis", timezone="Europe/Zurich")
    data = collection(client)
    assert data["type"] == "FeatureCollection"
    features = {feature["id"]: feature for feature in data["features"]}
    assert set(features) == {"geneva", "nowhere"}
    geneva = features["geneva"]
    assert geneva["type"] == "Feature"
    longitude, latitude = geneva["geometry"]["coordinates"]
    assert geneva["geometry"]["type"] == "Point"
    assert (round(longitude), round(latitude)) == (6, 46)
    assert geneva["properties"]["coordinates_precision"] == "city"
    assert geneva["properties"]["approximate"] is True
    assert geneva["properties"]["source"] == "https://example.org/g"
    assert geneva["properties"]["url"] == "http://testserver/offices/geneva/"
    # An office the gazetteer cannot place is placed at its country's capital, or has no geometry at all.
    assert features["nowhere"]["geometry"] is None or features["nowhere"]["properties"]["approximate"]


def test_the_geojson_answers_a_client_that_asks_for_geojson(client, db):
    OfficeFactory(slug="paris", country="FR", city="Paris")
    assert collection(client, accept="application/geo+json")["type"] == "FeatureCollection"


def test_the_office_api_gives_the_precision_and_the_source(client, gazetteer):
    OfficeFactory(slug="geneva", country="CH", city="Geneva", source="https://example.org/g", source_as_of="2019")
    data = client.get("/api/v1/offices/geneva/").json()
    assert data["coordinates_precision"] == "city"
    assert (data["source"], data["source_as_of"]) == ("https://example.org/g", "2019")
