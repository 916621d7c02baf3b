"""Figures on investment in Japan, as JETRO publishes them (its yearly Invest Japan Report).

Kept as rows editors update when a new edition comes out, loaded from
`services/data/investment_figures.csv` by `load_directory`; the about page
draws its facts, charts and tables from them. A figure is given as precisely
as its source gives it (`decimals`) and never computed from others.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.constraints import ConstraintErrorsOnFieldsMixin, check, unique
from core.querysets import ListingQuerySet
from core.verification import is_due
from core.versioning import ListingHistory, VersionedMixin, version_field


class InvestmentSeries(models.TextChoices):
    """Where on the about page a figure is shown, in the page's order."""

    KEY_FIGURES = "key_figures", _("Key figures (facts)")
    STOCK_BY_REGION = "stock_by_region", _("Inward FDI stock by region (chart)")
    SURVEY = "survey", _("Survey of foreign companies (chart of its exact shares; the rest as facts)")


class InvestmentUnit(models.TextChoices):
    YEN_TRILLION = "yen_trillion", _("trillion yen")
    PERCENT = "percent", _("per cent")
    COMPANIES = "companies", _("companies")


class Qualifier(models.TextChoices):
    EXACT = "", _("As given")
    MORE_THAN = "more_than", _("More than (the source says “over”)")


class InvestmentFigureQuerySet(ListingQuerySet):
    def in_page_order(self):
        rank = models.Case(
            *[models.When(series=value, then=models.Value(i)) for i, value in enumerate(InvestmentSeries.values)],
            output_field=models.IntegerField(),
        )
        return self.order_by(rank, "position", "slug")


class InvestmentFigure(ConstraintErrorsOnFieldsMixin, VersionedMixin, models.Model):
    slug = models.SlugField(_("slug"), max_length=80, help_text=_("Its stable key in the data file."))
    series = models.CharField(_("shown as"), max_length=20, choices=InvestmentSeries)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order within its part of the page, smallest first.")
    )
    name = models.CharField(
        _("what it measures (English)"),
        max_length=200,
        help_text=_("With its date, for example “Inward FDI stock, end of 2018”, or a region’s name in a chart."),
    )
    name_ja = models.CharField(_("what it measures (Japanese)"), max_length=200, blank=True, default="")
    chart_label = models.CharField(
        _("chart label (English)"),
        max_length=30,
        blank=True,
        default="",
        help_text=_("A shorter name for the chart's bar, if the name is long; blank to use the name."),
    )
    chart_label_ja = models.CharField(_("chart label (Japanese)"), max_length=30, blank=True, default="")
    value = models.DecimalField(_("value"), max_digits=9, decimal_places=2)
    decimals = models.PositiveSmallIntegerField(
        _("decimal places"),
        default=1,
        help_text=_("As many as the source gives: 0 for “¥33 trillion”, 1 for “52.0 %”."),
    )
    unit = models.CharField(_("unit"), max_length=20, choices=InvestmentUnit)
    qualifier = models.CharField(_("qualifier"), max_length=20, choices=Qualifier, blank=True, default=Qualifier.EXACT)
    note = models.CharField(
        _("note (English)"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("What the source says about it, for example “a record for the fifth year running”."),
    )
    note_ja = models.CharField(_("note (Japanese)"), max_length=300, blank=True, default="")
    published_on = models.DateField(_("published on"), help_text=_("When the source published the figure."))
    source = models.TextField(_("source"), help_text=_("The publication the figure comes from."))
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Unpublished figures are kept here but not shown on the site.")
    )
    last_verified = models.DateField(
        _("last verified"), null=True, blank=True, help_text=_("When an editor last checked it against the source.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = version_field()

    objects = InvestmentFigureQuerySet.as_manager()
    history = ListingHistory()

    constraint_error_fields = {
        "investmentfigure_slug_unique": "slug",
        "investmentfigure_series_valid": "series",
        "investmentfigure_unit_valid": "unit",
        "investmentfigure_qualifier_valid": "qualifier",
        "investmentfigure_value_non_negative": "value",
        "investmentfigure_decimals_range": "decimals",
        "investmentfigure_has_source": "source",
    }

    class Meta:
        verbose_name = _("investment figure")
        verbose_name_plural = _("investment figures")
        ordering = ["series", "position", "slug"]
        permissions = [
            ("import_investmentfigure", "Can import investment figures from CSV"),
            ("export_investmentfigure", "Can export investment figures to CSV"),
        ]
        constraints = [
            unique(
                "investmentfigure_slug_unique",
                ["slug"],
                _("Another figure already uses this slug; choose a different one."),
            ),
            check(
                "investmentfigure_series_valid",
                Q(series__in=InvestmentSeries.values),
                _("Choose where the figure is shown."),
            ),
            check("investmentfigure_unit_valid", Q(unit__in=InvestmentUnit.values), _("Choose the figure's unit.")),
            check(
                "investmentfigure_qualifier_valid",
                Q(qualifier__in=Qualifier.values),
                _("Choose “as given” or “more than”."),
            ),
            check("investmentfigure_value_non_negative", Q(value__gte=0), _("A figure here cannot be negative.")),
            check(
                "investmentfigure_decimals_range",
                Q(decimals__lte=2),
                _("Give at most 2 decimal places."),
            ),
            check("investmentfigure_has_source", ~Q(source=""), _("Name the publication the figure comes from.")),
        ]

    def __str__(self):
        return self.name

    @property
    def needs_verification(self):
        return is_due(self.last_verified)

    @property
    def number(self):
        """The value with as many decimals as the source gives (33, 30.7, 52.0)."""
        return self.value.quantize(Decimal(1).scaleb(-self.decimals))

    @property
    def short_label(self):
        """For a chart's bar (SVG text): the chart label in the page's language, else the name."""
        if (get_language() or "en").startswith("ja"):
            return self.chart_label_ja or self.name_ja or self.chart_label or self.name
        return self.chart_label or self.name

    @property
    def display_value(self):
        """“¥30.7 trillion”, “49.5%”, “213 companies”, “over 40%”, in the page's language."""
        number = formats.number_format(self.number, decimal_pos=self.decimals, use_l10n=True)
        if self.unit == InvestmentUnit.YEN_TRILLION:
            text = gettext("¥%(value)s trillion") % {"value": number}
        elif self.unit == InvestmentUnit.PERCENT:
            text = gettext("%(value)s%%") % {"value": number}
        else:
            text = ngettext("%(value)s company", "%(value)s companies", int(self.number)) % {"value": number}
        if self.qualifier == Qualifier.MORE_THAN:
            text = gettext("over %(value)s") % {"value": text}
        return text
