#!/usr/bin/env python
import os
import sys


def is_reloader_parent(argv):
    """`manage.py runserver` as first started: the process that only starts the server, and again on a change."""
    return argv[1:2] == ["runserver"] and "--noreload" not in argv and os.environ.get("RUN_MAIN") != "true"


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jetro_site.settings")
    if is_reloader_parent(sys.argv):
        # Django would load the whole site here first (two seconds of CPU) and not use it:
        # the server runs in the child, which loads it and reports any error itself.
        from django.utils import autoreload

        autoreload.run_with_reloader(lambda: None)
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
