"""Telling the editors responsible for a listing that a suggestion about it waits for them.

For an office: its office editors (offices.scope.editors_for_office), or the
national editors when no office editor covers it; for a service: the national
editors. Only accounts with an email address are told. The message names the
listing, the detail, the value and its source, and links to the review page;
it never carries the visitor's email, which stays in the admin (and is erased
on schedule there, as a mailbox would not).

The message is queued with the suggestion, in its transaction, and sent by
the background worker (`manage.py run_worker`) through Django's mail settings:
a visitor's submission never waits for a mail server. Mail is a courtesy
here: a send that fails is logged, and the suggestion is in the review queue
all the same.
"""

import logging

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from core.origin import site_origin
from core.roles import national_editors
from offices.scope import editors_for_office

logger = logging.getLogger("jetro_site.suggestions")


def recipients(suggestion):
    users = editors_for_office(suggestion.office) if suggestion.office_id else list(national_editors())
    return sorted({user.email for user in users if user.email})


def tell_editors(request, suggestion):
    """Queue one message to the listing's editors (in the caller's transaction); True if there is anyone to tell."""
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
    send_notice.enqueue(suggestion.pk, subject, body, to)
    return True


@task()
def send_notice(suggestion_pk, subject, body, to):
    try:
        send_mail(subject, body, None, to, connection=get_connection(timeout=settings.EMAIL_TIMEOUT))
    except Exception:  # mail is a courtesy: the suggestion is kept and shown in the queue
        logger.warning("Could not tell the editors of suggestion %s by mail", suggestion_pk, exc_info=True)
        return False
    return True
