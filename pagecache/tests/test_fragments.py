"""Pieces of pages kept for the generation (pagecache.fragments): quicker misses, never a stale piece."""

from datetime import UTC

import pytest
from django.core.cache import caches

from offices.tests.factories import OfficeFactory
from pagecache.fragments import ALIAS, key
from pagecache.generation import bump, current
from services.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_copies(settings):
    """Every request renders its page, from the pieces kept: what a page-cache miss does."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def rendered(monkeypatch):
    """The names of the pieces rendered (and so stored), in order."""
    names = []
    pieces = caches[ALIAS]
    real_set = pieces.set

    def spy(piece_key, *args, **kwargs):
        names.append(piece_key.split(".")[2])
        return real_set(piece_key, *args, **kwargs)

    monkeypatch.setattr(pieces, "set", spy)
    return names


@pytest.fixture
def paris():
    return OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris")


def test_a_row_rendered_for_one_page_serves_the_next(client, paris, rendered):
    assert "JETRO Paris" in client.get("/offices/").text
    assert "office-row" in rendered
    rendered.clear()
    again = client.get("/offices/?q=paris")
    assert "JETRO Paris" in again.text
    assert "office-row" not in rendered, "the row came from the first page"
    assert "footer" not in rendered


@pytest.mark.parametrize(
    "page",
    ["/offices/", "/offices/?q=paris", "/search/?q=paris", "/countries/fr/"],
)
def test_an_edit_shows_at_once(client, paris, page):
    assert "JETRO Paris" in client.get(page).text
    paris.name = "JETRO Paris (Champs-Élysées)"
    paris.save()
    assert "JETRO Paris (Champs-Élysées)" in client.get(page).text


def test_the_nearest_offices_follow_an_edit_at_once_and_keep_their_own_distances(client, paris):
    paris.latitude, paris.longitude = 48.8566, 2.3522
    paris.save()
    assert "JETRO Paris" in client.get("/offices/nearest/", {"near": "48.85,2.35"}).text
    paris.name = "JETRO Paris (Champs-Élysées)"
    paris.save()
    near = client.get("/offices/nearest/", {"near": "48.85,2.35"}).text
    far = client.get("/offices/nearest/", {"near": "51.5,-0.12"}).text
    assert "JETRO Paris (Champs-Élysées)" in near
    assert "JETRO Paris (Champs-Élysées)" in far
    assert "0.8 km" in near
    assert "343 km" in far


def test_unpublishing_takes_the_row_away_at_once(client, paris):
    OfficeFactory(slug="lyon", name="JETRO Lyon", country="FR", city="Lyon")
    client.get("/offices/")
    paris.is_published = False
    paris.save()
    listing = client.get("/offices/").text
    assert "JETRO Paris" not in listing
    assert "JETRO Lyon" in listing


def test_a_renamed_service_shows_at_once_in_the_cards_and_the_filter_menu(client, paris):
    service = ServiceFactory(name="Trade fair support", slug="trade-fairs")
    service.offices.add(paris)
    assert "Trade fair support" in client.get("/services/").text
    assert "Trade fair support" in client.get("/offices/").text  # the "Service offered" menu
    service.name = "Support at trade fairs"
    service.save()
    assert "Support at trade fairs" in client.get("/services/").text
    assert "Support at trade fairs" in client.get("/offices/").text
    assert "Trade fair support" not in client.get("/offices/").text


def test_each_language_has_its_own_pieces(client, paris):
    assert '<a href="/offices/" aria-current="page">Offices</a>' in client.get("/offices/").text
    japanese = client.get("/ja/offices/").text
    assert "事務所" in japanese
    assert '<a href="/offices/" aria-current="page">Offices</a>' not in japanese


def test_the_main_menu_marks_the_page_it_is_on(client, paris):
    assert '<a href="/offices/" aria-current="page">' in client.get("/offices/").text
    services = client.get("/services/").text
    assert '<a href="/services/" aria-current="page">' in services
    assert '<a href="/offices/" aria-current="page">' not in services


def test_a_filter_menu_keeps_the_choice_of_each_page(client, paris):
    OfficeFactory(slug="berlin", name="JETRO Berlin", country="DE", city="Berlin")
    assert '<option value="FR" selected>' in client.get("/offices/?country=FR").text
    germany = client.get("/offices/?country=DE").text
    assert '<option value="DE" selected>' in germany
    assert '<option value="FR" selected>' not in germany


def test_a_save_moves_the_generation_the_pieces_are_kept_under(client, paris):
    client.get("/offices/")
    before = current()
    row = key("office-row", ["en", paris.pk])
    assert caches[ALIAS].get(row, version=before) is not None
    bump()
    assert caches[ALIAS].get(row, version=before + 1) is None


@pytest.mark.parametrize(
    "page, before, after",
    [
        ("/", 'Europe</a> <span class="count">1 office</span>', 'Europe</a> <span class="count">2 offices</span>'),
        ("/about/", "Europe</a></th><td>1</td>", "Europe</a></th><td>2</td>"),
    ],
)
def test_the_figures_follow_a_new_office_at_once(client, paris, page, before, after):
    assert before in client.get(page).text
    OfficeFactory(slug="lyon", name="JETRO Lyon", country="FR", city="Lyon")
    assert after in client.get(page).text


def test_a_page_whose_pieces_are_all_kept_runs_no_query_but_the_generation(client, paris, django_assert_num_queries):
    client.get("/about/")
    with django_assert_num_queries(1):
        assert client.get("/about/").status_code == 200


def test_a_contact_points_new_phone_shows_at_once(client):
    from services.tests.factories import ContactPointFactory

    desk = ContactPointFactory(division="Invest Japan Desk", phone="")
    assert "Invest Japan Desk" in client.get("/contacts/").text
    desk.phone = "+81 3 3582 5571"
    desk.save()
    assert 'href="tel:+81335825571"' in client.get("/contacts/").text


@pytest.mark.parametrize("page", ["/offices/", "/offices/?country=FR", "/offices/?country=FR&page=1"])
def test_the_directorys_count_and_pages_follow_a_new_office_at_once(client, paris, page):
    assert ">1 office<" in client.get(page).text
    OfficeFactory(slug="lyon", name="JETRO Lyon", country="FR", city="Lyon")
    again = client.get(page).text
    assert ">2 offices<" in again
    assert "JETRO Lyon" in again


def test_the_same_question_reuses_its_pages_layout(client, paris, django_assert_max_num_queries):
    with django_assert_max_num_queries(10) as first:
        client.get("/offices/?country=FR")
    with django_assert_max_num_queries(len(first) - 1):
        client.get("/offices/?page=1&country=FR")


def test_the_countries_and_a_country_page_follow_a_new_office_at_once(client, paris):
    assert 'href="/countries/de/">Germany</a></li>' in client.get("/countries/").text
    assert "Nearest JETRO offices" in client.get("/countries/de/").text
    OfficeFactory(slug="berlin", name="JETRO Berlin", country="DE", city="Berlin", timezone="Europe/Berlin")
    assert 'href="/countries/de/">Germany</a> <span class="meta">1 office</span>' in client.get("/countries/").text
    germany = client.get("/countries/de/").text
    assert "JETRO has 1 office in Germany." in germany
    assert "JETRO Berlin" in germany
    assert "(Europe/Berlin)" in germany


def test_an_office_pages_edit_shows_at_once_and_its_clock_stays_live(client, paris, settings):
    from datetime import datetime

    from django.utils import timezone as django_timezone

    paris.timezone = "Europe/Paris"
    paris.save()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(django_timezone, "now", lambda: datetime(2026, 12, 1, 8, 0, tzinfo=UTC))
        assert "<strong>09:00</strong>" in client.get("/offices/paris/").text
        patch.setattr(django_timezone, "now", lambda: datetime(2026, 12, 1, 14, 30, tzinfo=UTC))
        assert "<strong>15:30</strong>" in client.get("/offices/paris/").text
    paris.phone = "+33 1 42 61 27 27"
    paris.save()
    assert 'href="tel:+33142612727"' in client.get("/offices/paris/").text


def test_the_admins_preview_is_never_kept(client, paris, rf):
    from offices.views import render_office

    client.get("/offices/paris/")
    paris.name = "JETRO Paris (not saved)"
    request = rf.get("/offices/paris/")
    assert "JETRO Paris (not saved)" in render_office(request, paris, preview=True).content.decode()
    caches[ALIAS].clear()
    render_office(rf.get("/offices/paris/"), paris, preview=True)
    assert "JETRO Paris (not saved)" not in client.get("/offices/paris/").text


@pytest.mark.parametrize("page", ["/services/", "/services/?country=FR", "/services/?page=1&q=trade"])
def test_the_catalogues_count_follows_a_new_service_at_once(client, paris, page):
    ServiceFactory(name="Trade fair support", slug="trade-fairs", offices=[paris])
    assert ">1 service<" in client.get(page).text
    ServiceFactory(name="Trade mission support", slug="trade-missions", offices=[paris])
    assert ">2 services<" in client.get(page).text


def test_a_service_newly_offered_at_an_office_is_listed_for_its_country_at_once(client, paris):
    service = ServiceFactory(name="Trade mission support", slug="trade-missions")
    assert "Trade mission support" not in client.get("/services/", {"country": "FR"}).text
    paris.services.add(service)
    assert "Trade mission support" in client.get("/services/", {"country": "FR"}).text


def test_an_empty_answers_broader_question_counts_a_new_office_at_once(client, paris):
    page = "/offices/?country=FR&q=marseille"
    assert "1 result without the filter Search: “marseille”" in client.get(page).text
    OfficeFactory(slug="lyon", name="JETRO Lyon", country="FR", city="Lyon")
    assert "2 results without the filter Search: “marseille”" in client.get(page).text


def test_the_nearest_offices_from_kept_positions_are_those_measuring_every_office_finds(
    client, django_assert_max_num_queries
):
    from tests.test_scale_caps import brute_force, crowd

    crowd(40, 46.2, 6.14, spread=0.3)
    crowd(30, 13.75, 100.5, spread=0.2, city="Bangkok", country="TH")
    crowd(3, -33.87, 151.21, city="Sydney", country="AU")
    crowd(2, -13.8, -171.8, city="Apia", country="WS")
    crowd(15, 37.57, 126.98, city="Seoul", country="KR")  # more at one position than are kept there
    client.get("/offices/nearest/", {"near": "0,0"})  # the positions are read once for the generation
    points = [(45.76, 4.84), (46.2, 6.14), (10.0, 100.0), (-33.9, 151.2), (-14.0, 178.9), (89, 0), (37.5, 127.0)]
    for latitude, longitude in points:
        with django_assert_max_num_queries(3) as queries:
            nearby = client.get("/offices/nearest/", {"near": f"{latitude},{longitude}"}).context["nearby"]
        assert [item.office.pk for item in nearby] == brute_force(latitude, longitude, 5)
        assert not any("ROW_NUMBER" in query["sql"] for query in queries.captured_queries), "no box was read"


def test_a_newly_placed_office_is_the_nearest_at_once(client, paris):
    paris.latitude, paris.longitude = 48.8566, 2.3522
    paris.save()
    assert client.get("/offices/nearest/", {"near": "45.76,4.84"}).context["nearby"][0].office == paris
    lyon = OfficeFactory(slug="lyon", name="JETRO Lyon", country="FR", city="Lyon", latitude=45.76, longitude=4.84)
    assert client.get("/offices/nearest/", {"near": "45.76,4.84"}).context["nearby"][0].office == lyon


def test_a_new_combination_of_filters_reuses_each_menu_already_rendered(client, paris):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/offices/?kind=overseas")
    client.get("/offices/?region=europe")
    with CaptureQueriesContext(connection) as queries:
        text = client.get("/offices/?kind=overseas&region=europe").text
    assert "JETRO Paris" in text
    assert 'name="service"' in text
    # The menu of services, rendered for the first two pages, is not read again for the third.
    assert not [query for query in queries if "services_service" in query["sql"]]


def test_the_directory_and_the_country_index_each_show_their_own_list_of_countries(client, paris):
    assert "JETRO has offices in" not in client.get("/offices/").text
    assert "JETRO has offices in 1 country listed here" in client.get("/countries/").text
    caches[ALIAS].clear()
    assert "JETRO has offices in" in client.get("/countries/").text
    assert "JETRO has offices in" not in client.get("/offices/").text


def test_each_piece_has_a_name_of_its_own():
    import re
    from collections import defaultdict
    from pathlib import Path

    from django.conf import settings

    used = defaultdict(set)
    for template in Path(settings.BASE_DIR).glob("**/templates/**/*.html"):
        if ".venv" in template.parts or "node_modules" in template.parts:
            continue
        for name in re.findall(r'{% fragment "([^"]+)"', template.read_text(encoding="utf-8")):
            used[name].add(str(template.relative_to(settings.BASE_DIR)))
    assert used, "no piece found"
    assert {name: places for name, places in used.items() if len(places) > 1} == {}
