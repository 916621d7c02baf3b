"""Exit with a message if something already answers on HOST:PORT (`make serve` runs this first).

gunicorn's workers listen with SO_REUSEPORT, so a second `make serve` on a port in use does not
fail with "address in use": it would join the first server and take part of its visitors.
"""

import socket
import sys


def answering(host, port):
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.settimeout(1)
        return probe.connect_ex((host, port)) == 0


def main(host, port):
    if answering(host, int(port)):
        sys.exit(f"Something already listens on {host}:{port}: stop it first, or choose another PORT.")


if __name__ == "__main__":
    main(*sys.argv[1:3])
