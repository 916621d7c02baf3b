"""Office editors: an editor for Bangkok sees and changes Bangkok, and cannot reach Berlin by any admin URL.

The scope (offices.scope) is one queryset method, Office.objects.for_editor(user),
applied by the core admin on every URL: changelist, change form, history and
its old versions, preview, export, import, autocomplete, actions. Services,
contact points, figures and staff counts stay with the national editors.
"""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.roles import EDITORS, OFFICE_EDITORS, is_scoped
from offices.models import Office
from offices.scope import EditorScope, ensure_office_editors_group
from services.tests.factories import ContactPointFactory, InvestmentFigureFactory, ServiceFactory
from tests.support import admin_form_data

from .factories import OfficeFactory, OpeningHoursFactory, StaffCountFactory
from .test_admin_csv import confirm, office_csv, read_export, upload
from .test_loader import OFFICE_COLUMNS

pytestmark = pytest.mark.django_db

PASSWORD = "a long editor passphrase 2024"


@pytest.fixture
def bangkok():
    return OfficeFactory(slug="bangkok", name="JETRO Bangkok", country="TH", region="asia", city="Bangkok")


@pytest.fixture
def berlin():
    return OfficeFactory(slug="berlin", name="JETRO Berlin", country="DE", region="europe", city="Berlin")


@pytest.fixture
def bangkok_client(client, make_office_editor, bangkok):
    client.force_login(make_office_editor("somchai", offices=[bangkok]))
    return client


def admin_url(name, *args):
    return reverse(f"admin:offices_office_{name}", args=args)


# --- Who is in the scope ----------------------------------------------------------


def test_a_scope_holds_the_named_offices_and_every_office_of_its_countries_and_regions(make_office_editor, bangkok):
    hanoi = OfficeFactory(slug="hanoi", country="VN", region="asia", city="Hanoi")
    OfficeFactory(slug="berlin", country="DE", region="europe")
    sydney = OfficeFactory(slug="sydney", country="AU", region="oceania", city="Sydney")
    assert set(Office.objects.for_editor(make_office_editor("a", offices=[bangkok]))) == {bangkok}
    assert set(Office.objects.for_editor(make_office_editor("b", countries=["VN"]))) == {hanoi}
    assert set(Office.objects.for_editor(make_office_editor("c", regions=["asia", "oceania"]))) == {
        bangkok,
        hanoi,
        sydney,
    }


def test_national_editors_and_superusers_keep_the_whole_directory(make_editor, admin_user, bangkok, berlin):
    assert set(Office.objects.for_editor(make_editor("hanako"))) == {bangkok, berlin}
    assert set(Office.objects.for_editor(admin_user)) == {bangkok, berlin}


def test_an_office_editor_without_a_scope_sees_no_office(django_user_model, bangkok):
    user = django_user_model.objects.create_user("nobody", is_staff=True)
    user.groups.add(ensure_office_editors_group())
    assert is_scoped(user)
    assert not Office.objects.for_editor(user).exists()


# --- Berlin is out of reach for Bangkok's editor, by every URL ---------------------


def test_the_changelist_lists_only_the_offices_in_the_scope(bangkok_client, berlin):
    response = bangkok_client.get(admin_url("changelist"))
    assert response.status_code == 200
    assert "JETRO Bangkok" in response.text
    assert "JETRO Berlin" not in response.text
    assert "JETRO Berlin" not in bangkok_client.get(admin_url("changelist"), {"q": "berlin"}).text


@pytest.mark.parametrize("view", ["change", "delete"])
def test_berlins_forms_answer_not_found(bangkok_client, berlin, view):
    assert bangkok_client.get(admin_url(view, berlin.pk)).status_code == 404


def test_berlins_preview_answers_not_found(bangkok_client, berlin):
    assert bangkok_client.get(admin_url("preview", berlin.pk)).status_code == 404


def test_berlins_history_and_its_old_versions_are_refused(bangkok_client, berlin):
    assert bangkok_client.get(admin_url("history", berlin.pk)).status_code == 403
    version = berlin.history.latest("history_date")
    url = reverse("admin:offices_office_simple_history", args=[berlin.pk, version.history_id])
    assert bangkok_client.get(url).status_code == 403


def test_a_post_to_berlins_form_changes_nothing(bangkok_client, berlin, bangkok, client):
    data = admin_form_data(bangkok_client.get(admin_url("change", bangkok.pk)), name="Hijacked")
    assert bangkok_client.post(admin_url("change", berlin.pk), data).status_code == 404
    berlin.refresh_from_db()
    assert berlin.name == "JETRO Berlin"


def test_the_export_holds_only_the_scope(bangkok_client, berlin):
    rows = read_export(bangkok_client.get(admin_url("export")))
    assert [row[0] for row in rows[1:]] == ["bangkok"]
    rows = read_export(bangkok_client.get(admin_url("export"), {"country": "DE"}))
    assert rows[1:] == []


def test_an_import_that_touches_berlin_is_refused_whole_naming_the_line(bangkok_client, bangkok, berlin):
    exported = read_export(bangkok_client.get(admin_url("export")))
    lines = [dict(zip(exported[0], row, strict=True)) for row in exported[1:]]
    bangkok_line = {**lines[0], "city": "Bangkok (Sathorn)"}
    berlin_line = {**bangkok_line, "slug": "berlin", "name": "Renamed by Bangkok", "country": "TH", "region": "asia"}
    response = upload(bangkok_client, office_csv(bangkok_line, berlin_line))
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert "Line 3: “JETRO Berlin” is not among the offices you edit, so this file cannot be imported." in response.text
    berlin.refresh_from_db()
    bangkok.refresh_from_db()
    assert (berlin.name, berlin.country.code, bangkok.city) == ("JETRO Berlin", "DE", "Bangkok")


def test_an_import_of_a_new_office_is_refused(bangkok_client):
    line = dict.fromkeys(OFFICE_COLUMNS, "") | {
        "slug": "chiang-mai",
        "kind": "overseas",
        "name": "JETRO Chiang Mai",
        "status": "open",
        "region": "asia",
        "country": "TH",
        "is_published": "true",
    }
    response = upload(bangkok_client, office_csv(line))
    assert "Line 2: This line adds a new office: only a national editor can add one." in response.text
    assert not Office.objects.filter(slug="chiang-mai").exists()


def test_an_import_within_the_scope_is_applied(bangkok_client, bangkok):
    exported = read_export(bangkok_client.get(admin_url("export")))
    line = {**dict(zip(exported[0], exported[1], strict=True)), "city": "Bangkok (Sathorn)"}
    preview = upload(bangkok_client, office_csv(line))
    assert "confirm_form" in preview.context
    confirm(bangkok_client, preview)
    bangkok.refresh_from_db()
    assert bangkok.city == "Bangkok (Sathorn)"


def test_a_country_editor_cannot_move_an_office_out_of_their_scope(client, make_office_editor, bangkok, berlin):
    client.force_login(make_office_editor("thai-desk", countries=["TH"]))
    url = admin_url("change", bangkok.pk)
    data = admin_form_data(client.get(url), country="DE", region="europe", timezone="Europe/Berlin")
    response = client.post(url, data, follow=True)
    assert "would no longer be among the offices you edit" in response.text
    bangkok.refresh_from_db()
    assert bangkok.country.code == "TH"


def test_autocomplete_offers_the_scope_and_published_offices_never_a_draft(bangkok_client, berlin):
    OfficeFactory(slug="draft", name="JETRO Draft Berlin", is_published=False)
    response = bangkok_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "offices", "model_name": "office", "field_name": "successor", "term": "berlin"},
    )
    assert response.status_code == 200
    names = [result["text"] for result in response.json()["results"]]
    assert names == ["JETRO Berlin"]


# --- What an office editor changes -----------------------------------------------


def test_an_office_editor_changes_their_office_with_its_hours(bangkok_client, bangkok):
    OpeningHoursFactory(office=bangkok)
    url = admin_url("change", bangkok.pk)
    response = bangkok_client.get(url)
    assert response.status_code == 200
    assert "opening_hours-0-opens" in response.text
    response = bangkok_client.post(url, admin_form_data(response, city="Bangkok (Sathorn)"))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    bangkok.refresh_from_db()
    assert bangkok.city == "Bangkok (Sathorn)"
    assert bangkok.history.latest("history_date").history_user.username == "somchai"


def test_an_office_editor_chooses_the_services_their_office_offers(bangkok_client, bangkok):
    service = ServiceFactory(name="Business matching")
    response = bangkok_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "services", "model_name": "service_offices", "field_name": "service", "term": "matching"},
    )
    assert [result["text"] for result in response.json()["results"]] == ["Business matching"]
    url = admin_url("change", bangkok.pk)
    prefix = "Service_offices-"
    data = admin_form_data(bangkok_client.get(url))
    data |= {f"{prefix}TOTAL_FORMS": "1", f"{prefix}0-service": str(service.pk), f"{prefix}0-office": str(bangkok.pk)}
    assert bangkok_client.post(url, data).status_code == 302
    assert list(bangkok.services.all()) == [service]


def test_an_office_editor_cannot_add_offices(bangkok_client):
    assert bangkok_client.get(admin_url("add")).status_code == 403


@pytest.mark.parametrize(
    ("model", "factory"),
    [
        ("services/service", ServiceFactory),
        ("services/contactpoint", ContactPointFactory),
        ("services/investmentfigure", InvestmentFigureFactory),
        ("offices/staffcount", StaffCountFactory),
    ],
)
def test_every_other_listing_stays_with_national_editors(bangkok_client, model, factory):
    listing = factory()
    base = f"/admin/{model}/"
    for url in [base, f"{base}add/", f"{base}{listing.pk}/change/", f"{base}{listing.pk}/history/"]:
        assert bangkok_client.get(url).status_code in (403, 404), url
    for url in [f"{base}export/", f"{base}import/"]:
        assert bangkok_client.get(url).status_code == 403, url


def test_the_front_page_offers_an_office_editor_only_their_offices(bangkok_client):
    response = bangkok_client.get(reverse("admin:index"))
    assert reverse("admin:offices_office_changelist") in response.text
    assert reverse("admin:services_service_changelist") not in response.text
    assert reverse("admin:offices_staffcount_changelist") not in response.text
    assert reverse("admin:offices_editorscope_changelist") not in response.text


def test_verification_due_counts_only_the_scope(bangkok_client, berlin):
    response = bangkok_client.get(reverse("admin:index"))
    assert "1 office" in response.text
    assert "2 offices" not in response.text


# --- Scopes are given by administrators ---------------------------------------------


def test_only_a_superuser_edits_scopes(admin_client, editor_client):
    url = reverse("admin:offices_editorscope_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(reverse("admin:offices_editorscope_add")).status_code == 200
    assert editor_client.get(url).status_code == 403


def test_a_superuser_makes_a_national_editor_an_office_editor(admin_client, make_editor, bangkok, berlin):
    user = make_editor("hanako")
    response = admin_client.post(
        reverse("admin:offices_editorscope_add"),
        {"user": user.pk, "offices": [], "countries": ["TH"], "regions": []},
        follow=True,
    )
    assert "Office editor hanako now edits: Thailand." in response.text
    assert "no longer in the Editors group" in response.text
    user.refresh_from_db()
    assert set(user.groups.values_list("name", flat=True)) == {OFFICE_EDITORS}
    assert set(Office.objects.for_editor(user)) == {bangkok}


# --- create_editor ---------------------------------------------------------------


def create_editor(*args, **options):
    out = io.StringIO()
    call_command("create_editor", *args, stdout=out, interactive=False, **options)
    return out.getvalue()


def test_create_editor_makes_an_office_editor_for_offices_countries_and_regions(monkeypatch, bangkok):
    monkeypatch.setenv("EDITOR_PASSWORD", PASSWORD)
    out = create_editor("somchai", email="somchai@example.org", offices="bangkok", countries="vn,MY", regions="oceania")
    assert "Office editor “somchai” created, for: JETRO Bangkok; Malaysia; Vietnam; Oceania." in out
    scope = EditorScope.objects.get(user__username="somchai")
    assert [office.slug for office in scope.offices.all()] == ["bangkok"]
    assert [country.code for country in scope.countries] == ["MY", "VN"]
    assert scope.regions == ["oceania"]
    assert list(scope.user.groups.values_list("name", flat=True)) == [OFFICE_EDITORS]
    assert is_scoped(scope.user)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"offices": "bangkok,atlantis"}, "No office has the slug atlantis; nothing was changed."),
        ({"countries": "TH,XX"}, "Not an ISO 3166 country code: XX."),
        ({"regions": "asia,mars"}, "Unknown region: mars. Use one of asia, oceania"),
    ],
)
def test_create_editor_refuses_an_unknown_office_country_or_region(monkeypatch, bangkok, options, message):
    monkeypatch.setenv("EDITOR_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match=message):
        create_editor("somchai", **options)
    assert not EditorScope.objects.exists()
    assert not Group.objects.get(name=EDITORS).user_set.exists()


def test_an_office_editors_changelist_costs_the_same_for_1_office_as_for_20(
    client, make_office_editor, assert_constant_queries
):
    client.force_login(make_office_editor("thai-desk", countries=["TH"]))
    grow = lambda count: OfficeFactory.create_batch(count, country="TH", region="asia", city="Bangkok")  # noqa: E731
    # A national editor's costs 8 (offices/tests/test_admin.py); the scope is one more.
    assert_constant_queries(admin_url("changelist"), grow, limit=9)


# --- The admin's "View on site" shortcut ----------------------------------------------


def view_on_site_url(office):
    from django.contrib.contenttypes.models import ContentType

    return reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(Office).pk, office.pk])


def test_the_view_on_site_shortcut_says_nothing_of_an_office_outside_the_scope(bangkok_client, berlin):
    berlin.is_published = False
    berlin.save()
    response = bangkok_client.get(view_on_site_url(berlin))
    assert response.status_code == 404
    assert "berlin" not in response.get("Location", "")


def test_the_view_on_site_shortcut_leads_to_the_public_page_or_a_drafts_preview(
    bangkok_client, client, make_editor, bangkok, berlin
):
    assert bangkok_client.get(view_on_site_url(bangkok))["Location"] == "/offices/bangkok/"
    berlin.is_published = False
    berlin.save()
    client.force_login(make_editor("kenji"))
    assert client.get(view_on_site_url(berlin))["Location"] == admin_url("preview", berlin.pk)
