"""The parts of the cluster run (scripts/cluster_soak.py): Redis, app servers, HAProxy, an editor, the data check.

Everything is private and on loopback, started from a temporary directory and
stopped by the caller (each part has `stop()`), whatever happens.
"""

import collections
import gzip
import html
import html.parser
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from http.cookiejar import CookieJar
from pathlib import Path
from string import Template

from loopback import BASE_DIR, HOST, start_gunicorn

HAPROXY_TEMPLATE = Path(__file__).with_name("haproxy.cfg")


def wait_for(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise SystemExit(f"{what} did not happen within {seconds} s")


def spare_port():
    """A port the system picks among its ephemeral ones: unlike the first free one from a fixed number, it is
    unlikely to be taken by another run (a `make soak` next door) while its server is stopped on purpose."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def log_tails(workdir, lines=15):
    """The end of every log in the run's directory, for a run that stopped with an error."""
    for path in sorted(workdir.glob("*.log")):
        tail = path.read_text(errors="replace").splitlines()[-lines:]
        print(f"--- {path.name} (last {len(tail)} lines) ---", *tail, sep="\n", flush=True)


def install_haproxy():
    """Debian's haproxy, installed with apt-get when it is missing (the run needs a real load balancer)."""
    if shutil.which("haproxy"):
        return shutil.which("haproxy")
    if not shutil.which("apt-get"):
        raise SystemExit("haproxy is not installed and there is no apt-get: install HAProxy 2.2 or later.")
    print("[cluster-soak] installing Debian's haproxy", flush=True)
    command = ["apt-get", "install", "-y", "-q", "haproxy"]
    if os.geteuid() != 0:
        command = ["sudo", "-n", *command]
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(command, capture_output=True, env=environment).returncode != 0:  # noqa: S603
        subprocess.run([*command[:-4], "update", "-q"], capture_output=True, env=environment)  # noqa: S603
        subprocess.run(command, check=True, capture_output=True, env=environment)  # noqa: S603
    return shutil.which("haproxy")


class PrivateRedis:
    """redis-server on a spare loopback port, without persistence: stopping it loses every cached copy."""

    def __init__(self, workdir, port):
        self.workdir, self.port, self.process = workdir, port, None
        if not shutil.which("redis-server"):
            raise SystemExit("redis-server is not installed (Debian: apt-get install redis-server).")

    @property
    def url(self):
        return f"redis://{HOST}:{self.port}/0"

    def answers(self):
        try:
            with socket.create_connection((HOST, self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - Debian's redis-server
            [shutil.which("redis-server"), "--bind", HOST, "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir), "--maxmemory", "256mb",
             "--maxmemory-policy", "allkeys-lru"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self.answers, 10, "Redis answering")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class AppServer:
    """One app server as `make serve` starts it, in its own process group so that kill -9 takes all of it."""

    def __init__(self, name, port, env, logfile):
        self.name, self.port, self.env, self.logfile, self.process, self.worker = name, port, env, logfile, None, None

    @property
    def base(self):
        return f"http://{HOST}:{self.port}"

    def start(self):
        """gunicorn, and the background worker beside it (one per node, as `make serve` runs them)."""
        log = open(self.logfile, "a")  # noqa: SIM115 - the server writes to it for its lifetime
        self.process = start_gunicorn(
            self.env, self.port, options=["--error-logfile", "-"], stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker"], cwd=BASE_DIR, env=self.env, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        log.close()

    def kill(self):
        """kill -9 the node (gunicorn's master and workers, and the background worker) at once, as a crash would."""
        for process in (self.process, self.worker):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def stop(self):
        for process in (self.process, getattr(self, "worker", None)):
            if process and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


class Haproxy:
    def __init__(self, workdir, port, servers, logfile):
        self.port, self.socket_path, self.logfile, self.process = port, workdir / "haproxy.sock", logfile, None
        lines = "\n".join(f"    server {server.name} {HOST}:{server.port}" for server in servers)
        config = Template(HAPROXY_TEMPLATE.read_text()).substitute(
            stats_socket=self.socket_path, host=HOST, port=port, scheme="http", health_host=HOST, servers=lines
        )
        self.config = workdir / "haproxy.cfg"
        self.config.write_text(config)

    @property
    def base(self):
        return f"http://{HOST}:{self.port}"

    def start(self, binary):
        log = open(self.logfile, "w")  # noqa: SIM115 - HAProxy writes to it for its lifetime
        self.process = subprocess.Popen([binary, "-db", "-f", str(self.config)], stdout=log, stderr=log)  # noqa: S603
        log.close()
        wait_for(lambda: self.socket_path.exists() and len(self.up()) > 0, 20, "HAProxy seeing an app server")

    def states(self):
        """{server: "UP"/"DOWN"/...} from HAProxy's own stats."""
        try:
            with socket.socket(socket.AF_UNIX) as connection:
                connection.settimeout(2)
                connection.connect(str(self.socket_path))
                connection.sendall(b"show stat\n")
                data = b""
                while chunk := connection.recv(65536):
                    data += chunk
        except OSError:
            return {}
        lines = data.decode().lstrip("# ").splitlines()
        header = lines[0].split(",")
        rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]
        return {row["svname"]: row["status"] for row in rows if row["pxname"] == "app" and row["svname"] != "BACKEND"}

    def up(self):
        return {name for name, status in self.states().items() if status.startswith("UP")}

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


# --- The editor: signs in and saves a service through the load balancer ------------------


class FormReader(html.parser.HTMLParser):
    """The fields of the admin's change form as a browser would post them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields, self.inside, self.select, self.textarea, self.first_option = [], False, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type", "text") not in ("submit", "button", "file", "image"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.fields.append((name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")))
        elif tag == "select" and name:
            self.select, self.first_option = (name, "multiple" in attrs, []), None
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            self.first_option = value if self.first_option is None else self.first_option
            if "selected" in attrs:
                self.select[2].append(value)
        elif tag == "textarea" and name:
            self.textarea = (name, [])

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            name, multiple, chosen = self.select
            if not chosen and not multiple and self.first_option is not None:
                chosen = [self.first_option]
            self.fields += [(name, value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea:
            # The browser drops the one newline that follows <textarea>.
            self.fields.append((self.textarea[0], "".join(self.textarea[1]).removeprefix("\n")))
            self.textarea = None


class Editor:
    """An editor's browser: a cookie jar, the admin's sign-in, and saves of one service's description."""

    def __init__(self, base, username, password):
        self.base, self.username, self.password = base, username, password
        self.opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPCookieProcessor(CookieJar()))

    def request(self, path, data=None, base=None, timeout=20):
        """(status, headers, text); status None when no HTTP answer came."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        url = (base or self.base) + path
        request = urllib.request.Request(url, data=body, headers={"User-Agent": "jetro-editor"})  # noqa: S310 - loopback
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.headers, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            try:
                return error.code, error.headers, error.read().decode("utf-8", "replace")
            except (OSError, http.client.HTTPException):
                return error.code, error.headers, ""
        except (OSError, http.client.HTTPException) as error:
            return None, {}, str(error)

    def sign_in(self):
        status, _headers, page = self.request("/admin/login/")
        token = dict(read_form(page, any_form=True)).get("csrfmiddlewaretoken")
        fields = {"csrfmiddlewaretoken": token, "username": self.username, "password": self.password, "next": "/admin/"}
        status, _headers, page = self.request("/admin/login/?next=/admin/", fields)
        if status != 302:
            raise SystemExit(f"The editor could not sign in: {status} {page[:300]}")

    def save(self, change_path, field, value):
        """Open the change form and save it with `field` = `value`: (status, server that answered the save)."""
        status, _headers, page = self.request(change_path)
        if status != 200:
            return status, None, "form"
        fields = [(name, val) for name, val in read_form(page) if name != field] + [(field, value), ("_save", "Save")]
        status, headers, _page = self.request(change_path, fields)
        return status, headers.get("X-Served-By"), "save"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def read_form(page, any_form=False):
    reader = FormReader()
    if any_form:
        reader.inside = True
    reader.feed(page)
    return reader.fields


# --- The data: what changed between two backups -----------------------------------------


def backup_objects(path):
    """{(model, pk): canonical XML of the object} from a backup_directory file."""
    with gzip.open(path, "rb") as handle:
        root = ET.fromstring(handle.read())  # noqa: S314 - our own backup
    return {(item.get("model"), item.get("pk")): item for item in root.iter("object")}


def field_text(item, name):
    found = item.find(f"field[@name='{name}']")
    return html.unescape(found.text or "") if found is not None else None


def compare_backups(before, after, edited, edited_fields):
    """What changed, apart from the edits to `edited` ((model, pk)) and the history and admin log they add.

    Returns (differences, history descriptions of `edited`, current description).
    """
    differences = collections.Counter()
    for key in before.keys() - after.keys():
        differences[f"removed {key[0]}"] += 1
    for key in after.keys() - before.keys():
        if not (key[0].split(".")[1].startswith("historical") or key[0] == "admin.logentry"):
            differences[f"added {key[0]}"] += 1
    for key in before.keys() & after.keys():
        old, new = before[key], after[key]
        if key == edited:
            old, new = ({f.get("name"): f for f in item.iter("field")} for item in (old, new))
            changed = {name for name in old.keys() | new.keys() if _text(old.get(name)) != _text(new.get(name))}
            for name in changed - set(edited_fields):
                differences[f"changed {key[0]}.{name}"] += 1
        elif ET.tostring(old) != ET.tostring(new):
            differences[f"changed {key[0]}"] += 1
    history = [
        field_text(item, "description")
        for (model, _pk), item in after.items()
        if model == f"{edited[0].split('.')[0]}.historical{edited[0].split('.')[1]}"
        and field_text(item, "id") == edited[1]
    ]
    return differences, history, field_text(after[edited], "description")


def _text(element):
    return None if element is None else ET.tostring(element)
