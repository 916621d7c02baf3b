"""An office's position says how precise it is by where it came from, whatever path changed it.

A position worked out from the office's place (a city's centre, a capital) is approximate; one a
person typed is exact. Changing the city of an office placed at its city centre moves it to the
new city's centre, still approximate: through a save, the admin's form, a CSV import, and an
import of the old row back. The map, the API and the GeoJSON say the same.
"""

import json

import pytest
from django.urls import reverse

from offices.models import Office
from offices.tests.factories import OfficeFactory
from tests.support import admin_form_data, response_text

from .test_admin_csv import confirm, office_csv, upload
from .test_loader import PARIS

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris(gazetteer):
    office = OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris", region="europe")
    assert office.coordinates_precision == "city"
    return Office.objects.get(pk=office.pk)


def position(slug="paris"):
    office = Office.objects.get(slug=slug)
    return round(float(office.latitude), 2), round(float(office.longitude), 2), office.coordinates_precision


PARIS_CENTRE = (48.85, 2.35, "city")
LYON_CENTRE = (45.75, 4.85, "city")


def geojson_says_approximate(client):
    (feature,) = json.loads(response_text(client.get("/api/v1/exports/offices.geojson")))["features"]
    return feature["properties"]["approximate"]


def test_a_saved_change_of_city_moves_the_office_to_the_new_city_centre_approximately(paris, client):
    paris.city = "Lyon"
    paris.full_clean()  # the admin's and the import's validation work the position out too
    paris.save()
    assert position() == LYON_CENTRE
    assert geojson_says_approximate(client) is True


def test_a_change_of_city_in_the_admin_is_an_approximate_position(paris, admin_client):
    url = reverse("admin:offices_office_change", args=[paris.pk])
    response = admin_client.post(url, admin_form_data(admin_client.get(url), city="Lyon"))
    assert response.status_code == 302
    assert position() == LYON_CENTRE


def paris_row(**changes):
    office = Office.objects.get(slug="paris")
    return {
        **PARIS,
        "latitude": str(office.latitude),
        "longitude": str(office.longitude),
        "coordinates_precision": office.coordinates_precision,
        **changes,
    }


def test_a_change_of_city_in_an_import_and_the_old_row_back_stay_approximate(paris, admin_client, client):
    exported = paris_row()  # as an export gives it: Paris's centre, "city"
    assert exported["coordinates_precision"] == "city"
    preview = upload(admin_client, office_csv({**exported, "city": "Lyon"}))
    assert "Import finished" in confirm(admin_client, preview).text
    assert position() == LYON_CENTRE
    assert geojson_says_approximate(client) is True
    preview = upload(admin_client, office_csv(exported))
    assert "Import finished" in confirm(admin_client, preview).text
    assert position() == PARIS_CENTRE
    assert geojson_says_approximate(client) is True


def test_coordinates_typed_in_an_import_are_exact(paris, admin_client):
    preview = upload(admin_client, office_csv(paris_row(latitude="48.866667", longitude="2.333333")))
    assert "Import finished" in confirm(admin_client, preview).text
    assert position() == (48.87, 2.33, "exact")


def test_coordinates_typed_in_the_admin_are_exact_and_stay_when_the_city_changes(paris, admin_client):
    url = reverse("admin:offices_office_change", args=[paris.pk])
    typed = admin_form_data(admin_client.get(url), latitude="48.866667", longitude="2.333333")
    assert admin_client.post(url, typed).status_code == 302
    assert position() == (48.87, 2.33, "exact")
    assert admin_client.post(url, admin_form_data(admin_client.get(url), city="Paris 1er")).status_code == 302
    assert position() == (48.87, 2.33, "exact")
