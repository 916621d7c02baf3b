"""Sending the enquiries' mail from the background worker, once, and again until it goes.

`queue(delivery)` enqueues the `deliver` task in the caller's transaction: the
database backend (django-tasks-db) writes the task beside the enquiry, so both
are committed together or not at all, and a visitor is never promised what no
worker will ever do.

`deliver(pk)` claims the message with one conditional UPDATE (a lease of
LEASE seconds), sends it over SMTP with its fixed Message-ID, then records it
as sent. On failure it records the error and enqueues itself again after a
back-off (RETRY_SECONDS, doubled each time up to an hour), and gives up after
MAX_ATTEMPTS (visible in the admin, which can send it again).

A worker that dies mid-send leaves the message claimed; once the lease has
run out, `recover()` (run by the worker every RECOVER_SECONDS) puts it back in
the queue, as it does any message whose time came with no task to send it.
Sending twice is avoided by the claim and the lease; the one gap SMTP leaves
(the server accepted the message, the worker died before recording it) sends a
second copy with the same Message-ID, which mail systems treat as the same
message (docs/decisions/0012-written-enquiries.md).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task  # the backport of Django 6.0's django.tasks

from .models import Delivery

logger = logging.getLogger("jetro_site.enquiries")

MAX_ATTEMPTS = 40
MAX_BACKOFF = 60 * 60
RECOVER_SECONDS = 15


def lease_seconds():
    # Long enough for the slowest send (a connection and its answer, each up to EMAIL_TIMEOUT).
    return settings.ENQUIRIES_MAIL_LEASE_SECONDS


def retry_seconds(attempts):
    base = settings.ENQUIRIES_MAIL_RETRY_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


@task()
def deliver(delivery_pk):
    """Send one message, unless it is sent already or another worker holds it."""
    now = timezone.now()
    claimed = Delivery.objects.filter(
        Q(state=Delivery.State.PENDING) | Q(state=Delivery.State.SENDING, lease_until__lt=now), pk=delivery_pk
    ).update(
        state=Delivery.State.SENDING, lease_until=now + timedelta(seconds=lease_seconds()), attempts=F("attempts") + 1
    )
    if not claimed:
        return "not due"
    delivery = Delivery.objects.get(pk=delivery_pk)
    try:
        send(delivery)
    except Exception as error:  # any failure of the mail server or the network: try again later
        failed(delivery, error)
        return "failed"
    Delivery.objects.filter(pk=delivery_pk).update(
        state=Delivery.State.SENT, sent_at=timezone.now(), lease_until=None, last_error=""
    )
    return "sent"


def send(delivery):
    message = EmailMessage(
        subject=delivery.subject,
        body=delivery.body,
        to=delivery.recipients,
        headers={"Message-ID": delivery.message_id, "Auto-Submitted": "auto-generated"},
    )
    get_connection(timeout=settings.EMAIL_TIMEOUT or 10).send_messages([message])


def failed(delivery, error):
    attempts = delivery.attempts
    gave_up = attempts >= MAX_ATTEMPTS
    next_at = timezone.now() + timedelta(seconds=retry_seconds(attempts))
    logger.warning(
        "Could not send %s (attempt %s%s): %s",
        delivery.message_id,
        attempts,
        ", giving up" if gave_up else f", next at {next_at:%H:%M:%S}",
        error,
    )
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            state=Delivery.State.FAILED if gave_up else Delivery.State.PENDING,
            next_attempt_at=next_at,
            lease_until=None,
            last_error=f"{type(error).__name__}: {error}"[:1000],
        )
        if not gave_up:
            deliver.using(run_after=next_at).enqueue(delivery.pk)


def queue(delivery):
    """Enqueue the sending of a saved delivery, in the caller's transaction."""
    deliver.enqueue(delivery.pk)


def send_again(deliveries):
    """An editor's "send again now": pending from the start, and queued; how many."""
    count = 0
    with transaction.atomic():
        for delivery in deliveries.exclude(state=Delivery.State.SENT):
            Delivery.objects.filter(pk=delivery.pk).update(
                state=Delivery.State.PENDING, attempts=0, next_attempt_at=timezone.now(), lease_until=None
            )
            queue(delivery)
            count += 1
    return count


def recover(now=None):
    """Queue again what no worker will send otherwise: a claim whose worker died, a time that passed unnoticed."""
    now = now or timezone.now()
    grace = now - timedelta(seconds=max(lease_seconds(), 60))
    lost = Delivery.objects.filter(
        Q(state=Delivery.State.SENDING, lease_until__lt=now)
        | Q(state=Delivery.State.PENDING, next_attempt_at__lt=grace)
    ).values_list("pk", flat=True)
    count = 0
    for pk in lost:
        with transaction.atomic():
            # Pending again from now: the next round leaves it to this task for a while.
            if (
                Delivery.objects.filter(pk=pk)
                .exclude(state=Delivery.State.SENT)
                .update(state=Delivery.State.PENDING, lease_until=None, next_attempt_at=now)
            ):
                deliver.enqueue(pk)
                count += 1
    if count:
        logger.warning("Queued %s message(s) again that no worker was sending", count)
    return count
