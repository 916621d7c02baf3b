"""Whole-directory files (the open data downloads), built once per generation, kept on disk, streamed.

A download of the whole directory is big (tens of megabytes at 20,000
offices) and slow to build, so it is neither kept in the page cache (one copy
per query string, held in memory) nor built per request. It is written once
per generation to `settings.PAGE_CACHE_FILES`, whatever the query string,
and every request streams that file. One worker builds it while the others
wait for it; the last few builds are kept for downloads still reading them.
A build is reused for at most REBUILT_AFTER seconds, so a release that changes
a file's format shows within that time even if nothing is edited.

The directory holds one subdirectory per database, so that two sites on one
machine (or the tests and a development server) never share a build.
"""

import fcntl
import hashlib
import logging
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.http import FileResponse

# Builds kept per file: the current one and the previous ones, still being streamed perhaps.
KEEP = 3
# Seconds a build is reused for, at most, within one generation.
REBUILT_AFTER = 60 * 60


def _directory():
    database = settings.DATABASES["default"]
    identity = "|".join(str(database.get(part, "")) for part in ("ENGINE", "NAME", "HOST", "PORT"))
    path = Path(settings.PAGE_CACHE_FILES) / hashlib.sha256(identity.encode()).hexdigest()[:16]
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


class _Hashing:
    """A binary file that also hashes what is written to it (the file's ETag)."""

    def __init__(self, handle):
        self.handle = handle
        self.hash = hashlib.sha256()

    def write(self, data):
        self.hash.update(data)
        return self.handle.write(data)


def _find(directory, prefix):
    fresh_after = time.time() - REBUILT_AFTER
    for entry in os.scandir(directory):
        if entry.name.startswith(prefix) and not entry.name.endswith(".part") and entry.stat().st_mtime > fresh_after:
            return Path(entry.path), entry.name[len(prefix) :]
    return None


def _prune(directory, name):
    builds = sorted(
        (entry for entry in os.scandir(directory) if entry.name.startswith(f"{name}.")),
        key=lambda entry: entry.stat().st_mtime,
        reverse=True,
    )
    built = [entry for entry in builds if not entry.name.endswith((".part", ".lock"))]
    # A .part left by a build that died (the database went away mid-build) is removed an hour on.
    stale_parts = [
        entry for entry in builds if entry.name.endswith(".part") and entry.stat().st_mtime < time.time() - 3600
    ]
    for entry in [*built[KEEP:], *stale_parts]:
        Path(entry.path).unlink(missing_ok=True)


def built_file(name, label, write):
    """(path, etag) of file `name` as built for `label` (the generation, and whatever else it depends on).

    `write(handle)` writes the file's bytes to a binary file; on this server
    it runs once per label, while other requests for the same file wait.
    """
    directory = _directory()
    prefix = f"{name}.{hashlib.sha256(label.encode()).hexdigest()[:16]}."
    found = _find(directory, prefix)
    if found:
        return found
    with open(directory / f"{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = _find(directory, prefix)  # built by another worker while this one waited
        if found:
            return found
        with tempfile.NamedTemporaryFile(dir=directory, prefix=prefix, suffix=".part", delete=False) as handle:
            try:
                hashing = _Hashing(handle)
                write(hashing)
            except BaseException:
                Path(handle.name).unlink(missing_ok=True)
                raise
        etag = hashing.hash.hexdigest()[:32]
        path = directory / f"{prefix}{etag}"
        os.replace(handle.name, path)
        _prune(directory, name)
        return path, etag


def built_file_response(name, label, write, content_type):
    """A FileResponse of `built_file(name, label, write)` with its ETag, or None where the file cannot
    be kept (PAGE_CACHE_FILES not writable: logged, and the caller answers from memory)."""
    try:
        path, etag = built_file(name, label, write)
        response = FileResponse(path.open("rb"), content_type=content_type)
    except OSError as error:
        logging.getLogger("jetro_site.downloads").warning(
            "Cannot keep %s in %s: %s", name, settings.PAGE_CACHE_FILES, error
        )
        return None
    response["ETag"] = f'"{etag}"'
    return response
