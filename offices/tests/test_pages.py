import csv
import datetime
import io
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from conftest import count_h1
from offices.models import Office, OfficeKind, OfficeStatus
from services.tests.factories import ContactPointFactory, ServiceFactory

from .factories import DomesticOfficeFactory, OfficeFactory, OpeningHoursFactory

pytestmark = pytest.mark.django_db


def headings(response, level):
    return [
        re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", response.text, re.S)
    ]


# The directory


def test_directory_lists_published_offices_with_one_h1(client):
    OfficeFactory(name="JETRO Paris", country="FR", city="Paris")
    OfficeFactory(name="JETRO Hidden", is_published=False)
    response = client.get(reverse("offices:list"))
    assert response.status_code == 200
    assert count_h1(response) == 1
    assert "JETRO Paris" in response.text
    assert "JETRO Hidden" not in response.text


def test_directory_groups_japan_first_then_regions_then_countries(client):
    OfficeFactory(name="JETRO Paris", country="FR", city="Paris", region="europe")
    OfficeFactory(name="JETRO Berlin", country="DE", city="Berlin", region="europe")
    OfficeFactory(name="JETRO Bangkok", country="TH", city="Bangkok", region="asia")
    DomesticOfficeFactory(name="JETRO Osaka Regional", prefecture="osaka")
    DomesticOfficeFactory(name="JETRO Hokkaido", prefecture="hokkaido")
    OfficeFactory(name="JETRO Headquarters", kind=OfficeKind.HEADQUARTERS, country="JP", prefecture="tokyo")
    response = client.get(reverse("offices:list"))
    assert headings(response, 2) == [
        "Countries with a JETRO office",
        "Japan",
        "Japan: Hokkaido",
        "Japan: Kinki",
        "Asia",
        "Europe",
    ]
    assert headings(response, 3) == [
        "Headquarters and national bodies",
        "Hokkaido",
        "Osaka",
        "Thailand",
        "France",
        "Germany",
    ]
    text = response.text
    assert text.index("JETRO Headquarters") < text.index("JETRO Hokkaido") < text.index("JETRO Osaka Regional")
    assert text.index("JETRO Bangkok") < text.index("JETRO Paris") < text.index("JETRO Berlin")


def test_the_directory_opens_with_a_country_index_that_leads_to_country_pages(client):
    OfficeFactory(name="JETRO Nairobi", country="KE", city="Nairobi", region="africa")
    OfficeFactory(name="JETRO Paris", country="FR", city="Paris", region="europe")
    page = client.get(reverse("offices:list")).text
    index = page[page.index('class="country-index"') : page.index("</nav>", page.index('class="country-index"'))]
    assert index.index('href="/countries/fr/">France</a>') < index.index('href="/countries/ke/">Kenya</a>')
    japanese = client.get("/ja/offices/").text
    # 五十音: ケニア (ke) before フランス (fu).
    assert japanese.index(">ケニア</a>") < japanese.index(">フランス</a>")


def test_the_home_pages_country_menu_leads_to_the_country_page(client, db):
    assert 'name="country"' in client.get("/").text
    assert client.get("/countries/", {"country": "si"})["Location"] == "/countries/si/"
    assert client.get("/countries/", {"country": "zz"}).status_code == 404


def test_country_filter_lists_only_that_countrys_offices(client):
    OfficeFactory(name="JETRO Paris", country="FR")
    OfficeFactory(name="JETRO Berlin", country="DE")
    response = client.get(reverse("offices:list"), {"country": "fr"})
    assert "JETRO Paris" in response.text
    assert "JETRO Berlin" not in response.text


@pytest.mark.parametrize(
    ("params", "found", "not_found"),
    [
        ({"q": "sao paulo"}, "JETRO São Paulo", "JETRO Düsseldorf"),
        ({"q": "DÜSSELDORF"}, "JETRO Düsseldorf", "JETRO São Paulo"),
        ({"q": "dusseldorf"}, "JETRO Düsseldorf", "JETRO São Paulo"),
        ({"q": "デュッセルドルフ"}, "JETRO Düsseldorf", "JETRO São Paulo"),
        ({"q": "Germany"}, "JETRO Düsseldorf", "JETRO São Paulo"),
        ({"q": "DE"}, "JETRO Düsseldorf", "JETRO São Paulo"),
        ({"q": "ドイツ"}, "JETRO Düsseldorf", "JETRO São Paulo"),
        ({"q": "ジェトロ北海道"}, "JETRO Hokkaido", "JETRO Düsseldorf"),
        ({"q": "北海道"}, "JETRO Hokkaido", "JETRO Düsseldorf"),
        ({"kind": "domestic"}, "JETRO Hokkaido", "JETRO Düsseldorf"),
        ({"region": "latin_america"}, "JETRO São Paulo", "JETRO Hokkaido"),
        ({"prefecture": "hokkaido"}, "JETRO Hokkaido", "JETRO São Paulo"),
    ],
)
def test_search_and_filters_find_the_right_office(client, params, found, not_found):
    OfficeFactory(
        name="JETRO São Paulo", name_ja="ジェトロ・サンパウロ", country="BR", city="São Paulo", region="latin_america"
    )
    OfficeFactory(
        name="JETRO Düsseldorf",
        name_ja="ジェトロ・デュッセルドルフ",
        country="DE",
        city="Düsseldorf",
        timezone="Europe/Berlin",
    )
    DomesticOfficeFactory(name="JETRO Hokkaido", name_ja="ジェトロ北海道")
    response = client.get(reverse("offices:list"), params)
    assert found in response.text
    assert not_found not in response.text


def test_service_filter_lists_the_offices_that_offer_it(client):
    paris, berlin = OfficeFactory(name="JETRO Paris", country="FR"), OfficeFactory(name="JETRO Berlin")
    ServiceFactory(slug="ibsc", name="IBSC", offices=[paris])
    response = client.get(reverse("offices:list"), {"service": "ibsc"})
    assert "JETRO Paris" in response.text
    assert berlin.name not in response.text


def test_active_filters_are_shown_and_each_can_be_removed(client):
    OfficeFactory(name="JETRO Paris", country="FR", city="Paris")
    response = client.get(reverse("offices:list"), {"country": "FR", "q": "paris"})
    assert "Country: <strong>France</strong>" in response.text
    assert "Search: <strong>“paris”</strong>" in response.text
    assert 'href="?q=paris"' in response.text  # removes the country
    assert 'href="?country=FR"' in response.text  # removes the search
    assert "Clear all filters" in response.text


def test_an_empty_result_says_what_was_searched_and_offers_a_broader_one(client):
    OfficeFactory(name="JETRO Paris", country="FR", city="Paris")
    OfficeFactory(name="JETRO Lyon", country="FR", city="Lyon")
    response = client.get(reverse("offices:list"), {"country": "FR", "q": "berlin"})
    assert "No office matches your search." in response.text
    assert "You asked for:" in response.text
    assert "2 results without the filter Search: “berlin”" in response.text
    assert 'href="?country=FR"' in response.text
    assert f'href="{reverse("offices:list")}"' in response.text


def test_pagination_keeps_the_filters(client):
    OfficeFactory.create_batch(55, country="FR", city="Paris")
    response = client.get(reverse("offices:list"), {"country": "FR"})
    assert "Page 1 of 2" in response.text
    assert 'href="?country=FR&amp;page=2"' in response.text
    second = client.get(reverse("offices:list"), {"country": "FR", "page": 2})
    assert "Page 2 of 2" in second.text


def test_the_country_menu_offers_only_countries_with_offices(client):
    OfficeFactory(country="FR")
    OfficeFactory.create_batch(2, country="BR", region="latin_america", city="São Paulo")
    OfficeFactory(country="KE", region="africa", city="Nairobi", is_published=False)
    response = client.get(reverse("offices:list"))
    assert '<option value="FR">France</option>' in response.text
    assert '<option value="BR">Brazil</option>' in response.text
    assert '<option value="ZW">' not in response.text
    # A country whose only office is a draft is not offered.
    assert '<option value="KE">' not in response.text


def test_the_countries_with_public_offices_are_each_listed_once_in_code_order(db):
    for country, region, city in [
        ("FR", "europe", "Paris"),
        ("BR", "latin_america", "São Paulo"),
        ("FR", "europe", "Lyon"),
        ("US", "north_america", "New York"),
    ]:
        OfficeFactory(country=country, region=region, city=city)
    OfficeFactory(country="KE", region="africa", is_published=False)
    assert Office.objects.public_countries() == ["BR", "FR", "US"]


# The office page


def test_office_page_shows_contact_details_and_names_in_both_scripts(client):
    office = OfficeFactory(
        name="JETRO Paris", name_ja="ジェトロ・パリ", phone="+33 1 42 61 27 27", fax="+33 1 42 61 19 46", country="FR"
    )
    response = client.get(office.get_absolute_url())
    assert response.status_code == 200
    assert count_h1(response) == 1
    assert '<span lang="ja">ジェトロ・パリ</span>' in response.text
    assert 'href="tel:+33142612727">+33 1 42 61 27 27</a>' in response.text
    assert 'href="tel:+33142611946"' in response.text


def test_office_page_shows_local_time_and_opening_hours(client):
    office = OfficeFactory(country="FR", city="Paris", timezone="Europe/Paris")
    OpeningHoursFactory(office=office, weekday=0, opens="09:30", closes="17:30")
    response = client.get(office.get_absolute_url())
    assert "Local time at the office:" in response.text
    assert "Europe/Paris" in response.text
    assert "09:30–17:30" in response.text


def test_office_page_says_whether_the_office_is_open_now(client, monkeypatch):
    office = OfficeFactory(country="FR", city="Paris", timezone="Europe/Paris")
    OpeningHoursFactory(office=office, weekday=0, opens="09:30", closes="17:30")
    monday_morning_in_paris = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)  # 10:00 in Paris
    monkeypatch.setattr("offices.views.timezone.now", lambda: monday_morning_in_paris)
    assert "Open now, until 17:30." in client.get(office.get_absolute_url()).text
    monkeypatch.setattr("offices.views.timezone.now", lambda: monday_morning_in_paris + datetime.timedelta(hours=9))
    cache.clear()  # nine hours on, the page's copy (kept a minute: its clock) is long gone
    assert "Closed now; opens Monday at 09:30." in client.get(office.get_absolute_url()).text


def not_listed_links(page):
    return re.findall(r'<span class="not-listed">[^<]*<a href="([^"]+)"', page)


def test_an_unknown_detail_says_not_listed_and_leads_to_a_route_that_answers(client):
    """Formerly every "Not listed" led to headquarters, whose own phone said "Not listed" and led to itself."""
    ContactPointFactory(division="Invest Japan Promotion Division", phone="+81 3-3582-5571")
    office = OfficeFactory(phone="", email="")
    headquarters = OfficeFactory(slug="headquarters", kind="headquarters", country="JP", region="kanto", phone="")
    for listed in (office, headquarters):
        links = not_listed_links(client.get(listed.get_absolute_url()).text)
        assert links
        # Any office can be written to, whatever its data lacks: the route answers for this very office.
        assert set(links) == {reverse("enquiries:office", args=[listed.slug])}
        assert not not_listed_links(client.get(links[0]).text), "the form never sends a visitor round again"
    contacts = client.get(reverse("contacts:list")).text
    assert 'href="tel:+81335825571"' in contacts
    assert not not_listed_links(contacts), "the contacts page never sends a visitor round again"


def test_the_headquarters_page_shows_how_to_reach_jetro_by_its_contact_points(client):
    ContactPointFactory(division="Invest Japan Promotion Division", phone="+81 3-3582-5571")
    headquarters = OfficeFactory(slug="headquarters", kind="headquarters", country="JP", region="kanto", phone="")
    page = client.get(headquarters.get_absolute_url()).text
    assert "Reach JETRO by topic" in page
    assert 'href="tel:+81335825571"' in page


def test_an_office_without_a_phone_offers_the_nearest_office_that_has_one(client, gazetteer):
    OfficeFactory(slug="berlin", name="JETRO Berlin", country="DE", city="Berlin", email="")
    OfficeFactory(slug="vienna", name="JETRO Vienna", country="AT", city="Vienna", phone="+43 1 587 5628")
    OfficeFactory(slug="london", name="JETRO London", country="GB", city="London", phone="+44 20 7421 8500")
    page = client.get("/offices/berlin/").text
    assert "The nearest office in the region with a listed phone or email" in page
    assert 'href="tel:+4315875628"' in page
    assert "JETRO London" not in page


def test_the_nearest_office_with_a_phone_is_never_in_another_world_region(client, gazetteer):
    """Paris was sent to São Paulo (9,400 km), London to JETRO Shiga in Japan: now nothing rather than that."""
    OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris", region="europe", email="")
    OfficeFactory(
        name="JETRO New York", country="US", city="New York City", region="north_america", phone="+1 212 997 0400"
    )
    OfficeFactory(
        name="JETRO Tokyo", kind="headquarters", country="JP", city="Tokyo", region="kanto", phone="+81 3 3582 5511"
    )
    page = client.get("/offices/paris/").text
    assert "The nearest office in the region with a listed phone or email" not in page
    assert "JETRO New York" not in page and "JETRO Tokyo" not in page
    assert 'href="/offices/paris/contact/">Write to JETRO Paris</a>' in page, "writing is offered first"


def test_office_page_carries_schema_org_structured_data(client):
    office = OfficeFactory(name="JETRO Paris", country="FR", city="Paris", phone="+33 1 42 61 27 27")
    response = client.get(office.get_absolute_url())
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "GovernmentOffice"
    assert data["telephone"] == "+33142612727"
    assert data["url"] == f"http://testserver{office.get_absolute_url()}"


def test_office_page_lists_its_services_and_nearby_offices(client):
    paris = OfficeFactory(name="JETRO Paris", country="FR", city="Paris")
    OfficeFactory(name="JETRO Lyon", country="FR", city="Lyon")
    OfficeFactory(name="JETRO Berlin", country="DE")
    ServiceFactory(name="Test marketing", offices=[paris])
    ServiceFactory(name="Draft service", offices=[paris], is_published=False)
    response = client.get(paris.get_absolute_url())
    assert "Test marketing" in response.text
    assert "Draft service" not in response.text
    assert "Other offices in France" in response.text
    assert "JETRO Lyon" in response.text
    assert "JETRO Berlin" not in response.text


def test_an_unpublished_office_has_no_page(client):
    office = OfficeFactory(is_published=False)
    assert client.get(office.get_absolute_url()).status_code == 404
    assert client.get(reverse("offices:vcard", args=[office.slug])).status_code == 404


def test_an_unknown_office_gives_a_friendly_404(client):
    response = client.get(reverse("offices:detail", args=["atlantis"]))
    assert response.status_code == 404
    assert count_h1(response) == 1
    assert reverse("offices:list") in response.text


def test_a_closed_office_points_to_its_successor(client):
    successor = OfficeFactory(name="JETRO Berlin")
    office = OfficeFactory(status=OfficeStatus.CLOSED, successor=successor)
    response = client.get(office.get_absolute_url())
    assert "Closed" in response.text
    assert f'now served by <a href="{successor.get_absolute_url()}">JETRO Berlin</a>' in response.text


def test_vcard_download(client):
    office = OfficeFactory(slug="paris", name="JETRO Paris", phone="+33 1 42 61 27 27")
    response = client.get(reverse("offices:vcard", args=["paris"]))
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="paris.vcf"'
    assert "TEL;TYPE=WORK,VOICE:+33142612727" in response.content.decode()
    assert office.name in response.content.decode()


# The CSV export


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_export_is_the_filtered_directory_in_the_shipped_files_columns(client):
    OfficeFactory(slug="paris", country="FR", phone="+33 1 42 61 27 27")
    OfficeFactory(slug="berlin", country="DE")
    OfficeFactory(slug="hidden", country="FR", is_published=False)
    response = client.get(reverse("offices:export_csv"), {"country": "FR"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert [row["slug"] for row in rows] == ["paris"]
    assert rows[0]["phone"] == "+33 1 42 61 27 27"
    with open("offices/data/offices.csv", encoding="utf-8") as shipped:
        assert list(rows[0]) == shipped.readline().strip().split(",")


def test_export_refuses_an_unusable_filter_with_a_400(client):
    response = client.get(reverse("offices:export_csv"), {"country": "ZZ"})
    assert response.status_code == 400
    assert "country" in response.content.decode()


# Query counts


def test_directory_query_count_does_not_grow_with_offices(assert_constant_queries):
    assert_constant_queries(reverse("offices:list"), lambda n: OfficeFactory.create_batch(n), limit=4)


def test_filtered_directory_query_count_does_not_grow(assert_constant_queries):
    ServiceFactory(slug="ibsc")
    url = reverse("offices:list") + "?kind=domestic&q=jetro&service=ibsc"

    def grow(n):
        for office in DomesticOfficeFactory.create_batch(n):
            office.services.add(*ServiceFactory._meta.model.objects.filter(slug="ibsc"))

    assert_constant_queries(url, grow, limit=5)


def test_office_page_query_count_does_not_grow_with_its_details(assert_constant_queries):
    office = OfficeFactory(slug="berlin")

    def grow(n):
        for _ in range(n):
            OfficeFactory()  # another office in the same country
            ServiceFactory(offices=[office])
            period = office.opening_hours.count()
            OpeningHoursFactory(office=office, weekday=period % 7, opens=f"{period // 7:02d}:00", closes="23:00")

    assert_constant_queries(office.get_absolute_url(), grow, limit=5)


def test_vcard_query_count_does_not_grow(assert_constant_queries):
    office = OfficeFactory(slug="paris")

    def grow(n):
        for _ in range(n):
            period = office.opening_hours.count()
            OpeningHoursFactory(office=office, weekday=period % 7, opens=f"{period // 7:02d}:00", closes="23:00")

    assert_constant_queries(reverse("offices:vcard", args=["paris"]), grow, limit=3)


def test_export_query_count_does_not_grow(assert_constant_queries):
    assert_constant_queries(reverse("offices:export_csv"), lambda n: OfficeFactory.create_batch(n), limit=1)


@pytest.mark.parametrize(
    ("zone", "country", "city", "expected_en", "expected_ja"),
    [
        # 2026-03-02 09:27 UTC is a Monday.
        (
            "Europe/Berlin",
            "DE",
            "Düsseldorf",
            "<strong>10:27</strong> (Monday, Europe/Berlin)",
            "<strong>10:27</strong>（月曜日、Europe/Berlin）",
        ),
        (
            "America/New_York",
            "US",
            "New York",
            "<strong>04:27</strong> (Monday, America/New_York)",
            "<strong>04:27</strong>（月曜日、America/New_York）",
        ),
        (
            "Asia/Kolkata",
            "IN",
            "New Delhi",
            "<strong>14:57</strong> (Monday, Asia/Kolkata)",
            "<strong>14:57</strong>（月曜日、Asia/Kolkata）",
        ),
        (
            "Pacific/Auckland",
            "NZ",
            "Auckland",
            "<strong>22:27</strong> (Monday, Pacific/Auckland)",
            "<strong>22:27</strong>（月曜日、Pacific/Auckland）",
        ),
    ],
)
def test_office_page_shows_the_offices_own_local_time_in_both_languages(
    client, monkeypatch, zone, country, city, expected_en, expected_ja
):
    office = OfficeFactory(country=country, city=city, timezone=zone)
    instant = datetime.datetime(2026, 3, 2, 9, 27, tzinfo=datetime.UTC)
    monkeypatch.setattr("offices.views.timezone.now", lambda: instant)
    english = client.get(office.get_absolute_url()).text
    assert expected_en in english
    japanese = client.get(f"/ja{office.get_absolute_url()}").text
    assert expected_ja in japanese


def test_office_page_says_open_or_closed_by_the_offices_own_clock(client, monkeypatch):
    """09:27 UTC on a Monday: 10:27 in Berlin (open), 04:27 in New York (closed)."""
    berlin = OfficeFactory(country="DE", city="Berlin", timezone="Europe/Berlin")
    new_york = OfficeFactory(country="US", city="New York", timezone="America/New_York", region="north_america")
    for office in (berlin, new_york):
        OpeningHoursFactory(office=office, weekday=0, opens="09:00", closes="17:30")
    monkeypatch.setattr("offices.views.timezone.now", lambda: datetime.datetime(2026, 3, 2, 9, 27, tzinfo=datetime.UTC))
    assert "Open now, until 17:30." in client.get(berlin.get_absolute_url()).text
    page = client.get(new_york.get_absolute_url()).text
    assert "<strong>04:27</strong> (Monday, America/New_York)" in page
    assert "Closed now; opens Monday at 09:00." in page


def test_an_office_is_closed_on_its_countrys_public_holiday_and_the_page_says_why(client, monkeypatch):
    """Friday 3 October 2025 is German Unity Day: an office open Monday to Friday does not open that day."""
    office = OfficeFactory(country="DE", city="Berlin", timezone="Europe/Berlin")
    for weekday in range(5):
        OpeningHoursFactory(office=office, weekday=weekday, opens="09:00", closes="17:30")
    friday_morning = datetime.datetime(2025, 10, 3, 8, 0, tzinfo=datetime.UTC)  # 10:00 in Berlin
    monkeypatch.setattr("offices.views.timezone.now", lambda: friday_morning)
    page = client.get(office.get_absolute_url()).text
    assert "Closed today for a public holiday: German Unity Day." in page
    assert "Closed now; opens Monday at 09:00." in page
    assert "Open now" not in page
    japanese = client.get(f"/ja{office.get_absolute_url()}").text
    assert "ドイツ統一の日" in japanese or "German Unity Day" in japanese


def test_a_japanese_office_is_closed_on_culture_day(client, monkeypatch):
    office = DomesticOfficeFactory(timezone="Asia/Tokyo")
    OpeningHoursFactory(office=office, weekday=1, opens="09:00", closes="17:00")  # Tuesday
    monkeypatch.setattr(
        "offices.views.timezone.now", lambda: datetime.datetime(2026, 11, 3, 2, 0, tzinfo=datetime.UTC)
    )  # Tuesday 3 November 2026, 11:00 in Tokyo
    assert "Closed today for a public holiday: Culture Day." in client.get(office.get_absolute_url()).text


def test_the_filter_menus_are_in_the_pages_language_whatever_was_asked_before(client):
    """The menus' choices are shared by every request's form (core.filters.MenuChoiceField)."""
    OfficeFactory(slug="paris", country="FR", city="Paris")
    assert '<option value="hokkaido">北海道</option>' in client.get("/ja/offices/?kind=overseas").text
    english = client.get("/offices/?prefecture=hokkaido").text
    assert '<option value="hokkaido" selected>Hokkaido</option>' in english
    assert '<option value="hokkaido">北海道</option>' in client.get("/ja/offices/").text
