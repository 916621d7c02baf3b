"""How fast an office answers: "Usually answers within N working days", from its recorded answers.

Once an office has answered at least MIN_ANSWERS enquiries in the last
WINDOW_DAYS days, its figure is the median number of working days from
receipt to answer, rounded up (an answer the same working day counts as one).
Working days are counted in the office's own time zone: the weekdays it
opens (Monday to Friday when its hours are not listed), less its country's
public holidays. Below MIN_ANSWERS nothing is shown.

The figure is kept on the office (`Office.usual_reply_days`), so that its
page and the API read it with the office itself; it is worked out again
when one of its enquiries is answered, and daily by the worker (the window moves).
"""

import math
import statistics
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from offices.hours import local_now, public_holiday
from offices.models import Office
from pagecache.generation import bump

from .models import Enquiry

MIN_ANSWERS = 5
WINDOW_DAYS = 90
WEEKDAYS = frozenset(range(5))


def working_days(office, start, end, open_days=None):
    """Working days after the day `start` falls on, up to the day of `end`, at the office."""
    first, last = local_now(office, start).date(), local_now(office, end).date()
    days = open_days or WEEKDAYS
    count, day = 0, first
    while day < last:
        day += timedelta(days=1)
        if day.weekday() in days and not public_holiday(office.country.code, day):
            count += 1
    return count


def usual_reply_days(office, now=None):
    """The office's figure at `now`, or None below MIN_ANSWERS answers in the window."""
    now = now or timezone.now()
    answered = Enquiry.objects.filter(office=office).answered_since(now - timedelta(days=WINDOW_DAYS))
    times = list(answered.values_list("created_at", "answered_at"))
    if len(times) < MIN_ANSWERS:
        return None
    open_days = frozenset(office.opening_hours.values_list("weekday", flat=True)) or None
    median = statistics.median(working_days(office, start, end, open_days) for start, end in times)
    return max(1, math.ceil(median))


def refresh(offices, now=None):
    """Work the figure out again for `offices`; the page cache hears of every change. How many changed."""
    changed = 0
    for office in offices:
        days = usual_reply_days(office, now)
        if days != office.usual_reply_days:
            # No save(): the figure is not an editor's change (no version, no history entry).
            Office.objects.filter(pk=office.pk).update(usual_reply_days=days)
            office.usual_reply_days = days
            changed += 1
    if changed:
        transaction.on_commit(bump)
    return changed


def refresh_all(now=None):
    """Every office with an answer in the window, or a figure to take away."""
    since = (now or timezone.now()) - timedelta(days=WINDOW_DAYS)
    with_answers = Enquiry.objects.answered_since(since).exclude(office=None).values("office")
    offices = Office.objects.filter(pk__in=with_answers) | Office.objects.exclude(usual_reply_days=None)
    return refresh(offices.distinct())
