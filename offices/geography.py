"""Where offices are: JETRO's regions, Japan's prefectures, and time zones.

These are fixed facts of geography, not listings, so they live in code rather
than in the database. Stored values are the API's values.
"""

import unicodedata
import zoneinfo
from functools import cache
from importlib import resources

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    # JETRO's grouping of its overseas network.
    ASIA = "asia", _("Asia")
    OCEANIA = "oceania", _("Oceania")
    NORTH_AMERICA = "north_america", _("North America")
    LATIN_AMERICA = "latin_america", _("Latin America")
    EUROPE = "europe", _("Europe")
    RUSSIA_CIS = "russia_cis", _("Russia & CIS")
    MIDDLE_EAST = "middle_east", _("Middle East")
    AFRICA = "africa", _("Africa")
    # Japan's eight regions, for offices in Japan.
    HOKKAIDO = "hokkaido", _("Hokkaido")
    TOHOKU = "tohoku", _("Tohoku")
    KANTO = "kanto", _("Kanto")
    CHUBU = "chubu", _("Chubu")
    KINKI = "kinki", _("Kinki")
    CHUGOKU = "chugoku", _("Chugoku")
    SHIKOKU = "shikoku", _("Shikoku")
    KYUSHU_OKINAWA = "kyushu_okinawa", _("Kyushu & Okinawa")


JAPAN_REGIONS = (
    Region.HOKKAIDO,
    Region.TOHOKU,
    Region.KANTO,
    Region.CHUBU,
    Region.KINKI,
    Region.CHUGOKU,
    Region.SHIKOKU,
    Region.KYUSHU_OKINAWA,
)
WORLD_REGIONS = tuple(region for region in Region if region not in JAPAN_REGIONS)


class Prefecture(models.TextChoices):
    # In JIS X 0401 order (codes 01-47).
    HOKKAIDO = "hokkaido", _("Hokkaido")
    AOMORI = "aomori", _("Aomori")
    IWATE = "iwate", _("Iwate")
    MIYAGI = "miyagi", _("Miyagi")
    AKITA = "akita", _("Akita")
    YAMAGATA = "yamagata", _("Yamagata")
    FUKUSHIMA = "fukushima", _("Fukushima")
    IBARAKI = "ibaraki", _("Ibaraki")
    TOCHIGI = "tochigi", _("Tochigi")
    GUNMA = "gunma", _("Gunma")
    SAITAMA = "saitama", _("Saitama")
    CHIBA = "chiba", _("Chiba")
    TOKYO = "tokyo", _("Tokyo")
    KANAGAWA = "kanagawa", _("Kanagawa")
    NIIGATA = "niigata", _("Niigata")
    TOYAMA = "toyama", _("Toyama")
    ISHIKAWA = "ishikawa", _("Ishikawa")
    FUKUI = "fukui", _("Fukui")
    YAMANASHI = "yamanashi", _("Yamanashi")
    NAGANO = "nagano", _("Nagano")
    GIFU = "gifu", _("Gifu")
    SHIZUOKA = "shizuoka", _("Shizuoka")
    AICHI = "aichi", _("Aichi")
    MIE = "mie", _("Mie")
    SHIGA = "shiga", _("Shiga")
    KYOTO = "kyoto", _("Kyoto")
    OSAKA = "osaka", _("Osaka")
    HYOGO = "hyogo", _("Hyogo")
    NARA = "nara", _("Nara")
    WAKAYAMA = "wakayama", _("Wakayama")
    TOTTORI = "tottori", _("Tottori")
    SHIMANE = "shimane", _("Shimane")
    OKAYAMA = "okayama", _("Okayama")
    HIROSHIMA = "hiroshima", _("Hiroshima")
    YAMAGUCHI = "yamaguchi", _("Yamaguchi")
    TOKUSHIMA = "tokushima", _("Tokushima")
    KAGAWA = "kagawa", _("Kagawa")
    EHIME = "ehime", _("Ehime")
    KOCHI = "kochi", _("Kochi")
    FUKUOKA = "fukuoka", _("Fukuoka")
    SAGA = "saga", _("Saga")
    NAGASAKI = "nagasaki", _("Nagasaki")
    KUMAMOTO = "kumamoto", _("Kumamoto")
    OITA = "oita", _("Oita")
    MIYAZAKI = "miyazaki", _("Miyazaki")
    KAGOSHIMA = "kagoshima", _("Kagoshima")
    OKINAWA = "okinawa", _("Okinawa")


_PREFECTURES_BY_REGION = {
    Region.HOKKAIDO: ("hokkaido",),
    Region.TOHOKU: ("aomori", "iwate", "miyagi", "akita", "yamagata", "fukushima"),
    Region.KANTO: ("ibaraki", "tochigi", "gunma", "saitama", "chiba", "tokyo", "kanagawa"),
    Region.CHUBU: ("niigata", "toyama", "ishikawa", "fukui", "yamanashi", "nagano", "gifu", "shizuoka", "aichi"),
    Region.KINKI: ("mie", "shiga", "kyoto", "osaka", "hyogo", "nara", "wakayama"),
    Region.CHUGOKU: ("tottori", "shimane", "okayama", "hiroshima", "yamaguchi"),
    Region.SHIKOKU: ("tokushima", "kagawa", "ehime", "kochi"),
    Region.KYUSHU_OKINAWA: (
        "fukuoka",
        "saga",
        "nagasaki",
        "kumamoto",
        "oita",
        "miyazaki",
        "kagoshima",
        "okinawa",
    ),
}
PREFECTURE_REGION = {
    Prefecture(prefecture): region
    for region, prefectures in _PREFECTURES_BY_REGION.items()
    for prefecture in prefectures
}

JAPAN = "JP"
JAPAN_TIMEZONE = "Asia/Tokyo"


def region_for_prefecture(prefecture):
    """Japan's region of a prefecture value, or None for an unknown one."""
    try:
        return PREFECTURE_REGION[Prefecture(prefecture)]
    except ValueError:
        return None


@cache
def country_timezones():
    """ISO alpha-2 code -> the IANA zones tzdata lists for that country."""
    table = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    zones = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            code, _coordinates, zone, *_comment = line.split("\t")
            zones.setdefault(code, []).append(zone)
    return zones


@cache
def is_valid_timezone(name):
    if not name or name != name.strip():
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return name in _available_timezones()


@cache
def _available_timezones():
    # Read from the disk on every call (25 ms): the shipped offices' 58 zones took 1.5 s to check.
    return zoneinfo.available_timezones()


def _zone_city(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ascii_text.strip().replace(" ", "_").casefold()


def derive_timezone(country, city=""):
    """The IANA zone of an office from its country and city, or "" if ambiguous.

    A country with a single zone gives that zone; otherwise the city must name
    one of the country's zones (São Paulo -> America/Sao_Paulo). Anything else
    is left to the data: guessing a zone for Houston from "US" would be wrong.
    """
    zones = country_timezones().get(str(country).upper(), [])
    if len(zones) == 1:
        return zones[0]
    wanted = _zone_city(city) if city else ""
    for zone in zones:
        if wanted and _zone_city(zone.rsplit("/", 1)[-1]) == wanted:
            return zone
    return ""
