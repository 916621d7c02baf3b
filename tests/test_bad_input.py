"""Nasty input, one case at a time: never a server error, never reflected unescaped."""

import pytest

from offices.tests.factories import OfficeFactory
from services.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

LISTS = ["/offices/", "/services/", "/ja/offices/", "/search/"]
XSS = '<script>alert("x")</script>'


@pytest.fixture(autouse=True)
def listings():
    OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris")
    ServiceFactory(slug="ibsc", name="IBSC")


@pytest.mark.parametrize("url", ["/offices/", "/services/"])
def test_an_unknown_country_is_left_out_with_a_message(client, url):
    response = client.get(url, {"country": "ZZ"})
    assert response.status_code == 200
    assert "Some of your filters could not be used" in response.text
    assert "Select a valid choice. ZZ is not one of the available choices." in response.text


@pytest.mark.parametrize("param", ["kind", "region", "prefecture", "service", "category", "audience", "office"])
def test_an_unknown_choice_is_left_out_with_a_message(client, param):
    url = "/services/" if param in {"category", "audience", "office"} else "/offices/"
    response = client.get(url, {param: "spaceship"})
    assert response.status_code == 200
    assert "could not be used" in response.text


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1e9", "２"])
@pytest.mark.parametrize("url", ["/offices/", "/services/"])
def test_a_page_number_that_is_not_a_page_gives_a_page(client, url, page):
    response = client.get(url, {"page": page})
    assert response.status_code == 200


@pytest.mark.parametrize("url", LISTS)
def test_a_5000_character_query_is_refused_with_a_message(client, url):
    response = client.get(url, {"q": "a" * 5000})
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    if not url.startswith("/ja/"):
        assert "Ensure this value has at most 200 characters (it has 5000)." in response.text


@pytest.mark.parametrize("url", LISTS)
def test_a_nul_byte_is_refused_with_a_message(client, url):
    response = client.get(f"{url}?q=par%00is")
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert "\x00" not in response.text
    assert "&#x0;" not in response.text
    if not url.startswith("/ja/"):
        assert "Null characters are not allowed." in response.text


@pytest.mark.parametrize("url", LISTS)
def test_invalid_utf8_does_not_break_the_page(client, url):
    response = client.get(f"{url}?q=%FF%FEparis&country=%C3%28")
    assert response.status_code == 200


@pytest.mark.parametrize("url", LISTS)
def test_markup_in_a_query_is_shown_as_text(client, url):
    response = client.get(url, {"q": XSS})
    assert response.status_code == 200
    assert XSS not in response.text
    assert "&lt;script&gt;" in response.text


def test_markup_in_a_filter_value_is_shown_as_text(client):
    response = client.get("/offices/", {"country": XSS, "kind": XSS})
    assert XSS not in response.text


@pytest.mark.parametrize(
    "url",
    ["/offices/%3Cscript%3E/", "/services/nope/", "/offices/paris/vcard/x/", "/nowhere/", "/ja/nowhere/"],
)
def test_an_unknown_address_is_a_friendly_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.text or "ページが見つかりません" in response.text
    assert "<script>" not in response.text.split("</head>")[1]


@pytest.mark.parametrize("param", ["country=ZZ", "q=%00", "q=" + "a" * 5000])
def test_the_csv_export_refuses_unusable_filters_with_a_400(client, param):
    response = client.get(f"/offices/export.csv?{param}")
    assert response.status_code == 400
    assert "<" not in response.content.decode()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/", "/offices/", "/offices/paris/", "/services/", "/offices/export.csv"])
def test_public_pages_refuse_writes(client, url, method):
    assert getattr(client, method)(url).status_code == 405


# --- NUL characters never reach a page or a file -------------------------------


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/offices/", "kind"),
        ("/offices/", "region"),
        ("/offices/", "country"),
        ("/offices/", "prefecture"),
        ("/offices/", "service"),
        ("/services/", "country"),
        ("/services/", "category"),
        ("/services/", "audience"),
        ("/services/", "office"),
        ("/ja/offices/", "kind"),
    ],
)
def test_a_nul_in_a_choice_is_refused_without_echoing_the_nul(client, url, param):
    response = client.get(f"{url}?{param}=ber%00lin")
    assert response.status_code == 200
    assert "could not be used" in response.text or "使用できません" in response.text or 'role="alert"' in response.text
    assert "\x00" not in response.text
    assert "&#x0;" not in response.text and "&#0;" not in response.text


def test_the_refused_value_shows_where_the_nul_was(client):
    response = client.get("/offices/?kind=ber%00lin")
    assert "ber\N{SYMBOL FOR NULL}lin is not one of the available choices." in response.text


def test_the_csv_exports_400_names_the_filter_without_the_nul(client):
    response = client.get("/offices/export.csv?kind=ber%00lin")
    assert response.status_code == 400
    text = response.content.decode()
    assert "\x00" not in text
    assert "kind: Select a valid choice. ber\N{SYMBOL FOR NULL}lin is not one of the available choices." in text


def test_a_filtersets_errors_as_text_have_no_nul():
    from core.list_pages import filter_errors_text
    from offices.filters import OfficeFilter
    from offices.models import Office

    filterset = OfficeFilter({"kind": "a\x00b", "q": "c\x00d"}, queryset=Office.objects.none())
    assert not filterset.is_valid()
    text = filter_errors_text(filterset)
    assert "\x00" not in text
    assert text.startswith("q: Null characters are not allowed.; kind: Select a valid choice. a\N{SYMBOL FOR NULL}b")


@pytest.mark.parametrize(
    "query", ["country=%00", "kind__exact=%00", "q=%00", "country=F%00R&kind__exact=overseas", "%00=1"]
)
def test_a_nul_in_an_admin_filter_is_left_out_with_a_message(editor_client, query):
    response = editor_client.get(f"/admin/offices/office/?{query}", follow=True)
    assert response.status_code == 200
    assert "A filter or search held a character that is not allowed (an invisible control" in response.text
    assert "\x00" not in response.text
    assert "%00" not in response.redirect_chain[-1][0]
    assert "JETRO Paris" in response.text


def test_a_nul_in_the_search_is_reported_once(client):
    assert client.get("/offices/?q=par%00is").text.count("Null characters are not allowed.") == 1


@pytest.mark.parametrize(
    "url", ["/admin/services/service/", "/admin/services/contactpoint/", "/ja/admin/offices/office/"]
)
def test_a_nul_in_any_listings_admin_search_is_left_out(editor_client, url):
    response = editor_client.get(f"{url}?q=%00", follow=True)
    assert response.status_code == 200
    assert "\x00" not in response.text
    assert response.redirect_chain[-1][0] == url


# --- One rule for public text (core.text): control and formatting characters -------------


def test_a_bidi_override_in_a_choice_is_refused_and_shown_as_a_visible_sign(client):
    response = client.get("/offices/?kind=%E2%80%AEevil")
    assert "\N{REPLACEMENT CHARACTER}evil is not one of the available choices." in response.text
    assert "\u202e" not in response.text


@pytest.mark.parametrize("url", ["/api/v1/offices/", "/api/v1/services/", "/offices/export.csv"])
def test_a_control_character_in_a_query_is_a_400_that_says_why(client, url):
    response = client.get(url, {"q": "par\u202eis"})
    assert response.status_code == 400
    assert "invisible control or formatting characters" in response.content.decode()
    assert "\u202e" not in response.content.decode()


@pytest.mark.parametrize("url", ["/offices/", "/services/"])
def test_a_query_with_nothing_visible_is_no_query(client, url):
    response = client.get(url, {"q": "\u200b\u3164 "})
    assert not response.context["filter_errors"]
    assert response.context["paginator"].count == client.get(url).context["paginator"].count == 1


def test_a_search_with_nothing_visible_is_no_search(client):
    response = client.get("/search/", {"q": "\u200b\u3164 "})
    assert response.context["query"] == ""
    assert 'role="alert"' not in response.text


def test_a_place_with_nothing_visible_is_not_asked(client):
    response = client.get("/offices/nearest/", {"near": "\u200b\u3164 "})
    assert not response.context["asked"]
    assert not response.context["reading"].error
