"""The apps that hold listings, as they declare themselves on their AppConfig.

The core never imports a listing app. An app joins the directory by setting,
on its AppConfig:

- `holds_listings = True`: its models are listings (the page cache follows
  their changes, backups take them, the admin's front page counts them);
- `shipped_data`: the CSV files `load_directory` loads, in order, as
  (option name, path inside the app, dotted path of the import-export resource);
- `editor_permissions`: model name -> the actions the Editors group may take.

Apps are visited in INSTALLED_APPS order, so an app's files load after those
of the apps it refers to.
"""

from pathlib import Path

from django.apps import apps
from django.utils.module_loading import import_string


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
        (name, Path(config.path, relative), import_string(resource))
        for config in listing_apps()
        for name, relative, resource in getattr(config, "shipped_data", ())
    ]


def editor_permissions():
    """app label -> model name -> actions, for the Editors group (core.roles)."""
    return {
        config.label: dict(config.editor_permissions)
        for config in listing_apps()
        if getattr(config, "editor_permissions", None)
    }
