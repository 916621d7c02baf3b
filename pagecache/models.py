from django.db import models
from django.utils.translation import gettext_lazy as _


class Generation(models.Model):
    """One row: the directory's generation, moved on by every change to a listing.

    Cached pages are filed under the generation they were rendered in, so a
    change makes every older copy unreachable at once, in every worker and on
    every server, whatever the cache backend.
    """

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("page cache generation")

    def __str__(self):
        return str(self.value)
