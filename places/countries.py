"""Countries as people write them: ISO codes, common and official names, old names, in English and Japanese.

`country_for("UK")` is "GB", `country_for("Holland")` is "NL", `country_for("米国")` is "US".
Names come from django-countries (English and Japanese) and GeoNames (ISO alpha-3),
plus the everyday names below that neither lists.
"""

import re
from functools import cache

from django.utils import translation
from django_countries import countries

from core.languages import language_codes
from core.search import normalise

from .gazetteer import countries_data

# Everyday and former names (normalised as core.search does, so case and accents do not matter).
EVERYDAY_NAMES = {
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "usa": "US",
    "us": "US",
    "america": "US",
    "united states": "US",
    "uae": "AE",
    "emirates": "AE",
    "holland": "NL",
    "the netherlands": "NL",
    "turkey": "TR",
    "turkiye": "TR",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "korea": "KR",
    "republic of korea": "KR",
    "south korea": "KR",
    "russian federation": "RU",
    "viet nam": "VN",
    "burma": "MM",
    "persia": "IR",
    "ceylon": "LK",
    "siam": "TH",
    "zaire": "CD",
    "swaziland": "SZ",
    "macedonia": "MK",
    "laos": "LA",
    "mainland china": "CN",
    "prc": "CN",
    # Japanese everyday names.
    "米国": "US",
    "アメリカ": "US",
    "英国": "GB",
    "韓国": "KR",
    "大韓民国": "KR",
    "中華人民共和国": "CN",
    "ドイツ連邦共和国": "DE",
    "フランス共和国": "FR",
    "豪州": "AU",
    "オーストラリア連邦": "AU",
    "ロシア連邦": "RU",
    "トルコ共和国": "TR",
    "ベトナム社会主義共和国": "VN",
    "チェコ共和国": "CZ",
    "ニュージーランド": "NZ",
}


@cache
def _names():
    """normalised name -> ISO alpha-2, for every country, in every language of the site."""
    names = {}
    for language in language_codes():
        with translation.override(language):
            for code, name in countries:
                names.setdefault(normalise(name), code)
    for code, data in countries_data().items():
        if data.get("iso3"):
            names.setdefault(normalise(data["iso3"]), code)
    for code, _name in countries:
        names.setdefault(normalise(code), code)
    for name, code in EVERYDAY_NAMES.items():
        names[normalise(name)] = code
    return names


def country_for(query, codes=True):
    """The ISO alpha-2 code a query names as a whole ("uk", "Czech Republic", "ドイツ"), or None.

    With codes=False, a bare ISO code that is not also an everyday name ("IT", "AI") is not
    read as a country: typed alone into a search box it is more often a word.
    """
    key = normalise(query)
    if not key:
        return None
    # Only Latin letters can be a code: ケニア and タイ are names, however short.
    if not codes and len(key) <= 3 and key.isascii() and key not in EVERYDAY_NAMES:
        return None
    return _names().get(key)


def country_vocabulary():
    """Every way of writing a country that `country_for` knows, for "did you mean"."""
    return list(_names())


# --- Japanese order (五十音) -------------------------------------------------------
# django-countries' Japanese names are mostly katakana; these are the kanji in them, read.
_READINGS = {
    "合衆国領有小離島": "がっしゅうこくりょうゆうしょうりとう",
    "民主共和国": "みんしゅきょうわこく",
    "首長国連邦": "しゅちょうこくれんぽう",
    "合衆国": "がっしゅうこく",
    "共和国": "きょうわこく",
    "北朝鮮": "きたちょうせん",
    "自治州": "じちしゅう",
    "諸島": "しょとう",
    "英領": "えいりょう",
    "米領": "べいりょう",
    "仏領": "ふつりょう",
    "南極": "なんきょく",
    "中央": "ちゅうおう",
    "中国": "ちゅうごく",
    "連邦": "れんぽう",
    "市国": "しこく",
    "赤道": "せきどう",
    "香港": "ほんこん",
    "日本": "にほん",
    "韓国": "かんこく",
    "台湾": "たいわん",
    "地域": "ちいき",
    "民主": "みんしゅ",
    "島": "とう",
    "南": "みなみ",
    "北": "きた",
    "東": "ひがし",
    "西": "にし",
    "国": "こく",
    "領": "りょう",
}
_KANJI = re.compile("|".join(sorted(map(re.escape, _READINGS), key=len, reverse=True)))
_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)}


def kana_key(name):
    """A key that sorts Japanese country names in 五十音 order (kanji read, katakana as hiragana)."""
    read = _KANJI.sub(lambda match: _READINGS[match.group(0)], str(name))
    return read.translate(_KATAKANA_TO_HIRAGANA).replace("ー", "").replace("・", "").replace(" ", "")


def _language(language=None):
    return language or translation.get_language() or "en"


def in_reading_order(choices, language=None):
    """(code, name) pairs sorted as a reader of the language expects: 五十音 in Japanese."""
    language = _language(language)
    if language.startswith("ja"):
        return sorted(choices, key=lambda choice: kana_key(choice[1]))
    return sorted(choices, key=lambda choice: normalise(choice[1]))


def every_country(language=None):
    """Every country, (code, name), in reading order for the active language: the same list on every
    page, sorted once per language and process rather than for each visitor."""
    return _every_country(_language(language))


@cache
def _every_country(language):
    with translation.override(language):
        return tuple(in_reading_order(list(countries), language))


def country_name(code, language=None):
    """A country's name in the active language: django-countries translates it anew on each
    call, and a page of the directory names the same few countries fifty times."""
    return _country_name(code, _language(language))


@cache
def _country_name(code, language):
    with translation.override(language):
        return str(countries.name(code))


def named_in_reading_order(codes, language=None):
    """(code, name) of the countries with these codes, in reading order for the active language."""
    language = _language(language)
    return tuple(in_reading_order([(code, _country_name(code, language)) for code in codes], language))
