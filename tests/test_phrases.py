"""Search reads what visitors type as they phrase it (issue 22, item 1): the words that frame a query
are set aside, hiragana and katakana are one, kanji names are found by their reading, a place with
no office leads to its nearest offices, and "Did you mean" reads kana by sound and knows cities.
The same rules serve /search/, the directory's `q` and the API's `q`, in English and Japanese."""

import importlib
from urllib.parse import urlencode

import pytest
from django.apps import apps as django_apps

from core.search import normalise, search_terms
from offices.models import Office
from offices.tests.factories import DomesticOfficeFactory, OfficeFactory
from places.models import PlaceName

pytestmark = pytest.mark.django_db

LANGUAGES = ["", "/ja"]


@pytest.fixture
def network(gazetteer):
    return {
        office.slug: office
        for office in [
            OfficeFactory(
                slug="nairobi",
                name="JETRO Nairobi",
                name_ja="ジェトロ・ナイロビ",
                country="KE",
                city="Nairobi",
                region="africa",
            ),
            OfficeFactory(slug="paris", name="JETRO Paris", name_ja="ジェトロ・パリ", country="FR", city="Paris"),
            OfficeFactory(slug="geneva", name="JETRO Geneva", country="CH", city="Geneva"),
            OfficeFactory(slug="vienna", name="JETRO Vienna", country="AT", city="Vienna"),
            OfficeFactory(slug="london", name="JETRO London", country="GB", city="London"),
            DomesticOfficeFactory(
                slug="tokyo", name="JETRO Tokyo", name_ja="ジェトロ東京", prefecture="tokyo", city="Tokyo"
            ),
            DomesticOfficeFactory(slug="sapporo", name="JETRO Hokkaido", name_ja="ジェトロ北海道", city="Sapporo"),
        ]
    }


def directory_slugs(client, query, language=""):
    response = client.get(f"{language}/offices/", {"q": query})
    assert response.status_code == 200
    return {office.slug for office in response.context["page_obj"].object_list}


def api_slugs(client, query):
    response = client.get("/api/v1/offices/", {"q": query})
    assert response.status_code == 200
    return {row["slug"] for row in response.json()["results"]}


# --- Words that only frame a query ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "terms"),
    [
        ("Kenya office", ["kenya"]),
        ("office in Kenya", ["kenya"]),
        ("JETRO Paris", ["paris"]),
        ("offices near Lyon", ["lyon"]),
        ("ケニアの事務所", ["ケニア"]),
        ("ジェトロ・パリ", ["パリ"]),
        ("ミラノの事務所", ["ミラノ"]),  # the particle goes, the ノ of Milano stays
        ("東京の近く", ["東京"]),
        ("JETRO", ["jetro"]),  # nothing but frame words: searched as typed
        ("ジェトロ", ["ジェトロ"]),
    ],
)
def test_the_words_that_frame_a_query_are_set_aside(typed, terms):
    assert search_terms(typed) == terms


@pytest.mark.parametrize(
    "query", ["Kenya", "Kenya office", "office in Kenya", "JETRO Kenya", "ケニア", "ケニアの事務所"]
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_country_phrased_any_way_leads_where_its_name_leads(client, network, query, language):
    response = client.get(f"{language}/search/", {"q": query})
    assert response.status_code == 302
    assert response["Location"] == f"{language}/countries/ke/"
    assert directory_slugs(client, query, language) == {"nairobi"}
    assert api_slugs(client, query) == {"nairobi"}


@pytest.mark.parametrize(
    "query", ["Paris", "JETRO Paris", "Paris office", "office in Paris", "パリ", "ジェトロ・パリ", "パリの事務所"]
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_office_phrased_any_way_is_found_where_its_city_is(client, network, query, language):
    response = client.get(f"{language}/search/", {"q": query})
    assert response.status_code == 200
    assert response.context["office_count"] == 1
    assert f'href="{language}/offices/paris/"' in response.text
    assert directory_slugs(client, query, language) == {"paris"}
    assert api_slugs(client, query) == {"paris"}


# --- Hiragana, katakana and readings ----------------------------------------------------


def test_hiragana_and_katakana_are_one_for_matching():
    assert normalise("とうきょう") == normalise("トウキョウ") == "トウキョウ"
    assert normalise("ジェトロさいたま") == "ジェトロサイタマ"
    # The voicing marks survive the folding.
    assert normalise("がいこく") == "ガイコク"


@pytest.mark.parametrize("query", ["とうきょう", "トウキョウ", "とうきょうの事務所", "東京"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_kanji_name_is_found_by_its_reading_in_either_kana(client, network, query, language):
    response = client.get(f"{language}/search/", {"q": query})
    assert response.status_code == 200
    assert f'href="{language}/offices/tokyo/"' in response.text
    assert directory_slugs(client, query, language) == {"tokyo"}
    assert api_slugs(client, query) == {"tokyo"}


def test_a_reading_is_read_whole_and_the_kyoto_inside_tokyo_to_is_not_read(network):
    # 東京都 holds 京都 (Kyoto): the Tokyo office is given the reading of 東京都, not Kyoto's.
    words = Office.objects.get(slug="tokyo").search_text.split()
    assert "トウキョウト" in words
    assert "キョウト" not in words


def test_a_name_stored_in_hiragana_is_found_in_katakana(client, network):
    DomesticOfficeFactory(
        slug="saitama", name="JETRO Saitama", name_ja="ジェトロさいたま", prefecture="saitama", city=""
    )
    assert directory_slugs(client, "ジェトロサイタマ") == {"saitama"}
    assert api_slugs(client, "サイタマ") == {"saitama"}


def test_the_nearest_office_form_understands_a_reading(client, network):
    response = client.get("/offices/nearest/", {"near": "とうきょう"})
    assert response.context["reading"].origin.label == "Tokyo, Japan"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_misspelt_kana_country_is_answered_with_did_you_mean(client, network, language):
    page = client.get(f"{language}/search/", {"q": "ケニヤ"})
    assert page.status_code == 200
    assert '<a href="?q=%E3%82%B1%E3%83%8B%E3%82%A2">ケニア</a>' in page.text
    # The suggestion leads to the country.
    assert client.get(f"{language}/search/", {"q": "ケニア"})["Location"] == f"{language}/countries/ke/"
    directory = client.get(f"{language}/offices/", {"q": "ケニヤ"})
    assert ">ケニア</a>?" in directory.text
    # The API answers what matches: nothing, without a guess.
    assert api_slugs(client, "ケニヤ") == set()


def test_kana_words_are_read_by_sound_once_for_the_directory_not_for_every_search(client, network, monkeypatch):
    import core.suggest

    read = []
    real_sound = core.suggest.sound
    monkeypatch.setattr(core.suggest, "sound", lambda word: read.append(word) or real_sound(word))
    assert "ケニア</a>?" in client.get("/offices/", {"q": "ケニヤ"}).text
    assert len(read) > 2  # the vocabulary's kana words, and the query
    read.clear()
    # A second visitor's misspelling, in the same generation: only the query is read by sound.
    assert "ケニア</a>?" in client.get("/offices/", {"q": "けにや"}).text
    assert len(read) == 1


def test_did_you_mean_reads_the_generation_the_request_already_read(client, network):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/offices/nearest/", {"near": "Nairobbi"})  # the vocabulary is built for the generation
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/offices/nearest/", {"near": "Nairobii"})
    assert "Nairobi" in page.text
    assert len([query for query in queries if "pagecache_generation" in query["sql"]]) == 1


# --- A place with no office -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "nearest", "place"),
    [
        ("Lyon", "geneva", "Lyon, France"),
        ("offices near Lyon", "geneva", "Lyon, France"),
        ("リヨン", "geneva", "Lyon, France"),
        ("Oslo", "london", "Oslo, Norway"),
        ("Ljubljana", "vienna", "Ljubljana, Slovenia"),
        ("Manchester", "london", "Manchester, United Kingdom"),
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_city_with_no_office_leads_to_the_offices_nearest_to_it(client, network, query, nearest, place, language):
    response = client.get(f"{language}/search/", {"q": query})
    assert response.status_code == 302
    assert response["Location"].startswith(f"{language}/offices/nearest/?near=")
    answer = client.get(response["Location"])
    assert answer.context["reading"].origin.label.split(",")[0] == place.split(",")[0]
    assert answer.context["nearby"][0].office.slug == nearest
    assert "No office matches" not in answer.text

    directory = client.get(f"{language}/offices/", {"q": query})
    assert directory.context["nearest_to"].label == answer.context["reading"].origin.label
    assert directory.context["nearby"][0].office.slug == nearest
    assert f'href="{language}/offices/{nearest}/"' in directory.text
    assert " km" in directory.text


def test_a_country_with_no_office_leads_to_the_offices_nearest_its_capital(client, network):
    assert client.get("/search/", {"q": "Slovenia office"})["Location"] == "/countries/si/"
    directory = client.get("/offices/", {"q": "Slovenia office"})
    assert directory.context["nearby"][0].office.slug == "vienna"
    assert "Ljubljana" in directory.context["nearest_to"].label


@pytest.mark.parametrize(
    ("typo", "meant"), [("Ljubliana", "Ljubljana"), ("Manchestr", "Manchester"), ("Lyonn", "Lyon")]
)
def test_did_you_mean_covers_the_cities_of_the_gazetteer(client, network, typo, meant):
    page = client.get("/search/", {"q": typo})
    assert page.status_code == 200
    assert f'<a href="?q={meant}">{meant}</a>' in page.text
    assert meant in client.get("/offices/", {"q": typo}).context["suggestions"]


def test_the_search_page_keeps_its_query_count_with_a_place_that_has_an_office(
    client, network, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        assert client.get("/search/", {"q": "JETRO Paris"}).status_code == 200


# --- Stored text refreshed -----------------------------------------------------------------


def test_the_data_migrations_refresh_stored_search_text_and_place_names(network):
    tokyo = Office.objects.get(slug="tokyo")
    Office.objects.filter(pk=tokyo.pk).update(search_text="jetro tokyo")
    tokyo_place = PlaceName.objects.get(name="東京").place
    PlaceName.objects.create(place=tokyo_place, name="とうきょう")  # as stored before kana were folded
    importlib.import_module("places.migrations.0002_kana_folded_names").fold_kana(django_apps, None)
    importlib.import_module("offices.migrations.0012_refresh_search_text").refresh_search_text(django_apps, None)
    tokyo.refresh_from_db()
    assert "トウキョウ" in tokyo.search_text.split()
    names = set(PlaceName.objects.filter(place=tokyo_place).values_list("name", flat=True))
    assert "トウキョウ" in names
    assert "とうきょう" not in names


def test_a_place_leads_to_the_nearest_offices_in_the_visitors_language(client, network):
    with_japanese = client.get("/ja/search/", {"q": "Oslo"})
    assert with_japanese["Location"] == f"/ja/offices/nearest/?{urlencode({'near': 'oslo'})}"
