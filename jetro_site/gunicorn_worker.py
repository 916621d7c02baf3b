"""gunicorn's gthread worker with deadlines for reading a request: `make serve`'s --worker-class.

gunicorn 27 gives a connection a thread as soon as its first bytes arrive, and the thread then
waits, however long it takes, for the rest of the request's head (request line and headers): a
client that sends a byte every few seconds holds a thread for as long as it likes, and eight of
them held every thread of `make serve` (/healthz went unanswered for a minute: slow-loris).
gunicorn has no setting for it (its --timeout is about silent workers, --keep-alive about idle
connections between requests). Here:

- a thread takes what has arrived without waiting for more, and gives the connection back to the
  worker's poller until the rest of the head is there, so a slow client holds no thread while it
  is slow; the head must be complete `REQUEST_HEAD_TIMEOUT` seconds (default 10) after it began,
  or the client gets a 408 and the connection is closed;
- the body must then arrive within `REQUEST_BODY_TIMEOUT` seconds (default 30; the site takes
  1.25 MB at most, docs/operations.md): past it, the site reads the body as ended there.

Both are read from the environment when the worker starts. HAProxy in front does the same
(`timeout http-request`); this makes `make serve` safe on its own too.

- A connection closed after its answer lingers (up to 2 seconds, as gunicorn's own close does,
  so that the answer's end is not lost to a reset) in the poller, not in the worker's main loop:
  gunicorn's lingering close ran there, so a client that never closed its side stopped the worker
  from accepting anyone for 2 seconds a connection.
"""

import contextlib
import os
import selectors
import socket
import time
from collections import deque
from functools import partial

from gunicorn.workers import gthread

HEAD_ENDS = (b"\r\n\r\n", b"\n\n")
# More than any browser's head; past it, gunicorn's own limits decide (and the head's deadline still holds).
MAX_HEAD_BUFFER = 64 * 1024
TIMED_OUT = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
# As gunicorn's own lingering close (gunicorn.util.close_graceful).
LINGER_SECONDS = 2.0
LINGER_BYTES = 64 * 1024


def _seconds(name, default):
    try:
        return max(1.0, float(os.environ.get(name) or default))
    except ValueError:
        return default


class DeadlineSocket:
    """The socket as gunicorn's request parser reads it: past `deadline`, it reads as ended."""

    def __init__(self, sock):
        self.sock = sock
        self.deadline = None

    def recv(self, size, *flags):
        if self.deadline is None:
            return self.sock.recv(size, *flags)
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            return b""
        previous = self.sock.gettimeout()
        self.sock.settimeout(remaining if previous is None else min(previous, remaining))
        try:
            return self.sock.recv(size, *flags)
        except TimeoutError:
            return b""
        finally:
            self.sock.settimeout(previous)

    def __getattr__(self, name):
        return getattr(self.sock, name)


class DeadlineThreadWorker(gthread.ThreadWorker):
    def init_process(self):
        self.head_timeout = _seconds("REQUEST_HEAD_TIMEOUT", 10.0)
        self.body_timeout = _seconds("REQUEST_BODY_TIMEOUT", 30.0)
        self.lingering = deque()
        super().init_process()

    # --- Reading a request: no thread waits for a slow client ---

    def handle(self, conn):
        try:
            ready = self.head_arrived(conn)
        except OSError:
            ready = True  # gunicorn meets the error itself, and closes the connection
        if not ready:
            if time.monotonic() < conn.head_deadline:
                return gthread._DEFER  # back to the poller until more arrives
            with contextlib.suppress(OSError):
                conn.sock.sendall(TIMED_OUT)
                conn.sock.shutdown(socket.SHUT_RDWR)
            conn.sock.close()  # at once: lingering for a client this slow would only help it
            return False
        try:
            return super().handle(conn)
        finally:
            conn.head = None  # the next request on this connection starts its own head

    def head_arrived(self, conn):
        """Read what has arrived of the request's head, without waiting; True once it is all there."""
        if getattr(conn, "head", None) is None:
            conn.head = bytearray()
            conn.head_deadline = time.monotonic() + self.head_timeout
        ended = False
        while len(conn.head) < MAX_HEAD_BUFFER:
            try:
                chunk = conn.sock.recv(MAX_HEAD_BUFFER, socket.MSG_DONTWAIT)
            except (BlockingIOError, InterruptedError):
                break
            if not chunk:
                ended = True
                break
            conn.head += chunk
        conn.init()  # the parser, once per connection (what it read ahead before counts too)
        unreader = conn.parser.unreader
        if not isinstance(unreader.sock, DeadlineSocket):
            unreader.sock = DeadlineSocket(unreader.sock)
        arrived = unreader.buf.getvalue() + conn.head
        if not (ended or len(conn.head) >= MAX_HEAD_BUFFER or any(end in arrived for end in HEAD_ENDS)):
            return False
        unreader.buf.seek(0, os.SEEK_END)
        unreader.buf.write(conn.head)
        conn.head = bytearray()
        conn.data_ready = True
        unreader.sock.deadline = conn.head_deadline
        return True

    def handle_request(self, req, conn):
        sock = conn.parser.unreader.sock
        sock.deadline = time.monotonic() + self.body_timeout
        try:
            return super().handle_request(req, conn)
        finally:
            sock.deadline = None

    # --- Closing a connection: lingering in the poller, not in the main loop ---

    def finish_request(self, conn, fs):
        conn.close = partial(self.close, conn)
        super().finish_request(conn, fs)

    def close(self, conn, graceful=False):
        """A connection's end: lingering, when graceful, until the client closes too (or 2 s, or 64 kB)."""
        sock = conn.sock
        if not graceful or sock.fileno() < 0:
            with contextlib.suppress(OSError):
                sock.close()
            return
        try:
            sock.shutdown(socket.SHUT_WR)
            sock.setblocking(False)
            self.poller.register(sock, selectors.EVENT_READ, partial(self.drain, conn))
        except (OSError, ValueError, KeyError):
            with contextlib.suppress(OSError):
                sock.close()
            return
        conn.linger_until = time.monotonic() + LINGER_SECONDS
        conn.drained = 0
        self.lingering.append(conn)

    def drain(self, conn, _sock):
        try:
            data = conn.sock.recv(4096)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        conn.drained += len(data)
        if not data or conn.drained >= LINGER_BYTES:
            self.lingering.remove(conn)
            self.end_linger(conn)

    def end_linger(self, conn):
        with contextlib.suppress(OSError, ValueError, KeyError):
            self.poller.unregister(conn.sock)
        with contextlib.suppress(OSError):
            conn.sock.close()

    def murder_pending(self):
        super().murder_pending()
        now = time.monotonic()
        while self.lingering and self.lingering[0].linger_until <= now:
            self.end_linger(self.lingering.popleft())
