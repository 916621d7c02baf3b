from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_countries import countries

from core.filters import offer_only_countries
from core.list_pages import filtered_page
from offices.views import countries_with_offices
from pagecache.fragments import kept
from pagecache.middleware import PAGE, cached_page

from .filters import ServiceFilter
from .models import Availability, Service, ServiceCategory

ANYWHERE = Availability.ANYWHERE.label


@cached_page(PAGE)
@require_safe
def service_list(request):
    context = filtered_page(
        request,
        ServiceFilter,
        Service.objects.public().for_listing(),
        keep=kept,
        order=lambda qs, data: qs.in_catalogue_order(data.get("country")),
    )
    country = context["filterset"].form.cleaned_data.get("country")
    page = context["page_obj"]
    # Model.get_FOO_display() rebuilds the whole choices mapping on each call.
    headings = {value: str(label) for value, label in ServiceCategory.choices}
    for service in page.object_list:
        service.heading = headings.get(service.category, service.category)
    with_offices = offer_only_countries(context["filterset"].form, countries_with_offices(request))
    context["by_country"] = bool(country)
    if country:
        name = countries.name(country)
        offered_in = _("Offered in %(country)s") % {"country": name}
        for service in page.object_list:
            service.section = ANYWHERE if service.availability == Availability.ANYWHERE else offered_in
        context.update(
            country_name=name,
            country_has_offices=country in with_offices,
            # Services offered in the country come first, so a first page that opens with
            # one available from anywhere means none is offered there.
            none_offered_in=page.number == 1
            and bool(page.object_list)
            and page.object_list[0].availability == Availability.ANYWHERE,
        )
    return render(request, "services/service_list.html", context)


@cached_page(PAGE)
@require_safe
def service_detail(request, slug):
    service = get_object_or_404(Service.objects.public().for_detail(), slug=slug)
    return render_service(request, service)


def render_service(request, service, preview=False):
    """The service page; the admin's preview of an unpublished service renders it too."""
    return render(request, "services/service_detail.html", {"service": service, "preview": preview})
