from django.db import models


class RateCount(models.Model):
    """How many times one rate limit was hit by one sender (or for one recipient) in one window (core.throttle)."""

    # "suggestions.kept:<sender's key>", "enquiries.recipient:<office>", ...
    name = models.CharField(max_length=200)
    # When the window closes, in seconds since the epoch: a window is the same for every app server.
    until = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "until"], name="ratecount_one_per_window")]
        indexes = [models.Index(fields=["until"], name="ratecount_until_idx")]

    def __str__(self):
        return f"{self.name} until {self.until}: {self.count}"
