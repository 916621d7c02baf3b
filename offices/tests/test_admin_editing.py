"""Editors' comfort and sources: the site's own admin title, hours in one step in the office's local time,
help text that renders, and a new contact detail that never shows under an old citation."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from offices.models import Office, OpeningHours
from services.tests.factories import ServiceFactory
from tests.support import admin_form_data

from .factories import OfficeFactory, OpeningHoursFactory

pytestmark = pytest.mark.django_db

MONDAY_TO_FRIDAY = [0, 1, 2, 3, 4]


def change_url(office):
    return reverse("admin:offices_office_change", args=[office.pk])


def post_change(client, office, **changes):
    url = change_url(office)
    return client.post(url, admin_form_data(client.get(url), **changes))


def hours_of(office):
    return [str(period) for period in OpeningHours.objects.filter(office=office).order_by("weekday", "opens")]


# --- The admin is this site's ---


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:index"),
        reverse("admin:offices_office_changelist"),
        reverse("admin:offices_office_add"),
        reverse("admin:offices_office_completeness"),
    ],
)
def test_admin_pages_carry_the_sites_title_not_djangos(editor_client, url):
    text = editor_client.get(url).text
    assert '<a href="/admin/">JETRO Offices &amp; Services Directory</a>' in text
    assert "| JETRO directory admin</title>" in text
    assert "Django administration" not in text
    assert "Django site admin" not in text


def test_the_admins_title_is_in_japanese_too(editor_client):
    text = editor_client.get("/ja/admin/").text
    assert "ジェトロ 事務所・サービス案内</a>" in text
    assert "<h1>編集者用管理画面</h1>" in text


def test_the_admins_front_page_is_titled_for_editors(editor_client):
    assert "<h1>Editors&#x27; admin</h1>" in editor_client.get(reverse("admin:index")).text


# --- No "N hours behind server time" on the office's own local times ---


def test_the_office_form_has_no_widget_that_notes_the_servers_time_zone(editor_client):
    office = OfficeFactory()
    OpeningHoursFactory(office=office, opens="09:00", closes="17:30")
    text = editor_client.get(change_url(office)).text
    # Django's DateTimeShortcuts.js adds "Note: You are N hours behind server time" to every
    # vTimeField and vDateField input; the form has none, and does not load the script.
    assert "DateTimeShortcuts.js" not in text
    assert "vTimeField" not in text
    assert "vDateField" not in text
    assert 'name="opening_hours-0-opens" value="09:00"' in text
    assert 'name="hours_opens"' in text
    assert 'type="date" name="last_verified"' in text


# --- Help text that renders ---


def test_the_slug_help_shows_an_example_address(editor_client):
    text = editor_client.get(reverse("admin:offices_office_add")).text
    assert "the slug “paris” gives /offices/paris/." in text
    assert "/offices//" not in text


def test_the_service_slug_help_shows_an_example_address(editor_client):
    text = editor_client.get(reverse("admin:services_service_add")).text
    assert "the slug “ibsc” gives /services/ibsc/." in text
    assert "/services//" not in text


# --- Weekday hours in one step ---


def test_monday_to_friday_in_one_step_creates_five_rows(editor_client):
    office = OfficeFactory()
    response = post_change(
        editor_client, office, hours_days=MONDAY_TO_FRIDAY, hours_opens="09:00", hours_closes="17:30"
    )
    assert response.status_code == 302
    assert hours_of(office) == [
        "Monday 09:00–17:30",
        "Tuesday 09:00–17:30",
        "Wednesday 09:00–17:30",
        "Thursday 09:00–17:30",
        "Friday 09:00–17:30",
    ]
    reason = Office.history.filter(id=office.pk).first().history_change_reason
    assert "Added opening hours “Monday 09:00–17:30”." in reason


def test_the_hours_replace_those_days_and_an_exception_is_edited_as_before(editor_client):
    office = OfficeFactory()
    OpeningHoursFactory(office=office, weekday=0, opens="10:00", closes="12:00")
    OpeningHoursFactory(office=office, weekday=0, opens="13:00", closes="16:00")
    OpeningHoursFactory(office=office, weekday=5, opens="10:00", closes="12:00")
    post_change(editor_client, office, hours_days=MONDAY_TO_FRIDAY, hours_opens="09:00", hours_closes="17:30")
    assert hours_of(office)[0] == "Monday 09:00–17:30"
    assert hours_of(office)[-1] == "Saturday 10:00–12:00"  # not ticked: kept

    # The exception: Friday closes early, in the row as editors always did.
    url = change_url(office)
    page = editor_client.get(url)
    forms = page.context["inline_admin_formsets"][0].formset.forms
    friday = next(index for index, form in enumerate(forms) if form.instance.weekday == 4)
    data = admin_form_data(page, **{f"opening_hours-{friday}-closes": "16:00"})
    assert editor_client.post(url, data).status_code == 302
    assert "Friday 09:00–16:00" in hours_of(office)


def test_the_same_hours_again_change_nothing(editor_client):
    office = OfficeFactory()
    post_change(editor_client, office, hours_days=[0], hours_opens="09:00", hours_closes="17:30")
    first = OpeningHours.objects.get(office=office).pk
    post_change(editor_client, office, hours_days=[0], hours_opens="09:00", hours_closes="17:30")
    assert OpeningHours.objects.get(office=office).pk == first


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"hours_opens": "17:30", "hours_closes": "09:00"}, "hours_closes", "must be later than the opening time"),
        ({"hours_opens": "09:00", "hours_closes": ""}, "hours_closes", "Give the closing time as well"),
        ({"hours_opens": "9 o'clock", "hours_closes": "17:30"}, "hours_opens", "Enter a valid time."),
        ({"hours_days": [], "hours_opens": "09:00", "hours_closes": "17:30"}, "hours_days", "Tick the days"),
    ],
)
def test_hours_that_cannot_be_set_are_refused_next_to_their_field(editor_client, changes, field, message):
    office = OfficeFactory()
    response = post_change(editor_client, office, **{"hours_days": MONDAY_TO_FRIDAY, **changes})
    assert response.status_code == 200
    assert any(message in error for error in response.context["adminform"].form.errors[field])
    assert not OpeningHours.objects.filter(office=office).exists()


def test_hours_set_on_a_new_office_are_saved_with_it(editor_client):
    url = reverse("admin:offices_office_add")
    data = admin_form_data(
        editor_client.get(url),
        name="JETRO Lyon",
        slug="lyon",
        kind="overseas",
        status="open",
        country="FR",
        region="europe",
        city="Lyon",
        hours_days=[0, 2],
        hours_opens="09:00",
        hours_closes="12:00",
    )
    assert editor_client.post(url, data).status_code == 302
    assert hours_of(Office.objects.get(slug="lyon")) == ["Monday 09:00–12:00", "Wednesday 09:00–12:00"]


# --- A new contact detail comes with its source ---


@pytest.fixture
def sao_paulo():
    return OfficeFactory(
        slug="sao-paulo",
        name="JETRO São Paulo",
        country="BR",
        region="latin_america",
        city="São Paulo",
        phone="+55 11 3141-0788",
        source="https://nikkeyshimbun.jp/2009/090626-63colonia.html",
        source_as_of="2019 ; 2009 (phone)",
    )


def test_a_new_phone_under_the_old_citation_is_refused(editor_client, sao_paulo):
    response = post_change(editor_client, sao_paulo, phone="+55 11 3141-0700")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["source_as_of"] == [
        "You changed the phone, but the source date on record (“2019 ; 2009 (phone)”) is the old value's. "
        "Give the date or year of the new value's source, or tick “Same source” below if it comes from "
        "the source already cited."
    ]
    sao_paulo.refresh_from_db()
    assert sao_paulo.phone.as_e164 == "+551131410788"


def test_a_new_phone_with_its_source_and_date_is_saved_and_shown_without_the_old_date(editor_client, client, sao_paulo):
    response = post_change(
        editor_client,
        sao_paulo,
        phone="+55 11 3141-0700",
        source="https://nikkeyshimbun.jp/2019/190913-74colonia.html ; https://www.jetro.go.jp/brazil/",
        source_as_of="2019 ; 2026-11 (phone)",
    )
    assert response.status_code == 302
    text = client.get(sao_paulo.get_absolute_url()).text
    assert "+55 11 3141-0700" in text
    assert "as of 2009" not in text


def test_a_new_date_needs_a_source_too(editor_client, sao_paulo):
    response = post_change(editor_client, sao_paulo, phone="+55 11 3141-0700", source="", source_as_of="2026")
    assert response.context["adminform"].form.errors["source"] == [
        "Say where the new phone comes from: a web address or a short description."
    ]


def test_same_source_keeps_the_citation_knowingly(editor_client, sao_paulo):
    response = post_change(editor_client, sao_paulo, phone="+55 11 3141-0789", same_source="on")
    assert response.status_code == 302
    sao_paulo.refresh_from_db()
    assert (sao_paulo.phone.as_e164, sao_paulo.source_as_of) == ("+551131410789", "2019 ; 2009 (phone)")


def test_clearing_a_wrong_detail_needs_no_source(editor_client, sao_paulo):
    assert post_change(editor_client, sao_paulo, phone="").status_code == 302


def test_other_changes_need_no_source(editor_client, sao_paulo):
    assert post_change(editor_client, sao_paulo, name_ja="ジェトロ・サンパウロ").status_code == 302


def test_an_office_with_no_source_is_saved_with_a_warning(editor_client):
    office = OfficeFactory(name="JETRO Berlin", phone="", source="", source_as_of="")
    response = post_change(editor_client, office, phone="+49 30 123456")
    assert response.status_code == 302
    warnings = [str(message) for message in get_messages(response.wsgi_request)]
    assert "“JETRO Berlin” cites no source for its phone: add where it comes from and its date" in " ".join(warnings)


def test_same_source_cannot_stand_in_for_a_source_there_is_not(editor_client):
    office = OfficeFactory(source="", source_as_of="")
    response = post_change(editor_client, office, email="berlin@example.org", same_source="on")
    assert "there is none to keep" in response.context["adminform"].form.errors["same_source"][0]


def test_the_change_form_explains_the_source_date(editor_client, sao_paulo):
    text = editor_client.get(change_url(sao_paulo)).text
    assert "“2019 ; 2024-05 (phone)”" in text
    assert "Same source" in text


def test_the_offices_services_are_still_edited_on_its_form(editor_client):
    office = OfficeFactory()
    ServiceFactory(offices=[office])
    assert post_change(editor_client, office, city="Munich").status_code == 302


def test_the_admin_lives_under_admin_url(editor_client):
    assert reverse("admin:offices_office_completeness") == f"/{settings.ADMIN_URL}offices/office/completeness/"


def test_a_viewer_reads_the_office_form_without_the_editing_aids(client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_office"))
    client.force_login(viewer)
    office = OfficeFactory(name="JETRO Berlin")
    response = client.get(change_url(office))
    assert response.status_code == 200
    assert "JETRO Berlin" in response.text
    assert "hours_opens" not in response.text
    assert "Same source" not in response.text


def test_hours_need_the_right_to_change_opening_hours(client, django_user_model):
    user = django_user_model.objects.create_user("office-only", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_office", "change_office"]))
    client.force_login(user)
    office = OfficeFactory()
    page = client.get(change_url(office))
    assert "hours_opens" not in page.text
    data = admin_form_data(page, hours_days=[0], hours_opens="09:00", hours_closes="17:00")
    assert client.post(change_url(office), data).status_code == 302
    assert not OpeningHours.objects.filter(office=office).exists()
