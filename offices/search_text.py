"""What an office is found by: its names, city, address, and its places' names in every language,
with the other names of its city (Saigon, ボンベイ) and the readings of the Japanese ones (とうきょう)."""

from functools import lru_cache

from django.utils import translation
from django_countries import countries

from core.choices import choice_label
from core.languages import language_codes
from core.search import build_search_text
from places.gazetteer import other_names
from places.readings import readings_in

from .geography import Prefecture, Region


@lru_cache(maxsize=4096)
def place_names(country, prefecture, region):
    """Country, prefecture and region names in every language of the site, for search."""
    names = []
    for language in language_codes():
        with translation.override(language):
            names += [
                str(countries.name(country)) if country else "",
                choice_label(Prefecture, prefecture),
                choice_label(Region, region),
            ]
    return tuple(names)


def office_search_text(office):
    """The office's normalised search line (core.search). Reads only the office's own fields, so a
    data migration can refresh the stored lines of historical rows with it."""
    country = office.country
    code = str(getattr(country, "code", country) or "")
    text = build_search_text(
        office.name,
        office.name_ja,
        office.city,
        office.address,
        office.address_local,
        office.postal_code,
        *place_names(code, office.prefecture, office.region),
        # The city's other names: Saigon, Bombay, Peking, ニューヨーク...
        *other_names(code, office.city),
    )
    # Names written in kanji are found by their reading too: とうきょう finds 東京 (places.readings).
    return build_search_text(text, *readings_in(text))
