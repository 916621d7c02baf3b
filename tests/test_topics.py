"""Desks and services are found by what they are about (issue 22, item 2), in English and Japanese,
on the search page, the contacts page, the catalogue and the API. The topic words are data
(services/data/topics.csv), not code."""

import csv

import pytest

from services.contact_points import ContactCategory
from services.models import ServiceCategory
from services.tests.factories import ContactPointFactory, ServiceFactory
from services.topics import TOPICS_FILE

pytestmark = pytest.mark.django_db

LANGUAGES = ["", "/ja"]


@pytest.fixture
def topics():
    ContactPointFactory(
        slug="security-export-control",
        organisation="Ministry of Economy, Trade and Industry (METI)",
        division="Security Export Control Policy Division",
        division_ja="安全保障貿易管理課",
        category=ContactCategory.EXPORT_CONTROL,
        topic="Policy on security export control",
    )
    ContactPointFactory(
        slug="trade-control-policy",
        organisation="Ministry of Economy, Trade and Industry (METI)",
        division="Trade Control Policy Division",
        category=ContactCategory.EXPORT_CONTROL,
        topic="Import and export licensing",
    )
    ContactPointFactory(
        slug="ibsc", division="Invest Japan Business Support Center (IBSC)", category=ContactCategory.INVESTING_IN_JAPAN
    )
    ContactPointFactory(slug="exhibitions", division="Exhibition Department", category=ContactCategory.TRADE_FAIRS)
    ContactPointFactory(slug="ide", division="Institute of Developing Economies", category=ContactCategory.RESEARCH)
    ServiceFactory(
        slug="one-stop",
        name="One-stop business support",
        category=ServiceCategory.INVESTMENT_SUPPORT,
        summary="Registration, visas and tax formalities for a new company.",
    )
    ServiceFactory(
        slug="j-messe",
        name="J-messe",
        category=ServiceCategory.EVENTS,
        summary="A calendar of events around the world.",
    )
    ServiceFactory(
        slug="reports",
        name="Country reports",
        category=ServiceCategory.MARKET_INTELLIGENCE,
        summary="Economic reports on each country.",
    )


def contact_slugs(client, query, language=""):
    page = client.get(f"{language}/contacts/", {"q": query})
    assert page.status_code == 200
    api = client.get("/api/v1/contacts/", {"q": query})
    assert api.status_code == 200
    found = {row["slug"] for row in api.json()["results"]}
    for slug in found:
        assert f'id="{slug}"' in page.text
    return found


def service_slugs(client, query, language=""):
    page = client.get(f"{language}/services/", {"q": query})
    assert page.status_code == 200
    api = client.get("/api/v1/services/", {"q": query})
    found = {row["slug"] for row in api.json()["results"]}
    assert {service.slug for service in page.context["page_obj"].object_list} == found
    return found


EXPORT_CONTROL = ["export control", "security export control", "輸出管理", "安全保障貿易管理"]
INVESTING = ["invest in Japan", "investing in Japan", "対日投資"]
TRADE_FAIRS = ["trade fair", "展示会", "見本市"]


@pytest.mark.parametrize("query", EXPORT_CONTROL)
@pytest.mark.parametrize("language", LANGUAGES)
def test_export_control_leads_to_the_trade_control_desks(client, topics, query, language):
    assert contact_slugs(client, query, language) == {"security-export-control", "trade-control-policy"}
    search = client.get(f"{language}/search/", {"q": query})
    assert search.status_code == 200
    assert search.context["contact_count"] == 2
    assert f'href="{language}/contacts/#security-export-control"' in search.text


@pytest.mark.parametrize("query", INVESTING)
@pytest.mark.parametrize("language", LANGUAGES)
def test_investing_in_japan_leads_to_the_investment_desks_and_services(client, topics, query, language):
    assert contact_slugs(client, query, language) == {"ibsc"}
    assert service_slugs(client, query, language) == {"one-stop"}
    search = client.get(f"{language}/search/", {"q": query})
    assert search.status_code == 200
    assert {contact.slug for contact in search.context["contacts"]} == {"ibsc"}
    assert {service.slug for service in search.context["services"]} == {"one-stop"}


@pytest.mark.parametrize("query", TRADE_FAIRS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_trade_fairs_lead_to_the_trade_fair_services(client, topics, query, language):
    assert service_slugs(client, query, language) == {"j-messe"}
    assert contact_slugs(client, query, language) == {"exhibitions"}
    search = client.get(f"{language}/search/", {"q": query})
    assert {service.slug for service in search.context["services"]} == {"j-messe"}


def test_the_contacts_page_says_what_was_asked_and_leads_back_to_every_desk(client, topics):
    page = client.get("/contacts/", {"q": "export control"}).text
    assert "2 desks about “export control”" in page
    assert 'href="/contacts/">Every desk</a>' in page
    assert 'id="ibsc"' not in page
    nothing = client.get("/contacts/", {"q": "nothing-like-this"}).text
    assert "No desk matches." in nothing
    japanese = client.get("/ja/contacts/", {"q": "輸出管理"}).text
    assert "輸出管理" in japanese


@pytest.mark.parametrize("query", ["x" * 5000, "ex\x00port"])
def test_bad_input_on_the_contacts_search_is_reported_never_a_500(client, topics, query):
    page = client.get("/contacts/", {"q": query})
    assert page.status_code == 200
    assert "\x00" not in page.text
    assert 'role="alert"' in page.text
    assert client.get("/api/v1/contacts/", {"q": query}).status_code == 400


def test_the_contacts_search_costs_the_same_queries_for_1_or_20_desks(assert_constant_queries, db):
    def grow(n):
        ContactPointFactory.create_batch(n, category=ContactCategory.EXPORT_CONTROL)

    assert_constant_queries("/contacts/?q=export+control", grow, limit=4)


def test_topic_words_are_data_for_every_category_of_service_and_desk():
    with open(TOPICS_FILE, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["category"] for row in rows if row["listing"] == "service"} == set(ServiceCategory.values)
    assert {row["category"] for row in rows if row["listing"] == "contact"} == set(ContactCategory.values)
    for row in rows:
        words = row["words"].split()
        assert any(word.isascii() for word in words), row["category"]
        assert any(not word.isascii() for word in words), row["category"]
