"""The directory's CSV files, read the same way by `load_directory` and the admin's import.

Each record keeps the line of the file it starts on (a quoted cell may span
lines), so an error names the line an editor sees in a text editor, and a
record with the wrong number of cells is refused before anything is imported.

Exported cells are made safe to open in a spreadsheet: a cell starting with
= + - @ or a tab would be run as a formula, so it gets a leading apostrophe,
which the import takes off again. Phone numbers in international form
("+81 3-3582-5511") and numbers ("-33.86") are data, not formulas, and are
written as they are.
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


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_formula(value):
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in FORMULA_STARTS:
        return value[1:]
    return value
