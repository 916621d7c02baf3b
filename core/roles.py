"""Who may do what in the admin: the Editors group, kept in code.

Editors add and change every listing (offices with their opening hours,
services, contact points, staff counts), import and export them as CSV, and
read their history. They cannot delete offices, services or contact points
(unpublish instead: the history stays), cannot revert history, and cannot see
or change users and groups. Superusers can do everything.

Each listing app lists its editors' permissions on its AppConfig. The data
migration offices/0004 created the group; `manage.py ensure_editors_group`
sets its permissions back to exactly what the apps declare.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q

from .registry import editor_permissions

EDITORS = "Editors"


def ensure_editors_group(apps=global_apps, using=DEFAULT_DB_ALIAS, permissions=None):
    """Create the Editors group if needed and give it exactly `permissions`
    (by default, what each listing app declares: core.registry.editor_permissions)."""
    if permissions is None:
        permissions = editor_permissions()
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_label in permissions:
        # Permissions are normally created after all migrations ran; a data
        # migration has to create them itself. Migration state apps have no
        # models module, which create_permissions() takes as "nothing to do".
        app_config = apps.get_app_config(app_label)
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, verbosity=0, apps=apps, using=using)
        finally:
            app_config.models_module = models_module
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
    group, _created = Group.objects.using(using).get_or_create(name=EDITORS)
    group.permissions.set(found)
    return group
