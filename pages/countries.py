"""Country pages: every country, with or without a JETRO office, answers "how do I reach JETRO from here?"."""

import zoneinfo
from functools import partial

from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe
from django_countries import countries

from core.list_pages import first_and_count
from offices.geography import country_timezones, is_valid_timezone
from offices.models import Office
from offices.nearest import nearest_offices
from offices.opened_later import opened_later
from pagecache.fragments import kept
from pagecache.middleware import LOCAL_TIME, PAGE, cached_page
from places.countries import country_name, every_country
from places.gazetteer import capital_of
from services.models import Availability, Service

NEAREST_LIMIT = 5
# Offices a country page lists before it leads to the directory for the rest: a directory page's
# worth, so that every country of the real directory (Japan has 37) is shown whole.
COUNTRY_SHOWN = 50
MAX_CLOCKS = 4


def local_times(zones, now=None):
    """(zone, "HH:MM") for each zone, at most MAX_CLOCKS, in the order given.

    Formatted here, in each zone: Django's date filter would turn the time back into Tokyo's.
    """
    now = now or timezone.now()
    zones = [zone for zone in dict.fromkeys(zones) if is_valid_timezone(zone)][:MAX_CLOCKS]
    return [(zone, now.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%H:%M")) for zone in zones]


@cached_page(PAGE)
@require_safe
def country_index(request):
    """Every country, A to Z (五十音 in Japanese), with how many JETRO offices it has.

    The home page's country menu submits here (?country=de) and is sent on to that country's page."""
    chosen = request.GET.get("country", "").strip()
    if chosen:
        if len(chosen) == 2 and chosen.upper() in countries:
            return redirect("country", code=chosen.lower())
        raise Http404
    # Kept whole for the generation ({% fragment %}), and counted only when it is not.
    return render(request, "countries/country_index.html", {"index": SimpleLazyObject(country_rows)})


def country_rows():
    counts = dict(Office.objects.public().order_by().values_list("country").annotate(Count("pk")))
    rows = [(code, name, counts.get(code, 0)) for code, name in every_country()]
    return {"rows": rows, "with_offices": len(counts)}


@cached_page(LOCAL_TIME)
@require_safe
def country_detail(request, code):
    upper = code.upper()
    if upper not in countries or len(code) != 2:
        raise Http404
    if code != code.lower():
        return redirect("country", code=code.lower(), permanent=True)
    # What the page lists changes only with the directory: kept for the generation ({% fragment %}
    # in the template) and read only when it is not. The clocks are the time now, in the zones of
    # the offices (kept too).
    listed = SimpleLazyObject(partial(country_listings, upper))
    zones = kept(request, "country-zones", partial(office_zones, upper, listed), upper)
    context = {
        "code": upper,
        "name": country_name(upper),
        # Each by its own name, as the pieces use them: at 100,000 offices, reading them through
        # `{% with offices=listed.offices … %}` made a first render about 3 ms slower (bench/run.py).
        **{name: SimpleLazyObject(partial(_listed, listed, name)) for name in LISTED},
        "clocks": local_times(zones),
        # Opened after the date the directory describes: named with their source, not counted.
        "opened_later": opened_later(upper),
        "zone_count": len(set(country_timezones().get(upper, []))),
    }
    return render(request, "countries/country_detail.html", context)


LISTED = ("offices", "office_count", "services_here", "services_anywhere", "capital", "nearby")


def _listed(listed, name):
    return listed.get(name)


def country_listings(upper):
    # A country with hundreds of offices shows the first ones and leads to the directory for the rest.
    offices, office_count = first_and_count(
        Office.objects.public().filter(country=upper).in_directory_order(), COUNTRY_SHOWN
    )
    services = list(Service.objects.public().for_listing().offered_in_country(upper).in_catalogue_order(upper))
    listed = {
        "offices": offices,
        "office_count": office_count,
        "services_here": [service for service in services if service.availability != Availability.ANYWHERE],
        "services_anywhere": [service for service in services if service.availability == Availability.ANYWHERE],
    }
    if not offices:
        capital = capital_of(upper)
        listed["capital"] = capital
        if capital is not None:
            listed["nearby"] = nearest_offices(capital.latitude, capital.longitude, NEAREST_LIMIT)
    return listed


def office_zones(upper, listed):
    return [office.timezone for office in listed["offices"]] or country_timezones().get(upper, [])
