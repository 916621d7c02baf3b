from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")
    # See core.registry (shipped_data is set in ready()) and core.roles.
    holds_listings = True
    # An office editor chooses the services an office offers, on the office's page: Django asks for the
    # right to view and change the service (the link has no permissions of its own), although the admin
    # shows an office editor no service (ServiceQuerySet.for_editor).
    office_editor_permissions = {"service": ["view", "change"]}
    editor_permissions = {
        "service": ["view", "add", "change", "import", "export"],
        "contactpoint": ["view", "add", "change", "import", "export"],
        "investmentfigure": ["view", "add", "change", "import", "export"],
    }

    def ready(self):
        from .resources import ContactPointResource, InvestmentFigureResource, ServiceResource

        # Services refer to offices and contact points, so they load last; the investment figures stand alone.
        self.shipped_data = (
            ("contacts", "data/contacts.csv", ContactPointResource),
            ("services", "data/services.csv", ServiceResource),
            ("figures", "data/investment_figures.csv", InvestmentFigureResource),
        )
