"""Enquiries in the admin: each editor's own, newest first, answered on their own page (enquiries.answering).

National editors see every enquiry; an office editor only those to the offices
in their scope (Enquiry.objects.for_editor), on every URL: one outside the
scope answers 404. Nobody adds one here (they come from the public forms), and
only administrators delete one (enquiries.retention erases them otherwise).
The front page counts the unanswered ones; "Who receives enquiries" lists, for
every office and service, where an enquiry goes today and why (enquiries.routing).
"""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from offices.models import Office
from services.models import Service

from . import answering
from .models import Delivery, Enquiry, Status


class ChoiceFilter(admin.SimpleListFilter):
    """A filter that ignores a value it does not offer (a hand-typed ?office=abc is no filter, not a 500)."""

    def chosen(self):
        offered = {str(value) for value, _label in self.lookup_choices}
        return self.value() if self.value() in offered else None


class OfficeFilter(ChoiceFilter):
    title = gettext_lazy("office")
    parameter_name = "office"

    def lookups(self, request, model_admin):
        with_enquiries = model_admin.get_queryset(request).exclude(office=None).values("office")
        return list(Office.objects.filter(pk__in=with_enquiries).order_by("name").values_list("pk", "name"))

    def queryset(self, request, queryset):
        return queryset.filter(office_id=int(self.chosen())) if self.chosen() else queryset


class ServiceFilter(ChoiceFilter):
    title = gettext_lazy("service")
    parameter_name = "service"

    def lookups(self, request, model_admin):
        with_enquiries = model_admin.get_queryset(request).exclude(service=None).values("service")
        return list(Service.objects.filter(pk__in=with_enquiries).order_by("name").values_list("pk", "name"))

    def queryset(self, request, queryset):
        return queryset.filter(service_id=int(self.chosen())) if self.chosen() else queryset


class AgeFilter(ChoiceFilter):
    title = gettext_lazy("received")
    parameter_name = "age"
    DAYS = {"week": (None, 7), "month": (7, 30), "older": (30, None)}

    def lookups(self, request, model_admin):
        return [
            ("week", gettext_lazy("In the past 7 days")),
            ("month", gettext_lazy("7 to 30 days ago")),
            ("older", gettext_lazy("Over 30 days ago")),
        ]

    def queryset(self, request, queryset):
        if not self.chosen():
            return queryset
        newest, oldest = self.DAYS[self.chosen()]
        now = timezone.now()
        if newest is not None:
            queryset = queryset.filter(created_at__lte=now - timedelta(days=newest))
        if oldest is not None:
            queryset = queryset.filter(created_at__gt=now - timedelta(days=oldest))
        return queryset


class MailFilter(ChoiceFilter):
    title = gettext_lazy("mail")
    parameter_name = "mail"

    def lookups(self, request, model_admin):
        return [
            ("waiting", gettext_lazy("Not sent yet (trying again)")),
            ("failed", gettext_lazy("Not sent: gave up")),
        ]

    def queryset(self, request, queryset):
        states = {"waiting": ["pending", "sending"], "failed": ["failed"]}.get(self.chosen())
        if not states:
            return queryset
        unsent = Delivery.objects.filter(enquiry=OuterRef("pk"), state__in=states)
        return queryset.filter(Exists(unsent))


class StatusFilter(ChoiceFilter):
    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.chosen()) if self.chosen() else queryset


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    list_display = ["reference_link", "listing_name", "subject_line", "status", "received", "mail"]
    list_display_links = ["reference_link"]
    list_filter = [StatusFilter, OfficeFilter, ServiceFilter, AgeFilter, MailFilter]
    list_select_related = ["office", "service"]
    search_fields = ["subject", "message", "name", "company", "office__name", "service__name"]
    search_help_text = gettext_lazy(
        "A reference (ENQ-2026-000123), or words of the subject, the message, the sender's name or company, "
        "or the office's or service's name."
    )
    ordering = ["-created_at", "-pk"]
    answer_template = "admin/enquiries/enquiry/answer.html"

    def get_queryset(self, request):
        unsent = Delivery.objects.filter(enquiry=OuterRef("pk")).exclude(state=Delivery.State.SENT)
        failed = unsent.filter(state=Delivery.State.FAILED)
        return (
            super()
            .get_queryset(request)
            .for_editor(request.user)
            .annotate(unsent=Exists(unsent), mail_failed=Exists(failed))
        )

    def get_search_results(self, request, queryset, search_term):
        """A reference finds its enquiry; other words search the text fields."""
        reference = search_term.strip().upper()
        if reference.startswith("ENQ-") and reference.rpartition("-")[2].isdigit():
            number = int(reference.rpartition("-")[2])
            return queryset.filter(pk=number) if number < 2**63 else queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    # --- Who may do what ---

    def in_scope(self, request, obj):
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_object(self, request, object_id, from_field=None):
        found = super().get_object(request, object_id, from_field)
        if found is None:
            raise Http404
        return found

    # --- The list ---

    @admin.display(description=gettext_lazy("reference"), ordering="pk")
    def reference_link(self, enquiry):
        return enquiry.reference

    @admin.display(description=gettext_lazy("office or service"))
    def listing_name(self, enquiry):
        return enquiry.listing.name

    @admin.display(description=gettext_lazy("subject"))
    def subject_line(self, enquiry):
        return Truncator(enquiry.subject).chars(60) or "—"

    @admin.display(description=gettext_lazy("received"), ordering="created_at")
    def received(self, enquiry):
        return _("%(time)s ago") % {"time": timesince(enquiry.created_at)}

    @admin.display(description=gettext_lazy("mail"))
    def mail(self, enquiry):
        if enquiry.mail_failed:
            return _("Not sent: gave up")
        return _("Sending…") if enquiry.unsent else _("Sent")

    def waiting(self, request):
        """For the admin's front page (core/templatetags/editors.py): the unanswered enquiries this editor answers."""
        if not self.has_view_permission(request):
            return None
        count = self.get_queryset(request).unanswered().count()
        url = reverse("admin:enquiries_enquiry_changelist") + f"?status={Status.NEW}"
        name = _("unanswered enquiry") if count == 1 else _("unanswered enquiries")
        return {"count": count, "name": name, "url": url}

    # --- Answering one, and who receives what ---

    def get_urls(self):
        routing = self.admin_site.admin_view(answering.routing_view(self))
        return [path("routing/", routing, name="enquiries_enquiry_routing"), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return answering.answer_view(self, request, object_id, extra_context)
