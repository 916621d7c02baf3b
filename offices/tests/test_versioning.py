"""No lost updates: a save based on an old version of a listing is refused, and says what changed."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.urls import reverse

from core.versioning import StaleVersion
from offices.admin import OfficeAdmin
from offices.models import Office
from services.tests.factories import ContactPointFactory, ServiceFactory
from tests.support import admin_form_data

from .factories import OfficeFactory, StaffCountFactory
from .test_loader import PARIS, files, write_offices  # noqa: F401 - `files` is a fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(client, make_editor):
    from django.test import Client

    alice, bob = Client(), Client()
    alice.force_login(make_editor("alice"))
    bob.force_login(make_editor("bob"))
    return alice, bob


def change_url(listing):
    opts = listing._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[listing.pk])


def test_every_save_moves_the_version_on():
    office = OfficeFactory()
    assert office.version == 1
    office.city = "Munich"
    office.save()
    office.save(update_fields=["city"])
    office.refresh_from_db()
    assert office.version == 3


def test_a_save_based_on_an_old_version_is_refused_and_writes_nothing():
    office = OfficeFactory(city="Berlin")
    Office.objects.filter(pk=office.pk).update(version=F("version") + 1, city="Munich")
    office.city = "Hamburg"
    with pytest.raises(StaleVersion):
        office.save_if_unchanged(1)
    office.refresh_from_db()
    assert (office.city, office.version) == ("Munich", 2)


def test_a_second_editor_saving_an_office_opened_before_the_first_save_is_refused(two_editors):
    alice, bob = two_editors
    office = OfficeFactory(name="JETRO Berlin", phone="+49 30 100000", city="Berlin")
    url = change_url(office)
    alices_form = alice.get(url)
    bobs_form = bob.get(url)
    assert bob.post(url, admin_form_data(bobs_form, phone="+49 30 200000")).status_code == 302

    response = alice.post(url, admin_form_data(alices_form, phone="+49 30 300000", city="Berlin-Mitte"))

    assert response.status_code == 200
    assert "bob saved this office at" in response.text
    assert "Nothing you changed has been saved yet." in response.text
    errors = response.context["adminform"].form.errors
    assert errors["phone"] == [
        "Someone else changed this from “+49 30 100000” to “+49 30 200000”. Your form: “+49 30 300000”."
    ]
    assert "city" not in errors  # bob did not change it: alice's change is no conflict
    office.refresh_from_db()
    assert (office.phone.as_e164, office.city) == ("+4930200000", "Berlin")


@pytest.mark.parametrize(
    ("factory", "field", "theirs", "yours"),
    [
        (lambda: ContactPointFactory(division="Invest Japan"), "division", "Invest Japan Dept.", "Invest Japan Desk"),
        (lambda: StaffCountFactory(source="Annual report"), "source", "Annual report 2019", "JETRO profile"),
        (lambda: ServiceFactory(summary="Helps."), "summary", "Helps companies.", "Helps foreign companies."),
    ],
)
def test_a_stale_save_is_refused_for_every_kind_of_listing(two_editors, factory, field, theirs, yours):
    alice, bob = two_editors
    listing = factory()
    url = change_url(listing)
    alices_form = alice.get(url)
    assert bob.post(url, admin_form_data(bob.get(url), **{field: theirs})).status_code == 302
    response = alice.post(url, admin_form_data(alices_form, **{field: yours}))
    assert response.status_code == 200
    assert f"bob saved this {listing._meta.verbose_name} at" in response.text
    assert f"to “{theirs}”. Your form: “{yours}”." in response.context["adminform"].form.errors[field][0]
    listing.refresh_from_db()
    assert getattr(listing, field) == theirs


def test_saving_the_refused_form_again_knowingly_keeps_the_editors_values(two_editors):
    alice, bob = two_editors
    office = OfficeFactory(phone="+49 30 100000")
    url = change_url(office)
    alices_form = alice.get(url)
    bob.post(url, admin_form_data(bob.get(url), phone="+49 30 200000"))
    refused = alice.post(url, admin_form_data(alices_form, phone="+49 30 300000"))

    # The refused form now carries the version it was compared with.
    assert alice.post(url, admin_form_data(refused)).status_code == 302
    office.refresh_from_db()
    assert office.phone.as_e164 == "+4930300000"


def test_a_field_nobody_else_touched_is_shown_when_the_editor_would_undo_their_change(two_editors):
    alice, bob = two_editors
    office = OfficeFactory(city="Berlin")
    url = change_url(office)
    alices_form = alice.get(url)
    bob.post(url, admin_form_data(bob.get(url), city="Munich"))
    response = alice.post(url, admin_form_data(alices_form, name="JETRO Berlin (new)"))
    errors = response.context["adminform"].form.errors
    assert errors["city"] == ["Someone else changed this from “Berlin” to “Munich”. Your form: “Berlin”."]


def test_without_history_the_refusal_compares_the_saved_values_with_the_form(two_editors):
    alice, bob = two_editors
    office = OfficeFactory(city="Berlin")
    url = change_url(office)
    alices_form = alice.get(url)
    bob.post(url, admin_form_data(bob.get(url), city="Munich"))
    Office.history.all().delete()
    response = alice.post(url, admin_form_data(alices_form))
    assert response.status_code == 200
    assert "Someone else saved this office after you opened it." in response.text
    assert response.context["adminform"].form.errors["city"] == ["Saved now: “Munich”. Your form: “Berlin”."]


def test_a_save_that_loses_the_race_after_its_checks_is_refused_too(editor_client, monkeypatch):
    office = OfficeFactory(city="Berlin")
    url = change_url(office)
    data = admin_form_data(editor_client.get(url), city="Hamburg")
    data.update(
        {
            "opening_hours-TOTAL_FORMS": 1,
            "opening_hours-0-weekday": 0,
            "opening_hours-0-opens": "09:00",
            "opening_hours-0-closes": "17:00",
        }
    )
    save_if_unchanged, get_object = Office.save_if_unchanged, OfficeAdmin.get_object
    raced = []

    def claim_fails_once(self, loaded_version):
        # Another editor committed after this form was checked: the claim finds a newer version.
        if not raced:
            raced.append(True)
            raise StaleVersion
        return save_if_unchanged(self, loaded_version)

    def load_after_their_commit(self, request, object_id, from_field=None):
        if raced:
            Office.objects.filter(pk=office.pk, version=1).update(version=2, city="Munich")
        return get_object(self, request, object_id, from_field)

    monkeypatch.setattr(Office, "save_if_unchanged", claim_fails_once)
    monkeypatch.setattr(OfficeAdmin, "get_object", load_after_their_commit)
    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "saved this office after you opened it" in response.text
    office.refresh_from_db()
    assert office.city == "Munich"
    assert not office.opening_hours.exists()


def test_a_refused_save_keeps_nothing_of_its_opening_hours(two_editors):
    alice, bob = two_editors
    office = OfficeFactory()
    url = change_url(office)
    alices_form = admin_form_data(alice.get(url))
    alices_form.update(
        {
            "opening_hours-TOTAL_FORMS": 1,
            "opening_hours-0-weekday": 0,
            "opening_hours-0-opens": "09:00",
            "opening_hours-0-closes": "17:00",
        }
    )
    bob.post(url, admin_form_data(bob.get(url), city="Munich"))
    assert alice.post(url, alices_form).status_code == 200
    assert not office.opening_hours.exists()


def test_a_service_form_opened_before_another_editor_saved_it_is_refused(two_editors):
    alice, bob = two_editors
    paris, berlin = OfficeFactory(name="JETRO Paris", country="FR"), OfficeFactory(name="JETRO Berlin")
    service = ServiceFactory(offices=[paris])
    url = change_url(service)
    alices_form = alice.get(url)
    bob.post(url, admin_form_data(bob.get(url), offices=[paris.pk, berlin.pk]))
    response = alice.post(url, admin_form_data(alices_form, summary="A new summary."))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["offices"] == [
        "Someone else changed this from “JETRO Paris” to “JETRO Berlin, JETRO Paris”. Your form: “JETRO Paris”."
    ]


def test_linking_a_service_on_an_office_page_makes_an_open_service_form_stale(two_editors):
    alice, bob = two_editors
    office = OfficeFactory()
    service = ServiceFactory()
    alices_service_form = alice.get(change_url(service))
    office_form = admin_form_data(bob.get(change_url(office)))
    office_form.update({"Service_offices-TOTAL_FORMS": 1, "Service_offices-0-service": service.pk})
    assert bob.post(change_url(office), office_form).status_code == 302
    assert list(service.offices.all()) == [office]

    response = alice.post(change_url(service), admin_form_data(alices_service_form))
    assert response.status_code == 200
    assert "bob saved this service" in response.text
    assert list(service.offices.all()) == [office]


def test_changing_a_services_offices_makes_an_open_office_form_stale(two_editors):
    alice, bob = two_editors
    office = OfficeFactory()
    service = ServiceFactory()
    alices_office_form = alice.get(change_url(office))
    bob.post(change_url(service), admin_form_data(bob.get(change_url(service)), offices=[office.pk]))
    response = alice.post(change_url(office), admin_form_data(alices_office_form))
    assert response.status_code == 200
    assert "bob saved this office" in response.text


def test_loading_the_directory_makes_an_open_form_stale(editor_client, files):  # noqa: F811
    write_offices(files["offices"], PARIS)
    call_command("load_directory", stdout=io.StringIO(), **files)
    office = Office.objects.get(slug="paris")
    form = admin_form_data(editor_client.get(change_url(office)))
    write_offices(files["offices"], {**PARIS, "city": "Paris 8e"})
    call_command("load_directory", stdout=io.StringIO(), **files)
    office.refresh_from_db()
    assert office.version == 2

    response = editor_client.post(change_url(office), form)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["city"] == [
        "Someone else changed this from “Paris” to “Paris 8e”. Your form: “Paris”."
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no concurrent writers to race")
def test_two_simultaneous_saves_of_the_same_version_let_exactly_one_through():
    office = OfficeFactory()
    start = threading.Barrier(2)
    outcomes = []

    def save(city):
        try:
            copy = Office.objects.get(pk=office.pk)
            copy.city = city
            start.wait()
            copy.save_if_unchanged(1)
            outcomes.append(("saved", city))
        except StaleVersion:
            outcomes.append(("refused", city))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(city,)) for city in ("Munich", "Hamburg")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcome for outcome, _city in outcomes) == ["refused", "saved"]
    saved_city = next(city for outcome, city in outcomes if outcome == "saved")
    office.refresh_from_db()
    assert (office.city, office.version) == (saved_city, 2)
