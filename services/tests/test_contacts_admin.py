"""Editors keep contact points and investment figures as they keep offices: published flag, history, verification."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.roles import EDITORS
from services.models import ContactCategory, ContactPoint, InvestmentFigure
from tests.support import admin_form_data, response_text

from .factories import ContactPointFactory, InvestmentFigureFactory

pytestmark = pytest.mark.django_db


def test_the_migrations_let_editors_keep_investment_figures():
    codenames = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    assert {"view_investmentfigure", "add_investmentfigure", "change_investmentfigure"} <= codenames
    assert {"import_investmentfigure", "export_investmentfigure"} <= codenames
    assert "delete_investmentfigure" not in codenames
    assert {"change_contactpoint", "change_service"} <= codenames  # kept, not replaced


@pytest.mark.parametrize("model", ["services/contactpoint", "services/investmentfigure"])
def test_an_editor_opens_the_list_and_add_pages(editor_client, model):
    assert editor_client.get(f"/admin/{model}/").status_code == 200
    assert editor_client.get(f"/admin/{model}/add/").status_code == 200


def test_the_contact_point_list_filters_by_subject_publication_and_verification(editor_client):
    ContactPointFactory(division="Trade Control Policy Division", category=ContactCategory.EXPORT_CONTROL)
    ContactPointFactory(division="Draft Desk", is_published=False)
    changelist = reverse("admin:services_contactpoint_changelist")
    page = editor_client.get(changelist).text
    for title in ("By subject", "By published", "By verification"):
        assert title in page
    drafts = editor_client.get(changelist, {"is_published__exact": "0"}).text
    assert "Draft Desk" in drafts
    assert "Trade Control Policy Division" not in drafts
    export = editor_client.get(changelist, {"category__exact": "export_control"}).text
    assert "Trade Control Policy Division" in export
    assert "Draft Desk" not in export


def test_an_editor_unpublishes_a_contact_point_and_it_leaves_the_public_page_with_a_history(editor_client, client):
    desk = ContactPointFactory(division="Trade Control Policy Division", phone="+81-3-3501-0538")
    assert "Trade Control Policy Division" in client.get("/contacts/").text
    url = reverse("admin:services_contactpoint_change", args=[desk.pk])
    form = admin_form_data(editor_client.get(url))
    form.pop("is_published")  # an unticked box is not posted
    assert editor_client.post(url, form).status_code == 302
    desk.refresh_from_db()
    assert not desk.is_published
    assert "Trade Control Policy Division" not in client.get("/contacts/").text
    latest = desk.history.first()
    assert latest.history_user.username == "editor"
    assert latest.is_published is False


def test_marking_contact_points_verified_dates_them_and_records_why(editor_client):
    desk = ContactPointFactory()
    assert desk.needs_verification
    response = editor_client.post(
        reverse("admin:services_contactpoint_changelist"),
        {"action": "mark_verified", "_selected_action": [desk.pk]},
    )
    assert response.status_code == 302
    desk.refresh_from_db()
    assert desk.last_verified == timezone.localdate()
    assert not desk.needs_verification
    assert desk.history.first().history_change_reason == "Marked as verified"


def test_the_admin_front_page_counts_contact_points_due_for_verification(editor_client):
    ContactPointFactory()
    assert "1 contact point" in editor_client.get(reverse("admin:index")).text


def test_an_editor_adds_an_investment_figure(editor_client):
    url = reverse("admin:services_investmentfigure_add")
    data = {
        "name": "Inward FDI stock, end of 2019",
        "name_ja": "対日直接投資残高（2019年末）",
        "slug": "fdi-stock-2019",
        "series": "key_figures",
        "position": "1",
        "is_published": "on",
        "value": "34.8",
        "decimals": "1",
        "unit": "yen_trillion",
        "qualifier": "",
        "note": "",
        "note_ja": "",
        "chart_label": "",
        "chart_label_ja": "",
        "published_on": "2020-12-01",
        "source": "A source named by the editor",
        "last_verified": "",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    figure = InvestmentFigure.objects.get(slug="fdi-stock-2019")
    assert figure.display_value == "¥34.8 trillion"
    assert figure.history.first().history_user.username == "editor"


def test_the_admin_export_of_contact_points_has_drafts_and_every_column(editor_client):
    ContactPointFactory(slug="draft-desk", is_published=False, division_ja="展示事業部")
    response = editor_client.get(reverse("admin:services_contactpoint_export"))
    text = response_text(response).removeprefix("\ufeff")  # the BOM spreadsheets need
    header = text.splitlines()[0]
    assert header == (
        "slug,organisation,division,division_ja,category,topic,phone,email,website,is_published,last_verified,source"
    )
    assert "draft-desk" in text
    assert "展示事業部" in text


def test_an_invalid_subject_is_refused_in_words():
    desk = ContactPointFactory()
    desk.category = "spaceships"
    with pytest.raises(ValidationError) as refused:
        desk.full_clean()
    assert "category" in refused.value.message_dict
    assert ContactPoint.objects.filter(category="spaceships").count() == 0


def test_an_investment_figure_in_the_admin_leads_to_the_about_page(editor_client):
    figure = InvestmentFigureFactory()
    page = editor_client.get(reverse("admin:services_investmentfigure_change", args=[figure.pk])).text
    assert 'href="/about/"' in page
