"""Read and move on the directory's generation (see models.Generation)."""

from django.db.models import F

from .models import Generation

ROW = 1


def current():
    value = Generation.objects.filter(pk=ROW).values_list("value", flat=True).first()
    return 0 if value is None else value


def for_request(request):
    """The generation as this request first read it: one query per request, whoever asks."""
    request = getattr(request, "_request", request)  # Django's request inside a DRF view
    if not hasattr(request, "_page_cache_generation"):
        request._page_cache_generation = current()
    return request._page_cache_generation


def bump(**_signal_arguments):
    """Move the generation on. Inside a transaction, readers see it when the change commits."""
    if not Generation.objects.filter(pk=ROW).update(value=F("value") + 1):
        Generation.objects.get_or_create(pk=ROW, defaults={"value": 1})
