"""History: who changed which field of a listing, from what to what, and when; revert for superusers only."""

import pytest
from django.urls import reverse

from offices.models import Office, OfficeStatus
from services.models import Service
from services.tests.factories import ServiceFactory
from tests.support import admin_form_data

from .factories import OfficeFactory

pytestmark = pytest.mark.django_db


def change(client, listing, **changes):
    opts = listing._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[listing.pk])
    response = client.post(url, admin_form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def history_page(client, listing):
    opts = listing._meta
    return client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[listing.pk]))


def test_history_records_the_editor_and_the_field_change(editor_client):
    office = OfficeFactory(name="JETRO Berlin", phone="+49 30 100000")
    change(editor_client, office, phone="+49 30 200000")

    latest, created = Office.history.filter(id=office.pk)[:2]
    assert latest.history_user.username == "editor"
    assert [(c.field, str(c.old), str(c.new)) for c in latest.diff_against(created).changes] == [
        ("phone", "+49 30 100000", "+49 30 200000")
    ]
    page = history_page(editor_client, office)
    assert page.status_code == 200
    assert "<td>editor</td>" in page.text.replace("\n", "").replace(" ", "")  # named, not linked to users
    assert "<strong>Phone:</strong>" in page.text
    assert "+49 30 100000" in page.text
    assert "+49 30 200000" in page.text


def test_one_save_is_one_history_record_that_names_the_rows_added_with_it(editor_client):
    office = OfficeFactory()
    url = reverse("admin:offices_office_change", args=[office.pk])
    data = admin_form_data(editor_client.get(url), city="Munich")
    data.update(
        {
            "opening_hours-TOTAL_FORMS": 1,
            "opening_hours-0-weekday": 0,
            "opening_hours-0-opens": "09:00",
            "opening_hours-0-closes": "17:00",
        }
    )
    assert editor_client.post(url, data).status_code == 302
    assert Office.history.filter(id=office.pk).count() == 2  # created, then this save
    reason = Office.history.filter(id=office.pk).first().history_change_reason
    assert reason == "Changed City. Added opening hours “Monday 09:00–17:00”."


def test_history_shows_labels_rather_than_stored_values(editor_client):
    office = OfficeFactory()
    change(editor_client, office, status=OfficeStatus.TEMPORARILY_CLOSED, successor=OfficeFactory().pk)
    page = history_page(editor_client, office)
    assert "Open" in page.text
    assert "Temporarily closed" in page.text
    assert "temporarily_closed" not in page.text


def test_a_services_history_records_the_offices_that_offer_it(editor_client):
    paris = OfficeFactory(name="JETRO Paris", country="FR")
    service = ServiceFactory(name="Trade fair support")
    change(editor_client, service, offices=[paris.pk])
    latest, created = Service.history.filter(id=service.pk)[:2]
    changes = latest.diff_against(created).changes
    assert [change.field for change in changes] == ["offices"]
    assert "JETRO Paris" in history_page(editor_client, service).text
    # The office's history says so too.
    assert Office.history.filter(id=paris.pk).first().history_change_reason == (
        "Now offers the service “Trade fair support”"
    )


def test_an_editor_reads_history_but_cannot_revert(editor_client):
    office = OfficeFactory(city="Berlin")
    change(editor_client, office, city="Munich")
    first = Office.history.filter(id=office.pk).last()
    url = reverse("admin:offices_office_simple_history", args=[office.pk, first.history_id])
    page = editor_client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert editor_client.post(url, admin_form_data(page)).status_code == 403
    office.refresh_from_db()
    assert office.city == "Munich"


def test_a_superuser_reverts_a_listing_to_an_earlier_version(admin_client, editor_client):
    office = OfficeFactory(city="Berlin")
    change(editor_client, office, city="Munich")
    first = Office.history.filter(id=office.pk).last()
    url = reverse("admin:offices_office_simple_history", args=[office.pk, first.history_id])
    page = admin_client.get(url)
    assert "Revert" in page.text
    assert admin_client.post(url, admin_form_data(page)).status_code == 302
    office.refresh_from_db()
    assert (office.city, office.version) == ("Berlin", 3)
    assert Office.history.filter(id=office.pk).first().history_user.username == "admin"


def test_a_revert_based_on_an_outdated_page_is_refused(admin_client, editor_client):
    office = OfficeFactory(city="Berlin")
    change(editor_client, office, city="Munich")
    first = Office.history.filter(id=office.pk).last()
    url = reverse("admin:offices_office_simple_history", args=[office.pk, first.history_id])
    page = admin_client.get(url)
    change(editor_client, office, city="Hamburg")
    response = admin_client.post(url, admin_form_data(page))
    assert response.status_code == 200
    assert "editor saved this office" in response.text
    office.refresh_from_db()
    assert office.city == "Hamburg"
