"""A closed office "now served by" an unpublished one: the public sees no successor; the editor is told why.

The public side (Office.public_successor): the office's page in both
languages, its JSON and the directory's CSV name only a published successor.
The admin lets an editor name a draft as successor (a new office may be
prepared, named, then published), and says on saving that the public pages do
not name it until it is published; unpublishing an office that others name
as their successor says the same.
"""

import pytest
from django.urls import reverse

from offices.models import OfficeStatus
from tests.support import admin_form_data

from .factories import OfficeFactory

pytestmark = pytest.mark.django_db

DRAFT_NAME = "JETRO Lyon Nouveau"
SERVED_BY = {"en": "Visitors are now served by", "ja": "が対応しています。"}


@pytest.fixture
def lyon():
    """A published, closed office whose successor is a draft."""
    draft = OfficeFactory(slug="lyon-nouveau", name=DRAFT_NAME, country="FR", city="Lyon", is_published=False)
    return OfficeFactory(slug="lyon", name="JETRO Lyon", country="FR", status=OfficeStatus.CLOSED, successor=draft)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_page_of_a_closed_office_names_no_unpublished_successor(client, lyon, language):
    prefix = "/ja" if language == "ja" else ""
    response = client.get(f"{prefix}/offices/lyon/")
    assert response.status_code == 200
    assert DRAFT_NAME not in response.text
    assert "lyon-nouveau" not in response.text
    assert SERVED_BY[language] not in response.text


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_page_of_a_closed_office_names_its_published_successor(client, lyon, language):
    lyon.successor.is_published = True
    lyon.successor.save()
    prefix = "/ja" if language == "ja" else ""
    response = client.get(f"{prefix}/offices/lyon/")
    assert SERVED_BY[language] in response.text
    assert f'<a href="{prefix}/offices/lyon-nouveau/">{DRAFT_NAME}</a>' in response.text


def test_the_json_and_the_csv_name_no_unpublished_successor(client, lyon):
    assert client.get(reverse("api:office-detail", args=["lyon"])).json()["successor"] is None
    listed = client.get(reverse("api:office-list")).json()["results"]
    assert [office["successor"] for office in listed] == [None]
    export = b"".join(client.get("/offices/export.csv").streaming_content).decode("utf-8")
    assert "lyon-nouveau" not in export
    assert "lyon,overseas,JETRO Lyon" in export


# --- The admin says so -------------------------------------------------------


def save_change(client, office, **changes):
    url = reverse("admin:offices_office_change", args=[office.pk])
    return client.post(url, admin_form_data(client.get(url), **changes), follow=True)


def test_naming_an_unpublished_successor_is_saved_with_a_warning(editor_client):
    lyon = OfficeFactory(slug="lyon", name="JETRO Lyon", country="FR")
    draft = OfficeFactory(slug="lyon-nouveau", name=DRAFT_NAME, country="FR", is_published=False)
    response = save_change(editor_client, lyon, status=OfficeStatus.CLOSED, successor=draft.pk)
    lyon.refresh_from_db()
    assert lyon.successor == draft  # saved: a draft may be prepared, then published
    assert (
        f"“{DRAFT_NAME}”, named as the office that now serves the visitors of “JETRO Lyon”, is not published: "
        "the public pages of “JETRO Lyon” do not name it until it is published."
    ) in response.text.replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert 'class="warning"' in response.text


def test_naming_a_published_successor_gives_no_warning(editor_client):
    lyon = OfficeFactory(slug="lyon", name="JETRO Lyon", country="FR")
    paris = OfficeFactory(slug="paris", name="JETRO Paris", country="FR")
    response = save_change(editor_client, lyon, status=OfficeStatus.CLOSED, successor=paris.pk)
    assert "is not published" not in response.text
    assert 'class="warning"' not in response.text


def test_unpublishing_an_office_named_as_successor_is_saved_with_a_warning(editor_client):
    paris = OfficeFactory(slug="paris", name="JETRO Paris", country="FR")
    OfficeFactory(slug="lyon", name="JETRO Lyon", country="FR", status=OfficeStatus.CLOSED, successor=paris)
    response = save_change(editor_client, paris, is_published=False)
    paris.refresh_from_db()
    assert not paris.is_published
    text = response.text.replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert (
        "“JETRO Paris” is not published, and is named as the office that now serves the visitors of "
        "“JETRO Lyon”: their public pages do not name it until it is published."
    ) in text


def test_the_warning_is_in_japanese_in_the_japanese_admin(editor_client):
    lyon = OfficeFactory(slug="lyon", name="JETRO Lyon", country="FR")
    draft = OfficeFactory(slug="lyon-nouveau", name=DRAFT_NAME, country="FR", is_published=False)
    url = reverse("admin:offices_office_change", args=[lyon.pk]).replace("/admin/", "/ja/admin/", 1)
    data = admin_form_data(editor_client.get(url), status=OfficeStatus.CLOSED, successor=draft.pk)
    response = editor_client.post(url, data, follow=True)
    assert "公開されていない" in response.text
