import pytest
from django.urls import reverse

from offices.models import Office

from .factories import OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["offices/office", "offices/staffcount", "services/service", "services/contactpoint"])
def test_every_admin_list_and_add_page_opens(admin_client, model):
    assert admin_client.get(f"/admin/{model}/").status_code == 200
    assert admin_client.get(f"/admin/{model}/add/").status_code == 200


def test_an_editor_finds_an_office_without_its_accents(admin_client):
    OfficeFactory(name="JETRO São Paulo", country="BR", region="latin_america", city="São Paulo")
    OfficeFactory(name="JETRO Paris", country="FR", city="Paris")
    response = admin_client.get(reverse("admin:offices_office_changelist"), {"q": "sao paulo"})
    assert "JETRO São Paulo" in response.text
    assert "JETRO Paris" not in response.text


def test_the_change_form_shows_a_rule_next_to_its_field(admin_client):
    office = OfficeFactory()
    url = reverse("admin:offices_office_change", args=[office.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {**form.initial, "status": Office.Status.CLOSED, "successor": "", "country": "DE"}
    data = {key: "" if value is None else value for key, value in data.items()}
    for prefix in ("opening_hours", "Office_services"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "A closed office must name the office that now serves its visitors." in response.text
    office.refresh_from_db()
    assert office.status == Office.Status.OPEN
