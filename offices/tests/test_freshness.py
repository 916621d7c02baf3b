"""Freshness you can see: "phone as of 2009" beside a contact detail whose source is over three years old."""

import datetime as dt

import pytest
from django.utils import translation

from offices.freshness import dates_for, old_details, read_period
from offices.models import Office

from .factories import DomesticOfficeFactory, OfficeFactory

TODAY = dt.date(2026, 12, 1)


def office(**fields):
    """An unsaved office with only what the notes read."""
    return Office(**{"address": "", "address_local": "", "phone": "", "fax": "", "email": "", "website": "", **fields})


@pytest.mark.parametrize(
    ("source_as_of", "expected"),
    [
        ("2009", {"phone": "phone as of 2009"}),
        ("2019 ; 2009 (phone)", {"phone": "phone as of 2009"}),  # the phone's own date wins
        ("2009 ; 2025 (phone)", {}),  # the phone's own date is recent
        ("2020-04", {"phone": "phone as of April 2020"}),
        ("2017 ; 2017-07", {"phone": "phone as of 2017"}),  # either source: both 2017
        ("2012 ; 2019", {"phone": "phone as of 2012–2019"}),  # either source: both old
        ("2017-2022", {"phone": "phone as of 2017–2022"}),
        ("2023", {}),  # three years ago is not more than three years ago
        ("2022", {"phone": "phone as of 2022"}),
        ("2016+", {}),  # an undated source: it may describe today
        ("2012 ; 2017+", {}),  # the phone may come from the undated one
        ("2009?", {}),  # an inferred year is not read as a fact
        ("FY2006", {}),  # not a date we can read
        ("2019-13", {}),
        ("", {}),
        ("2020 ; 2020-04 (website)", {"phone": "phone as of 2020"}),
    ],
)
def test_a_phone_from_an_old_source_is_dated_and_nothing_else_is_guessed(source_as_of, expected):
    assert old_details(office(phone="+55 11 3141-0788", source_as_of=source_as_of), TODAY) == expected


def test_a_date_named_for_one_detail_leaves_the_others_to_the_rows_date():
    notes = old_details(
        office(
            phone="+1 212 000 0000", website="https://www.jetro.go.jp/usa/", source_as_of="2025 ; 2020-04 (website)"
        ),
        TODAY,
    )
    assert notes == {"website": "website as of April 2020"}


def test_only_details_the_office_lists_are_dated():
    assert old_details(office(source_as_of="2007"), TODAY) == {}
    notes = old_details(
        office(address_local="千葉市美浜区若葉3-2-2", fax="+81 43-299-9500", source_as_of="2007"), TODAY
    )
    assert notes == {"address": "address as of 2007", "fax": "fax as of 2007"}


def test_a_date_labelled_with_something_else_counts_as_the_rows_date():
    assert dates_for("2014 (opening interview)")["phone"] == [read_period("2014")]


def test_the_dates_read_in_japanese():
    with translation.override("ja"):
        notes = old_details(
            office(phone="+55 11 3141-0788", website="https://x.example/", source_as_of="2020-04"), TODAY
        )
    assert set(notes) == {"phone", "website"}
    assert "2020" in notes["phone"]


# --- On the office's page ---


@pytest.mark.django_db
def test_the_office_page_says_how_old_an_old_phone_is(client, freeze_today):
    sao_paulo = OfficeFactory(
        slug="sao-paulo",
        country="BR",
        region="latin_america",
        city="São Paulo",
        phone="+55 11 3141-0788",
        source="https://nikkeyshimbun.jp/2009/090626-63colonia.html",
        source_as_of="2019 ; 2009 (phone)",
    )
    text = client.get(sao_paulo.get_absolute_url()).text
    phone = text[text.index("<dt>Phone</dt>") : text.index("<dt>Fax</dt>")]
    assert "(phone as of 2009)" in phone
    assert "as of" not in text[text.index("<dt>Address</dt>") : text.index("<dt>Phone</dt>")]


@pytest.mark.django_db
def test_a_recent_source_gives_no_note(client, freeze_today):
    office = DomesticOfficeFactory(phone="+81 73-425-7300", source="https://example.org/", source_as_of="2025")
    assert "as of" not in client.get(office.get_absolute_url()).text.split("<dt>Phone</dt>")[1].split("</dd>")[0]


@pytest.mark.django_db
def test_the_japanese_page_dates_an_old_website_too(client, freeze_today):
    office = OfficeFactory(website="https://www.jetro.go.jp/uae/", source_as_of="2020-06")
    text = client.get(f"/ja{office.get_absolute_url()}").text
    assert '<small class="as-of">(ウェブサイトは2020年6月時点の情報)</small>' in text


@pytest.fixture
def freeze_today(monkeypatch):
    """The office page reads today's date in the site's zone: 1 December 2026 here."""
    monkeypatch.setattr("offices.freshness.current_date", lambda: TODAY)
