"""`make serve` exposed on its own: a slow client holds no thread, and no gunicorn takes over another's socket.

The production server here is gunicorn started with `make serve`'s options (scripts/loopback.py,
which tests/test_serve_spreads_load.py holds to the Makefile's).
"""

import socket
import time
import urllib.request

HEAD_TIMEOUT = 3  # seconds, instead of the default 10, to keep the test short


def trickling_clients(port, count):
    """`count` connections that each send the start of a request head and never finish it."""
    clients = []
    for _ in range(count):
        client = socket.create_connection(("127.0.0.1", port), timeout=10)
        client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        clients.append(client)
    return clients


def healthz_seconds(server):
    started = time.monotonic()
    with urllib.request.urlopen(f"{server.url}/healthz", timeout=5) as response:  # noqa: S310 - loopback
        assert response.status == 200
    return time.monotonic() - started


def test_clients_trickling_their_request_hold_no_thread_and_are_cut_off(production_server):
    """Slow-loris: 40 connections (the server has 16 threads) send a header line every half second."""
    production_server.start(REQUEST_HEAD_TIMEOUT=str(HEAD_TIMEOUT))
    clients = trickling_clients(production_server.port, 40)
    cut_off = set()
    try:
        waits = []
        deadline = time.monotonic() + HEAD_TIMEOUT + 1.5
        while time.monotonic() < deadline and len(cut_off) < len(clients):
            for number, client in enumerate(clients):
                try:
                    client.sendall(b"X-Trickle: 1\r\n")
                except OSError:
                    cut_off.add(number)
            waits.append(healthz_seconds(production_server))
            time.sleep(0.5)
        assert max(waits) < 2, waits
        answers = set()
        for client in clients:
            client.settimeout(2)
            try:
                answers.add(client.recv(100)[:12])
            except OSError:
                answers.add(b"")
        assert answers == {b"HTTP/1.1 408"}, answers
    finally:
        for client in clients:
            client.close()


def test_a_request_sent_in_pieces_within_the_deadline_is_answered(production_server):
    production_server.start(REQUEST_HEAD_TIMEOUT=str(HEAD_TIMEOUT))
    with socket.create_connection(("127.0.0.1", production_server.port), timeout=10) as client:
        for piece in (b"GET /healthz HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n", b"Connection: close\r\n", b"\r\n"):
            client.sendall(piece)
            time.sleep(0.3)
        assert client.recv(100).startswith(b"HTTP/1.1 200")


def test_make_serve_leaves_no_control_socket_for_another_gunicorn_to_take_over(production_server, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    production_server.start(HOME=str(home))
    assert healthz_seconds(production_server) < 5
    assert not (home / ".gunicorn").exists()


def test_clients_that_never_close_their_side_do_not_stop_the_server_accepting(production_server):
    """gunicorn lingered up to 2 s in its main loop for each such client: 20 of them stopped it for 40 s."""
    production_server.start()
    clients = []
    try:
        for _ in range(20):
            client = socket.create_connection(("127.0.0.1", production_server.port), timeout=10)
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            assert client.recv(100).startswith(b"HTTP/1.1 200")
            clients.append(client)  # answered, and kept open
        assert healthz_seconds(production_server) < 1
    finally:
        for client in clients:
            client.close()
