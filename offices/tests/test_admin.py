"""The editors' admin: who may do what, finding a listing, and validation in words."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.roles import EDITORS
from offices.models import Office, OfficeStatus
from services.tests.factories import ContactPointFactory, ServiceFactory
from tests.support import admin_form_data

from .factories import DomesticOfficeFactory, OfficeFactory, StaffCountFactory

pytestmark = pytest.mark.django_db

LISTING_ADMINS = ["offices/office", "offices/staffcount", "services/service", "services/contactpoint"]


@pytest.mark.parametrize("model", LISTING_ADMINS)
def test_every_admin_list_and_add_page_opens(admin_client, model):
    assert admin_client.get(f"/admin/{model}/").status_code == 200
    assert admin_client.get(f"/admin/{model}/add/").status_code == 200


# --- Roles ---


def test_the_editors_group_is_created_by_the_migrations():
    editors = Group.objects.get(name=EDITORS)
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"change_office", "add_service", "change_contactpoint", "change_staffcount", "import_office"} <= codenames
    assert "delete_office" not in codenames
    assert not {codename for codename in codenames if codename.endswith(("_user", "_group"))}


def test_an_editor_can_edit_an_office(editor_client):
    office = OfficeFactory(phone="+33 1 42 61 27 27")
    url = reverse("admin:offices_office_change", args=[office.pk])
    response = editor_client.post(url, admin_form_data(editor_client.get(url), phone="+33 1 40 00 00 00"))
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.phone.as_e164 == "+33140000000"


@pytest.mark.parametrize("model", LISTING_ADMINS)
def test_an_editor_can_add_and_change_every_kind_of_listing(editor_client, model):
    assert editor_client.get(f"/admin/{model}/add/").status_code == 200
    assert editor_client.get(f"/admin/{model}/").status_code == 200


@pytest.mark.parametrize("url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"])
def test_an_editor_cannot_reach_users_or_groups(editor_client, url):
    assert editor_client.get(url).status_code == 403


def test_the_admin_front_page_does_not_offer_users_to_an_editor(editor_client):
    response = editor_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "Offices" in response.text
    assert reverse("admin:auth_user_changelist") not in response.text


def test_an_editor_cannot_delete_an_office(editor_client):
    office = OfficeFactory()
    assert editor_client.get(reverse("admin:offices_office_delete", args=[office.pk])).status_code == 403
    assert editor_client.post(reverse("admin:offices_office_delete", args=[office.pk]), {"post": "yes"}).status_code
    assert Office.objects.filter(pk=office.pk).exists()
    changelist = editor_client.get(reverse("admin:offices_office_changelist"))
    assert "delete_selected" not in changelist.text


def test_a_staff_user_outside_the_editors_group_cannot_edit(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("visitor", is_staff=True))
    assert client.get(reverse("admin:offices_office_changelist")).status_code == 403


# --- Finding a listing ---


def changelist(client, **params):
    return client.get(reverse("admin:offices_office_changelist"), params).text


def test_an_editor_finds_an_office_without_its_accents(editor_client):
    OfficeFactory(name="JETRO São Paulo", country="BR", region="latin_america", city="São Paulo")
    OfficeFactory(name="JETRO Paris", country="FR", city="Paris")
    text = changelist(editor_client, q="sao paulo")
    assert "JETRO São Paulo" in text
    assert "JETRO Paris" not in text


def test_an_editor_finds_an_office_by_its_japanese_name(editor_client):
    OfficeFactory(name="JETRO Dusseldorf", name_ja="ジェトロ・デュッセルドルフ")
    OfficeFactory(name="JETRO Paris", country="FR", city="Paris")
    text = changelist(editor_client, q="デュッセルドルフ")
    assert "JETRO Dusseldorf" in text
    assert "JETRO Paris" not in text


@pytest.mark.parametrize("typed", ["+81 3-3582-5511", "03-3582-5511", "3582 5511"])
def test_an_editor_finds_an_office_by_its_phone_however_it_is_written(editor_client, typed):
    DomesticOfficeFactory(name="JETRO Headquarters", phone="+81 3-3582-5511")
    DomesticOfficeFactory(name="JETRO Osaka", phone="+81 6-4705-8600")
    text = changelist(editor_client, q=typed)
    assert "JETRO Headquarters" in text
    assert "JETRO Osaka" not in text


@pytest.mark.parametrize("typed", ["Germany", "DE", "ドイツ"])
def test_an_editor_finds_offices_by_country(editor_client, typed):
    OfficeFactory(name="JETRO Berlin", country="DE")
    OfficeFactory(name="JETRO Paris", country="FR", city="Paris")
    text = changelist(editor_client, q=typed)
    assert "JETRO Berlin" in text
    assert "JETRO Paris" not in text


def test_the_country_filter_offers_only_countries_with_offices(editor_client):
    OfficeFactory(name="JETRO Berlin", country="DE")
    OfficeFactory(name="JETRO Paris", country="FR", city="Paris")
    text = changelist(editor_client, country="FR")
    assert "JETRO Paris" in text
    assert "JETRO Berlin" not in text
    assert "?country=DE" in text
    assert "?country=BR" not in text


def test_the_changelist_shows_the_columns_an_editor_scans(editor_client):
    OfficeFactory(name="JETRO Paris", country="FR", city="Paris", phone="+33 1 42 61 27 27", last_verified=None)
    response = editor_client.get(reverse("admin:offices_office_changelist"))
    text = response.text
    table = text[text.index('id="result_list"') :]
    header = table[: table.index("</thead>")]
    for column in ["Name (English)", "City", "Country", "Phone", "Status", "Published", "Last verified"]:
        assert column in header
    assert "+33\u00a01\u00a042\u00a061\u00a027\u00a027" in text
    assert "France" in text
    assert "never <strong>(due)</strong>" in text


def test_office_changelist_query_count_does_not_grow(editor_client, assert_constant_queries):
    url = reverse("admin:offices_office_changelist")
    assert_constant_queries(url, lambda n: OfficeFactory.create_batch(n), limit=8)


def test_office_search_query_count_does_not_grow(editor_client, assert_constant_queries):
    url = reverse("admin:offices_office_changelist") + "?q=jetro&verification=due"
    assert_constant_queries(url, lambda n: OfficeFactory.create_batch(n), limit=8)


def test_service_changelist_query_count_does_not_grow(editor_client, assert_constant_queries):
    url = reverse("admin:services_service_changelist")
    grow = lambda n: ServiceFactory.create_batch(n, contact=ContactPointFactory(), offices=[OfficeFactory()])  # noqa: E731
    assert_constant_queries(url, grow, limit=8)


def test_staff_count_changelist_query_count_does_not_grow(editor_client, assert_constant_queries):
    url = reverse("admin:offices_staffcount_changelist")
    grow = lambda n: [StaffCountFactory(office=OfficeFactory(), domestic=None, overseas=None) for _ in range(n)]  # noqa: E731
    assert_constant_queries(url, grow, limit=9)


# --- Validation in words ---


def post_change(client, office, **changes):
    url = reverse("admin:offices_office_change", args=[office.pk])
    return client.post(url, admin_form_data(client.get(url), **changes))


def test_the_change_form_shows_a_rule_next_to_its_field(editor_client):
    office = OfficeFactory()
    response = post_change(editor_client, office, status=OfficeStatus.CLOSED, successor="")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["successor"] == ["A closed office must name the office that now serves its visitors."]
    office.refresh_from_db()
    assert office.status == OfficeStatus.OPEN


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "3582-5511", "Enter the number in international form: + and the country code"),
        ("fax", "fax me", "Enter the number in international form"),
        ("email", "info@", "Enter an email address such as info@jetro.go.jp."),
        ("website", "not a web address", "Enter a full web address such as https://www.jetro.go.jp/."),
        ("timezone", "Europe/Atlantis", "“Europe/Atlantis” is not an IANA time zone."),
        ("latitude", "95", "Latitude must be between -90 and 90."),
        ("longitude", "", "Give both latitude and longitude, or neither."),
    ],
)
def test_a_mistyped_detail_is_refused_with_words_next_to_its_field(editor_client, field, value, message):
    office = OfficeFactory(phone="+49 30 123456", latitude="52.52", longitude="13.40", city="Berlin")
    response = post_change(editor_client, office, **{field: value})
    assert response.status_code == 200
    assert any(message in error for error in response.context["adminform"].form.errors.get(field, [])), (
        response.context["adminform"].form.errors
    )
    office.refresh_from_db()
    saved = (office.phone.as_e164, office.timezone, str(office.latitude))
    assert saved == ("+4930123456", "Europe/Berlin", "52.520000")


def test_editors_can_work_in_japanese(admin_client):
    response = admin_client.get("/ja/admin/offices/office/")
    assert response.status_code == 200
    assert '<html lang="ja"' in response.text
    assert "事務所" in response.text
    # The admin's allowances in the Content-Security-Policy apply in both languages.
    assert "'unsafe-inline'" in response.headers["Content-Security-Policy"]
