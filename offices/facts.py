"""The organisation's published figures, as of January 2020 (see PRODUCT.md).

These are JETRO's own totals. The directory may list fewer offices than it
publishes: pages show both numbers and say so, and never pad the list.
"""

from django.utils.translation import gettext_lazy as _

PUBLISHED_TOTALS = {
    "as_of": _("January 2020"),
    "overseas_offices": 74,
    "overseas_countries": 54,
    "domestic_offices": 48,
    "source": "https://en.wikipedia.org/wiki/Japan_External_Trade_Organization",
}
