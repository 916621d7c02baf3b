from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnquiriesConfig(AppConfig):
    """Visitors' written enquiries to offices and about services, routed to the editors who answer them."""

    name = "enquiries"
    verbose_name = _("Enquiries")
    # Not a listing app: an enquiry holds personal data, erased on a schedule (enquiries.retention),
    # never exported, published or backed up with the directory.
    # Who answers them (core.roles): national editors all, office editors those to their offices.
    editor_permissions = {"enquiry": ["view", "change"]}
    office_editor_permissions = {"enquiry": ["view", "change"]}
