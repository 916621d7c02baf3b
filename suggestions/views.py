"""The public correction form of an office or a service, and the page that thanks the visitor.

A plain HTML form (no JavaScript), CSRF-protected, limited per address
(suggestions.ratelimit: a 429 page), with a honeypot (a robot that fills the
hidden field is thanked, and nothing is kept). Its answer is never cached
(it carries a CSRF token); the thanks page comes after a redirect, so
reloading it sends nothing again. Nothing public changes: the suggestion
waits in the editors' review queue.
"""

from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core.throttle import client_key
from offices.models import Office
from services.models import Service

from .forms import SuggestionForm
from .models import OFFICE_DETAILS, SERVICE_DETAILS, Suggestion
from .notify import tell_editors
from .ratelimit import SUGGESTIONS_PER_HOUR, attempt_refused, suggestion_refused
from .retention import EMAIL_DAYS_AFTER_DECISION

KINDS = {
    "offices": (Office, OFFICE_DETAILS, "office"),
    "services": (Service, SERVICE_DETAILS, "service"),
}


def published(kind, slug):
    model, _details, _field = KINDS[kind]
    return get_object_or_404(model.objects.public().only("pk", "slug", "name", "name_ja"), slug=slug)


def too_many(request, listing, retry_after):
    context = {"listing": listing, "minutes": max(1, -(-retry_after // 60)), "per_hour": SUGGESTIONS_PER_HOUR}
    response = render(request, "suggestions/rate_limited.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def form_page(request, form, listing, kind):
    context = {"form": form, "listing": listing, "kind": kind, "email_days": EMAIL_DAYS_AFTER_DECISION}
    return render(request, "suggestions/suggest.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request, slug, kind):
    listing = published(kind, slug)
    _model, details, field = KINDS[kind]
    if request.method != "POST":
        return form_page(request, SuggestionForm(details=details), listing, kind)
    key = client_key(request)
    refused, retry_after = attempt_refused(key)
    if refused:
        return too_many(request, listing, retry_after)
    form = SuggestionForm(request.POST, details=details)
    if not form.is_valid():
        return form_page(request, form, listing, kind)
    if form.is_spam:
        return redirect(f"suggestions:{kind}_sent", slug=listing.slug)
    refused, retry_after = suggestion_refused(key)
    if refused:
        return too_many(request, listing, retry_after)
    data = form.cleaned_data
    with transaction.atomic():
        suggestion = Suggestion.objects.create(
            **{field: listing},
            detail=data["detail"],
            proposed_value=data["proposed_value"],
            source=data["source"],
            email=data["email"],
            client_key=key,
            language=get_language() or "",
        )
        tell_editors(request, suggestion)
    return redirect(f"suggestions:{kind}_sent", slug=listing.slug)


@require_safe
def sent(request, slug, kind):
    listing = published(kind, slug)
    return render(request, "suggestions/sent.html", {"listing": listing, "kind": kind})
