"""The apps that hold listings, as they declare themselves on their AppConfig.

The core never imports a listing app. An app joins the directory by setting,
on its AppConfig:

- `holds_listings = True`: its models are listings (the page cache follows
  their changes, backups take them, the admin's front page counts them);
- `shipped_data`: the CSV files `load_directory` loads, in order, as
  (option name, path inside the app, import-export resource class), set in
  its `ready()` (the resources need the models).

(What the Editors group may do, `editor_permissions`, is read by core.roles.)

Apps are visited in INSTALLED_APPS order, so an app's files load after those
of the apps it refers to.
"""

from pathlib import Path

from django.apps import apps


def listing_apps():
    return [config for config in apps.get_app_configs() if getattr(config, "holds_listings", False)]


def listing_models(include_auto_created=False):
    return [
        model for config in listing_apps() for model in config.get_models(include_auto_created=include_auto_created)
    ]


def verified_models():
    """The listings editors verify (those with `last_verified`), in app order."""
    return [model for model in listing_models() if hasattr(model, "needs_verification")]


def shipped_files():
    """[(name, default path, resource class)] for every listing app, in load order."""
    return [
        (name, Path(config.path, relative), resource)
        for config in listing_apps()
        for name, relative, resource in getattr(config, "shipped_data", ())
    ]
