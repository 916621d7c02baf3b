from types import SimpleNamespace

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django_countries import countries

from offices.models import Office
from services.models import Service


class _Bilingual(Sitemap):
    # Every page in English and in Japanese, each listing the other as an alternate.
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(_Bilingual):
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "offices:list",
            "offices:map",
            "offices:nearest",
            "countries",
            "services:list",
            "contacts:list",
            "enquiries:start",
            "about",
            "opendata:index",
            "opendata:api",
            "enquiries:privacy",
        ]

    def location(self, item):
        return reverse(item)


class ListingSitemap(_Bilingual):
    """Every published listing of a model, with the date it last changed."""

    changefreq = "monthly"
    model = None

    def items(self):
        return self.model.objects.public().only("slug", "updated_at").order_by("slug")

    def lastmod(self, listing):
        return listing.updated_at


class OfficeSitemap(ListingSitemap):
    model = Office


class ServiceSitemap(ListingSitemap):
    model = Service


class CountrySitemap(_Bilingual):
    """Every country's page: each says how to reach JETRO from there, with or without an office."""

    changefreq = "monthly"

    def items(self):
        return sorted(code.lower() for code, _name in countries)

    def location(self, code):
        return reverse("country", args=[code])


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "countries": CountrySitemap,
    "offices": OfficeSitemap,
    "services": ServiceSitemap,
}


def sitemap_xml(origin, page):
    """Page `page` of the sitemap, its links on `origin` (scheme://host[:port]), as bytes.

    What Django's sitemap view renders, for a given origin rather than the request's: the file is
    built once per generation and shared (pages.views.sitemap_xml). A page that does not exist
    raises django.core.paginator.EmptyPage.
    """
    scheme, _, host = origin.partition("://")
    site = SimpleNamespace(domain=host, name=host)
    with translation.override(settings.LANGUAGE_CODE):
        urls = [
            url for sitemap in SITEMAPS.values() for url in sitemap().get_urls(page=page, site=site, protocol=scheme)
        ]
        return loader.render_to_string("sitemap.xml", {"urlset": urls}).encode()
