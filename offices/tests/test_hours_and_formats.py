import datetime
import json
from zoneinfo import ZoneInfo

import pytest

from offices.hours import opening_state
from offices.jsonld import json_ld_script_content, office_json_ld
from offices.vcard import office_vcard

from .factories import OfficeFactory, OpeningHoursFactory

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.fixture
def paris():
    office = OfficeFactory(
        name="JETRO Paris", country="FR", city="Paris", timezone="Europe/Paris", phone="+33 1 42 61 27 27"
    )
    for day in range(5):
        OpeningHoursFactory(office=office, weekday=day, opens="09:30", closes="12:30")
        OpeningHoursFactory(office=office, weekday=day, opens="14:00", closes="17:30")
    return office


def at(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_an_office_is_open_during_its_local_hours(paris):
    # 10:00 in Paris (UTC+1 in January) on Monday 5 January 2026.
    state = opening_state(paris, at("2026-01-05T09:00"))
    assert state.local_now.tzinfo == ZoneInfo("Europe/Paris")
    assert state.local_now.hour == 10
    assert state.is_open is True
    assert state.closes_at == datetime.time(12, 30)


def test_an_office_is_closed_over_lunch_and_says_when_it_reopens(paris):
    state = opening_state(paris, at("2026-01-05T12:00"))  # 13:00 in Paris
    assert state.is_open is False
    assert state.next_opening == (0, datetime.time(14, 0))


def test_on_friday_evening_the_next_opening_is_monday(paris):
    state = opening_state(paris, at("2026-01-09T18:00"))  # Friday 19:00 in Paris
    assert state.is_open is False
    assert state.next_opening == (0, datetime.time(9, 30))


def test_summer_time_is_the_offices_own(paris):
    state = opening_state(paris, at("2026-07-06T07:45"))  # 09:45 in Paris (UTC+2)
    assert state.local_now.hour == 9
    assert state.is_open is True


def test_without_listed_hours_open_or_closed_is_unknown():
    assert opening_state(OfficeFactory(), at("2026-01-05T09:00")).is_open is None


def test_json_ld_describes_a_government_office_without_guessing(paris):
    data = office_json_ld(paris, "https://example.org/offices/paris/")
    assert data["@type"] == "GovernmentOffice"
    assert data["telephone"] == "+33142612727"
    assert data["address"] == {"@type": "PostalAddress", "addressLocality": "Paris", "addressCountry": "FR"}
    assert "email" not in data and "faxNumber" not in data
    monday = data["openingHoursSpecification"][0]
    assert monday == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "09:30",
        "closes": "12:30",
    }


def test_json_ld_cannot_close_its_script_block():
    office = OfficeFactory(name="</script><script>alert(1)</script>")
    content = json_ld_script_content(office_json_ld(office, "https://example.org/"))
    assert "</script>" not in content
    assert json.loads(content)["name"] == office.name


def test_vcard_carries_the_offices_contact_details(paris):
    card = office_vcard(paris, "https://example.org/offices/paris/")
    assert card.startswith("BEGIN:VCARD\r\nVERSION:3.0")
    assert "FN:JETRO Paris" in card
    assert "TEL;TYPE=WORK,VOICE:+33142612727" in card
    assert "TZ;VALUE=text:Europe/Paris" in card
    assert "EMAIL" not in card


def test_vcard_escapes_commas_and_semicolons_in_addresses():
    office = OfficeFactory(address="8th Floor; 71 High Holborn, London", city="London", country="GB")
    card = office_vcard(office, "https://example.org/")
    assert "8th Floor\\; 71 High Holborn\\, London" in card
