"""The site's languages, as settings.LANGUAGES names them: one list for pages, search and the sitemap."""

from django.conf import settings


def language_codes():
    return tuple(code for code, _name in settings.LANGUAGES)
