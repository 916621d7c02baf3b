"""Who may do what in the admin: the Editors and Office editors groups, kept in code.

**Editors** (national editors) add and change every listing (offices with
their opening hours, services, contact points, staff counts), import and
export them as CSV, read their history and review the public's suggested
corrections. They cannot delete offices, services or contact points
(unpublish instead: the history stays), cannot revert history, and cannot
see or change users and groups. Superusers can do everything.

**Office editors** are scoped: each has a scope (some offices, countries or
regions; offices.scope) and sees and changes only the offices in it, with
their opening hours and the services they offer, and the suggestions about
them. What a listing app lets them see is its querysets' `for_editor(user)`
(core.querysets); by default nothing, so every other listing stays national.
A user in both groups is held to the scope.

Each app lists what national editors may do with its models on its AppConfig
(`editor_permissions`: model name -> actions); the data migration offices/0004
created the Editors group, and `ensure_editors_group()` sets its permissions
back to exactly what the apps declare. The offices app keeps the Office
editors group the same way (offices.scope.ensure_office_editors_group).
"""

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q

EDITORS = "Editors"
OFFICE_EDITORS = "Office editors"


def declared_permissions(attribute):
    """app label -> model name -> actions, from every installed app that sets `attribute` on its AppConfig."""
    return {
        config.label: dict(getattr(config, attribute))
        for config in global_apps.get_app_configs()
        if getattr(config, attribute, None)
    }


def create_app_permissions(apps, app_label, using=DEFAULT_DB_ALIAS):
    """Create an app's permissions now, from a data migration too.

    Permissions are normally created after all migrations ran; a data migration
    has to create them itself. Migration state apps have no models module,
    which create_permissions() takes as "nothing to do".
    """
    app_config = apps.get_app_config(app_label)
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    try:
        create_permissions(app_config, verbosity=0, apps=apps, using=using)
    finally:
        app_config.models_module = models_module


def ensure_group(name, permissions, apps=global_apps, using=DEFAULT_DB_ALIAS):
    """Create the group `name` if needed and give it exactly `permissions` (app label -> model -> actions)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_label in permissions:
        create_app_permissions(apps, app_label, using)
    wanted = {
        (app_label, f"{action}_{model}")
        for app_label, models in permissions.items()
        for model, actions in models.items()
        for action in actions
    }
    condition = Q(pk__in=[])
    for app_label, codename in wanted:
        condition |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.using(using).filter(condition))
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise LookupError(f"These permissions do not exist: {sorted(missing)}")
    group, _created = Group.objects.using(using).get_or_create(name=name)
    group.permissions.set(found)
    return group


def ensure_editors_group(apps=global_apps, using=DEFAULT_DB_ALIAS, permissions=None):
    """The Editors group with exactly `permissions` (by default, what the apps declare as `editor_permissions`)."""
    if permissions is None:
        permissions = declared_permissions("editor_permissions")
    return ensure_group(EDITORS, permissions, apps, using)


# An office editor holds a permission whose codename starts with this (the Office editors
# group gives it: offices.scope). Asking is free: Django has loaded the user's permissions
# for the request's own permission checks.
SCOPED_PREFIX = "scoped_"


def is_scoped(user):
    """An office editor: holds a `scoped_...` permission, and is not a superuser.

    A scoped user sees only what `for_editor(user)` gives, wherever the admin shows listings.
    """
    if user is None or not user.is_authenticated or not user.is_active or user.is_superuser:
        return False
    if "_is_scoped" not in user.__dict__:
        names = user.get_all_permissions()
        user.__dict__["_is_scoped"] = any(name.partition(".")[2].startswith(SCOPED_PREFIX) for name in names)
    return user.__dict__["_is_scoped"]


def national_editors():
    """Active national editors with an email address, who are told of suggestions no office editor covers."""
    return (
        get_user_model()
        ._default_manager.filter(is_active=True, groups__name=EDITORS)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
