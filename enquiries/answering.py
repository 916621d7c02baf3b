"""Answering an enquiry in the admin: reply (mailed to the visitor and kept), answered another way, or spam.

A reply is queued as a Delivery in the same transaction that records the
answer, and sent by the worker like every other message. The first answer
closes the enquiry and dates it; a later reply is sent and kept too, without
moving that date. Closing an office's enquiry works its reply time out again
(enquiries.reply_time).
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.origin import site_origin
from core.roles import is_scoped
from offices.models import Office
from services.models import Service

from . import mail, reply_time
from .delivery import send_again
from .forms import NoteForm, ReplyForm
from .models import Delivery, Status
from .retention import keep_days
from .routing import Routing

ACTIONS = ("reply", "elsewhere", "spam", "resend")


def close(enquiry, status, user, note=""):
    """Record the first answer (or the spam verdict); True if this closed it."""
    if not enquiry.is_open:
        return False
    enquiry.status = status
    enquiry.answered_at = timezone.now()
    enquiry.answered_by = user
    if note:
        enquiry.note = note
    enquiry.save(update_fields=["status", "answered_at", "answered_by", "note"])
    if enquiry.office_id and status != Status.SPAM:
        office = Office.objects.only("pk", "timezone", "country", "usual_reply_days").get(pk=enquiry.office_id)
        reply_time.refresh([office])
    return True


def act(request, enquiry, action):
    """(done, form with errors or None)."""
    if action == "reply":
        form = ReplyForm(request.POST)
        if not enquiry.email:
            return False, None
        if not form.is_valid():
            return False, form
        with transaction.atomic():
            mail.reply(enquiry, form.cleaned_data["text"], request.user, site_origin(request))
            close(enquiry, Status.ANSWERED, request.user)
        messages.success(request, _("Your reply to %(reference)s is being sent.") % {"reference": enquiry.reference})
        return True, None
    if action == "elsewhere":
        form = NoteForm(request.POST)
        if not form.is_valid():
            return False, form
        with transaction.atomic():
            close(enquiry, Status.ANSWERED_ELSEWHERE, request.user, form.cleaned_data["note"])
        messages.success(request, _("%(reference)s is recorded as answered.") % {"reference": enquiry.reference})
        return True, None
    if action == "spam":
        with transaction.atomic():
            close(enquiry, Status.SPAM, request.user)
        messages.success(request, _("%(reference)s is closed as spam.") % {"reference": enquiry.reference})
        return True, None
    count = send_again(enquiry.deliveries.all())
    messages.success(request, _("%(count)d message(s) queued to be sent again.") % {"count": count})
    return True, None


def answer_view(model_admin, request, object_id, extra_context=None):
    enquiry = model_admin.get_object(request, unquote(object_id))
    if not model_admin.has_view_or_change_permission(request, enquiry):
        raise PermissionDenied
    can_answer = model_admin.has_change_permission(request, enquiry)
    forms = {"reply": ReplyForm(), "elsewhere": NoteForm()}
    if request.method == "POST":
        if not can_answer:
            raise PermissionDenied
        action = request.POST.get("action")
        if action not in ACTIONS:
            return HttpResponseBadRequest(_("Choose reply, answered another way, spam or send again."))
        done, form = act(request, enquiry, action)
        if done:
            return HttpResponseRedirect(reverse("admin:enquiries_enquiry_change", args=[enquiry.pk]))
        if form is not None:
            forms[action] = form
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Enquiry %(reference)s") % {"reference": enquiry.reference},
        "subtitle": str(enquiry.listing),
        "original": enquiry,
        "enquiry": enquiry,
        "deliveries": enquiry.deliveries.select_related("author"),
        "replies": enquiry.deliveries.filter(kind=Delivery.Kind.REPLY).select_related("author"),
        "can_answer": can_answer,
        "forms": forms,
        "keep_days": keep_days(),
        "has_view_permission": True,
        **(extra_context or {}),
    }
    return TemplateResponse(request, model_admin.answer_template, context)


def routing_view(model_admin):
    def view(request):
        if not model_admin.has_view_permission(request):
            raise PermissionDenied
        routing = Routing()
        offices = Office.objects.for_editor(request.user).public().in_directory_order()
        # Enquiries about services are national: an office editor sees only their offices here.
        services = (
            [] if is_scoped(request.user) else Service.objects.public().select_related("contact").order_by("name")
        )
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": _("Who receives enquiries"),
            "offices": [(office, routing.to_office(office)) for office in offices],
            "services": [(service, routing.about_service(service)) for service in services],
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/enquiries/enquiry/routing.html", context)

    return view
