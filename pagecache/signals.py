"""Every saved, deleted or re-linked listing moves the generation on.

Listings are every model of the apps that hold them (core.registry: offices,
opening hours, staff counts, services, contact points, their history) and the
links between them.
Bulk writes that send no signals (generate_scale_data) call bump() themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from core.registry import listing_apps

from .generation import bump

UID = "pagecache-bump"


def connect():
    for config in listing_apps():
        for model in config.get_models():
            post_save.connect(bump, sender=model, dispatch_uid=f"{UID}-save-{model._meta.label}")
            post_delete.connect(bump, sender=model, dispatch_uid=f"{UID}-delete-{model._meta.label}")
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(bump, sender=through, dispatch_uid=f"{UID}-m2m-{through._meta.label}")
