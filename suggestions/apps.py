from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    """Corrections suggested by the public, reviewed by editors before anything public changes."""

    name = "suggestions"
    verbose_name = _("Suggested corrections")
    # Not a listing app (core.registry): a suggestion changes nothing public, and its
    # personal data is erased on a schedule (suggestions.retention), not backed up with the directory.
    # Who reviews them (core.roles): national editors all, office editors those about their offices.
    editor_permissions = {"suggestion": ["view", "change"]}
    office_editor_permissions = {"suggestion": ["view", "change"]}
