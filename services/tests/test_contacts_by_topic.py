"""/contacts/ and /ja/contacts/: every published contact point, grouped by what a visitor would call about."""

import html
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from conftest import count_h1
from services.models import ContactCategory, ContactPoint, Service
from services.resources import ServiceResource
from tests.support import response_text

from .factories import ContactPointFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def text_of(response):
    """The page's words, tags removed, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


def headings(response, level):
    return [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", heading)).split())
        for heading in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", response.content.decode(), re.S)
    ]


@pytest.fixture
def desks():
    """Desks as the reference data gives them (contacts.csv): two with a phone, one in both scripts."""
    return {
        "invest": ContactPointFactory(
            slug="invest-japan-promotion-division",
            division="Invest Japan Promotion Division, Invest Japan Department",
            category=ContactCategory.INVESTING_IN_JAPAN,
            topic="Surveys of foreign-affiliated companies in Japan",
            phone="+81-3-3582-5571",
            email="jaa-research@jetro.go.jp",
            website="https://www.jetro.go.jp/en/invest/",
            source="https://blccj.or.jp/news/4452-2/",
        ),
        "export": ContactPointFactory(
            slug="meti-trade-control-policy",
            organisation="Ministry of Economy, Trade and Industry (METI)",
            division="Trade Control Policy Division",
            division_ja="貿易管理課",
            category=ContactCategory.EXPORT_CONTROL,
            topic="Trade controls other than security export control",
            phone="+81-3-3501-0538",
            source="https://www.kdijpn.co.jp/2013/12/19/a/ | https://www.logi-today.com/624352",
        ),
        "fairs": ContactPointFactory(
            slug="exhibition-department",
            division="Exhibition Department",
            division_ja="展示事業部",
            category=ContactCategory.TRADE_FAIRS,
            source="https://vdocuments.mx/eoe-fff-eoe.html",
        ),
    }


def test_the_page_lists_every_published_contact_point_grouped_by_topic(client, desks):
    response = client.get("/contacts/")
    assert response.status_code == 200
    assert count_h1(response) == 1
    # In the page's order of subjects: investing first, then export control, then trade fairs.
    assert headings(response, 2) == ["Investing in Japan", "Export and trade control", "Trade fairs"]
    assert headings(response, 3) == [
        "Invest Japan Promotion Division, Invest Japan Department",
        "Trade Control Policy Division 貿易管理課",
        "Exhibition Department 展示事業部",
    ]
    body = response.content.decode()
    # Each topic is reachable from the list at the top, and each desk has its own anchor.
    assert '<a href="#topic-export_control">Export and trade control</a>' in body
    assert 'id="meti-trade-control-policy"' in body


def test_each_contact_point_shows_its_organisation_topic_phone_email_website_and_source(client, desks):
    response = client.get("/contacts/")
    body = response.content.decode()
    assert '<a href="tel:+81335825571">+81 3-3582-5571</a>' in body
    assert '<a href="tel:+81335010538">+81 3-3501-0538</a>' in body
    assert '<a href="mailto:jaa-research@jetro.go.jp">jaa-research@jetro.go.jp</a>' in body
    assert 'href="https://www.jetro.go.jp/en/invest/"' in body
    text = text_of(response)
    assert "Ministry of Economy, Trade and Industry (METI)" in text
    assert "Trade controls other than security export control" in text
    # The source: each address a link named by its site.
    assert '<a href="https://www.logi-today.com/624352" rel="external nofollow">logi-today.com</a>' in body
    assert "Source: kdijpn.co.jp; logi-today.com" in text


def test_a_contact_point_without_phone_or_email_says_so_and_guesses_nothing(client, desks):
    response = client.get("/contacts/")
    section = response.content.decode().split('id="exhibition-department"')[1].split("</li>")[0]
    assert "No phone number or email address is listed." in section
    assert "tel:" not in section
    assert "mailto:" not in section


def test_a_contact_point_lists_the_published_services_it_answers_for(client, desks):
    ServiceFactory(slug="invest-japan-report", name="JETRO Invest Japan Report", contact=desks["invest"])
    ServiceFactory(slug="secret-report", name="Secret report draft", contact=desks["invest"], is_published=False)
    response = client.get("/contacts/")
    assert '<a href="/services/invest-japan-report/">JETRO Invest Japan Report</a>' in response.content.decode()
    assert "Secret report draft" not in response.text


def test_the_japanese_page_leads_with_the_japanese_division_and_marks_the_english(client, desks):
    response = client.get("/ja/contacts/")
    assert response.status_code == 200
    assert '<html lang="ja">' in response.text
    assert count_h1(response) == 1
    h3s = headings(response, 3)
    assert "貿易管理課 Trade Control Policy Division" in h3s
    body = response.content.decode()
    assert '<span lang="en">Trade Control Policy Division</span>' in body
    assert '<a href="tel:+81335010538">+81 3-3501-0538</a>' in body


def test_the_japanese_page_names_topics_and_organisations_in_japanese(client, desks):
    # Needs the Japanese translation of this page's new strings (locale/ja).
    response = client.get("/ja/contacts/")
    assert headings(response, 1) == ["分野別の問い合わせ先"]
    assert headings(response, 2) == ["対日投資", "輸出管理・貿易管理", "展示会・見本市"]
    assert "経済産業省（METI）" in text_of(response)


def test_an_unpublished_contact_point_is_absent_from_both_pages_and_the_api(client, desks):
    hidden = ContactPointFactory(
        slug="hidden-desk", division="Hidden Desk", phone="+81-3-3501-2800", is_published=False
    )
    for url in ["/contacts/", "/ja/contacts/", "/api/v1/contacts/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "Hidden Desk" not in response.text, url
        assert "hidden-desk" not in response.text, url
        assert "+81335012800" not in response.text, url
    assert client.get("/api/v1/contacts/hidden-desk/").status_code == 404
    assert hidden in ContactPoint.objects.all()  # the admin still has it


def test_an_unpublished_contact_point_is_not_shown_on_its_services_page(client):
    hidden = ContactPointFactory(division="Hidden Desk", phone="+81-3-3501-2800", is_published=False)
    ServiceFactory(slug="j-messe", contact=hidden)
    response = client.get("/services/j-messe/")
    assert response.status_code == 200
    assert "Hidden Desk" not in response.text
    assert "tel:+81335012800" not in response.text
    assert "Not listed" in response.text


def test_a_contact_point_only_unpublished_services_name_waits_for_them(client):
    desk = ContactPointFactory(slug="launch-desk", division="Launch Desk")
    draft = ServiceFactory(contact=desk, is_published=False)
    assert "Launch Desk" not in client.get("/contacts/").text
    assert client.get("/api/v1/contacts/launch-desk/").status_code == 404
    draft.is_published = True
    draft.save()
    assert "Launch Desk" in client.get("/contacts/").text
    assert client.get("/api/v1/contacts/launch-desk/").status_code == 200


def test_a_contact_point_no_service_names_is_listed(client):
    ContactPointFactory(division="Security export control guidance desk", phone="+81-3-3501-3679")
    assert "Security export control guidance desk" in client.get("/contacts/").text


def test_the_page_says_so_when_no_contact_point_is_listed(client):
    response = client.get("/contacts/")
    assert response.status_code == 200
    assert "No contact point is listed yet." in response.text


def test_the_page_costs_the_same_queries_with_one_contact_point_as_with_twenty(assert_constant_queries):
    categories = list(ContactCategory.values)

    def grow(count):
        for index in range(count):
            desk = ContactPointFactory(phone="+81-3-3582-5571", category=categories[index % len(categories)])
            ServiceFactory(contact=desk)

    response = assert_constant_queries("/contacts/", grow, limit=4)
    assert response.content.decode().count("tel:+81335825571") == 20


def test_the_footer_and_the_sitemap_lead_to_the_page(client, desks):
    assert '<a href="/contacts/">Whom to contact, by topic</a>' in client.get("/about/").content.decode()
    sitemap = response_text(client.get("/sitemap.xml"))
    assert "<loc>http://testserver/contacts/</loc>" in sitemap
    assert 'hreflang="ja" href="http://testserver/ja/contacts/"' in sitemap


def test_the_page_is_served_from_the_page_cache_and_a_change_shows_at_once(
    client, settings, desks, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 3600
    cache.clear()
    try:
        first = client.get("/contacts/")
        with django_assert_num_queries(1):  # the cache's generation
            again = client.get("/contacts/")
        assert again.content == first.content
        desk = desks["fairs"]
        desk.phone = "+81-3-3582-5511"
        desk.save()
        assert "tel:+81335825511" in client.get("/contacts/").content.decode()
    finally:
        cache.clear()


def test_the_service_page_leads_to_the_contact_points_on_its_topic(client, desks):
    ServiceFactory(slug="invest-japan-report", contact=desks["invest"])
    body = client.get(reverse("services:detail", args=["invest-japan-report"])).content.decode()
    assert '<a href="/contacts/#topic-investing_in_japan">Contacts by topic: Investing in Japan</a>' in body


def test_a_public_services_file_names_no_unpublished_contact_point_and_the_admins_does():
    ServiceFactory(slug="j-messe", contact=ContactPointFactory(slug="hidden-desk", is_published=False))
    services = Service.objects.all()
    public = ServiceResource(public=True).export(queryset=services).dict[0]
    editors = ServiceResource().export(queryset=services).dict[0]
    assert (public["contact"], editors["contact"]) == ("", "hidden-desk")


PUBLIC_SURFACES = [
    "/contacts/",
    "/ja/contacts/",
    "/services/j-messe/",
    "/ja/services/j-messe/",
    "/api/v1/contacts/",
    "/api/v1/services/",
    "/api/v1/services/j-messe/",
    "/api/v1/exports/services.csv",
    "/api/v1/exports/contacts.csv",
    "/api/v1/exports/hsds.json",
    "/sitemap.xml",
]


@pytest.mark.parametrize("url", PUBLIC_SURFACES)
def test_an_unpublished_contact_point_appears_on_no_public_surface(client, url):
    # The API's services and the downloads need services/api.py and opendata/exports.py to ask for
    # `Service.public_contact` and `ContactPoint.objects.public()` (see the task's report).
    hidden = ContactPointFactory(
        slug="hidden-desk", division="Hidden Desk", email="hidden@example.org", phone="+81-3-3501-2800"
    )
    hidden.is_published = False
    hidden.save()
    ServiceFactory(slug="j-messe", contact=hidden)
    response = client.get(url)
    assert response.status_code == 200
    body = response_text(response)
    for trace in ("hidden-desk", "Hidden Desk", "hidden@example.org", "+81335012800", "3501-2800"):
        assert trace not in body, trace
