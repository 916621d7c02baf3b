"""A foreign visitor's questions: where is JETRO for me, here? Search, country pages, the nearest office."""

import io

import pytest
import tablib
from django.core.management import call_command
from django.urls import reverse

from conftest import count_h1, load_gazetteer
from offices.models import CoordinatesPrecision, Office
from offices.resources import OfficeResource
from services.models import Availability
from services.tests.factories import ServiceFactory
from tests.support import response_text

from .factories import DomesticOfficeFactory, OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(gazetteer):
    """Offices in real cities, placed by the gazetteer from their country and city."""
    offices = {
        "geneva": OfficeFactory(slug="geneva", name="JETRO Geneva", country="CH", city="Geneva", region="europe"),
        "paris": OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris", region="europe"),
        "vienna": OfficeFactory(slug="vienna", name="JETRO Vienna", country="AT", city="Vienna", region="europe"),
        "berlin": OfficeFactory(slug="berlin", name="JETRO Berlin", country="DE", city="Berlin", region="europe"),
        "dusseldorf": OfficeFactory(
            slug="dusseldorf", name="JETRO Düsseldorf", country="DE", city="Düsseldorf", region="europe"
        ),
        "london": OfficeFactory(slug="london", name="JETRO London", country="GB", city="London", region="europe"),
        "new-york": OfficeFactory(
            slug="new-york", name="JETRO New York", country="US", city="New York City", region="north_america"
        ),
        "nairobi": OfficeFactory(slug="nairobi", name="JETRO Nairobi", country="KE", city="Nairobi", region="africa"),
        "singapore": OfficeFactory(
            slug="singapore", name="JETRO Singapore", country="SG", city="Singapore", region="asia"
        ),
        "ho-chi-minh-city": OfficeFactory(
            slug="ho-chi-minh-city", name="JETRO Ho Chi Minh", country="VN", city="Ho Chi Minh City", region="asia"
        ),
        "mumbai": OfficeFactory(slug="mumbai", name="JETRO Mumbai", country="IN", city="Mumbai", region="asia"),
        "beijing": OfficeFactory(slug="beijing", name="JETRO Beijing", country="CN", city="Beijing", region="asia"),
        "fukushima": DomesticOfficeFactory(slug="fukushima", name="JETRO Fukushima", prefecture="fukushima", city=""),
        "tokyo": DomesticOfficeFactory(slug="tokyo", name="JETRO Tokyo", prefecture="tokyo", city="Tokyo"),
    }
    return offices


def office_slugs(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [office.slug for office in response.context["page_obj"].object_list]


# --- Coordinates ----------------------------------------------------------------


def test_an_office_is_placed_at_its_city_centre_and_says_so(network):
    geneva = Office.objects.get(slug="geneva")
    assert round(float(geneva.latitude), 1) == 46.2
    assert geneva.coordinates_precision == CoordinatesPrecision.CITY


def test_an_office_in_japan_without_a_city_is_placed_at_its_prefectures_seat_or_capital(network):
    assert Office.objects.get(slug="fukushima").coordinates_precision in ("city", "country")


def test_coordinates_an_editor_typed_are_exact_and_survive_a_save(network):
    paris = Office.objects.get(slug="paris")
    paris.latitude, paris.longitude = "48.866667", "2.333333"
    paris.save()
    paris = Office.objects.get(slug="paris")
    paris.city = "Paris 1er"
    paris.save()
    paris.refresh_from_db()
    assert (str(paris.latitude), paris.coordinates_precision) == ("48.866667", "exact")


# --- Search that forgives ---------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("UK", {"london"}),
        ("USA", {"new-york"}),
        ("United States", {"new-york"}),
        ("Holland", set()),
        ("Germany", {"berlin", "dusseldorf"}),
        ("DE", {"berlin", "dusseldorf"}),
        ("ドイツ", {"berlin", "dusseldorf"}),
        ("米国", {"new-york"}),
        ("NY", {"new-york"}),
        ("Saigon", {"ho-chi-minh-city"}),
        ("Bombay", {"mumbai"}),
        ("Peking", {"beijing"}),
    ],
)
def test_the_directory_understands_countries_and_cities_as_people_write_them(client, network, query, expected):
    assert set(office_slugs(client, f"/offices/?q={query}")) == expected


@pytest.mark.parametrize("query", ["UK", "NY"])
def test_short_queries_match_whole_words_not_letters_inside_words(client, network, query):
    found = set(office_slugs(client, f"/offices/?q={query}"))
    assert not found & {"fukushima", "berlin", "dusseldorf", "nairobi"}


@pytest.mark.parametrize(
    ("query", "country"),
    [("Turkey", "tr"), ("UAE", "ae"), ("Czech Republic", "cz"), ("Ivory Coast", "ci"), ("Holland", "nl"), ("UK", "gb")],
)
def test_a_search_that_names_a_country_leads_to_its_country_page(client, network, query, country):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 302
    assert response["Location"] == reverse("country", args=[country])


@pytest.mark.parametrize(("typo", "meant"), [("dusseldorff", "Düsseldorf"), ("sinagpore", "Singapore")])
def test_a_misspelling_is_answered_with_did_you_mean(client, network, typo, meant):
    page = client.get("/search/", {"q": typo}).content.decode()
    assert "Did you mean" in page
    assert f">{meant}</a>" in page


def test_an_it_search_is_not_taken_for_italy(client, network):
    assert client.get("/search/", {"q": "IT"}).status_code == 200


# --- Country pages ------------------------------------------------------------------


def test_a_country_without_an_office_says_so_and_lists_the_nearest_offices(client, network):
    ServiceFactory(name="J-messe", availability=Availability.ANYWHERE)
    page = client.get("/countries/si/").content.decode()
    assert "JETRO has no office in Slovenia." in page
    assert page.index("JETRO Vienna") < page.index("JETRO Geneva")
    assert " km" in page
    assert "Available from anywhere" in page
    assert "J-messe" in page


def test_a_country_page_lists_its_offices_with_their_contact_details(client, network):
    OfficeFactory(
        slug="hamburg",
        name="JETRO Hamburg",
        country="DE",
        city="Hamburg",
        timezone="Europe/Berlin",
        phone="+4940123456",
    )
    page = client.get("/countries/de/").content.decode()
    assert "JETRO has 3 offices in Germany." in page
    assert 'href="tel:+4940123456"' in page
    assert "Europe/Berlin" in page


def test_every_country_has_a_page_and_an_unknown_code_is_a_friendly_404(client, db):
    assert client.get("/countries/no/").status_code == 200
    assert client.get("/ja/countries/no/").status_code == 200
    assert client.get("/countries/zz/").status_code == 404
    assert client.get("/countries/deu/").status_code == 404
    assert client.get("/countries/DE/")["Location"] == "/countries/de/"


def test_the_country_index_lists_every_country_in_the_readers_order(client, db):
    english = client.get("/countries/").content.decode()
    assert english.index("Slovenia") < english.index("Spain")
    japanese = client.get("/ja/countries/").content.decode()
    # 五十音: アイスランド (a) before 日本 (ni) before ベトナム (be).
    assert japanese.index("アイスランド") < japanese.index("日本") < japanese.index("ベトナム")
    assert count_h1(client.get("/countries/")) == 1


def test_the_country_page_costs_the_same_queries_for_1_or_20_offices(assert_constant_queries, db):
    assert_constant_queries(
        "/countries/de/", lambda n: OfficeFactory.create_batch(n, country="DE", city="Berlin"), limit=8
    )


# --- Nearest office -------------------------------------------------------------


def test_near_lyon_answers_jetro_geneva_first_with_distances(client, network):
    page = client.get("/offices/nearest/", {"near": "Lyon"}).content.decode()
    assert page.index("JETRO Geneva") < page.index("JETRO Paris")
    assert "Lyon, France" in page
    assert " km" in page


def test_near_understands_japanese_and_coordinates_and_prefectures(client, network):
    for near in ("リヨン", "46.2, 6.14", "Tokyo", "東京", "Aomori"):
        response = client.get("/offices/nearest/", {"near": near})
        assert response.status_code == 200
        assert response.context["nearby"], near


def test_an_ambiguous_place_answers_the_largest_and_offers_the_others(client, network):
    page = client.get("/offices/nearest/", {"near": "Paris"}).content.decode()
    assert "Nearest to Paris, France" in page
    assert "Paris, Texas, United States" in page
    texas = client.get("/offices/nearest/", {"near": "Paris, Texas, United States"})
    assert texas.context["reading"].origin.country == "US"


@pytest.mark.parametrize(
    ("near", "message"),
    [
        ("x" * 5000, "in at most 200 characters"),
        ("Lyon\x00", "in at most 200 characters"),
        ("91, 10", "Latitude must be between -90 and 90"),
        ("Atlantis", "No place called “Atlantis” was found."),
    ],
)
def test_bad_input_on_near_gets_a_message_and_the_form_back(client, network, near, message):
    response = client.get("/offices/nearest/", {"near": near})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "\x00" not in page
    assert 'name="near"' in page


def test_an_empty_near_shows_the_form(client, db):
    response = client.get("/offices/nearest/", {"near": ""})
    assert response.status_code == 200
    assert 'name="near"' in response.content.decode()


def test_the_nearest_page_costs_a_bounded_number_of_queries_for_1_or_20_offices(
    client, gazetteer, django_assert_max_num_queries
):
    """The box around the place widens until it holds enough offices (offices.nearest): where
    offices are few, it takes a few more index probes; never more than the steps there are."""
    for count in (1, 19):
        OfficeFactory.create_batch(count, country="CH", city="Geneva", region="europe")
        with django_assert_max_num_queries(10):
            response = client.get("/offices/nearest/?near=Lyon")
        assert response.status_code == 200
        assert len(response.context["nearby"]) == min(5, 1 + (count > 1) * 19)


def test_loading_the_shipped_data_keeps_coordinates_an_editor_set(network):
    """The shipped offices.csv has no coordinates; loading it never clears the exact ones an editor set."""
    paris = Office.objects.get(slug="paris")
    paris.latitude, paris.longitude = "48.866667", "2.333333"
    paris.save()
    exported = OfficeResource().export(queryset=Office.objects.filter(slug="paris"))
    columns = [column for column in exported.headers if column != "coordinates_precision"]
    row = dict(zip(exported.headers, exported[0], strict=True))
    row.update(latitude="", longitude="", city="Paris")
    shipped = tablib.Dataset([row[column] for column in columns], headers=columns)
    result = OfficeResource().import_data(shipped, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    paris.refresh_from_db()
    assert (str(paris.latitude), paris.coordinates_precision) == ("48.866667", "exact")


def test_the_sitemap_lists_every_country_page_the_map_and_the_nearest_office_in_both_languages(client, db):
    body = response_text(client.get("/sitemap.xml"))
    for path in ("/countries/si/", "/ja/countries/si/", "/countries/", "/offices/map/", "/offices/nearest/"):
        assert f"<loc>http://testserver{path}</loc>" in body


def test_japanese_keywords_find_the_services_their_names_do_not_use(client, db):
    ServiceFactory(slug="trade-fairs", name="Trade fair support", category="events_trade_fairs")
    ServiceFactory(slug="ip", name="Patent desk", category="intellectual_property")
    for url in ("/services/?q=展示会", "/api/v1/services/?q=展示会"):
        body = client.get(url).content.decode()
        assert "trade-fairs" in body or "Trade fair support" in body, url
        assert "Patent desk" not in body


def test_locate_offices_places_offices_saved_before_the_gazetteer_and_leaves_exact_ones(db, gazetteer_records):
    lyon_office = OfficeFactory(slug="lyon", country="FR", city="Lyon", timezone="Europe/Paris")
    exact = OfficeFactory(slug="geneva", country="CH", city="Geneva", latitude="46.2", longitude="6.15")
    assert lyon_office.latitude is None
    load_gazetteer(gazetteer_records)
    call_command("locate_offices", stdout=io.StringIO())
    lyon_office.refresh_from_db()
    exact.refresh_from_db()
    assert lyon_office.coordinates_precision == "city"
    assert round(float(lyon_office.latitude), 1) == 45.7
    assert (str(exact.latitude), exact.coordinates_precision) == ("46.200000", "exact")


def test_the_country_index_costs_the_same_queries_for_1_or_20_offices(assert_constant_queries, db):
    assert_constant_queries(
        "/countries/", lambda n: OfficeFactory.create_batch(n, country="DE", city="Berlin"), limit=4
    )


@pytest.mark.parametrize("code", ["x" * 5000, "d\x00", "%00", "zz", "deu"])
def test_a_bad_country_code_is_a_404_never_a_500(client, db, code):
    assert client.get(f"/countries/{code}/").status_code == 404


def test_japanese_reads_as_japanese_hours_and_the_admins_history(client, admin_client):
    office = OfficeFactory(slug="paris", country="FR", city="Paris", timezone="Europe/Paris")
    assert "営業時間" in client.get("/ja/offices/paris/").content.decode()
    history = admin_client.get(f"/ja/admin/offices/office/{office.pk}/change/").content.decode()
    assert "変更履歴" in history


def test_japanese_dates_read_as_japanese(client, db):
    from offices.tests.factories import StaffCountFactory

    StaffCountFactory(as_of="2019-04-01")
    about = client.get("/ja/about/").content.decode()
    assert "2019年4月" in about
    assert "4月 2019" not in about
