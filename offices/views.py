from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from jetro_site.listing import filtered_page

from .filters import OfficeFilter
from .models import Office


@require_safe
def office_list(request):
    queryset = Office.objects.public().for_listing().order_by("kind", "region", "country", "city", "name")
    context = filtered_page(request, OfficeFilter, queryset)
    return render(request, "offices/office_list.html", context)


@require_safe
def office_detail(request, slug):
    office = get_object_or_404(Office.objects.public().for_detail(), slug=slug)
    return render_office(request, office)


def render_office(request, office, preview=False):
    """The office page; the admin's preview of an unpublished office renders it too."""
    same_country = (
        Office.objects.public().filter(country=office.country).exclude(pk=office.pk).order_by("name")
        if not office.in_japan
        else Office.objects.none()
    )
    context = {"office": office, "same_country": same_country, "preview": preview}
    return render(request, "offices/office_detail.html", context)
