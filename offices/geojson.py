"""Published offices as an RFC 7946 GeoJSON FeatureCollection, for maps and GIS tools."""

from .models import CoordinatesPrecision, Office


def office_feature(office, page_url):
    """One office as a Feature: a Point at its coordinates (longitude first, as RFC 7946 says), or no geometry."""
    geometry = None
    if office.latitude is not None and office.longitude is not None:
        geometry = {"type": "Point", "coordinates": [float(office.longitude), float(office.latitude)]}
    return {
        "type": "Feature",
        "id": office.slug,
        "geometry": geometry,
        "properties": {
            "slug": office.slug,
            "name": office.name,
            "name_ja": office.name_ja,
            "kind": office.kind,
            "status": office.status,
            "country": office.country.code,
            "city": office.city,
            "coordinates_precision": office.coordinates_precision or None,
            "approximate": office.coordinates_precision in (CoordinatesPrecision.CITY, CoordinatesPrecision.COUNTRY),
            "url": page_url(office),
            "source": office.source,
            "source_as_of": office.source_as_of,
        },
    }


def offices_feature_collection(page_url):
    """Every published office, by slug; `page_url(office)` gives the absolute address of its page."""
    offices = Office.objects.public().order_by("slug")
    return {"type": "FeatureCollection", "features": [office_feature(office, page_url) for office in offices]}
