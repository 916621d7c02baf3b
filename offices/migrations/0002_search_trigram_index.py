from django.db import migrations

from core.search import trigram_index


class Migration(migrations.Migration):
    dependencies = [("offices", "0001_initial")]
    operations = [trigram_index("offices_office", "office_search_text_trgm")]
