from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from jetro_site.listing import filtered_page

from .filters import ServiceFilter
from .models import Service


@require_safe
def service_list(request):
    queryset = Service.objects.public().for_listing().order_by("category", "name")
    context = filtered_page(request, ServiceFilter, queryset)
    return render(request, "services/service_list.html", context)


@require_safe
def service_detail(request, slug):
    service = get_object_or_404(Service.objects.public().for_detail(), slug=slug)
    return render_service(request, service)


def render_service(request, service, preview=False):
    """The service page; the admin's preview of an unpublished service renders it too."""
    return render(request, "services/service_detail.html", {"service": service, "preview": preview})
