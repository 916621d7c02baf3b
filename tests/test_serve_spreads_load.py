"""`make serve` spreads keep-alive connections across its gunicorn workers (issue 15, item 3).

With one listening socket shared by every worker, one gthread worker could accept all of a
client's keep-alive connections and leave the other cores idle: the same page measured half as
fast from one run to the next. Each worker now listens on its own SO_REUSEPORT socket and the
kernel spreads new connections among them.
"""

import collections
import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import gunicorn_options_of_make_serve

BASE_DIR = Path(__file__).resolve().parent.parent
ECHO_PID = """
import os

def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(os.getpid()).encode()]
"""
PER_HOST = {"--bind", "--workers", "--threads", "--error-logfile"}  # given per server, not shared
FLAGS = {"--reuse-port", "--no-control-socket"}  # options without a value


def loopback_options():
    sys.path.insert(0, str(BASE_DIR / "scripts"))
    try:
        import loopback
    finally:
        sys.path.remove(str(BASE_DIR / "scripts"))
    return list(loopback.GUNICORN_OPTIONS)


def shared(options):
    """The options as (flag, value) pairs, leaving out those each server sets for itself."""
    pairs, iterator = set(), iter(options)
    for option in iterator:
        value = None if option in FLAGS else next(iterator)
        if option not in PER_HOST:
            pairs.add((option, value))
    return pairs


def test_make_serve_and_the_load_runs_start_gunicorn_with_the_same_options():
    assert shared(gunicorn_options_of_make_serve()) == shared(loopback_options())


@pytest.mark.parametrize("started_by", ["make serve", "scripts/loopback.py"])
def test_each_worker_listens_on_its_own_reuse_port_socket(started_by):
    options = gunicorn_options_of_make_serve() if started_by == "make serve" else loopback_options()
    assert "--reuse-port" in options


@pytest.mark.skipif(not hasattr(socket, "SO_REUSEPORT"), reason="SO_REUSEPORT is a Linux/BSD socket option")
def test_keep_alive_connections_are_spread_across_the_workers(tmp_path):
    """32 keep-alive connections to two workers, each held open: both workers answer several of them."""
    (tmp_path / "echo_pid.py").write_text(ECHO_PID)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [
        gunicorn, "echo_pid", "--chdir", str(tmp_path), "--pythonpath", str(BASE_DIR), "--bind",
        f"127.0.0.1:{port}", *loopback_options(), "--workers", "2", "--threads", "4",
    ]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    connections = []
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        time.sleep(0.5)  # both workers listening, not only the first to boot
        # All at once, as a load generator opens its keep-alive connections, then one request on each.
        for _ in range(32):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.connect()
            connections.append(connection)
        answered = collections.Counter()
        for connection in connections:
            connection.request("GET", "/")
            answered[connection.getresponse().read().decode()] += 1
        assert len(answered) == 2, answered
        assert min(answered.values()) >= 4, answered
    finally:
        for connection in connections:
            connection.close()
        os.killpg(server.pid, 15)
        server.wait(timeout=10)


def test_make_serve_refuses_a_port_another_server_listens_on():
    """With SO_REUSEPORT a second server on the same port would share its visitors instead of failing."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        taken = subprocess.run(
            [sys.executable, "scripts/port_free.py", "127.0.0.1", str(port)],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
        )
    assert taken.returncode != 0
    assert f"Something already listens on 127.0.0.1:{port}" in taken.stderr
    free = subprocess.run([sys.executable, "scripts/port_free.py", "127.0.0.1", str(port)], cwd=BASE_DIR)
    assert free.returncode == 0
    dry_run = subprocess.run(["make", "-n", "serve"], cwd=BASE_DIR, capture_output=True, text=True, check=True).stdout
    assert dry_run.index("scripts/port_free.py") < dry_run.index("gunicorn jetro_site.wsgi")
