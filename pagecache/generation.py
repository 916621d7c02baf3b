"""Read and move on the directory's generation (see models.Generation)."""

from django.db.models import F

from .models import Generation

ROW = 1


def current():
    value = Generation.objects.filter(pk=ROW).values_list("value", flat=True).first()
    return 0 if value is None else value


def bump(**_signal_arguments):
    """Move the generation on. Inside a transaction, readers see it when the change commits."""
    if not Generation.objects.filter(pk=ROW).update(value=F("value") + 1):
        Generation.objects.get_or_create(pk=ROW, defaults={"value": 1})
