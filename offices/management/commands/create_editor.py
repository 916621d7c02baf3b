"""`manage.py create_editor NAME --email E [--offices SLUG,...] [--countries CC,...] [--regions R,...]`.

Without a scope option, a national editor (the Editors group: the whole
directory). With one or more, an office editor who sees and changes only
those offices, and every office in those countries and JETRO regions
(offices.scope). Anything unknown is refused and nothing is created.
"""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.roles import ensure_editors_group

from ...geography import Region
from ...models import Office
from ...scope import parse_country_codes, parse_regions, set_scope

PASSWORD_VARIABLE = "EDITOR_PASSWORD"  # noqa: S105 - the name of a variable, not a password


def comma_list(text):
    return [item.strip() for item in (text or "").split(",") if item.strip()]


class Command(BaseCommand):
    help = (
        "Create an editor: a staff account without superuser rights. Without --offices, --countries or "
        "--regions, a national editor (the Editors group); with them, an office editor limited to those offices. "
        f"The password is asked for, or read from {PASSWORD_VARIABLE}."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="the editor's email address (suggestions are sent to it)")
        parser.add_argument("--offices", default="", metavar="SLUG,...", help="offices they edit, by slug")
        parser.add_argument("--countries", default="", metavar="CC,...", help="ISO codes: every office there")
        parser.add_argument(
            "--regions",
            default="",
            metavar="REGION,...",
            help=f"JETRO regions: every office there ({', '.join(Region.values)})",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=f"never prompt: the password must be in {PASSWORD_VARIABLE}",
        )

    def handle(self, *args, username, email, interactive, **options):
        User = get_user_model()
        if User._default_manager.filter(username=username).exists():
            raise CommandError(f"A user called “{username}” already exists; nothing was changed.")
        offices, codes, regions = self.read_scope(options)
        user = User(username=username, email=email, is_staff=True)
        password = os.environ.get(PASSWORD_VARIABLE) or self.ask_password(interactive)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            if offices or codes or regions:
                scope = set_scope(user, offices, codes, regions)
                self.stdout.write(f"Office editor “{username}” created, for: {scope.describe()}.")
            else:
                user.groups.add(ensure_editors_group())
                self.stdout.write(f"Editor “{username}” created, for the whole directory.")
        self.stdout.write("They sign in at /admin/.")

    def read_scope(self, options):
        slugs = comma_list(options["offices"])
        offices = list(Office.objects.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {office.slug for office in offices})
        if unknown:
            raise CommandError(f"No office has the slug {', '.join(unknown)}; nothing was changed.")
        try:
            codes = parse_country_codes(comma_list(options["countries"]))
        except ValueError as error:
            raise CommandError(
                f"Not an ISO 3166 country code: {error}. Use two letters, such as TH or DE; nothing was changed."
            ) from None
        try:
            regions = parse_regions(comma_list(options["regions"]))
        except ValueError as error:
            raise CommandError(
                f"Unknown region: {error}. Use one of {', '.join(Region.values)}; nothing was changed."
            ) from None
        return offices, codes, regions

    def ask_password(self, interactive):
        if not interactive:
            raise CommandError(f"Set {PASSWORD_VARIABLE} or run the command without --no-input.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ; nothing was changed.")
        return password
