"""Run the web server with the background worker beside it (`make run`, `make serve`), and stop both together.

    python scripts/with_worker.py <the web server's command ...>

The worker (`manage.py run_worker`, the queued mail) is started again if it
stops on its own, after a short pause, as a process supervisor would in
production. Ctrl-C or SIGTERM stops both; the exit status is the web server's.
"""

import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
WORKER = [sys.executable, "manage.py", "run_worker"]
RESTART_PAUSE = 2.0


def start_worker():
    return subprocess.Popen(WORKER, cwd=BASE_DIR)  # noqa: S603 - our own manage.py


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def main(command):
    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    web = subprocess.Popen(command, cwd=BASE_DIR)  # noqa: S603 - the Makefile's own command
    worker = start_worker()
    try:
        while web.poll() is None:
            if worker.poll() is not None:
                print(f"with_worker: the worker stopped ({worker.returncode}); starting it again.", file=sys.stderr)
                time.sleep(RESTART_PAUSE)
                worker = start_worker()
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop(worker)
        stop(web)
    return web.returncode or 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
