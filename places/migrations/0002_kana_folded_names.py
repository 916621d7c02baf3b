from django.db import migrations

from core.search import normalise


def fold_kana(apps, schema_editor):
    """Names are stored as search normalises them, which now reads hiragana as katakana (よこはま: ヨコハマ)."""
    PlaceName = apps.get_model("places", "PlaceName")
    for row in PlaceName.objects.filter(name__regex="[ぁ-ゖゝゞ]"):
        folded = normalise(row.name)
        if PlaceName.objects.filter(place_id=row.place_id, name=folded).exists():
            row.delete()
        else:
            PlaceName.objects.filter(pk=row.pk).update(name=folded)


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0001_gazetteer"),
    ]

    operations = [
        migrations.RunPython(fold_kana, migrations.RunPython.noop, elidable=True),
    ]
