"""The completeness report in the admin, and the changelist's "missing detail" filter (offices.completeness)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .completeness import DETAILS, DETAILS_BY_KEY, listed_offices, report, write_csv


class MissingDetailFilter(admin.SimpleListFilter):
    """No phone, no address, no email...: the offices the directory lists (published, not closed)
    that still lack a detail, as the completeness report counts them."""

    title = _("missing detail")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [(detail.key, detail.missing) for detail in DETAILS]

    def queryset(self, request, queryset):
        detail = DETAILS_BY_KEY.get(self.value() or "")
        return listed_offices(queryset).filter(detail.lacks_it()) if detail else queryset


class CompletenessReportMixin:
    """For the offices' ModelAdmin: /<ADMIN_URL>offices/office/completeness/, for whoever may view offices."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        report_url = path(
            "completeness/",
            self.admin_site.admin_view(self.completeness_view),
            name="{}_{}_completeness".format(*info),
        )
        return [report_url, *super().get_urls()]

    def completeness_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        # The offices this editor may see: a scoped editor's report covers their scope.
        result = report(self.get_queryset(request))
        if request.GET.get("format") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="jetro-completeness.csv"'
            write_csv(result, response)
            return response
        changelist = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("How complete the directory is"),
            "opts": self.opts,
            "report": result,
            "details": DETAILS,
            "filter_url": f"{changelist}?{MissingDetailFilter.parameter_name}=",
        }
        return TemplateResponse(request, "admin/offices/completeness.html", context)
