from django.contrib.sitemaps import Sitemap
from django.urls import reverse
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
