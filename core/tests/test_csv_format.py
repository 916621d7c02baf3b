"""The one rule for spreadsheet formulas in every CSV the site writes, and its round trip."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from core.csv_format import escape_formula, export_lines, read_records, table_lines, unescape_formula


@given(st.text())
def test_every_text_value_comes_back_from_an_export_unchanged(value):
    assert unescape_formula(escape_formula(value)) == value


@given(st.text(min_size=1))
def test_an_escaped_cell_never_starts_a_formula(value):
    escaped = escape_formula(value)
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_formula_starts_and_the_escape_itself_are_escaped_other_text_is_not():
    assert escape_formula("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert escape_formula("-1-1") == "'-1-1"
    assert escape_formula("'quoted") == "''quoted"
    assert escape_formula("JETRO Paris") == "JETRO Paris"
    # A hand-written file's leading apostrophe before ordinary text is data, not an escape.
    assert unescape_formula("'quoted") == "'quoted"


def test_a_table_is_written_with_the_same_escaping_and_reads_back():
    text = "".join(table_lines(["office", "note"], [["paris", "=1+1"], ["lyon", "plain"]]))
    dataset = read_records(io.StringIO(text, newline=""), "test.csv")
    assert [unescape_formula(row[1]) for row in dataset] == ["=1+1", "plain"]
    assert dataset.source_lines == [2, 3]


def test_export_lines_start_with_a_byte_order_mark_for_spreadsheets_unless_asked_not_to():
    class Resource:
        def get_export_headers(self):
            return ["slug"]

        def export_resource(self, listing):
            return [listing]

    with_bom = "".join(export_lines(Resource(), ["paris"]))
    without = "".join(export_lines(Resource(), ["paris"], bom=False))
    assert with_bom == "\ufeff" + without
    assert list(csv.reader(io.StringIO(without))) == [["slug"], ["paris"]]
