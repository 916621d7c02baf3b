"""What a backup of the directory holds, and how it is taken and put back.

Written over whole apps rather than a list of models, so that every table
of the apps that hold listings (core.registry), their history included, is
backed up without anyone remembering to add it here. Editors' accounts and
groups, and the admin's log of who changed what, go with them.
"""

from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from .registry import listing_apps

# dumpdata labels besides the listing apps. Permissions and content types are not
# backed up: migrate creates them, and the rows that refer to them use their natural keys.
ACCOUNT_LABELS = ("auth.Group", "auth.User", "admin.LogEntry")


def backup_labels():
    return (*ACCOUNT_LABELS, *(config.label for config in listing_apps()))


def backed_up_models():
    """Every model a backup covers, with the automatic many-to-many tables that link them."""
    models = []
    for label in backup_labels():
        if "." in label:
            found = [apps.get_model(label)]
        else:
            found = list(apps.get_app_config(label).get_models(include_auto_created=True))
        for model in found:
            models.append(model)
            models += [
                field.remote_field.through
                for field in model._meta.local_many_to_many
                if field.remote_field.through._meta.auto_created
            ]
    return list(dict.fromkeys(models))


def default_backup_path(prefix="directory"):
    return Path("backups") / f"{prefix}-{timezone.now():%Y%m%d-%H%M%S}.xml.gz"


def take_backup(path):
    """Write the directory to `path`, compressed if it ends in .gz.

    XML rather than JSON: Django's JSON encoder cuts times to milliseconds, so
    "updated" times would not come back exactly; the XML serializer keeps them whole.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    call_command(
        "dumpdata",
        *backup_labels(),
        format="xml",
        natural_foreign=True,
        use_base_manager=True,
        output=str(path),
        verbosity=0,
    )
    return path


def directory_is_empty():
    return not any(model._base_manager.exists() for model in backed_up_models() if not model._meta.auto_created)


@transaction.atomic
def replace_with_backup(path):
    """Empty every backed-up table and load `path`, in one transaction: all of it, or nothing."""
    tables = [model._meta.db_table for model in backed_up_models()]
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            # PostgreSQL will not TRUNCATE a table with foreign-key checks still pending in this transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
            cursor.execute(sql)
        if postgresql:
            # Back to the default, so that rows may refer to rows later in the file (an office's successor).
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    # loaddata sets many-to-many links after each row; change history must not
    # record those as new changes: the backup already holds the history as it was.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        call_command("loaddata", str(path), verbosity=0)
