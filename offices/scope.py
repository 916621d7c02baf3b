"""Office editors' scopes: the offices an office editor sees and changes (core.roles).

A scope names offices, countries and JETRO regions (offices.geography.Region,
Japan's eight regions included); an office is in it when it is named, or is
in one of the countries, or in one of the regions. The rule is one queryset
method, `Office.objects.for_editor(user)`, which the admin applies on every
URL (core.admin.base.ListingAdmin). An office editor without a scope sees no office.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField

from core.roles import EDITORS, OFFICE_EDITORS, declared_permissions, ensure_group, national_editors

from .geography import Region


class EditorScope(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="office_scope",
        verbose_name=_("office editor"),
        help_text=_("Saving puts this account in the Office editors group and takes it out of the Editors group."),
    )
    offices = models.ManyToManyField(
        "offices.Office",
        blank=True,
        related_name="editor_scopes",
        verbose_name=_("offices"),
        help_text=_("Offices this editor keeps, wherever they are."),
    )
    countries = CountryField(
        _("countries"),
        multiple=True,
        blank=True,
        help_text=_("Every office in these countries, including offices added later."),
    )
    regions = models.JSONField(
        _("regions"),
        default=list,
        blank=True,
        help_text=_("Every office in these JETRO regions (Japan's regions included)."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("office editor's scope")
        verbose_name_plural = _("office editors' scopes")
        ordering = ["user__username"]
        # The mark of an office editor (core.roles.is_scoped), given by the Office editors group.
        permissions = [("scoped_editorscope", "Edits only the offices of their scope")]

    def __str__(self):
        return self.user.get_username()

    def clean(self):
        unknown = [value for value in self.regions or [] if value not in Region.values]
        if unknown:
            raise ValidationError({"regions": _("Unknown region: %(values)s.") % {"values": ", ".join(unknown)}})

    def condition(self):
        """The offices in this scope, as a condition on offices (no query of its own)."""
        named = EditorScope.offices.through.objects.filter(editorscope_id=self.pk).values("office_id")
        return Q(pk__in=named) | Q(country__in=[c.code for c in self.countries]) | Q(region__in=self.regions)

    def covers(self, office):
        """Whether `office` is in this scope, from the offices prefetched on the scope."""
        return (
            office.country.code in {c.code for c in self.countries}
            or office.region in self.regions
            or any(named.pk == office.pk for named in self.offices.all())
        )

    def describe(self):
        """The scope in words: "JETRO Bangkok; Thailand; Asia"."""
        parts = [office.name for office in self.offices.all()]
        parts += [str(country.name) for country in self.countries]
        parts += [str(Region(value).label) for value in self.regions if value in Region.values]
        return "; ".join(parts) or str(_("no office"))


def scope_of(user):
    """The user's scope, or None; asked once per user object (one request)."""
    if "_office_scope" not in user.__dict__:
        user.__dict__["_office_scope"] = EditorScope.objects.filter(user_id=user.pk).first()
    return user.__dict__["_office_scope"]


def scope_condition(user):
    """Offices `user` may see and change, for OfficeQuerySet.for_editor (a scoped user only); None: no scope."""
    scope = scope_of(user)
    return scope.condition() if scope is not None else None


def office_editor_scopes():
    """The scopes of the active office editors with an email address (who can be told of something)."""
    return list(
        EditorScope.objects.filter(user__is_active=True, user__groups__name=OFFICE_EDITORS)
        .exclude(user__email="")
        .select_related("user")
        .prefetch_related("offices")
        .distinct()
        .order_by("user__username")
    )


def editors_for_office(office):
    """Who is told of a suggestion about `office`: its office editors, or the national editors if it has none."""
    return [scope.user for scope in office_editor_scopes() if scope.covers(office)] or list(national_editors())


def set_scope(user, offices=(), country_codes=(), regions=()):
    """Make `user` an office editor for exactly these offices, countries and regions."""
    scope, _created = EditorScope.objects.get_or_create(user=user)
    scope.countries = list(country_codes)
    scope.regions = list(regions)
    scope.full_clean(exclude=["user"])
    scope.save()
    scope.offices.set(offices)
    make_office_editor(user)
    return scope


def office_editor_permissions():
    """What the Office editors group may do (model permissions; the scope then says on which offices).

    The mark of a scoped editor (core.roles.is_scoped); their offices (no adding:
    a new office is a national editor's decision) with opening hours, import and
    export; and what other apps declare as `office_editor_permissions` (the
    services an office offers, the suggestions).
    """
    permissions = {
        "offices": {
            "office": ["view", "change", "import", "export"],
            "openinghours": ["view", "add", "change", "delete"],
            "editorscope": ["scoped"],
        },
    }
    for app_label, declared in declared_permissions("office_editor_permissions").items():
        permissions.setdefault(app_label, {}).update(declared)
    return permissions


def ensure_office_editors_group():
    """The Office editors group, with exactly office_editor_permissions()."""
    return ensure_group(OFFICE_EDITORS, office_editor_permissions())


def make_office_editor(user):
    """In the Office editors group and out of the Editors group (whose whole directory would override a scope)."""
    user.groups.add(ensure_office_editors_group())
    user.groups.remove(*user.groups.filter(name=EDITORS))
    for cached in ("_is_scoped", "_perm_cache", "_group_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cached, None)
    user.__dict__.pop("_office_scope", None)


def parse_country_codes(values):
    """ISO codes from what an administrator typed; ValueError naming any that is not one."""
    codes = [value.strip().upper() for value in values if value.strip()]
    unknown = [code for code in codes if code not in countries]
    if unknown:
        raise ValueError(", ".join(unknown))
    return codes


def parse_regions(values):
    """Region values from what an administrator typed (value or English name); ValueError naming the unknown."""
    by_name = {value: value for value in Region.values}
    by_name.update({str(label).casefold(): value for value, label in Region.choices})
    found, unknown = [], []
    for value in (value.strip() for value in values if value.strip()):
        region = by_name.get(value.casefold()) or by_name.get(value.casefold().replace(" ", "_"))
        (found if region else unknown).append(region or value)
    if unknown:
        raise ValueError(", ".join(unknown))
    return found
