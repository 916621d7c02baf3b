"""The directory's CSV files: one reader, one writer, one rule for spreadsheet formulas.

Reading (`load_directory`, the admin's import): each record keeps the line of
the file it starts on (a quoted cell may span lines), so an error names the
line an editor sees in a text editor, and a record with the wrong number of
cells is refused before anything is imported.

Writing (`export_lines`: the admin's export, /offices/export.csv and the open
data downloads): cells are made safe to open in a spreadsheet. The rule is by
column, not by look (docs/decisions/0008-one-csv-path.md): a text cell starting
with = + - @ a tab or a carriage return would be run as a formula, so it gets a
leading apostrophe, as does a text cell that already starts with one; the
import takes exactly one off again, so every value round-trips. Phone numbers
(validated E.164) and numbers (coordinates) are typed columns whose values
cannot hold a formula, and are written as they are.
"""

import csv
import io

import tablib
from django.utils.translation import gettext as _
from import_export.formats import base_formats

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CSVShapeError(ValueError):
    """The file is not a table the directory can read (no header, ragged rows)."""


def read_records(handle, name):
    """A dataset from an open text file, with `source_lines`: the line each record starts on."""
    reader = csv.reader(handle)
    headers = next(reader, None)
    if not headers:
        raise CSVShapeError(_("%(name)s: the file is empty; it needs a header line.") % {"name": name})
    rows, lines = [], []
    start = reader.line_num + 1
    for record in reader:
        if any(cell.strip() for cell in record):
            if len(record) != len(headers):
                raise CSVShapeError(
                    _("%(name)s, line %(line)s: %(cells)s columns where the header has %(columns)s.")
                    % {"name": name, "line": start, "cells": len(record), "columns": len(headers)}
                )
            rows.append(record)
            lines.append(start)
        start = reader.line_num + 1
    dataset = tablib.Dataset(*rows, headers=[header.strip().lstrip("\ufeff") for header in headers])
    dataset.source_lines = lines
    return dataset


class DirectoryCSV(base_formats.CSV):
    """django-import-export's CSV format, read with `read_records` (line numbers, ragged rows refused)."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        return read_records(io.StringIO(in_stream, newline=""), _("The file"))


ESCAPE = "'"


def escape_formula(value):
    """A text cell a spreadsheet would run, or one that starts with the escape itself, gets an apostrophe."""
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, ESCAPE)):
        return ESCAPE + value
    return value


def unescape_formula(value):
    """Take off the one apostrophe `escape_formula` put on; anything else is left as it is."""
    if isinstance(value, str) and len(value) > 1 and value[0] == ESCAPE and value[1] in (*FORMULA_STARTS, ESCAPE):
        return value[1:]
    return value


class _Echo:
    """A file-like object that hands back what csv.writer writes, so rows can be streamed."""

    def write(self, value):
        return value


def export_lines(resource, listings, bom=True):
    """`listings` as CSV lines, in `resource`'s columns, with its escaping.

    The one writer of the directory's CSV: the directory page's export and the
    open data downloads call it (the admin's export goes through the same
    resource). With `bom`, spreadsheet programs read the file as UTF-8.
    """
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    if bom:
        yield "\ufeff"
    yield writer.writerow(resource.get_export_headers())
    for listing in listings:
        yield writer.writerow(resource.export_resource(listing))


def table_lines(headers, rows):
    """A plain table (not a listing) as CSV lines, with the same escaping."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield writer.writerow(headers)
    for row in rows:
        yield writer.writerow([escape_formula(cell) for cell in row])
