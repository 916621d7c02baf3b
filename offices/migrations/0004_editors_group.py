from django.db import migrations

from core.roles import EDITORS, ensure_editors_group

# Frozen here: a later change to the apps' editor_permissions must not
# change what this migration did (the models it names existed at this point).
PERMISSIONS = {
    "offices": {
        "office": ["view", "add", "change", "import", "export"],
        "openinghours": ["view", "add", "change", "delete"],
        "staffcount": ["view", "add", "change", "import", "export"],
    },
    "services": {
        "service": ["view", "add", "change", "import", "export"],
        "contactpoint": ["view", "add", "change", "import", "export"],
    },
}


def create_group(apps, schema_editor):
    ensure_editors_group(apps, using=schema_editor.connection.alias, permissions=PERMISSIONS)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("offices", "0003_versions_history_import_export_permissions"),
        ("services", "0003_versions_history_import_export_permissions"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
