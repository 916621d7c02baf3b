"""The directory's order and headings: Japan first, then the world by JETRO region.

Japan: headquarters and national bodies, then Japan's regions and the
prefectures in their official (JIS) order. Abroad: JETRO's regions, then
countries by English name, then cities. The order is kept in a stored,
indexed `directory_key` (`OfficeQuerySet.in_directory_order()`) so that a page of the directory is an index scan
at any size, not a sort of every office.
"""

from functools import cache

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from core.search import normalise
from places.countries import country_name

from .geography import JAPAN, Prefecture, Region

NATIONAL_BODIES = ("headquarters", "institute", "promotion_body")
_REGION_RANK = {value: rank for rank, value in enumerate(Region.values)}
_PREFECTURE_RANK = {value: rank for rank, value in enumerate(Prefecture.values)}


def directory_key(kind, country, region, prefecture):
    """A string that sorts offices into the directory's order (from their own fields only)."""
    prefecture_rank = _PREFECTURE_RANK.get(prefecture, 99)
    if country == JAPAN and kind in NATIONAL_BODIES:
        return f"0-0-{NATIONAL_BODIES.index(kind)}-{prefecture_rank:02d}"
    if country == JAPAN:
        return f"0-1-{_REGION_RANK.get(region, 99):02d}-{prefecture_rank:02d}"
    with_english_name = normalise(countries.name(country) if country else "")
    return f"1-{_REGION_RANK.get(region, 99):02d}-{with_english_name}"


def with_headings(offices):
    """Set `heading` and `subheading` on each office of a page, for {% regroup %}."""
    regions, prefectures = _labels(get_language())
    for office in offices:
        region = regions.get(office.region, "")
        if office.in_japan and office.kind in NATIONAL_BODIES:
            office.heading, office.subheading = _("Japan"), _("Headquarters and national bodies")
        elif office.in_japan:
            office.heading = _("Japan: %(region)s") % {"region": region}
            office.subheading = prefectures.get(office.prefecture, "")
        else:
            office.heading, office.subheading = region, country_name(office.country.code)
    return offices


@cache
def _labels(language):
    """Region and prefecture names in `language` (the active one), translated once per process."""
    return {value: str(label) for value, label in Region.choices}, {
        value: str(label) for value, label in Prefecture.choices
    }
