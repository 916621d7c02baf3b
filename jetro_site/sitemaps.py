from django.contrib.sitemaps import Sitemap
from django.urls import reverse

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
        return ["home", "offices:list", "services:list", "about"]

    def location(self, item):
        return reverse(item)


class OfficeSitemap(_Bilingual):
    changefreq = "monthly"

    def items(self):
        return Office.objects.public().only("slug", "updated_at").order_by("slug")

    def lastmod(self, office):
        return office.updated_at


class ServiceSitemap(_Bilingual):
    changefreq = "monthly"

    def items(self):
        return Service.objects.public().only("slug", "updated_at").order_by("slug")

    def lastmod(self, service):
        return service.updated_at


SITEMAPS = {"pages": StaticPagesSitemap, "offices": OfficeSitemap, "services": ServiceSitemap}
