"""Writing to an office or about a service, and /contact/, which leads a visitor to the right place.

The form is plain HTML (no JavaScript), CSRF-protected, never cached (it
carries a CSRF token and the time it was shown). A sending is refused with a
429 page beyond the limits (enquiries.limits). A valid enquiry is saved with
its mail and the task that sends it, in one transaction, before the visitor is
sent to the confirmation; a robot that fills the hidden field is thanked and
nothing is kept. The confirmation's address carries a signed, expiring token,
so that nobody can read another visitor's confirmation by guessing.
"""

from django.core import signing
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core.origin import site_origin
from core.throttle import client_key
from offices.models import Office
from services.models import Service
from suggestions.retention import CLIENT_KEY_DAYS as SUGGESTION_KEY_DAYS
from suggestions.retention import EMAIL_DAYS_AFTER_DECISION

from . import mail
from .forms import EnquiryForm
from .limits import attempt, enquiries_per_day, keep, sendings_per_hour
from .models import Enquiry
from .retention import CLIENT_KEY_DAYS, keep_days
from .routing import route

SENT_SALT = "enquiries.sent"
SENT_MAX_AGE = 24 * 60 * 60


def form_page(request, form, listing, status=200):
    context = {"form": form, "listing": listing, "keep_days": keep_days()}
    return render(request, "enquiries/write.html", context, status=status)


def refused(request, listing, refusal):
    context = {"listing": listing, "refusal": refusal, "per_day": enquiries_per_day(), "per_hour": sendings_per_hour()}
    response = render(request, "enquiries/refused.html", context, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


def write(request, listing):
    if request.method != "POST":
        return form_page(request, EnquiryForm(), listing)
    key = client_key(request)
    refusal = attempt(key)
    if refusal:
        return refused(request, listing, refusal)
    form = EnquiryForm(request.POST)
    if not form.is_valid():
        return form_page(request, form, listing)
    if form.is_spam:
        return redirect("enquiries:thanks")
    refusal = keep(key, listing)
    if refusal:
        return refused(request, listing, refusal)
    enquiry = save(request, form.cleaned_data, listing, key)
    token = signing.dumps(enquiry.pk, salt=SENT_SALT)
    return redirect("enquiries:sent", token=token)


def save(request, data, listing, key):
    routed = route(listing)
    with transaction.atomic():
        enquiry = Enquiry.objects.create(
            **{listing._meta.model_name: listing},
            name=data["name"],
            company=data["company"],
            country=data["country"],
            email=data["email"],
            subject=data["subject"],
            message=data["message"],
            language=get_language() or "",
            client_key=key,
            recipients="\n".join(routed.recipients),
            routed_because=routed.reason,
            routed_to=routed.public,
        )
        if routed:
            mail.to_editors(enquiry, routed, site_origin(request))
    return enquiry


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def to_office(request, slug):
    office = get_object_or_404(Office.objects.public(), slug=slug)
    return write(request, office)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def about_service(request, slug):
    service = get_object_or_404(Service.objects.public().select_related("contact"), slug=slug)
    return write(request, service)


@never_cache
@require_safe
def sent(request, token):
    try:
        pk = signing.loads(token, salt=SENT_SALT, max_age=SENT_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    enquiry = get_object_or_404(Enquiry.objects.select_related("office", "service"), pk=pk)
    context = {"enquiry": enquiry, "listing": enquiry.listing, "keep_days": keep_days()}
    return render(request, "enquiries/sent.html", context)


@never_cache
@require_safe
def thanks(request):
    """What a robot caught by the honeypot is shown: thanks, and nothing kept."""
    return render(request, "enquiries/sent.html", {"enquiry": None, "keep_days": keep_days()})


@require_safe
def privacy(request):
    context = {
        "keep_days": keep_days(),
        "suggestion_days": EMAIL_DAYS_AFTER_DECISION,
        "key_days": max(CLIENT_KEY_DAYS, SUGGESTION_KEY_DAYS),
    }
    return render(request, "enquiries/privacy.html", context)
