from django.core.management.base import BaseCommand

from core.roles import ensure_editors_group


class Command(BaseCommand):
    help = "Create the Editors group, or set its permissions back to those the apps declare (editor_permissions)."

    def handle(self, *args, **options):
        group = ensure_editors_group()
        self.stdout.write(f"The {group.name} group has its {group.permissions.count()} permissions.")
