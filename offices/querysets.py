"""How offices and headcounts are asked for: visibility, order, and the figures pages show."""

from functools import lru_cache

from django.db import connections, models
from django.db.models import Count, Q
from django_countries import countries

from core.querysets import ListingQuerySet
from core.roles import is_scoped
from core.search import normalise, search_phrase
from pagecache.generation import for_request
from places.countries import country_for, country_vocabulary
from places.gazetteer import city_names

from .choices import OfficeKind, OfficeStatus
from .geography import JAPAN_REGIONS, Region
from .scope import scope_condition


class OfficeQuerySet(ListingQuerySet):
    # What a row of the directory shows (and sorts by); the rest stays in the database.
    LISTING_FIELDS = ("slug", "kind", "name", "name_ja", "status", "region", "country", "prefecture", "city")

    def for_listing(self):
        return self.only(*self.LISTING_FIELDS, "directory_key")

    def for_editor(self, user):
        """The offices `user` may see and change in the admin: all for a national editor,
        those in an office editor's scope (offices.scope) for an office editor."""
        if not is_scoped(user):
            return self
        condition = scope_condition(user)
        return self.none() if condition is None else self.filter(condition)

    def for_detail(self):
        """What an office page shows besides the office: successor, hours, published services."""
        return self.select_related("successor").prefetch_related(
            "opening_hours",
            models.Prefetch("services", queryset=self.related_public("services").order_by("category", "name")),
        )

    def in_directory_order(self):
        """Japan first, then the world by JETRO region and country (offices.directory_order)."""
        return self.order_by("directory_key", "city", "name")

    def search_directory(self, query):
        """The directory's `q`: a query that names a country as a whole ("DE", "UK", "Holland",
        "Czech Republic", "米国"), or once the words that frame it are set aside ("Kenya office",
        "ケニアの事務所"), means that country; anything else is searched word by word."""
        code = country_for(query or "") or country_for(search_phrase(query))
        if code:
            return self.filter(country=code)
        return self.search(query)


class OfficeManager(models.Manager.from_queryset(OfficeQuerySet)):
    """Questions about the whole table, whatever a queryset's filters: they live on the manager."""

    def public_countries(self):
        """The countries that have a published office, in code order.

        One index probe per country (a "loose index scan" over office_published_country_idx)
        rather than a pass over every office, so the country menus cost the same at 100,000
        offices as at 100. The same SQL runs on SQLite and PostgreSQL.
        """
        table = connections[self.db].ops.quote_name(self.model._meta.db_table)
        sql = f"""
            WITH RECURSIVE present(country) AS (
                SELECT MIN(country) FROM {table} WHERE is_published
                UNION ALL
                SELECT (SELECT MIN(country) FROM {table} WHERE is_published AND country > present.country)
                FROM present WHERE present.country IS NOT NULL
            )
            SELECT country FROM present WHERE country IS NOT NULL
        """  # noqa: S608 - the table name is the model's own
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql)
            return [row[0] for row in cursor.fetchall()]

    def spelling_vocabulary(self, request):
        """{normalised: as written} of what a visitor may mean: offices' cities and names, countries,
        and the gazetteer's larger cities (places.gazetteer.city_names).

        Kept whole in this worker's memory for the generation the request read, not in the pieces' cache:
        a search that finds nothing reads all of it (and core.suggest its kana words by sound, worked
        out once per vocabulary), and the cache would unpickle thousands of words for each such search.
        """
        return _vocabulary(self.model, for_request(request))

    def _spelling_vocabulary(self):
        words = {}
        for city, name in self.public().values_list("city", "name").distinct()[:20000]:
            for text in (city, name):
                if text:
                    words.setdefault(normalise(text), text)
        for word in country_vocabulary():
            code = country_for(word)
            words.setdefault(word, str(countries.name(code)) if word.isascii() else word)
        for word, name in city_names().items():
            words.setdefault(word, name)
        return words

    def network_figures(self):
        """What the directory lists, in one query, to set beside the organisation's published totals.

        A closed office keeps its page (old links lead to its successor) but is not counted."""
        return (
            self.public()
            .exclude(status=OfficeStatus.CLOSED)
            .aggregate(
                overseas=Count("pk", filter=Q(kind=OfficeKind.OVERSEAS)),
                countries=Count("country", filter=Q(kind=OfficeKind.OVERSEAS), distinct=True),
                domestic=Count("pk", filter=Q(kind=OfficeKind.DOMESTIC)),
            )
        )

    def by_world_region(self):
        """[(Region, count)] of published offices abroad, in JETRO's order of regions."""
        rows = dict(
            self.public()
            .exclude(status=OfficeStatus.CLOSED)
            .exclude(region__in=JAPAN_REGIONS)
            .values_list("region")
            .annotate(count=Count("pk"))
            .order_by()
        )
        return [(Region(value), rows[value]) for value in Region.values if value in rows]


class StaffCountQuerySet(models.QuerySet):
    def for_editor(self, user):
        """Headcounts are the organisation's published figures: national editors only (core.roles)."""
        return self.none() if is_scoped(user) else self

    def for_organisation(self):
        """The whole organisation's headcounts (not one office's), oldest first."""
        return self.filter(office=None).order_by("as_of")

    def latest_for_organisation(self):
        """The latest whole-organisation count that gives the split between Japan and overseas."""
        return self.filter(office=None, domestic__isnull=False).order_by("-as_of").first()


@lru_cache(maxsize=1)
def _vocabulary(model, generation):
    return model.objects._spelling_vocabulary()
