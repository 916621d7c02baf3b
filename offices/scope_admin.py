"""Office editors' scopes in the admin, for administrators (superusers) only.

Registered from OfficesConfig.ready(): offices/admin.py holds the listings' admin.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from core.roles import EDITORS

from .geography import Region
from .scope import EditorScope, make_office_editor


class EditorScopeForm(forms.ModelForm):
    countries = forms.MultipleChoiceField(
        label=gettext_lazy("countries"),
        choices=lambda: list(countries),
        required=False,
        widget=FilteredSelectMultiple(gettext_lazy("countries"), is_stacked=False),
        help_text=gettext_lazy("Every office in these countries, including offices added later."),
    )
    regions = forms.MultipleChoiceField(
        label=gettext_lazy("regions"),
        choices=Region.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Every office in these JETRO regions (Japan's regions included)."),
    )

    class Meta:
        model = EditorScope
        fields = ["user", "offices", "countries", "regions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["countries"] = [country.code for country in self.instance.countries]


@admin.register(EditorScope)
class EditorScopeAdmin(admin.ModelAdmin):
    form = EditorScopeForm
    list_display = ["user", "email", "scope"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    search_help_text = gettext_lazy("User name or email.")
    autocomplete_fields = ["user", "offices"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("offices")

    @admin.display(description=gettext_lazy("email"), ordering="user__email")
    def email(self, scope):
        return scope.user.email

    @admin.display(description=gettext_lazy("offices they edit"))
    def scope(self, scope):
        return scope.describe()

    # Who edits what is an administrator's decision.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance.user
        was_national = user.groups.filter(name=EDITORS).exists()
        make_office_editor(user)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        message = _("Office editor %(user)s now edits: %(scope)s.") % {
            "user": user.get_username(),
            "scope": form.instance.describe(),
        }
        if was_national:
            message += " " + _("They are no longer in the Editors group, which would give them the whole directory.")
        self.message_user(request, message, messages.SUCCESS)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        message = _(
            "Office editor %(user)s now edits no office. To make them a national editor, put them in the Editors group."
        ) % {"user": obj.user.get_username()}
        self.message_user(request, message, messages.WARNING)
