from django.db import models
from django.utils.translation import gettext_lazy as _


class Place(models.Model):
    """A city of 15,000 people or more (GeoNames, CC BY 4.0)."""

    geonameid = models.PositiveIntegerField(primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, db_index=True)
    admin1 = models.CharField(_("first-level division"), max_length=20, blank=True, default="")
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    population = models.PositiveBigIntegerField(_("population"), default=0)
    timezone = models.CharField(_("time zone"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["-population"]

    def __str__(self):
        return self.name


class PlaceName(models.Model):
    """One way of writing a place's name, normalised as search normalises a query (core.search)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["name"], name="placename_name_idx")]
        constraints = [models.UniqueConstraint(fields=["place", "name"], name="placename_unique")]

    def __str__(self):
        return self.name
