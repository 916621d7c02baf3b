"""/api/v1/contacts/: the contact points as data, with the conventions of offices and services."""

import datetime

import pytest
from django.utils import timezone

from services.models import ContactCategory, ContactPoint

from .factories import ContactPointFactory, ServiceFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/contacts/"
DOCUMENTED_FIELDS = {
    "slug", "organisation", "division", "division_ja", "category", "topic", "phone", "email", "website",
    "services", "url", "source", "last_verified", "updated_at",
}  # fmt: skip


@pytest.fixture
def desk():
    desk = ContactPointFactory(
        slug="meti-trade-control-policy",
        organisation="Ministry of Economy, Trade and Industry (METI)",
        division="Trade Control Policy Division",
        division_ja="貿易管理課",
        category=ContactCategory.EXPORT_CONTROL,
        topic="Trade controls other than security export control",
        phone="+81-3-3501-0538",
        website="https://www.meti.go.jp/english/policy/external_economy/trade_control/",
        source="https://www.logi-today.com/624352",
    )
    ServiceFactory(slug="export-control-guide", contact=desk)
    ServiceFactory(slug="draft-guide", contact=desk, is_published=False)
    return desk


def test_the_list_is_paginated_and_each_contact_point_has_the_documented_fields(client, desk):
    response = client.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    data = body["results"][0]
    assert set(data) == DOCUMENTED_FIELDS
    assert data["slug"] == "meti-trade-control-policy"
    assert data["division_ja"] == "貿易管理課"
    assert data["category"] == "export_control"
    assert data["phone"] == "+81335010538"
    assert data["email"] == ""  # not null: no source gives one
    assert data["services"] == ["export-control-guide"]  # only published services
    assert data["url"] == "http://testserver/contacts/#meti-trade-control-policy"
    assert data["last_verified"] is None


def test_a_detail_is_found_by_slug_and_says_when_it_last_changed(client, desk):
    response = client.get(f"{LIST}meti-trade-control-policy/")
    assert response.status_code == 200
    assert response.json()["division"] == "Trade Control Policy Division"
    assert response["Last-Modified"]
    assert response["ETag"]


def test_an_unknown_slug_is_a_json_404(client):
    response = client.get(f"{LIST}atlantis/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No published contact point has this slug."}


def test_the_category_filter_lists_one_subject(client, desk):
    ContactPointFactory(slug="ibsc", category=ContactCategory.INVESTING_IN_JAPAN)
    response = client.get(LIST, {"category": "investing_in_japan"})
    assert [item["slug"] for item in response.json()["results"]] == ["ibsc"]


def test_an_unknown_category_is_a_400_that_says_what_is_allowed(client, desk):
    response = client.get(LIST, {"category": "spaceship"})
    assert response.status_code == 400
    message = response.json()["category"][0]
    assert "“spaceship” is not allowed here" in message
    assert "investing_in_japan, export_control" in message


def test_modified_since_includes_a_contact_point_whose_service_changed(client, desk):
    ContactPointFactory(slug="quiet-desk")
    past = timezone.now() - datetime.timedelta(days=2)
    ContactPoint.objects.update(updated_at=past)
    desk.services.model.objects.update(updated_at=past)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert client.get(LIST, {"modified_since": since}).json()["count"] == 0
    service = desk.services.get(slug="export-control-guide")
    service.summary = "Changed."
    service.save()
    results = client.get(LIST, {"modified_since": since}).json()["results"]
    assert [item["slug"] for item in results] == ["meti-trade-control-policy"]


def test_the_api_is_read_only(client, desk):
    response = client.post(LIST, {})
    assert response.status_code == 405


def test_the_list_and_a_detail_cost_the_same_queries_with_one_contact_point_as_with_twenty(
    assert_constant_queries,
):
    def grow(count):
        for _ in range(count):
            ServiceFactory(contact=ContactPointFactory())

    response = assert_constant_queries(LIST, grow, limit=6)
    assert response.json()["count"] == 20

    desk = ContactPointFactory(slug="one-desk")

    def grow_services(count):
        for _ in range(count):
            ServiceFactory(contact=desk)

    response = assert_constant_queries(f"{LIST}one-desk/", grow_services, limit=4)
    assert len(response.json()["services"]) == 20
