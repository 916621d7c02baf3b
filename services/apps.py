from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")
    # See core.registry. Services refer to offices and contact points, so they load last;
    # the investment figures stand alone.
    holds_listings = True
    shipped_data = (
        ("contacts", "data/contacts.csv", "services.resources.ContactPointResource"),
        ("services", "data/services.csv", "services.resources.ServiceResource"),
        ("figures", "data/investment_figures.csv", "services.resources.InvestmentFigureResource"),
    )
    editor_permissions = {
        "service": ["view", "add", "change", "import", "export"],
        "contactpoint": ["view", "add", "change", "import", "export"],
        "investmentfigure": ["view", "add", "change", "import", "export"],
    }
