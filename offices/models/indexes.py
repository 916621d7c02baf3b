"""The office table's indexes, each with the pages it serves."""

from django.db import models
from django.db.models import Q

PUBLISHED = Q(is_published=True)
# Published, with a phone or an email listed: an office a visitor can reach.
REACHABLE = PUBLISHED & (~Q(phone="") | ~Q(email=""))
# The directory's order (OfficeQuerySet.in_directory_order).
DIRECTORY_ORDER = ["directory_key", "city", "name"]
# The nearest search ranks the offices at one position by id: with it, a box is read from the index alone.
POSITION = ["latitude", "longitude", "id"]

OFFICE_INDEXES = [
    models.Index(fields=["kind", "country"], name="office_kind_country_idx"),
    models.Index(fields=["region", "country"], name="office_region_country_idx"),
    models.Index(fields=["prefecture"], name="office_prefecture_idx"),
    # Published offices by country: the country menus, services by country, and a country's offices in
    # the directory's order (its page, the directory filtered by country), without reading the others.
    models.Index(fields=["country", *DIRECTORY_ORDER], condition=PUBLISHED, name="office_published_country_idx"),
    models.Index(fields=DIRECTORY_ORDER, name="office_directory_order_idx"),
    # The nearest offices, and the nearest one can call.
    models.Index(fields=POSITION, condition=PUBLISHED, name="office_position_idx"),
    models.Index(fields=POSITION, condition=REACHABLE, name="office_reachable_position_idx"),
]
