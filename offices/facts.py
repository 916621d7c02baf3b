"""The organisation's published facts and figures (see PRODUCT.md, as of January 2020).

These are JETRO's own totals. The directory may list fewer offices than it
publishes: pages show both numbers and say so, and never pad the list.
"""

from django.utils.translation import gettext_lazy as _

SOURCE = "https://en.wikipedia.org/wiki/Japan_External_Trade_Organization"

PUBLISHED_TOTALS = {
    "as_of": _("January 2020"),
    "overseas_offices": 74,
    "overseas_countries": 54,
    "domestic_offices": 48,
    "source": SOURCE,
}

ORGANISATION_FACTS = [
    (_("Name"), _("Japan External Trade Organization (JETRO)")),
    (
        _("Status"),
        _("Independent Administrative Institution, established on 1 October 2003"),
    ),
    (
        _("History"),
        _(
            "Founded in Osaka in February 1952; reorganised under the Ministry of International Trade "
            "and Industry in 1958"
        ),
    ),
    (
        _("Authorising law"),
        _("The JETRO Incorporated Administrative Agency Act (Law No. 172 of 13 December 2002)"),
    ),
    (
        _("Headquarters"),
        _("Ark Mori Building 6F, 12-32 Akasaka 1-chome, Minato-ku, Tokyo 107-6006"),
    ),
    (
        _("Offices in Japan"),
        _(
            "Headquarters in Tokyo, JETRO Osaka, the Institute of Developing Economies (IDE-JETRO), "
            "JFOODO and 48 regional offices"
        ),
    ),
    (_("Overseas offices"), _("74 offices in 54 countries")),
    (_("Staff"), _("1,730 (998 in Japan, 732 overseas), as of April 2019")),
    (
        _("Services"),
        _(
            "Market intelligence, business development support, business events, information on laws and "
            "regulations for starting a business in Japan, investment attraction, import promotion, trade fairs, "
            "seminars and trade missions"
        ),
    ),
]
