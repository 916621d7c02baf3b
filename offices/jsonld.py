"""An office as schema.org structured data (JSON-LD), for search engines."""

import json

from django.utils.safestring import mark_safe

from core.organisation import ORGANISATION_NAME, ORGANISATION_WEBSITE

JETRO = {"@type": "GovernmentOrganization", "name": ORGANISATION_NAME, "url": ORGANISATION_WEBSITE}
# As Django's json_script: "<", ">" and "&" escaped so that no "</script>" can end the block.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _postal_address(office):
    address = {
        "@type": "PostalAddress",
        "streetAddress": office.address or office.address_local,
        "addressLocality": office.city,
        "addressRegion": str(office.get_prefecture_display()) if office.prefecture else "",
        "postalCode": office.postal_code,
        "addressCountry": office.country.code,
    }
    return {key: value for key, value in address.items() if value}


def office_json_ld(office, url):
    """schema.org GovernmentOffice; unknown details are left out, never guessed."""
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOffice",
        "name": office.name,
        "alternateName": office.name_ja,
        "url": url,
        "telephone": office.phone.as_e164 if office.phone else "",
        "faxNumber": office.fax.as_e164 if office.fax else "",
        "email": office.email,
        "sameAs": office.website,
        "address": _postal_address(office),
        "parentOrganization": JETRO,
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[period.weekday]}",
                "opens": period.opens.strftime("%H:%M"),
                "closes": period.closes.strftime("%H:%M"),
            }
            for period in office.opening_hours.all()
        ],
    }
    if office.latitude is not None and office.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(office.latitude),
            "longitude": float(office.longitude),
        }
    return {key: value for key, value in data.items() if value}


def json_ld_script_content(data):
    """JSON safe to place inside <script type="application/ld+json">: no "</script>" can close it."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))  # noqa: S308
