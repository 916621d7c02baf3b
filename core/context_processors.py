from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from .organisation import HEADQUARTERS_ADDRESS, ORGANISATION_NAME, PUBLISHED_TOTALS
from .origin import site_origin


def site(request):
    """The same page in each language: for the language switch, and by full address for search engines
    (every language, this one included, and x-default: the default language, as the sitemap gives them).
    The organisation for the footer."""
    current = translation.get_language()
    path = request.get_full_path()
    addresses = {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    origin = site_origin(request)
    alternates = [(code, origin + address) for code, address in addresses.items()]
    return {
        "language_links": [
            {"code": code, "name": translation.get_language_info(code)["name_local"], "url": address}
            for code, address in addresses.items()
            if code != current
        ],
        "language_alternates": [*alternates, ("x-default", origin + addresses[settings.LANGUAGE_CODE])],
        "organisation_name": ORGANISATION_NAME,
        "headquarters_address": HEADQUARTERS_ADDRESS,
        # The date the offices counted on a page describe (includes/counts_as_of.html).
        "counts_as_of": PUBLISHED_TOTALS["as_of"],
    }
