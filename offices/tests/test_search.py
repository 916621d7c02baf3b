import pytest

from core.search import MAX_TERMS, build_search_text, normalise, search_terms
from offices.geography import derive_timezone, is_valid_timezone, region_for_prefecture


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("São Paulo", "sao paulo"),
        ("DÜSSELDORF", "dusseldorf"),
        ("Bogotá", "bogota"),
        ("ＪＥＴＲＯ", "jetro"),
        ("Côte d'Ivoire", "cote d'ivoire"),
    ],
)
def test_latin_text_loses_case_and_accents(typed, stored):
    assert normalise(typed) == stored


def test_japanese_keeps_its_voicing_marks():
    assert normalise("デュッセルドルフ") == "デュッセルドルフ"
    assert normalise("サンパウロ") == "サンパウロ"


def test_half_width_katakana_matches_full_width():
    assert normalise("ｼﾞｪﾄﾛ") == "ジェトロ"


def test_the_katakana_middle_dot_is_ignored():
    assert normalise("ジェトロ・パリ") == normalise("ジェトロパリ")


def test_search_text_keeps_each_word_once():
    assert build_search_text("JETRO Paris", "Paris", "France") == "jetro paris france"


def test_a_query_is_bounded_in_terms():
    assert len(search_terms(" ".join(f"w{i}" for i in range(50)))) == MAX_TERMS
    assert search_terms("  sao   PAULO ") == ["sao", "paulo"]


@pytest.mark.parametrize(
    ("country", "city", "zone"),
    [
        ("JP", "Sapporo", "Asia/Tokyo"),
        ("FR", "", "Europe/Paris"),
        ("BR", "São Paulo", "America/Sao_Paulo"),
        ("US", "Los Angeles", "America/Los_Angeles"),
        ("AR", "Buenos Aires", "America/Argentina/Buenos_Aires"),
        ("US", "Houston", ""),
        ("CN", "Beijing", ""),
    ],
)
def test_time_zone_is_derived_only_when_unambiguous(country, city, zone):
    assert derive_timezone(country, city) == zone


def test_time_zone_names_are_checked_against_the_iana_database():
    assert is_valid_timezone("Asia/Tokyo")
    assert not is_valid_timezone("Asia/Osaka")
    assert not is_valid_timezone("")


def test_prefectures_belong_to_japans_regions():
    assert region_for_prefecture("okinawa") == "kyushu_okinawa"
    assert region_for_prefecture("tokyo") == "kanto"
    assert region_for_prefecture("atlantis") is None
