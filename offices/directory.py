"""The directory's order and headings: Japan first, then the world by JETRO region.

Japan: headquarters and national bodies, then Japan's regions and the
prefectures in their official (JIS) order. Abroad: JETRO's regions, then
countries by name in the visitor's language, then cities.
"""

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _
from django_countries import countries

from offices.search import normalise

from .geography import JAPAN, Prefecture, Region
from .models import Office

NATIONAL_BODIES = (Office.Kind.HEADQUARTERS, Office.Kind.INSTITUTE, Office.Kind.PROMOTION_BODY)


def _rank(field, values):
    return Case(
        *[When(**{field: value}, then=Value(rank)) for rank, value in enumerate(values)],
        default=Value(len(values)),
        output_field=IntegerField(),
    )


def in_directory_order(queryset):
    by_name = sorted(countries, key=lambda country: normalise(country.name))
    return queryset.order_by(
        _rank("country", [JAPAN]),
        _rank("kind", [*NATIONAL_BODIES, Office.Kind.DOMESTIC]),
        _rank("region", list(Region)),
        _rank("prefecture", list(Prefecture)),
        _rank("country", [country.code for country in by_name]),
        "city",
        "name",
    )


def with_headings(offices):
    """Set `heading` and `subheading` on each office of a page, for {% regroup %}."""
    for office in offices:
        if office.in_japan and office.kind in NATIONAL_BODIES:
            office.heading, office.subheading = _("Japan"), _("Headquarters and national bodies")
        elif office.in_japan:
            office.heading = _("Japan: %(region)s") % {"region": office.get_region_display()}
            office.subheading = office.get_prefecture_display()
        else:
            office.heading, office.subheading = office.get_region_display(), office.country.name
    return offices
