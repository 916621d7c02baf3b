"""How fast an office answers: the median of its recorded answers in working days, shown from 5 answers on."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from enquiries.models import Status
from enquiries.reply_time import refresh, usual_reply_days, working_days
from offices.tests.factories import DomesticOfficeFactory, OfficeFactory, OpeningHoursFactory

from .factories import EnquiryFactory

pytestmark = pytest.mark.django_db
UTC = dt.UTC


@pytest.fixture
def tokyo():
    return DomesticOfficeFactory(
        slug="tokyo", name="JETRO Tokyo", prefecture="tokyo", city="Tokyo", timezone="Asia/Tokyo"
    )


def at(*args):
    return dt.datetime(*args, tzinfo=UTC)


def test_working_days_are_counted_at_the_office_less_weekends_and_its_public_holidays(tokyo):
    monday = at(2026, 11, 2, 1, 0)  # 10:00 in Tokyo
    assert working_days(tokyo, monday, monday + dt.timedelta(hours=5)) == 0
    # Tuesday 3 November is Culture Day in Japan: Monday to Wednesday is one working day.
    assert working_days(tokyo, monday, at(2026, 11, 4, 1, 0)) == 1
    assert working_days(tokyo, at(2026, 11, 6, 1, 0), at(2026, 11, 9, 1, 0)) == 1  # Friday to Monday
    # 23:30 UTC on Monday is already Tuesday morning in Tokyo.
    assert working_days(tokyo, at(2026, 11, 9, 23, 30), at(2026, 11, 10, 8, 0)) == 0


def test_an_office_open_sunday_to_thursday_counts_those_days(tokyo):
    riyadh = OfficeFactory(country="SA", region="middle_east", timezone="Asia/Riyadh")
    for weekday in (6, 0, 1, 2, 3):
        OpeningHoursFactory(office=riyadh, weekday=weekday)
    thursday, sunday = at(2026, 11, 5, 8, 0), at(2026, 11, 8, 8, 0)
    assert working_days(riyadh, thursday, sunday, frozenset((6, 0, 1, 2, 3))) == 1


def answered(office, received, days, status=Status.ANSWERED):
    return EnquiryFactory(office=office, created_at=received, status=status, answered_at=received + days)


def test_nothing_is_shown_below_five_answers_in_ninety_days(tokyo):
    now = at(2026, 11, 30, 3, 0)
    for week in range(4):
        answered(tokyo, at(2026, 11, 2 + 7 * week, 1, 0), dt.timedelta(days=1))
    answered(tokyo, at(2026, 6, 1, 1, 0), dt.timedelta(days=1))  # outside the window
    EnquiryFactory(office=tokyo, status=Status.SPAM, answered_at=now)  # spam is no answer
    assert usual_reply_days(tokyo, now) is None


def test_from_five_answers_the_median_is_shown_rounded_up(tokyo):
    now = at(2026, 11, 30, 3, 0)
    mondays = [at(2026, 11, 2 + 7 * week, 1, 0) for week in range(4)] + [at(2026, 10, 26, 1, 0)]
    for received, days in zip(mondays, [0, 1, 2, 3, 9], strict=True):
        answered(tokyo, received, dt.timedelta(days=days), Status.ANSWERED if days else Status.ANSWERED_ELSEWHERE)
    # Working days: 0 (same day), 0 (Culture Day), 2, 3, 7 -> median 2.
    assert usual_reply_days(tokyo, now) == 2


def test_the_office_page_and_the_api_show_the_figure_in_both_languages(client, tokyo):
    now = timezone.now()
    for offset in range(5):
        answered(tokyo, now - dt.timedelta(days=10 + offset), dt.timedelta(days=3))
    refresh([tokyo])
    tokyo.refresh_from_db()
    days = tokyo.usual_reply_days
    assert days in (1, 2, 3)
    english = client.get(reverse("offices:detail", args=["tokyo"])).text
    assert f"Usually answers within {days} working day" in english
    japanese = client.get("/ja/offices/tokyo/").text
    assert f"通常{days}営業日以内に回答" in japanese
    assert client.get("/api/v1/offices/tokyo/").json()["usual_reply_days"] == days


def test_an_office_without_the_figure_says_nothing_of_it(client, tokyo):
    assert "Usually answers" not in client.get("/offices/tokyo/").text
    assert client.get("/api/v1/offices/tokyo/").json()["usual_reply_days"] is None
