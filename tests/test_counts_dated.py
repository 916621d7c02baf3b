"""Wherever the site counts offices it says the date the counts describe (issue 22, item 4), so that a
visitor years later knows they are not today's; offices the reference data records as opened later
are named on their country's page with their source, never counted."""

import pytest

from offices.opened_later import opened_later
from offices.tests.factories import DomesticOfficeFactory, OfficeFactory

pytestmark = pytest.mark.django_db

ENGLISH = "as published by JETRO, January 2020"
JAPANESE = "2020年1月時点"


@pytest.fixture
def offices(gazetteer):
    OfficeFactory(slug="berlin", name="JETRO Berlin", country="DE", city="Berlin")
    OfficeFactory(slug="dusseldorf", name="JETRO Düsseldorf", country="DE", city="Düsseldorf")
    OfficeFactory(slug="nairobi", name="JETRO Nairobi", country="KE", city="Nairobi", region="africa")
    DomesticOfficeFactory(slug="sapporo", name="JETRO Hokkaido")


@pytest.mark.parametrize(
    "url", ["/", "/about/", "/countries/", "/countries/de/", "/countries/si/", "/search/?q=berlin", "/offices/"]
)
@pytest.mark.parametrize(("language", "date"), [("", ENGLISH), ("/ja", JAPANESE)])
def test_every_page_that_counts_offices_says_when_the_counts_are_from(client, offices, url, language, date):
    response = client.get(f"{language}{url}")
    assert response.status_code == 200
    assert date in response.text


def test_a_country_page_dates_its_count(client, offices):
    page = client.get("/countries/de/").text
    assert 'JETRO has 2 offices in Germany. <span class="as-of">(as published by JETRO, January 2020)</span>' in page
    japanese = client.get("/ja/countries/de/").text
    assert "（2020年1月時点、ジェトロ公表）" in japanese


def test_the_directory_says_its_figures_describe_january_2020(client, offices):
    home = client.get("/").text
    assert "This directory lists 3 overseas offices in 2 countries and 1 regional office in Japan, as published" in home


@pytest.mark.parametrize(
    ("code", "city", "month", "source"),
    [
        ("de", "Munich", "July 2020", "stmwi.bayern.de"),
        ("gh", "Accra", "November 2021", "gna.org.gh"),
        ("ua", "Kyiv", "October 2024", "ukrinform.jp"),
    ],
)
def test_an_office_opened_later_is_named_on_its_country_page_with_its_source_and_not_counted(
    client, offices, code, city, month, source
):
    page = client.get(f"/countries/{code}/").text
    assert f"An office in {city}, opened in {month}." in page
    assert f">{source}</a>" in page
    assert "Opened after January 2020" in page
    japanese = client.get(f"/ja/countries/{code}/").text
    assert "2020年1月より後に開設" in japanese
    assert f">{source}</a>" in japanese


def test_offices_opened_later_are_not_counted(client, offices):
    assert "JETRO has 2 offices in Germany." in client.get("/countries/de/").text
    assert "JETRO has no office in Ghana." in client.get("/countries/gh/").text
    assert client.get("/offices/?country=DE").context["paginator"].count == 2


def test_the_opened_later_data_holds_what_the_reference_notes_record():
    assert [(o.city, o.opened.isoformat()) for o in opened_later("DE")] == [("Munich", "2020-07-01")]
    assert [o.city for o in opened_later("GH")] == ["Accra"]
    assert [o.city for o in opened_later("UA")] == ["Kyiv"]
    assert opened_later("FR") == []
    for code in ("DE", "GH", "UA"):
        assert all(o.source.startswith("https://") for o in opened_later(code))
