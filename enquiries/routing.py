"""Who receives an enquiry, and why: one rule, shown to editors in the admin ("Who receives enquiries").

- To an office: its office editors with an email address; if none, the
  office's own listed email; if none, the national editors.
- About a service: its contact point's email; if none, the national editors.
- When nobody above has an email address: ENQUIRIES_FALLBACK_RECIPIENTS, if set.
  The enquiry is kept and shown in the admin whoever receives it, so none is lost.

`Route.public` says to the visitor whom it went to, without anyone's address.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.utils.translation import gettext as _

from core.roles import national_editors
from offices.scope import office_editor_scopes


@dataclass(frozen=True)
class Route:
    recipients: list[str] = field(default_factory=list)
    reason: str = ""
    public: str = ""

    def __bool__(self):
        return bool(self.recipients)


def _addresses(users):
    return sorted({user.email for user in users if user.email})


def _people(users):
    return ", ".join(user.get_full_name() or user.get_username() for user in users)


class Routing:
    """The rule, reading the editors once however many listings it is asked about."""

    @cached_property
    def scopes(self):
        return office_editor_scopes()

    @cached_property
    def national(self):
        return list(national_editors())

    def route(self, listing):
        if listing._meta.model_name == "office":
            return self.to_office(listing)
        return self.about_service(listing)

    def to_office(self, office):
        editors = [scope.user for scope in self.scopes if scope.covers(office)]
        names = {"office": office.name, "people": _people(editors)}
        if editors:
            return Route(
                _addresses(editors),
                _("The office editors whose scope covers %(office)s: %(people)s.") % names,
                _("the editors of %(office)s") % names,
            )
        if office.email:
            return Route(
                [office.email],
                _("No office editor covers %(office)s; its own listed email.") % names,
                _("%(office)s") % names,
            )
        return self._national(_("No office editor covers %(office)s and it lists no email") % names)

    def about_service(self, service):
        contact = service.public_contact
        if contact is not None and contact.email:
            values = {"contact": contact.division}
            return Route(
                [contact.email],
                _("The service's contact point, %(contact)s.") % values,
                _("%(contact)s, the service's contact point") % values,
            )
        return self._national(_("The service's contact point lists no email"))

    def _national(self, why):
        public = _("JETRO's national editors")
        if self.national:
            values = {"why": why, "people": _people(self.national)}
            return Route(_addresses(self.national), _("%(why)s: the national editors, %(people)s.") % values, public)
        fallback = list(settings.ENQUIRIES_FALLBACK_RECIPIENTS)
        if fallback:
            reason = _("%(why)s, and no national editor has an email address: the fallback address.")
            return Route(fallback, reason % {"why": why}, public)
        reason = _("%(why)s, and no national editor has an email address: kept in the admin only.")
        return Route([], reason % {"why": why}, public)


def route(listing):
    """Where an enquiry to an office, or about a service, goes now."""
    return Routing().route(listing)
