"""Every rule on offices, opening hours and staff counts, both ways: the database
refuses a breaking row, and full_clean() says why on the field to fix."""

import datetime
from decimal import Decimal

import pytest

from offices.models import Office, OfficeStatus, OpeningHours, StaffCount
from tests.support import assert_clean_refuses, assert_database_refuses, constraint_message

from .factories import DomesticOfficeFactory, OfficeFactory, OpeningHoursFactory, StaffCountFactory

pytestmark = pytest.mark.django_db


def test_a_valid_office_passes_every_rule():
    OfficeFactory().full_clean()
    DomesticOfficeFactory().full_clean()


@pytest.mark.parametrize(
    ("constraint", "field", "changes"),
    [
        ("office_overseas_outside_japan", "country", {"country": "JP", "region": "kanto"}),
        ("office_region_matches_country", "region", {"region": "kanto"}),
        ("office_prefecture_only_in_japan", "prefecture", {"prefecture": "tokyo"}),
        ("office_latitude_in_range", "latitude", {"latitude": Decimal("91"), "longitude": Decimal("0")}),
        ("office_longitude_in_range", "longitude", {"latitude": Decimal("0"), "longitude": Decimal("-181")}),
        ("office_coordinates_both_or_neither", "longitude", {"latitude": Decimal("35.6"), "longitude": None}),
    ],
)
def test_overseas_office_rules(constraint, field, changes):
    office = OfficeFactory()
    assert_database_refuses(office, **changes)
    assert_clean_refuses(office, field, constraint_message(Office, constraint), **changes)


def test_a_domestic_office_needs_its_prefecture():
    office = DomesticOfficeFactory()
    assert_database_refuses(office, prefecture="")
    message = constraint_message(Office, "office_domestic_has_prefecture")
    assert_clean_refuses(office, "prefecture", message, prefecture="", region="hokkaido")


def test_a_domestic_office_takes_its_region_from_the_prefecture():
    office = DomesticOfficeFactory(prefecture="osaka", region="hokkaido")
    assert office.region == "kinki"


@pytest.mark.parametrize(("field", "value"), [("kind", "spaceship"), ("status", "vanished")])
def test_kind_and_status_must_be_known_values(field, value):
    office = OfficeFactory()
    assert_database_refuses(office, **{field: value})
    assert_clean_refuses(office, field, **{field: value})


def test_a_closed_office_must_name_its_successor():
    office = OfficeFactory()
    assert_database_refuses(office, status=OfficeStatus.CLOSED)
    message = constraint_message(Office, "office_closed_names_successor")
    assert_clean_refuses(office, "successor", message, status=OfficeStatus.CLOSED)


def test_a_closed_office_with_a_successor_is_valid():
    successor = OfficeFactory()
    office = OfficeFactory(status=OfficeStatus.CLOSED, successor=successor)
    office.full_clean()


def test_an_office_cannot_succeed_itself():
    office = OfficeFactory(status=OfficeStatus.CLOSED, successor=OfficeFactory())
    assert_database_refuses(office, successor=office)
    message = constraint_message(Office, "office_successor_not_itself")
    assert_clean_refuses(office, "successor", message, successor=office)


def test_an_open_office_has_no_successor():
    office = OfficeFactory()
    other = OfficeFactory()
    assert_database_refuses(office, successor=other)
    message = constraint_message(Office, "office_open_has_no_successor")
    assert_clean_refuses(office, "successor", message, successor=other)


def test_the_time_zone_is_derived_or_required():
    assert OfficeFactory(country="FR", city="Paris", region="europe", timezone="").timezone == "Europe/Paris"
    office = OfficeFactory(country="US", city="Houston", region="north_america", timezone="America/Chicago")
    assert_database_refuses(office, timezone="")
    message = constraint_message(Office, "office_timezone_set")
    assert_clean_refuses(office, "timezone", message, timezone="")


def test_the_time_zone_must_be_a_real_iana_zone():
    office = OfficeFactory()
    errors = assert_clean_refuses(office, "timezone", timezone="Mars/Olympus_Mons")
    assert "IANA" in errors["timezone"][0]


def test_slugs_are_unique():
    first, second = OfficeFactory(), OfficeFactory()
    assert_database_refuses(second, slug=first.slug)
    message = constraint_message(Office, "office_slug_unique")
    assert_clean_refuses(second, "slug", message, slug=first.slug)


def test_opening_hours_close_after_they_open():
    period = OpeningHoursFactory()
    assert_database_refuses(period, closes=datetime.time(8, 0))
    message = constraint_message(OpeningHours, "openinghours_closes_after_opens")
    assert_clean_refuses(period, "closes", message, closes=datetime.time(9, 0))


def test_opening_hours_weekday_is_a_day_of_the_week():
    period = OpeningHoursFactory()
    assert_database_refuses(period, weekday=7)
    assert_clean_refuses(period, "weekday", weekday=7)


def test_an_office_cannot_have_two_periods_starting_at_the_same_time():
    period = OpeningHoursFactory()
    twin = OpeningHoursFactory(office=period.office, weekday=period.weekday, opens="13:00", closes="17:00")
    assert_database_refuses(twin, opens=period.opens)
    message = constraint_message(OpeningHours, "openinghours_unique_period")
    assert_clean_refuses(twin, "opens", message, opens=period.opens)


def test_a_valid_staff_count_passes_every_rule():
    StaffCountFactory().full_clean()
    StaffCountFactory(office=OfficeFactory(), domestic=None, overseas=None, total=12).full_clean()


@pytest.mark.parametrize(
    ("constraint", "field", "changes"),
    [
        ("staffcount_total_non_negative", "total", {"total": -1, "domestic": None, "overseas": None}),
        ("staffcount_domestic_non_negative", "domestic", {"domestic": -1, "overseas": 1731}),
        ("staffcount_overseas_non_negative", "overseas", {"overseas": -1, "domestic": 1731}),
        ("staffcount_total_adds_up", "total", {"total": 1731}),
        ("staffcount_total_adds_up", "total", {"overseas": None}),
    ],
)
def test_staff_count_rules(constraint, field, changes):
    count = StaffCountFactory()
    assert_database_refuses(count, **changes)
    assert_clean_refuses(count, field, constraint_message(StaffCount, constraint), **changes)


def test_an_offices_headcount_is_a_single_total():
    count = StaffCountFactory(office=OfficeFactory(), domestic=None, overseas=None, total=10)
    assert_database_refuses(count, domestic=4, overseas=6)
    message = constraint_message(StaffCount, "staffcount_office_has_total_only")
    assert_clean_refuses(count, "domestic", message, domestic=4, overseas=6)


def test_one_organisation_headcount_per_date():
    first = StaffCountFactory()
    second = StaffCountFactory()
    assert_database_refuses(second, as_of=first.as_of)
    message = constraint_message(StaffCount, "staffcount_one_organisation_count_per_date")
    assert_clean_refuses(second, "as_of", message, as_of=first.as_of)


def test_one_headcount_per_office_and_date():
    office = OfficeFactory()
    first = StaffCountFactory(office=office, domestic=None, overseas=None, total=5)
    second = StaffCountFactory(office=office, domestic=None, overseas=None, total=6)
    assert_database_refuses(second, as_of=first.as_of)
    message = constraint_message(StaffCount, "staffcount_one_office_count_per_date")
    assert_clean_refuses(second, "as_of", message, as_of=first.as_of)


def test_different_offices_may_count_on_the_same_date():
    first = StaffCountFactory(office=OfficeFactory(), domestic=None, overseas=None, total=5)
    StaffCountFactory(office=OfficeFactory(), domestic=None, overseas=None, total=6, as_of=first.as_of).full_clean()
