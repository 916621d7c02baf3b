"""/contacts/: every published contact point, grouped by what a visitor would call about."""

from functools import partial
from urllib.parse import urlsplit

from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_safe

from core.search import MAX_QUERY_LENGTH
from core.templatetags.names import english
from core.text import shown_back
from pagecache.middleware import PAGE, cached_page

from .filters import ContactPointFilter
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
    """Every desk by topic; with `q`, the desks found by what they are about ("export control", 輸出管理)."""
    filterset = ContactPointFilter({"q": request.GET.get("q", "")}, queryset=ContactPoint.objects.all())
    query = filterset.form.cleaned_data.get("q", "").strip() if filterset.is_valid() else ""
    context = {
        "query": query,
        "search_errors": [str(error).replace("\x00", "") for error in filterset.form.errors.get("q", [])],
        # Shown back in the box without a NUL, and never longer than the box takes.
        "typed": shown_back(request.GET.get("q", ""))[:MAX_QUERY_LENGTH],
    }
    # Read only when the list is not already kept for this generation ({% fragment %}).
    context["listing"] = SimpleLazyObject(partial(contacts_by_topic, query))
    return render(request, "services/contacts.html", context)


def contacts_by_topic(query=""):
    contacts = ContactPoint.objects.public().for_listing().in_contacts_order()
    contacts = list(contacts.search(query) if query else contacts)
    for contact in contacts:
        contact.heading = contact.get_category_display()
        contact.organisation_name = organisation_name(contact.organisation)
        contact.sources = source_links(contact.source)
    return {"contacts": contacts}
