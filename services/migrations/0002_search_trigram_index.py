from django.db import migrations

from core.search import trigram_index


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial"), ("offices", "0002_search_trigram_index")]
    operations = [trigram_index("services_service", "service_search_text_trgm")]
