"""/contact/: a topic and a country lead to the offices to write to, the services, and the desks by topic."""

import pytest

from conftest import count_h1
from offices.tests.factories import OfficeFactory
from services.tests.factories import ContactPointFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(gazetteer):
    paris = OfficeFactory(slug="paris", name="JETRO Paris", country="FR", region="europe", city="Paris",
                          latitude=48.8566, longitude=2.3522)  # fmt: skip
    OfficeFactory(slug="vienna", name="JETRO Vienna", country="AT", region="europe", city="Vienna",
                  latitude=48.2085, longitude=16.3721)  # fmt: skip
    OfficeFactory(slug="nairobi", name="JETRO Nairobi", country="KE", region="africa", city="Nairobi",
                  latitude=-1.2833, longitude=36.8167)  # fmt: skip
    fairs = ContactPointFactory(division="Trade Fair Department", category="trade_fairs", phone="+81 3-3582-5541")
    ServiceFactory(slug="j-messe", name="J-messe", contact=fairs, offices=[paris])
    ServiceFactory(slug="other", name="Invest support", contact=ContactPointFactory(category="investing_in_japan"))
    return paris


def test_a_topic_and_a_country_with_an_office_lead_to_writing_to_it(client, network):
    response = client.get("/contact/?topic=trade_fairs&country=FR")
    assert response.status_code == 200 and count_h1(response) == 1
    html = response.text
    assert '<a href="/offices/paris/contact/">Write to JETRO Paris</a>' in html
    assert 'href="/services/j-messe/contact/">Ask about this service</a>' in html
    assert "Invest support" not in html, "only the services on that topic"
    assert 'href="tel:+81335825541"' in html, "the desk for the topic, with its phone"


def test_a_country_without_an_office_leads_to_the_nearest_in_its_region(client, network):
    html = client.get("/contact/?topic=general&country=SI").text
    assert "JETRO has no office in Slovenia: the nearest offices" in html
    assert html.index("Write to JETRO Vienna") < html.index("Write to JETRO Paris")
    assert "JETRO Nairobi" not in html, "never across to another region"


def test_the_question_is_asked_in_japanese_too(client, network):
    html = client.get("/ja/contact/?topic=trade_fairs&country=FR").text
    assert '<html lang="ja">' in html and "に問い合わせる" in html


@pytest.mark.parametrize("query", ["topic=salaries&country=FR", "topic=general&country=ZZ", "topic=%00&country=%00"])
def test_an_unknown_topic_or_country_is_a_message_not_an_error(client, network, query):
    response = client.get(f"/contact/?{query}")
    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert "\x00" not in response.text


def test_the_page_costs_the_same_few_queries_however_many_services(client, network, assert_constant_queries):
    def grow(count):
        fairs = ContactPointFactory(category="trade_fairs")
        ServiceFactory.create_batch(count, contact=fairs, offices=[network])

    assert_constant_queries("/contact/?topic=trade_fairs&country=FR", grow, limit=6)
