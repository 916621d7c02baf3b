from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("pagecache", "Generation").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Generation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.PositiveBigIntegerField(default=0)),
            ],
            options={"verbose_name": "page cache generation"},
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
