"""Enquiries in the cluster run: visitors write to offices through the load balancer all along, the workers
(one per app server) mail them to an SMTP server on loopback, which is itself stopped and started.

At the end every enquiry a visitor saw confirmed must be in the database and delivered exactly once (one
message with its reference, whatever was killed or restarted on the way); `report()` prints those counts.
"""

import collections
import email
import email.policy
import http.cookiejar
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import psycopg
from aiosmtpd.controller import Controller

REFERENCE = re.compile(r'<strong class="reference">(ENQ-\d{4}-(\d{6,}))</strong>')
SUBJECT_REFERENCE = re.compile(r"ENQ-\d{4}-\d{6,}")
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
# Every visitor of the run comes from loopback: the per-sender limit is the per-recipient one's business here.
ENV = {
    "ENQUIRIES_PER_SENDER_PER_DAY": "100000",
    "ENQUIRIES_SENDINGS_PER_HOUR": "100000",
    "ENQUIRIES_MAIL_RETRY_SECONDS": "2",
    "ENQUIRIES_MAIL_LEASE_SECONDS": "10",
}


class Mailbox:
    """aiosmtpd's handler: every message received, by the references in its subject."""

    def __init__(self):
        self.lock = threading.Lock()
        self.subjects = []
        self.message_ids = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.subjects.append(str(message["Subject"] or ""))
            self.message_ids.append(str(message["Message-ID"] or "").strip())
        return "250 OK"

    def references(self):
        with self.lock:
            return collections.Counter(ref for subject in self.subjects for ref in SUBJECT_REFERENCE.findall(subject))


class SmtpServer:
    def __init__(self, host, port):
        self.host, self.port, self.mailbox, self.controller = host, port, Mailbox(), None

    def start(self):
        self.controller = Controller(self.mailbox, hostname=self.host, port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


class Visitors:
    """Threads that each write to an office again and again, as a person would (the form, 3 s, send)."""

    def __init__(self, base, offices, stop, threads=2):
        self.base, self.offices, self.stop = base, offices, stop
        self.lock = threading.Lock()
        self.attempts = collections.Counter()
        self.confirmed = {}  # reference -> pk
        self.threads = [threading.Thread(target=self.write, args=(n,), daemon=True) for n in range(threads)]

    def start(self):
        for thread in self.threads:
            thread.start()

    def join(self):
        for thread in self.threads:
            thread.join(timeout=60)

    def write(self, number):
        for n in range(10**6):
            if self.stop.is_set():
                return
            slug = self.offices[(n * 7 + number) % len(self.offices)]
            outcome = self.one(f"/offices/{slug}/contact/", number, n)
            with self.lock:
                self.attempts[outcome] += 1
            if outcome != "confirmed":
                time.sleep(1)  # as a person would before trying again

    def one(self, path, number, n):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        try:
            with opener.open(self.base + path, timeout=20) as response:
                page = response.read().decode()
        except (OSError, urllib.error.HTTPError) as error:
            return f"form: {getattr(error, 'code', 'no answer')}"
        fields = dict(HIDDEN.findall(page))
        time.sleep(3.2)  # the form refuses what comes back faster than a person types
        data = {
            **fields,
            "name": f"Soak visitor {number}",
            "company": "",
            "country": "KE",
            "email": f"visitor{number}-{n}@example.org",
            "subject": f"Cluster run enquiry {number}-{n}",
            "message": "Written while parts of the cluster fail.",
            "website": "",
        }
        request = urllib.request.Request(  # noqa: S310 - loopback only
            self.base + path, data=urllib.parse.urlencode(data).encode(), headers={"Referer": self.base + path}
        )
        try:
            with opener.open(request, timeout=30) as response:  # follows the redirect to the confirmation
                confirmation = response.read().decode()
        except urllib.error.HTTPError as error:
            return f"sent: {error.code}"
        except OSError:
            return "sent: no answer"
        found = REFERENCE.search(confirmation)
        if not found:
            return "sent: no confirmation shown"
        with self.lock:
            self.confirmed[found.group(1)] = int(found.group(2))
        return "confirmed"


def offices_of(base):
    with urllib.request.urlopen(base + "/api/v1/offices/", timeout=20) as response:  # noqa: S310 - loopback only
        return [office["slug"] for office in json.load(response)["results"]][:20]


def wait_delivered(visitors, smtp, seconds):
    """Wait until every confirmed enquiry's mail has come (or `seconds` passed); how long it took."""
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        if set(visitors.confirmed) <= set(smtp.mailbox.references()):
            break
        time.sleep(0.5)
    time.sleep(3)  # and nothing more arrives
    return time.monotonic() - began


def report(visitors, smtp, database_url, waited):
    """Print the counts; True when every confirmed enquiry is in the database and delivered exactly once."""
    confirmed = visitors.confirmed
    with psycopg.connect(database_url) as connection:
        found = connection.execute("SELECT id FROM enquiries_enquiry WHERE id = ANY(%s)", [list(confirmed.values())])
        stored = {row[0] for row in found}
        states = dict(connection.execute("SELECT state, COUNT(*) FROM enquiries_delivery GROUP BY state").fetchall())
    received = smtp.mailbox.references()
    missing = [ref for ref, pk in confirmed.items() if pk not in stored]
    undelivered = [ref for ref in confirmed if received[ref] == 0]
    twice = [ref for ref in confirmed if received[ref] > 1]
    ids = collections.Counter(smtp.mailbox.message_ids)
    print(f"enquiries:           {dict(sorted(visitors.attempts.items()))}")
    print(f"                     confirmed {len(confirmed)}; in the database {len(confirmed) - len(missing)}; ")
    print(f"                     delivered once {len(confirmed) - len(undelivered) - len(twice)}, twice or more "
          f"{len(twice)}, not delivered {len(undelivered)} (after waiting {waited:.0f} s)")  # fmt: skip
    print(f"                     messages received {sum(ids.values())}, the same Message-ID twice: "
          f"{sum(1 for count in ids.values() if count > 1)}; deliveries by state {states}")  # fmt: skip
    return bool(confirmed) and not missing and not undelivered and not twice
