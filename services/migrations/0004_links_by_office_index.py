from django.db import migrations

# Services-by-country walks from the offices in a country to their services. The
# automatic office↔service table is indexed by (service, office) and by office alone;
# (office, service) lets that walk read the index without visiting the table, which
# keeps the page's cost in step with the offices in that country, not with every link.
INDEX = "service_offices_office_service_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0003_versions_history_import_export_permissions"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON services_service_offices (office_id, service_id)",
            f"DROP INDEX {INDEX}",
        ),
    ]
