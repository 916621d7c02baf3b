"""Offices and staff counts in the directory's CSV format (core.resources)."""

from import_export import fields

from core.resources import ListingResource, PhoneWidget, SlugForeignKeyWidget, StrictBooleanWidget, UpperCodeWidget

from .models import Office, StaffCount


class OfficeResource(ListingResource):
    country = fields.Field(attribute="country", column_name="country", widget=UpperCodeWidget())
    successor = fields.Field(attribute="successor", column_name="successor", widget=SlugForeignKeyWidget(Office))
    phone = fields.Field(attribute="phone", column_name="phone", widget=PhoneWidget())
    fax = fields.Field(attribute="fax", column_name="fax", widget=PhoneWidget())
    is_published = fields.Field(attribute="is_published", column_name="is_published", widget=StrictBooleanWidget())

    class Meta:
        model = Office
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "kind",
            "name",
            "name_ja",
            "status",
            "successor",
            "region",
            "country",
            "prefecture",
            "city",
            "address",
            "address_local",
            "postal_code",
            "phone",
            "fax",
            "email",
            "website",
            "latitude",
            "longitude",
            "coordinates_precision",
            "timezone",
            "is_published",
            "last_verified",
            "source",
            "source_as_of",
        )
        export_order = fields

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # Coordinates an editor set are exact: a file without coordinates (the shipped data) never clears them.
        exact = instance.pk and instance.coordinates_precision == "exact" and instance.latitude is not None
        position = ("latitude", "longitude", "coordinates_precision")
        if exact and field.attribute in position and not str(row.get("latitude") or "").strip():
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def dehydrate_successor(self, office):
        successor = office.public_successor if self.public else office.successor
        return successor.slug if successor else ""


class StaffCountResource(ListingResource):
    office = fields.Field(attribute="office", column_name="office", widget=SlugForeignKeyWidget(Office))

    class Meta:
        model = StaffCount
        import_id_fields = ("office", "as_of")
        fields = ("as_of", "office", "domestic", "overseas", "total", "source")
        export_order = fields
