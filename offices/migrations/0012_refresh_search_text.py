from django.db import migrations

from offices.search_text import office_search_text


def refresh_search_text(apps, schema_editor):
    """Hiragana is now matched as katakana, and names written in kanji are found by their reading too
    (places/data/readings.csv): every office's stored line is written again."""
    Office = apps.get_model("offices", "Office")
    for office in Office.objects.all():
        Office.objects.filter(pk=office.pk).update(search_text=office_search_text(office))


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0011_country_index_in_directory_order"),
        ("places", "0002_kana_folded_names"),
    ]

    operations = [
        migrations.RunPython(refresh_search_text, migrations.RunPython.noop, elidable=True),
    ]
