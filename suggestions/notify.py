"""Telling the editors responsible for a listing that a suggestion about it waits for them.

For an office: its office editors (offices.scope.editors_for_office), or the
national editors when no office editor covers it; for a service: the national
editors. Only accounts with an email address are told. The message names the
listing, the detail, the value and its source, and links to the review page;
it never carries the visitor's email, which stays in the admin (and is erased
on schedule there, as a mailbox would not).

Mail goes through Django's mail settings (EMAIL_HOST, EMAIL_PORT, ...). A
visitor's submission never fails or waits long because of mail: the
connection gives up after TIMEOUT seconds, and a failure is logged (the
suggestion is in the queue all the same).
"""

import logging

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.origin import site_origin
from core.roles import national_editors
from offices.scope import editors_for_office

logger = logging.getLogger("jetro_site.suggestions")
TIMEOUT = 5


def recipients(suggestion):
    users = editors_for_office(suggestion.office) if suggestion.office_id else list(national_editors())
    return sorted({user.email for user in users if user.email})


def tell_editors(request, suggestion):
    """Send one message to the listing's editors; True if it was sent."""
    to = recipients(suggestion)
    if not to:
        return False
    review = site_origin(request) + reverse("admin:suggestions_suggestion_change", args=[suggestion.pk])
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "listing": suggestion.listing,
            "detail": suggestion.get_detail_display(),
            "value": suggestion.proposed_value,
            "source": suggestion.source,
            "url": review,
        }
        subject = _("Suggested correction: %(listing)s (%(detail)s)") % values
        body = (
            _(
                "A visitor suggests a correction to %(listing)s.\n\n"
                "Detail: %(detail)s\n"
                "Proposed value: %(value)s\n"
                "Source: %(source)s\n\n"
                "Nothing public changes until an editor accepts it. Review it here:\n%(url)s\n"
            )
            % values
        )
    try:
        send_mail(subject, body, None, to, connection=get_connection(timeout=TIMEOUT))
    except Exception:  # mail is a courtesy: the suggestion is kept and shown in the queue
        logger.warning("Could not tell the editors of suggestion %s by mail", suggestion.pk, exc_info=True)
        return False
    return True
