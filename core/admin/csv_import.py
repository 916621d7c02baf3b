"""The admin's CSV import with limits, and with nothing of the upload trusted from the browser.

django-import-export imports in two requests: the preview, then the confirmation,
which re-reads the file by a temporary file name that the confirmation form
posts back, then deletes it. Taken as posted, that name let an editor read and
delete other files of the server's temporary folder; a second confirmation
(a double click, Back then Confirm) or a tampered `format` was a server error.

Here the upload never touches the disk. After a valid preview the file is kept
in the editor's session (compressed), under a random token; the confirmation is
accepted once, from that session, with that token, format and resource, and any
other confirmation leads back to the import page with a message. Sessions live
in the database, so the confirmation may reach another app server than the preview,
and so does the claim that lets only one of two simultaneous clicks import
(`claim_once`): neither depends on the cache being up.

A file is refused before any work when it is larger than MAX_BYTES, has more
than MAX_LINES lines, or holds a NUL character (docs/editors.md). The bound keeps
the preview short: its dry run writes inside a transaction that is rolled back,
and on SQLite other editors' saves wait for it. Public pages do not: SQLite
makes readers wait only once a writer spills its changes into the database
file, so the preview and the import keep theirs in memory (`roomy_sqlite_cache`).
"""

import base64
import secrets
import zlib
from contextlib import contextmanager
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import connections, router
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from import_export.forms import ImportForm
from import_export.tmp_storages import BaseStorage

from ..csv_format import CSVShapeError
from ..throttle import hit

# About five times the shipped offices file (108 lines, 22 kB): a preview of MAX_LINES new offices
# takes under ten seconds on either database (bench/import_preview.py). A request larger than the file and the rest
# of its form is refused before it is read (settings.IMPORT_REQUEST_MAX_BYTES, a 413).
MAX_BYTES = settings.IMPORT_FILE_MAX_BYTES
MAX_LINES = settings.IMPORT_FILE_MAX_LINES
SESSION_KEY = "pending_imports"
# How long a claimed confirmation is remembered (core.throttle's window; pruned daily after it).
CLAIM_KEPT = timedelta(days=1)


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def count_lines(data):
    """Lines of the file as the CSV reader and a text editor number them, whatever the line endings.

    A line ends with \\n, \\r\\n or a lone \\r (old Mac files, some spreadsheets): the reader
    takes each as a row, so counting \\n alone let a file of any length with \\r endings through.
    A last line without an ending counts.
    """
    return len(data.splitlines())


class DirectoryImportForm(ImportForm):
    """The upload step: refuses a file over the limits, or with a NUL character, before it is read as CSV."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["import_file"].help_text = _("A CSV file in UTF-8, of at most %(size)s and %(lines)s lines.") % {
            "size": _megabytes(MAX_BYTES),
            "lines": f"{MAX_LINES:,}",
        }

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "This file is %(size)s; files of at most %(max)s can be imported. "
                    "Split it into smaller files and import them one after the other."
                )
                % {"size": _megabytes(upload.size), "max": _megabytes(MAX_BYTES)},
                code="too_large",
            )
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        lines = count_lines(data)
        if lines > MAX_LINES:
            raise forms.ValidationError(
                ngettext(
                    "This file has %(count)s line; files of at most %(max)s lines can be imported. "
                    "Split it into smaller files and import them one after the other.",
                    "This file has %(count)s lines; files of at most %(max)s lines can be imported. "
                    "Split it into smaller files and import them one after the other.",
                    lines,
                )
                % {"count": f"{lines:,}", "max": f"{MAX_LINES:,}"},
                code="too_many_lines",
            )
        if b"\x00" in data:
            line = len((data[: data.index(b"\x00")] + b"x").splitlines())
            raise forms.ValidationError(
                _(
                    "Line %(line)s holds a NUL character, which no listing may contain. If the file was saved "
                    "as UTF-16 or “Unicode text”, save it as “CSV UTF-8” instead."
                )
                % {"line": line},
                code="nul",
            )
        return upload


class PendingUpload(BaseStorage):
    """import-export's "temporary storage", kept in memory for the preview request only.

    Its name is a fresh random token; what outlives the request is kept in the
    session by `SafeImportMixin.get_confirm_form_initial`.
    """

    def save(self, data):
        self.name = secrets.token_urlsafe(24)
        self.data = data

    def read(self):
        return self.data

    def remove(self):
        self.data = None


# Pages of changes SQLite may keep in memory in one transaction (KiB, negative as PRAGMA cache_size takes it):
# room for a whole file of MAX_BYTES, with its history rows and indexes, several times over.
SQLITE_CACHE_KIB = 64 * 1024


@contextmanager
def roomy_sqlite_cache(model):
    """On SQLite, a page cache large enough that an import's transaction never spills to the file.

    A spill takes SQLite's exclusive lock until the transaction ends, and every
    reader (every public page) waits, then fails after five seconds (measured in
    docs/performance.md). Elsewhere this does nothing: PostgreSQL's readers never
    wait for a writer.
    """
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def claim_once(token):
    """True for the first claim of `token` only, on every app server: one atomic statement in the database.

    Not the cache: with Redis away, a cache's add() does nothing and says so, and every
    confirmation was refused as "already done" (core.throttle counts the claims).
    """
    return hit(f"import-claimed:{token}", 1, CLAIM_KEPT).allowed


def _pack(data):
    return base64.b64encode(zlib.compress(data)).decode("ascii")


def _unpack(text):
    return zlib.decompress(base64.b64decode(text))


class SafeImportMixin:
    """For an ImportExportMixin admin: the limits above, and a confirmation bound to the editor's session."""

    import_form_class = DirectoryImportForm
    tmp_storage_class = PendingUpload

    def import_action(self, request, **kwargs):
        with roomy_sqlite_cache(self.model):
            return super().import_action(request, **kwargs)

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is None:
            return initial
        upload = import_form.cleaned_data["import_file"]
        upload.seek(0)
        # One pending file per session (at most MAX_BYTES, compressed): a newer preview replaces an older one.
        request.session[SESSION_KEY] = {
            self.opts.label: {
                "token": initial["import_file_name"],
                "file_name": upload.name,
                "format": str(initial["format"]),
                "resource": str(initial["resource"] or "0"),
                "data": _pack(upload.read()),
            }
        }
        return initial

    def claim_pending_import(self, request):
        """The file this confirmation may import, taken out of the session; None if there is none to take."""
        pending = request.session.get(SESSION_KEY, {})
        upload = pending.get(self.opts.label)
        posted = request.POST
        if upload is None or not secrets.compare_digest(
            str(posted.get("import_file_name", "")).encode(), upload["token"].encode()
        ):
            return None
        if posted.get("format") != upload["format"] or (posted.get("resource") or "0") != upload["resource"]:
            return None
        del pending[self.opts.label]
        request.session[SESSION_KEY] = pending
        # Saved now, so that a second click sent right after this one finds nothing to import.
        request.session.save()
        # Two clicks that reach the server together both found it: the first to claim the token imports.
        return upload if claim_once(upload["token"]) else None

    def back_to_import(self, request, message):
        messages.error(request, message)
        return HttpResponseRedirect(
            reverse("admin:{}_{}_import".format(*self.get_model_info()), current_app=self.admin_site.name)
        )

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        upload = self.claim_pending_import(request)
        if upload is None:
            return self.back_to_import(
                request,
                _(
                    "This import was already done, or its preview is no longer valid. "
                    "Upload the file again to see a new preview."
                ),
            )
        input_format = self.get_import_formats()[int(upload["format"])](encoding=self.from_encoding)
        try:
            dataset = input_format.create_dataset(_unpack(upload["data"]))
        except (CSVShapeError, UnicodeError, ValueError, zlib.error):
            return self.back_to_import(request, _("The file could not be read again. Upload it again."))
        # The form's values are the server's own, as issued with the preview.
        form = self.get_confirm_form_class(request)(
            data={
                "import_file_name": upload["token"],
                "original_file_name": upload["file_name"],
                "format": upload["format"],
                "resource": upload["resource"],
            }
        )
        form.is_valid()
        with roomy_sqlite_cache(self.model):
            result = self.process_dataset(dataset, form, request, file_name=upload["file_name"], **kwargs)
        return self.process_result(result, request)
