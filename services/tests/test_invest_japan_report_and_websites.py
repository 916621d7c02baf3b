"""The reference data's third pass: the Invest Japan Report as a service, services' own websites, and the
contact points' subjects and Japanese names, as shipped in services/data/."""

import csv
from pathlib import Path

import pytest
import tablib
from django.apps import apps
from django.core.exceptions import ValidationError

from services.models import ContactPoint, Service
from services.resources import ContactPointResource, ServiceResource

from .factories import ServiceFactory

pytestmark = pytest.mark.django_db

DATA = Path(apps.get_app_config("services").path) / "data"


def shipped_rows(name):
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return {row["slug"]: row for row in csv.DictReader(handle)}


@pytest.fixture
def shipped_contacts():
    dataset = tablib.Dataset().load((DATA / "contacts.csv").read_text(encoding="utf-8"), format="csv")
    result = ContactPointResource().import_data(dataset, raise_errors=True)
    assert not result.has_validation_errors()
    return {contact.slug: contact for contact in ContactPoint.objects.all()}


@pytest.fixture
def report(shipped_contacts):
    """The shipped invest-japan-report row, as load_directory saves it."""
    row = shipped_rows("services.csv")["invest-japan-report"]
    dataset = tablib.Dataset(headers=list(row))
    dataset.append(list(row.values()))
    result = ServiceResource().import_data(dataset, raise_errors=True)
    assert not result.has_validation_errors()
    return Service.objects.get(slug="invest-japan-report")


def test_the_report_is_a_service_with_the_invest_japan_promotion_division_as_contact(report):
    assert report.name == "JETRO Invest Japan Report"
    assert report.name_ja == "ジェトロ対日投資報告"
    assert report.availability == "anywhere"
    assert report.contact.division == "Invest Japan Promotion Division, Invest Japan Department"
    assert report.contact.phone.as_e164 == "+81335825571"
    assert report.website == ""  # its source gives no address


@pytest.mark.parametrize("query", ["investment report", "対日投資報告", "Invest Japan Report", "ＲＥＰＯＲＴ"])
def test_the_catalogue_search_finds_the_report(client, report, query):
    response = client.get("/services/", {"q": query})
    assert '<a href="/services/invest-japan-report/"' in response.content.decode()


def test_the_site_search_finds_the_report_by_its_japanese_name(client, report):
    response = client.get("/ja/search/", {"q": "対日投資報告"})
    assert "ジェトロ対日投資報告" in response.text


def test_nine_services_have_their_own_website_as_the_notes_name_them():
    websites = {slug: row["website"] for slug, row in shipped_rows("services.csv").items() if row["website"]}
    assert websites == {
        "laws-regulations-setting-up": "https://www.jetro.go.jp/en/invest/setting_up/",
        "investment-incentive-information": "https://www.jetro.go.jp/en/invest/incentive_programs/",
        "j-messe": "https://www.jetro.go.jp/en/database/j-messe/",
        "jfoodo": "https://www.jetro.go.jp/jfoodo/",
        "jetro-e-venue": "https://e-venue.jetro.go.jp/",
        "overseas-business-support-centers": "https://www.jetro.go.jp/services/bsc/",
        "trade-investment-consultation": "https://www.jetro.go.jp/services/advice/access/",
        "market-access-support": "https://www.jetro.go.jp/services/advice/access/",
        "ip-infringement-countermeasures": "https://www.jetro.go.jp/services/ip_service/",
    }


def test_the_service_page_leads_to_the_service_by_its_website(client):
    ServiceFactory(slug="j-messe", website="https://www.jetro.go.jp/en/database/j-messe/")
    body = client.get("/services/j-messe/").content.decode()
    assert '<a href="https://www.jetro.go.jp/en/database/j-messe/" rel="external">Go to the service</a>' in body


def test_a_service_without_a_website_says_it_is_not_listed(client):
    ServiceFactory(slug="j-startup")
    body = client.get("/services/j-startup/").content.decode()
    assert "Go to the service" not in body
    assert "<dt>Website</dt>" in body


def test_a_website_that_is_not_an_address_is_refused_in_words():
    service = ServiceFactory()
    service.website = "jetro dot go dot jp"
    with pytest.raises(ValidationError) as refused:
        service.full_clean()
    assert refused.value.message_dict["website"] == ["Enter a full web address such as https://www.jetro.go.jp/."]


def test_every_phone_the_issue_names_is_listed_under_its_subject(shipped_contacts):
    phones = {
        contact.phone.as_e164: (contact.category, contact.division_ja)
        for contact in shipped_contacts.values()
        if contact.phone
    }
    assert phones["+81335825571"] == ("investing_in_japan", "")
    assert phones["+81335010538"] == ("export_control", "貿易管理課")
    assert phones["+81335012800"] == ("export_control", "安全保障貿易管理課")
    assert phones["+81432999500"][0] == "research"
    assert len(shipped_contacts) == 17
    assert all(contact.is_published for contact in shipped_contacts.values())


def test_the_japanese_division_names_are_the_reference_datas_own(shipped_contacts):
    """Only what the reference data writes in Japanese (contacts.csv, and offices.csv for the same bodies)."""
    reference = Path(apps.get_app_config("services").path).parents[1] / "shared" / "data"
    if not reference.exists():
        pytest.skip("the reference data (../shared/data) is not beside this checkout")
    written = (reference / "contacts.csv").read_text(encoding="utf-8")
    written += (reference / "offices.csv").read_text(encoding="utf-8")
    for contact in shipped_contacts.values():
        for part in contact.division_ja.split():
            assert part in written, (contact.slug, part)
