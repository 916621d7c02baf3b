"""Completeness: which details each office still lacks, in the admin, from manage.py, and said on /about/."""

import csv
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from offices.models import OfficeStatus
from services.tests.factories import ServiceFactory

from .factories import DomesticOfficeFactory, OfficeFactory, OpeningHoursFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    """Three listed offices (Paris complete), one draft and one closed office, which are not counted."""
    paris = OfficeFactory(
        slug="paris",
        name="JETRO Paris",
        name_ja="ジェトロ・パリ",
        country="FR",
        city="Paris",
        address="10 rue de Rivoli",
        phone="+33 1 42 61 27 27",
        email="paris@example.org",
        website="https://www.jetro.go.jp/france/",
        latitude="48.8566",
        longitude="2.3522",
    )
    OpeningHoursFactory(office=paris)
    berlin = OfficeFactory(slug="berlin", name="JETRO Berlin", country="DE", city="Berlin", phone="+49 30 123456")
    hokkaido = DomesticOfficeFactory(slug="hokkaido", name="JETRO Hokkaido", address_local="札幌市中央区")
    ServiceFactory(offices=[paris, berlin])
    ServiceFactory(offices=[hokkaido], is_published=False)  # an unpublished service is not listed
    OfficeFactory(slug="draft", name="JETRO Draft", is_published=False)
    OfficeFactory(slug="closed", name="JETRO Closed", status=OfficeStatus.CLOSED, successor=berlin)
    return paris, berlin, hokkaido


def completeness(*args):
    out = io.StringIO()
    call_command("completeness", *args, stdout=out)
    return out.getvalue()


# --- manage.py completeness ---


def test_the_command_lists_what_each_office_lacks_by_region_with_totals(directory):
    text = completeness()
    assert "Europe: 2 offices, 1 complete" in text
    assert "JETRO Paris" not in text  # complete: nothing to list
    assert (
        "JETRO Berlin (berlin): missing address, email, website, opening hours, exact position, Japanese name\n" in text
    )
    assert "Japan: Hokkaido: 1 office, 0 complete" in text
    hokkaido = "JETRO Hokkaido (hokkaido): missing phone, email, website, opening hours, exact position, Japanese name"
    assert f"{hokkaido}, services\n" in text
    assert "Totals: 3 offices listed (published, not closed), 1 complete" in text
    assert "phone           listed for    2 of 3, missing for    1" in text
    assert "address         listed for    2 of 3, missing for    1" in text  # either script counts
    assert "services        listed for    2 of 3, missing for    1" in text
    assert "JETRO Draft" not in text
    assert "JETRO Closed" not in text


def test_a_position_worked_out_from_the_city_is_not_an_exact_one(directory, gazetteer):
    berlin = directory[1]
    berlin.save()  # derives Berlin's city centre from the gazetteer
    berlin.refresh_from_db()
    assert berlin.coordinates_precision == "city"
    assert "exact position  listed for    1 of 3" in completeness()


def test_the_csv_has_a_row_per_office_then_per_region_then_all(directory):
    rows = list(csv.DictReader(io.StringIO(completeness("--csv"))))
    berlin = next(row for row in rows if row["slug"] == "berlin")
    assert berlin == {
        "level": "office",
        "group": "Europe",
        "slug": "berlin",
        "name": "JETRO Berlin",
        "offices": "1",
        "address": "0",
        "phone": "1",
        "email": "0",
        "website": "0",
        "opening_hours": "0",
        "exact_coordinates": "0",
        "name_ja": "0",
        "services": "1",
        "missing": "6",
    }
    europe = next(row for row in rows if row["level"] == "region" and row["group"] == "Europe")
    assert (europe["offices"], europe["phone"], europe["missing"]) == ("2", "2", "6")
    every = rows[-1]
    assert every["level"] == "all"
    assert (every["offices"], every["phone"], every["email"], every["missing"]) == ("3", "2", "1", "13")


def test_the_command_on_an_empty_directory_says_so():
    assert "Totals: 0 offices listed" in completeness()


# --- The admin's report ---

REPORT = reverse("admin:offices_office_completeness")


def test_editors_read_the_report_in_the_admins_look(editor_client, directory):
    response = editor_client.get(REPORT)
    assert response.status_code == 200
    text = response.text
    assert "<title>How complete the directory is | JETRO directory admin</title>" in text
    assert '<div class="breadcrumbs">' in text
    assert "This report covers 3 offices (published, not closed); 1 of them have every detail below." in text
    totals = text[text.index('id="completeness-totals"') :]
    totals = totals[: totals.index("</table>")]
    assert '<th scope="row">Phone</th><td>2 of 3</td>' in totals
    assert f'href="/{settings.ADMIN_URL}offices/office/?missing=phone">1</a>' in totals
    # The link leads to the published offices without a phone.
    listed = editor_client.get(f"/{settings.ADMIN_URL}offices/office/?missing=phone")
    assert [str(office) for office in listed.context["cl"].result_list] == ["JETRO Hokkaido"]
    berlin = text[text.index('id="group-europe"') :]
    assert "JETRO Berlin</a></th>\n              <td>address, email, website, opening hours" in berlin
    assert "JETRO Draft" not in text


def test_the_report_downloads_as_csv(editor_client, directory):
    response = editor_client.get(REPORT, {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode().splitlines()[-1].startswith("all,All offices,,,3,")


def test_the_report_is_for_staff_only(client, django_user_model, directory):
    assert client.get(REPORT).status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("visitor", is_staff=True))
    assert client.get(REPORT).status_code == 403  # staff, but may not view offices


def test_the_offices_list_leads_to_the_report_and_keeps_its_tools(admin_client):
    text = admin_client.get(reverse("admin:offices_office_changelist")).text
    assert f'href="{REPORT}"' in text
    # django-import-export's buttons still build on the list's template.
    assert f'href="{reverse("admin:offices_office_export")}' in text


def test_the_report_costs_the_same_queries_for_1_or_20_offices(editor_client, assert_constant_queries):
    def grow(n):
        for office in OfficeFactory.create_batch(n):
            OpeningHoursFactory(office=office)
            ServiceFactory(offices=[office])

    assert_constant_queries(REPORT, grow, limit=8)


# --- The changelist's filters ---


@pytest.mark.parametrize(
    ("missing", "listed"),
    [
        ("phone", {"JETRO Hokkaido"}),
        ("address", {"JETRO Berlin"}),
        ("email", {"JETRO Berlin", "JETRO Hokkaido"}),
        ("services", {"JETRO Hokkaido"}),  # its only service is unpublished
        ("opening_hours", {"JETRO Berlin", "JETRO Hokkaido"}),
    ],
)
def test_the_changelist_filters_the_listed_offices_missing_a_detail(editor_client, directory, missing, listed):
    response = editor_client.get(reverse("admin:offices_office_changelist"), {"missing": missing})
    shown = {str(office) for office in response.context["cl"].result_list}
    assert shown == listed


def test_the_filters_are_named_for_what_is_missing(editor_client):
    text = editor_client.get(reverse("admin:offices_office_changelist")).text
    for choice in ["No phone", "No address", "No email"]:
        assert f">{choice}</a>" in text


def test_an_unknown_missing_filter_changes_nothing(editor_client, directory):
    response = editor_client.get(reverse("admin:offices_office_changelist"), {"missing": "<script>"})
    assert response.status_code in (200, 302)
    assert "<script>" not in response.text


# --- /about/ says it ---


def test_about_says_how_complete_the_directory_is(client, directory):
    text = client.get("/about/").text
    assert "A phone is listed for 2 of 3 offices." in text
    assert "An email address is listed for 1 of 3 offices." in text
    assert "Opening hours are listed for 1 of 3 offices." in text


def test_about_says_it_in_japanese(client, directory):
    text = client.get("/ja/about/").text
    assert "3事務所のうち2事務所に電話番号" in text


def test_about_costs_the_same_queries_for_1_or_20_offices(assert_constant_queries):
    def grow(n):
        for office in OfficeFactory.create_batch(n, phone="+33 1 42 61 27 27"):
            OpeningHoursFactory(office=office)
            ServiceFactory(offices=[office])

    assert_constant_queries("/about/", grow, limit=7)


def test_an_office_editors_report_covers_their_offices_only(client, make_office_editor, directory):
    bangkok = OfficeFactory(slug="bangkok", name="JETRO Bangkok", country="TH", region="asia", city="Bangkok")
    client.force_login(make_office_editor(countries=["TH"]))
    text = client.get(REPORT).text
    assert "JETRO Bangkok" in text
    assert "JETRO Berlin" not in text
    assert "This report covers 1 office (published, not closed)" in text
    assert bangkok.name in client.get(reverse("admin:offices_office_changelist"), {"missing": "phone"}).text
