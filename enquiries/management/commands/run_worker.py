"""The background worker: runs the queued tasks (the enquiries' mail) beside the web server.

`make run` and `make serve` start one (scripts/with_worker.py); in production
run one per app server, under the same supervisor as gunicorn. It runs the
database queue with django-tasks-db's own worker, and every RECOVER_SECONDS
queues again any message a dead worker left half-sent (enquiries.delivery);
once an hour it works out the offices' reply times again (the 90 days move)
and reminds the national editors of enquiries that wait too long
(enquiries.reminders; each is reminded once, so `remind_enquiries` from cron
is only a second chance).
A lost database connection is waited out, not fatal: the loop logs it and
tries again, so a PostgreSQL restart does not stop the mail.
"""

import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.db.utils import DatabaseError
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from enquiries import reply_time
from enquiries.delivery import RECOVER_SECONDS, recover
from enquiries.reminders import remind

logger = logging.getLogger("jetro_site.worker")
HOURLY = 60 * 60


def make_worker():
    """django-tasks-db's own worker, in batch mode: it runs what is ready, then returns to the loop below."""
    logging.getLogger("django_tasks_db").setLevel(logging.WARNING)  # not a line for every empty look
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )


def run_once(worker=None):
    """One round: queue again what a dead worker left, then run every task that is ready."""
    recover()
    (worker or make_worker()).run()


class Command(BaseCommand):
    help = "Run the background worker (mail): the database queue, and recovery of what a dead worker left."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks at an empty queue.")

    def handle(self, *args, interval, **options):
        worker = make_worker()
        worker.configure_signals()
        self.stdout.write(f"Worker {worker.worker_id} started: running queued tasks (mail).")
        recovered_at = reply_times_at = 0.0
        while worker.running:
            try:
                now = time.monotonic()
                if now - recovered_at >= RECOVER_SECONDS:
                    recover()
                    recovered_at = now
                if now - reply_times_at >= HOURLY:
                    reply_time.refresh_all()
                    remind()
                    reply_times_at = now
                worker.run()
            except DatabaseError as error:
                logger.warning("The worker cannot reach the database; trying again: %s", error)
                close_old_connections()
                time.sleep(max(interval, 2))
                continue
            time.sleep(interval)
