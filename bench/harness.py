"""Driving a server on loopback: wrk on one URL or a rotating list, warm-up, which worker holds a connection.

Shared by bench/run.py (the benchmark) and bench/spread.py (how `make serve` spreads connections).
"""

import http.client
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROTATE = BENCH_DIR / "rotate.lua"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def install_wrk():
    """Debian's wrk, installed with apt-get when it is missing (as the cluster run installs HAProxy)."""
    if shutil.which("wrk"):
        return
    if not shutil.which("apt-get"):
        raise SystemExit("wrk is not installed: apt install wrk")
    print("[bench] installing Debian's wrk", flush=True)
    command = ["apt-get", "install", "-y", "-q", "wrk"]
    if os.geteuid() != 0:
        command = ["sudo", "-n", *command]
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(command, capture_output=True, env=environment).returncode != 0:
        subprocess.run([*command[:-4], "update", "-q"], capture_output=True, env=environment)
        subprocess.run(command, check=True, capture_output=True, env=environment)


def wrk(base, target, duration, connections, threads=2):
    """wrk against `base` + one path, or against a list of paths (a Path to a file of them) in turn."""
    threads = min(threads, connections)  # wrk wants at least one connection per thread
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    if isinstance(target, Path):
        command += ["-s", str(ROTATE), base, "--", str(target)]
    else:
        command.append(base + target)
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    requests = re.search(r"(\d+) requests in", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(requests.group(1)) if requests else 0,
        "p50": latency(50),
        "p99": latency(99),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1).strip() if errors else "",
    }


def paths_file(paths, directory):
    """The list as the Lua script reads it: one percent-encoded path a line."""
    handle, name = tempfile.mkstemp(suffix=".txt", dir=directory, text=True)
    with os.fdopen(handle, "w") as out:
        out.write("\n".join(paths) + "\n")
    return Path(name)


def worker_of(port, local_port):
    """The pid of the gunicorn worker that accepted our connection from `local_port`, from ss."""
    out = subprocess.run(
        ["ss", "-Htnp", "state", "established", f"( sport = :{port} and dport = :{local_port} )"],
        capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    match = re.search(r"pid=(\d+)", out)
    return int(match.group(1)) if match else None


def connections_by_worker(port):
    """{worker pid: number of established client connections it holds} on `port`, from ss."""
    out = subprocess.run(
        ["ss", "-Htnp", "state", "established", f"( sport = :{port} )"], capture_output=True, text=True, check=False
    ).stdout
    counts = {}
    for pid in re.findall(r"pid=(\d+)", out):
        counts[int(pid)] = counts.get(int(pid), 0) + 1
    return counts


def one_connection_per_worker(host, port, workers, tries=40):
    """Keep-alive connections, one held by each worker (the kernel picks the worker; we look which one it was)."""
    held, spare = {}, []
    for _ in range(tries):
        if len(held) == workers:
            break
        connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        pid = worker_of(port, connection.sock.getsockname()[1])
        if pid is None or pid in held:
            spare.append(connection)
        else:
            held[pid] = connection
    for connection in spare:
        connection.close()
    return list(held.values())


def ask_all(connection, paths):
    """Ask for every path on one keep-alive connection; (redirected paths, paths that answered an error)."""
    redirected, failed = [], []
    for path in paths:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if 300 <= response.status < 400:
            redirected.append(path)  # the search sends a country's name to its country page
        elif response.status != 200:
            failed.append(f"{path} -> {response.status}")
    connection.close()
    return redirected, failed


def warm(host, port, workers, paths, shared_cache):
    """Every path asked once of every worker (a per-process cache), or once in all (a shared cache).

    Returns (the paths that answered a redirect, those that answered an error): a benchmark of
    error pages would measure nothing.
    """
    connections = one_connection_per_worker(host, port, workers)
    if shared_cache:
        shares = [paths[index :: len(connections)] for index in range(len(connections))]
    else:
        shares = [paths] * len(connections)
    with ThreadPoolExecutor(len(connections)) as pool:
        results = list(pool.map(ask_all, connections, shares))
    redirected = {path for moved, _failed in results for path in moved}
    return sorted(redirected), sorted({failure for _moved, failed in results for failure in failed})


def worker_rss_mb(master_pid):
    out = subprocess.run(["ps", "--ppid", str(master_pid), "-o", "rss="], capture_output=True, text=True).stdout
    return [int(line) / 1024 for line in out.split()]
