"""The messages an enquiry causes, written once and queued as Deliveries (sent by enquiries.delivery).

- To the editors who answer it (enquiries.routing): the reference and the
  office or service in the subject, the visitor's words, and a link to answer
  in the admin. Never the visitor's email address, which stays in the admin
  (and is erased there on schedule, as a mailbox would not).
- The editor's reply, to the visitor: the only mail ever sent to an address a
  visitor typed, so the form cannot be used to mail third parties.
- A reminder to the national editors when an enquiry waits too long.

The visitor's name and subject reach a mail header only after the form has
refused line breaks and control characters in them (core.text); Django's
EmailMessage refuses them as well.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from core.organisation import ORGANISATION_NAME

from .delivery import queue
from .models import Delivery


def mail_domain():
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"


def new_delivery(enquiry, kind, to, subject, body, author=None):
    """Save a message and queue it, in the caller's transaction."""
    token = get_random_string(12)
    delivery = Delivery.objects.create(
        enquiry=enquiry,
        kind=kind,
        to="\n".join(to),
        subject=subject[:400],
        body=body,
        message_id=f"<{enquiry.reference}.{kind}.{token}@{mail_domain()}>",
        author=author,
    )
    queue(delivery)
    return delivery


def admin_link(origin, enquiry):
    return origin + reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])


def to_editors(enquiry, route, origin):
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "reference": enquiry.reference,
            "listing": enquiry.listing,
            "subject": enquiry.subject,
            "received": timezone.localtime(enquiry.created_at).strftime("%Y-%m-%d %H:%M %Z"),
            "name": enquiry.name,
            "company": enquiry.company or "—",
            "country": enquiry.country.name if enquiry.country else "—",
            "message": enquiry.message,
            "link": admin_link(origin, enquiry),
            "why": route.reason,
        }
        subject = _("%(reference)s · %(listing)s · %(subject)s") % values
        body = (
            _(
                "A visitor has written to %(listing)s through the JETRO directory.\n\n"
                "Reference: %(reference)s\n"
                "Received: %(received)s\n"
                "From: %(name)s\n"
                "Company: %(company)s\n"
                "Country: %(country)s\n"
                "Subject: %(subject)s\n\n"
                "%(message)s\n\n"
                "Answer it in the admin, where the visitor's email address is kept; the reply is sent from there "
                "and kept with the enquiry:\n%(link)s\n\n"
                "You receive this message because of this rule: %(why)s\n"
            )
            % values
        )
    return new_delivery(enquiry, Delivery.Kind.TO_EDITORS, route.recipients, subject, body)


def reply(enquiry, text, author, origin):
    """The editor's reply to the visitor, framed in the language the visitor wrote in."""
    with translation.override(enquiry.language or settings.LANGUAGE_CODE):
        contact = reverse("enquiries:office" if enquiry.office_id else "enquiries:service", args=[enquiry.listing.slug])
        values = {
            "reference": enquiry.reference,
            "subject": enquiry.subject,
            "listing": enquiry.listing,
            "organisation": ORGANISATION_NAME,
            "date": timezone.localdate(enquiry.created_at).isoformat(),
            "contact": origin + contact,
        }
        subject = _("Re: %(subject)s [%(reference)s]") % values
        signature = (
            _(
                "%(listing)s, %(organisation)s\n"
                "In answer to your enquiry %(reference)s of %(date)s: “%(subject)s”.\n"
                "To write again, use %(contact)s and quote the reference."
            )
            % values
        )
    body = f"{text.strip()}\n\n-- \n{signature}\n"
    return new_delivery(enquiry, Delivery.Kind.REPLY, [enquiry.email], subject, body, author=author)


def reminder(enquiry, recipients, working_days, origin):
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "reference": enquiry.reference,
            "listing": enquiry.listing,
            "days": working_days,
            "link": admin_link(origin, enquiry),
            "sent_to": ", ".join(enquiry.recipients.splitlines()) or "—",
        }
        subject = _("Unanswered for %(days)s working days: %(reference)s · %(listing)s") % values
        body = (
            _(
                "The enquiry %(reference)s to %(listing)s has waited %(days)s working days without an answer.\n"
                "It was sent to: %(sent_to)s\n\n"
                "Answer it, or mark it answered another way, in the admin:\n%(link)s\n"
            )
            % values
        )
    return new_delivery(enquiry, Delivery.Kind.REMINDER, recipients, subject, body)
