"""/contact/: the visitor says what it is about and where their business is, and is led to the right place.

For a topic and a country it lists, in this order:
- the offices to write to: JETRO's offices in that country; for a country
  with none, the nearest offices to its capital within the JETRO world region
  of the nearest one (a route never crosses to another region);
- the services on that topic offered there or from anywhere, each with
  "Ask about this service";
- the published desks for that topic with a phone or an email, as the
  contacts page shows them.
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from offices.geography import JAPAN_REGIONS
from offices.models import Office
from offices.nearest import nearest_offices
from places.countries import country_name
from places.gazetteer import capital_of
from services.models import ContactPoint, Service

from .forms import ContactQuestionForm

SHOWN = 5


def world_region(office):
    """An office's JETRO world region: its own abroad, all of Japan's regions at home."""
    return tuple(JAPAN_REGIONS) if office.in_japan else (office.region,)


def offices_for(country):
    """([(office, km away or None)], True if they are in the country itself)."""
    here = Office.objects.public().filter(country=country, status="open").in_directory_order()[:SHOWN]
    if here:
        return [(office, None) for office in here], True
    capital = capital_of(country)
    if capital is None:
        return [], False
    found = nearest_offices(capital.latitude, capital.longitude, SHOWN * 2)
    if not found:
        return [], False
    regions = world_region(found[0].office)
    return [(nearby.office, nearby.rounded_km) for nearby in found if nearby.office.region in regions][:SHOWN], False


@require_safe
def start(request):
    form = ContactQuestionForm(request.GET or None)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        topic, country = form.cleaned_data["topic"], form.cleaned_data["country"]
        offices, in_country = offices_for(country)
        services = (
            Service.objects.public()
            .filter(contact__category=topic)
            .offered_in_country(country)
            .in_catalogue_order(country)
        )
        desks = ContactPoint.objects.public().filter(category=topic).exclude(phone="", email="").in_contacts_order()
        context.update(
            {
                "answered": True,
                "topic": dict(form.fields["topic"].choices)[topic],
                "country": country,
                "country_name": country_name(country),
                "offices": offices,
                "in_country": in_country,
                "services": list(services),
                "desks": list(desks),
            }
        )
    return render(request, "enquiries/contact.html", context)
