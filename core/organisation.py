"""The organisation: its name, address, website, the data's licence, and its published facts.

Each is written once here; pages, JSON-LD, vCards and the open data files
read them from here (the data's licence is settings.DATA_LICENCE). The facts and totals are JETRO's
own (as of January 2020). The directory may list fewer offices than it
publishes: pages show both numbers and say so, and never pad the list.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

# In English, as data (JSON-LD, vCard, HSDS); pages show it translated: _(ORGANISATION_NAME).
ORGANISATION_NAME = gettext_noop("Japan External Trade Organization (JETRO)")
HEADQUARTERS_ADDRESS = gettext_noop("Ark Mori Building 6F, 12-32 Akasaka 1-chome, Minato-ku, Tokyo 107-6006")
ORGANISATION_WEBSITE = "https://www.jetro.go.jp/"

SOURCE = "https://en.wikipedia.org/wiki/Japan_External_Trade_Organization"

PUBLISHED_TOTALS = {
    "as_of": _("January 2020"),
    "overseas_offices": 74,
    "overseas_countries": 54,
    "domestic_offices": 48,
    "source": SOURCE,
}

ORGANISATION_FACTS = [
    (_("Name"), _(ORGANISATION_NAME)),
    (
        _("Status"),
        _("Independent Administrative Institution, established on 1 October 2003"),
    ),
    (
        # Its own word: "History" alone is the admin's change history (変更履歴), this is 沿革.
        pgettext_lazy("the organisation's past", "History"),
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
        _(HEADQUARTERS_ADDRESS),
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
