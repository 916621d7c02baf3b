"""Reminding the national editors of an enquiry that waits too long (`manage.py remind_enquiries`, daily).

An enquiry still unanswered ENQUIRIES_REMIND_AFTER_WORKING_DAYS working days
after it came in (counted at the office it was sent to, as its reply time is;
Monday to Friday in Tokyo for a service) is reminded once to the national
editors, by mail through the same queue. The admin lists it in any case.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.roles import national_editors

from . import mail
from .models import Enquiry
from .reply_time import working_days


class Tokyo:
    """Where a service's working days are counted: JETRO's headquarters."""

    timezone = "Asia/Tokyo"

    class country:
        code = "JP"


def remind(now=None, origin=""):
    now = now or timezone.now()
    after = settings.ENQUIRIES_REMIND_AFTER_WORKING_DAYS
    recipients = sorted({user.email for user in national_editors()})
    if not recipients:
        return 0
    origin = origin or settings.SITE_ORIGIN
    count = 0
    waiting = Enquiry.objects.unanswered().filter(reminded_at=None).select_related("office", "service")
    for enquiry in waiting:
        days = working_days(enquiry.office or Tokyo, enquiry.created_at, now)
        if days < after:
            continue
        with transaction.atomic():
            if Enquiry.objects.filter(pk=enquiry.pk, reminded_at=None).update(reminded_at=now):
                mail.reminder(enquiry, recipients, days, origin)
                count += 1
    return count
