"""ASGI entry point, for an ASGI server if one is ever preferred to gunicorn."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jetro_site.settings")

application = get_asgi_application()
