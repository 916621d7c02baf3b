from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from .organisation import HEADQUARTERS_ADDRESS, ORGANISATION_NAME, PUBLISHED_TOTALS


def site(request):
    """The same page in each language, for the language switch; the organisation for the footer."""
    current = translation.get_language()
    path = request.get_full_path()
    return {
        "language_links": [
            {"code": code, "name": translation.get_language_info(code)["name_local"], "url": translate_url(path, code)}
            for code, _name in settings.LANGUAGES
            if code != current
        ],
        "organisation_name": ORGANISATION_NAME,
        "headquarters_address": HEADQUARTERS_ADDRESS,
        # The date the offices counted on a page describe (includes/counts_as_of.html).
        "counts_as_of": PUBLISHED_TOTALS["as_of"],
    }
