"""The review queue: suggested corrections, pending first, each reviewed on its own page.

National editors review every suggestion; an office editor only those about
the offices in their scope (Suggestion.objects.for_editor), on every URL: a
suggestion outside the scope answers 404. Nobody adds one here (they come
from the public form), and only administrators delete one (the schedule in
suggestions.retention deletes them otherwise).
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from offices.geography import Region
from offices.models import Office

from . import review
from .forms import AcceptForm, AppliedByHandForm, RejectForm
from .models import QUEUE_ORDER, Status, Suggestion
from .retention import email_erased_on


class OfficeFilter(admin.SimpleListFilter):
    title = gettext_lazy("office")
    parameter_name = "office"

    def lookups(self, request, model_admin):
        offices = Office.objects.for_editor(request.user).filter(suggestions__isnull=False).distinct()
        return list(offices.order_by("name").values_list("pk", "name"))

    def queryset(self, request, queryset):
        return queryset.filter(office_id=self.value()) if self.value() else queryset


class RegionFilter(admin.SimpleListFilter):
    title = gettext_lazy("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return Region.choices

    def queryset(self, request, queryset):
        return queryset.filter(office__region=self.value()) if self.value() else queryset


class AgeFilter(admin.SimpleListFilter):
    title = gettext_lazy("age")
    parameter_name = "age"
    DAYS = {"week": (None, 7), "month": (7, 30), "older": (30, None)}

    def lookups(self, request, model_admin):
        return [
            ("week", gettext_lazy("Sent in the past 7 days")),
            ("month", gettext_lazy("Sent 7 to 30 days ago")),
            ("older", gettext_lazy("Sent over 30 days ago")),
        ]

    def queryset(self, request, queryset):
        if self.value() not in self.DAYS:
            return queryset
        newest, oldest = self.DAYS[self.value()]
        now = timezone.now()
        if newest is not None:
            queryset = queryset.filter(created_at__lte=now - timedelta(days=newest))
        if oldest is not None:
            queryset = queryset.filter(created_at__gt=now - timedelta(days=oldest))
        return queryset


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["listing_name", "detail", "proposed", "status", "sent"]
    list_display_links = ["listing_name", "proposed"]
    list_filter = ["status", "detail", OfficeFilter, RegionFilter, AgeFilter]
    list_select_related = ["office", "service"]
    search_fields = ["proposed_value", "source", "office__name", "service__name"]
    search_help_text = gettext_lazy("Words of the proposed value or its source, or the office's or service's name.")
    actions = ["reject_in_bulk"]
    review_template = "admin/suggestions/suggestion/review.html"

    def get_queryset(self, request):
        return super().get_queryset(request).for_editor(request.user)

    def get_ordering(self, request):
        return QUEUE_ORDER

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

    # --- The queue ---

    @admin.display(description=gettext_lazy("office or service"), ordering="office__name")
    def listing_name(self, suggestion):
        return suggestion.listing.name

    @admin.display(description=gettext_lazy("proposed value"))
    def proposed(self, suggestion):
        return Truncator(suggestion.proposed_value).chars(60)

    @admin.display(description=gettext_lazy("sent"), ordering="created_at")
    def sent(self, suggestion):
        return _("%(time)s ago") % {"time": timesince(suggestion.created_at)}

    def waiting(self, request):
        """For the admin's front page (core/templatetags/editors.py): the pending suggestions this editor reviews."""
        if not self.has_view_permission(request):
            return None
        count = self.get_queryset(request).pending().count()
        url = reverse("admin:suggestions_suggestion_changelist") + f"?status__exact={Status.PENDING}"
        name = Suggestion._meta.verbose_name if count == 1 else Suggestion._meta.verbose_name_plural
        return {"count": count, "name": name, "url": url}

    @admin.action(description=gettext_lazy("Reject as spam or duplicates"), permissions=["change"])
    def reject_in_bulk(self, request, queryset):
        reason = _("Spam or a duplicate (rejected with others from the list).")
        count = 0
        for suggestion in queryset.pending():
            try:
                review.reject(suggestion, request.user, reason)
            except ValidationError:
                continue
            count += 1
        self.message_user(request, _("%(count)d suggestion(s) rejected.") % {"count": count}, messages.SUCCESS)

    # --- Reviewing one ---

    def change_view(self, request, object_id, form_url="", extra_context=None):
        suggestion = self.get_object(request, unquote(object_id))
        if not self.has_view_or_change_permission(request, suggestion):
            raise PermissionDenied
        can_decide = suggestion.is_pending and self.has_change_permission(request, suggestion)
        listing = suggestion.listing
        field = review.target_field(suggestion)
        forms = {
            "accept": AcceptForm(
                initial={
                    "value": suggestion.proposed_value,
                    "source": review.proposed_source(suggestion),
                    "source_as_of": review.proposed_source_as_of(suggestion),
                    "loaded_version": listing.version,
                },
                has_source_date=hasattr(listing, "source_as_of"),
            )
            if field is not None
            else None,
            "applied": AppliedByHandForm(),
            "reject": RejectForm(),
        }
        if request.method == "POST":
            if not can_decide:
                raise PermissionDenied
            action = request.POST.get("action")
            if action not in forms or forms[action] is None:
                return HttpResponseBadRequest(_("Choose accept or reject."))
            done, forms[action] = self.decide(request, suggestion, action)
            if done:
                return HttpResponseRedirect(reverse("admin:suggestions_suggestion_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Review a suggested correction"),
            "subtitle": str(suggestion),
            "original": suggestion,
            "suggestion": suggestion,
            "listing": listing,
            "listing_admin_url": reverse(
                f"admin:{listing._meta.app_label}_{listing._meta.model_name}_change", args=[listing.pk]
            ),
            "current_value": review.current_value(suggestion),
            "applies_itself": field is not None,
            "can_decide": can_decide,
            "forms": forms,
            "email_erased_on": email_erased_on(suggestion) if suggestion.email else None,
            "same_sender": self.same_sender(suggestion),
            "others": self.get_queryset(request)
            .pending()
            .filter(office_id=suggestion.office_id, service_id=suggestion.service_id)
            .exclude(pk=suggestion.pk)
            .count(),
            "has_view_permission": True,
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.review_template, context)

    def decide(self, request, suggestion, action):
        """(done, the form as submitted, with its errors if refused)."""
        if action == "accept":
            form = AcceptForm(request.POST, has_source_date=hasattr(suggestion.listing, "source_as_of"))
        else:
            form = {"applied": AppliedByHandForm, "reject": RejectForm}[action](request.POST)
        if not form.is_valid():
            return False, form
        data = form.cleaned_data
        try:
            if action == "accept":
                review.accept(
                    suggestion,
                    request.user,
                    data["value"],
                    data["source"],
                    data.get("source_as_of"),
                    data["loaded_version"],
                )
                message = _("Accepted: “%(listing)s” now shows the new %(detail)s, with its source.")
            elif action == "applied":
                review.mark_applied_by_hand(suggestion, request.user)
                message = _("Recorded as applied by hand to “%(listing)s”.")
            else:
                review.reject(suggestion, request.user, data["reason"])
                message = _("Rejected. “%(listing)s” is unchanged.")
        except ValidationError as error:
            found = error.message_dict.items() if hasattr(error, "error_dict") else [(NON_FIELD_ERRORS, error.messages)]
            for name, errors in found:
                for text in errors:
                    form.add_error(name if name in form.fields else None, text)
            return False, form
        values = {"listing": suggestion.listing, "detail": suggestion.get_detail_display().lower()}
        self.message_user(request, message % values, messages.SUCCESS)
        return True, form

    def same_sender(self, suggestion):
        """How many other suggestions the same sender made in the week the address key is kept."""
        if not suggestion.client_key:
            return 0
        return Suggestion.objects.filter(client_key=suggestion.client_key).exclude(pk=suggestion.pk).count()
