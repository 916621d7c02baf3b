from django.db.models import Q
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.resources import (
    CountryListWidget,
    ListingResource,
    PhoneWidget,
    SlugForeignKeyWidget,
    StrictBooleanWidget,
)
from offices.models import Office

from .models import ContactPoint, InvestmentFigure, Service


class OfficeSelectorWidget(widgets.ManyToManyWidget):
    """The offices that offer a service, as slugs or as selectors.

    `kind:domestic` stands for every office of that kind and `country:US` for
    every office in that country, as the data's "offered at" says; the
    selectors are expanded when the file is loaded. Export writes plain slugs.
    """

    SELECTORS = {"kind": "kind", "country": "country"}

    def __init__(self):
        super().__init__(Office, separator=" ", field="slug")

    def clean(self, value, row=None, **kwargs):
        slugs, condition = set(), Q(pk__in=[])
        for token in str(value or "").split():
            prefix, _colon, rest = token.partition(":")
            if rest and prefix in self.SELECTORS:
                condition |= Q(**{self.SELECTORS[prefix]: rest.upper() if prefix == "country" else rest})
            else:
                slugs.add(token)
        found = set(Office.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        if missing := sorted(slugs - found):
            raise ValueError(_("No office has the slug %(slugs)s.") % {"slugs": ", ".join(f"“{s}”" for s in missing)})
        return Office.objects.filter(condition | Q(slug__in=slugs)).order_by("slug")

    def render(self, value, obj=None, **kwargs):
        return " ".join(sorted(office.slug for office in value.all())) if value is not None else ""


class ContactPointResource(ListingResource):
    phone = fields.Field(attribute="phone", column_name="phone", widget=PhoneWidget())
    is_published = fields.Field(attribute="is_published", column_name="is_published", widget=StrictBooleanWidget())

    class Meta:
        model = ContactPoint
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "organisation",
            "division",
            "division_ja",
            "category",
            "topic",
            "phone",
            "email",
            "website",
            "is_published",
            "last_verified",
            "source",
        )
        export_order = fields


class ServiceResource(ListingResource):
    offices = fields.Field(attribute="offices", column_name="offices", widget=OfficeSelectorWidget())
    countries = fields.Field(attribute="countries", column_name="countries", widget=CountryListWidget())
    contact = fields.Field(attribute="contact", column_name="contact", widget=SlugForeignKeyWidget(ContactPoint))
    is_published = fields.Field(attribute="is_published", column_name="is_published", widget=StrictBooleanWidget())

    class Meta:
        model = Service
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name",
            "name_ja",
            "category",
            "audience",
            "summary",
            "description",
            "fee",
            "fee_note",
            "availability",
            "offered_at",
            "website",
            "offices",
            "countries",
            "contact",
            "is_published",
            "last_verified",
            "source",
        )
        export_order = fields

    def dehydrate_contact(self, service):
        # A file that leaves the site names no unpublished contact point.
        contact = service.public_contact if self.public else service.contact
        return contact.slug if contact is not None else ""

    def dehydrate_offices(self, service):
        offices = service.offices.all()
        return " ".join(sorted(office.slug for office in offices if office.is_published or not self.public))


class InvestmentFigureResource(ListingResource):
    is_published = fields.Field(attribute="is_published", column_name="is_published", widget=StrictBooleanWidget())

    class Meta:
        model = InvestmentFigure
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "series",
            "position",
            "name",
            "name_ja",
            "chart_label",
            "chart_label_ja",
            "value",
            "decimals",
            "unit",
            "qualifier",
            "note",
            "note_ja",
            "published_on",
            "is_published",
            "last_verified",
            "source",
        )
        export_order = fields
