"""/contacts/: every published contact point, grouped by what a visitor would call about."""

from urllib.parse import urlsplit

from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_safe

from core.templatetags.names import english
from pagecache.middleware import PAGE, cached_page

from .models import ContactPoint

# The organisations the page can name in Japanese (locale/); any other is shown as written, in English.
KNOWN_ORGANISATIONS = (
    gettext_noop("Japan External Trade Organization (JETRO)"),
    gettext_noop("Ministry of Economy, Trade and Industry (METI)"),
)


def organisation_name(name):
    translated = gettext(name) if name in KNOWN_ORGANISATIONS else name
    return translated if translated != name else english(name)


def source_links(source):
    """The source as the data gives it (addresses separated by “ | ”), each address a link named by its host."""
    parts = []
    for part in (piece.strip() for piece in source.split(" | ")):
        if not part:
            continue
        address = part.split()[0]
        if address.startswith(("https://", "http://")) and urlsplit(address).hostname:
            parts.append({"url": address, "label": urlsplit(address).hostname.removeprefix("www.")})
        else:
            parts.append({"url": "", "label": part})
    return parts


@cached_page(PAGE)
@require_safe
def contact_list(request):
    # Read only when the list is not already kept for this generation ({% fragment %}).
    return render(request, "services/contacts.html", {"listing": SimpleLazyObject(contacts_by_topic)})


def contacts_by_topic():
    contacts = list(ContactPoint.objects.public().for_listing().in_contacts_order())
    for contact in contacts:
        contact.heading = contact.get_category_display()
        contact.organisation_name = organisation_name(contact.organisation)
        contact.sources = source_links(contact.source)
    return {"contacts": contacts}
