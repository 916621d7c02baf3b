"""load_directory: upsert by slug, all or nothing, bad rows named by file and line."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.registry import shipped_files
from offices.models import Office, OfficeKind, StaffCount
from services.models import ContactPoint, Service
from tests.support import admin_form_data

pytestmark = pytest.mark.django_db

OFFICE_COLUMNS = [
    "slug", "kind", "name", "name_ja", "status", "successor", "region", "country", "prefecture", "city",
    "address", "address_local", "postal_code", "phone", "fax", "email", "website", "latitude", "longitude",
    "coordinates_precision", "timezone", "is_published", "last_verified", "source", "source_as_of",
]  # fmt: skip
PARIS = {"slug": "paris", "kind": "overseas", "name": "JETRO Paris", "name_ja": "ジェトロ・パリ",
         "status": "open", "region": "europe", "country": "FR", "city": "Paris", "phone": "+33 1 42 61 27 27",
         "is_published": "true"}  # fmt: skip
SAPPORO = {"slug": "hokkaido", "kind": "domestic", "name": "JETRO Hokkaido", "status": "open", "country": "JP",
           "prefecture": "hokkaido", "city": "Sapporo", "is_published": "true"}  # fmt: skip


@pytest.fixture
def files(tmp_path):
    """Small directory files; each test writes the offices it needs."""
    paths = {}
    for name, shipped, _resource in shipped_files():
        with open(shipped, encoding="utf-8") as handle:
            header = handle.readline()
        paths[name] = tmp_path / shipped.name
        paths[name].write_text(header, encoding="utf-8")
    return paths


def write_offices(path, *rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, OFFICE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)


def load(files, **options):
    out = io.StringIO()
    call_command("load_directory", stdout=out, **files, **options)
    return out.getvalue()


def test_loading_adds_offices_and_reports_counts(files):
    write_offices(files["offices"], PARIS, SAPPORO)
    assert "offices.csv: 2 added, 0 updated, 0 unchanged" in load(files)
    paris = Office.objects.get(slug="paris")
    assert paris.phone.as_e164 == "+33142612727"
    assert paris.timezone == "Europe/Paris"
    hokkaido = Office.objects.get(slug="hokkaido")
    assert (hokkaido.region, hokkaido.timezone) == ("hokkaido", "Asia/Tokyo")


def test_a_second_load_changes_nothing(files):
    write_offices(files["offices"], PARIS, SAPPORO)
    load(files)
    stamps = dict(Office.objects.values_list("slug", "updated_at"))
    assert "offices.csv: 0 added, 0 updated, 2 unchanged" in load(files)
    assert dict(Office.objects.values_list("slug", "updated_at")) == stamps


def test_a_changed_row_updates_that_office_only(files):
    write_offices(files["offices"], PARIS, SAPPORO)
    load(files)
    write_offices(files["offices"], {**PARIS, "city": "Paris 1er"}, SAPPORO)
    assert "offices.csv: 0 added, 1 updated, 1 unchanged" in load(files)
    assert Office.objects.get(slug="paris").city == "Paris 1er"


def test_a_bad_row_is_named_by_file_and_line_and_nothing_is_loaded(files):
    write_offices(files["offices"], PARIS, {**SAPPORO, "phone": "not a phone"})
    with pytest.raises(CommandError) as refused:
        load(files)
    assert "offices.csv, line 3: phone:" in str(refused.value)
    assert "Nothing was loaded" in str(refused.value)
    assert not Office.objects.exists()


def test_a_bad_row_leaves_earlier_data_untouched(files):
    write_offices(files["offices"], PARIS)
    load(files)
    write_offices(files["offices"], {**PARIS, "city": "Lyon"}, {**SAPPORO, "kind": "spaceship"})
    with pytest.raises(CommandError, match=r"offices.csv, line 3: kind:"):
        load(files)
    assert Office.objects.get(slug="paris").city == "Paris"
    assert Office.objects.count() == 1


def test_line_numbers_count_records_that_span_lines(files):
    write_offices(files["offices"], {**PARIS, "source": "first line\nsecond line"}, {**SAPPORO, "country": "XX"})
    with pytest.raises(CommandError, match=r"offices.csv, line 4: "):
        load(files)


def test_a_row_with_missing_columns_is_refused_with_its_line(files):
    files["offices"].write_text(",".join(OFFICE_COLUMNS) + "\nparis,overseas,JETRO Paris\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"offices.csv, line 2: 3 columns where the header has 25"):
        load(files)


def test_a_reference_to_an_unknown_office_is_refused(files):
    write_offices(files["offices"], PARIS)
    with open(files["services"], "a", encoding="utf-8") as handle:
        handle.write("ibsc,IBSC,,investment_support,foreign_companies,Help.,,,,local,Tokyo,,paris atlantis,,,true,,\n")
    with pytest.raises(CommandError, match=r"services.csv, line 2: offices: No office has the slug “atlantis”"):
        load(files)
    assert not Service.objects.exists()
    assert not Office.objects.exists()


def test_selectors_link_a_service_to_every_office_of_a_kind_or_country(files):
    write_offices(files["offices"], PARIS, SAPPORO)
    with open(files["services"], "a", encoding="utf-8") as handle:
        handle.write("desk,Desk,,business_development,japanese_companies,Advice.,,,,local,,,kind:domestic,,,true,,\n")
        handle.write("fair,Fair,,events_trade_fairs,both,Fairs.,,,,local,,,country:fr,,,true,,\n")
    load(files)
    assert list(Service.objects.get(slug="desk").offices.values_list("slug", flat=True)) == ["hokkaido"]
    assert list(Service.objects.get(slug="fair").offices.values_list("slug", flat=True)) == ["paris"]


def test_a_boolean_that_is_neither_true_nor_false_is_refused(files):
    write_offices(files["offices"], {**PARIS, "is_published": "yes please"})
    with pytest.raises(CommandError, match=r"line 2: is_published: Write true or false"):
        load(files)


def test_dry_run_reports_and_changes_nothing(files):
    write_offices(files["offices"], PARIS)
    output = load(files, dry_run=True)
    assert "offices.csv: 1 added" in output
    assert "Dry run" in output
    assert not Office.objects.exists()


def test_if_empty_never_overwrites_an_existing_directory(files):
    write_offices(files["offices"], PARIS)
    load(files)
    Office.objects.filter(slug="paris").update(city="Edited by an editor")
    write_offices(files["offices"], {**PARIS, "city": "Paris"})
    assert "nothing loaded" in load(files, if_empty=True)
    assert Office.objects.get(slug="paris").city == "Edited by an editor"


def test_the_shipped_directory_loads_completely_and_idempotently():
    """The one test that loads the real reference data."""
    first = io.StringIO()
    call_command("load_directory", stdout=first)
    expected = {}
    for name, path, _resource in shipped_files():
        with open(path, newline="", encoding="utf-8") as handle:
            expected[name] = list(csv.DictReader(handle))
        assert f"{path.name}: {len(expected[name])} added, 0 updated, 0 unchanged" in first.getvalue()

    assert set(Office.objects.values_list("slug", flat=True)) == {row["slug"] for row in expected["offices"]}
    assert set(Service.objects.values_list("slug", flat=True)) == {row["slug"] for row in expected["services"]}
    assert ContactPoint.objects.count() == len(expected["contacts"])
    staff = StaffCount.objects.get(office=None, as_of="2019-04-01")
    assert (staff.total, staff.domestic, staff.overseas) == (1730, 998, 732)
    overseas = Office.objects.filter(kind=OfficeKind.OVERSEAS)
    assert overseas.count() == sum(row["kind"] == "overseas" for row in expected["offices"])
    assert overseas.values("country").distinct().count() == len(
        {row["country"] for row in expected["offices"] if row["kind"] == "overseas"}
    )
    # No contact detail is invented: blanks in the files stay blank.
    blank_phones = {row["slug"] for row in expected["offices"] if not row["phone"]}
    assert set(Office.objects.filter(phone="").values_list("slug", flat=True)) == blank_phones
    assert not Office.objects.exclude(email="").exists()

    second = io.StringIO()
    call_command("load_directory", stdout=second)
    for name, path, _resource in shipped_files():
        assert f"{path.name}: 0 added, 0 updated, {len(expected[name])} unchanged" in second.getvalue()


# --- Shipped data never overwrites editors ---


def edit_in_the_admin(client, office, **changes):
    url = reverse("admin:offices_office_change", args=[office.pk])
    response = client.post(url, admin_form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_make_run_after_an_admin_edit_keeps_the_edit(files, editor_client):
    write_offices(files["offices"], PARIS, SAPPORO)
    load(files)
    edit_in_the_admin(editor_client, Office.objects.get(slug="paris"), city="Paris 8e", phone="+33 1 40 00 00 00")

    output = load(files)  # what `make run` does again

    assert "offices.csv: 0 added, 0 updated, 1 unchanged, 1 kept" in output
    assert "  kept: changed in the admin since it was loaded: JETRO Paris (paris)" in output
    assert "--overwrite" in output
    paris = Office.objects.get(slug="paris")
    assert (paris.city, paris.phone.as_e164) == ("Paris 8e", "+33140000000")


def test_a_kept_listing_stays_kept_until_overwrite_puts_the_files_values_back(files, editor_client):
    write_offices(files["offices"], PARIS)
    load(files)
    edit_in_the_admin(editor_client, Office.objects.get(slug="paris"), city="Paris 8e")
    load(files)
    assert "1 kept" in load(files)

    output = load(files, overwrite=True)

    assert "offices.csv: 0 added, 1 updated, 0 unchanged" in output
    assert "kept" not in output
    assert Office.objects.get(slug="paris").city == "Paris"
    # Loaded again: the file leads once more.
    write_offices(files["offices"], {**PARIS, "city": "Paris 1er"})
    assert "offices.csv: 0 added, 1 updated, 0 unchanged" in load(files)
    assert Office.objects.get(slug="paris").city == "Paris 1er"


def test_the_files_changes_still_reach_the_listings_nobody_edited(files, editor_client):
    write_offices(files["offices"], PARIS, SAPPORO)
    load(files)
    edit_in_the_admin(editor_client, Office.objects.get(slug="paris"), city="Paris 8e")
    write_offices(files["offices"], {**PARIS, "name_ja": "ジェトロ・パリ事務所"}, {**SAPPORO, "city": "Sapporo-shi"})

    assert "offices.csv: 0 added, 1 updated, 0 unchanged, 1 kept" in load(files)
    assert Office.objects.get(slug="hokkaido").city == "Sapporo-shi"
    assert Office.objects.get(slug="paris").name_ja == "ジェトロ・パリ"


def test_an_edit_the_file_agrees_with_is_not_reported(files, editor_client):
    write_offices(files["offices"], PARIS)
    load(files)
    edit_in_the_admin(editor_client, Office.objects.get(slug="paris"), city="Paris 8e")
    write_offices(files["offices"], {**PARIS, "city": "Paris 8e"})
    output = load(files)
    assert "offices.csv: 0 added, 0 updated, 1 unchanged" in output
    assert "kept" not in output


def test_a_dry_run_reports_what_it_would_keep(files, editor_client):
    write_offices(files["offices"], PARIS)
    load(files)
    edit_in_the_admin(editor_client, Office.objects.get(slug="paris"), city="Paris 8e")
    output = load(files, dry_run=True)
    assert "kept: changed in the admin since it was loaded: JETRO Paris (paris)" in output
    assert "Dry run" in output


def test_a_bad_row_is_refused_even_for_a_kept_listing(files, editor_client):
    write_offices(files["offices"], PARIS)
    load(files)
    edit_in_the_admin(editor_client, Office.objects.get(slug="paris"), city="Paris 8e")
    write_offices(files["offices"], {**PARIS, "phone": "not a phone"})
    with pytest.raises(CommandError, match=r"offices.csv, line 2: phone:"):
        load(files)


def test_a_service_an_editor_changed_is_kept_too(files, editor_client):
    write_offices(files["offices"], PARIS)
    with open(files["services"], "a", encoding="utf-8") as handle:
        handle.write("desk,Desk,,business_development,japanese_companies,Advice.,,,,local,,,paris,,,true,,\n")
    load(files)
    desk = Service.objects.get(slug="desk")
    url = reverse("admin:services_service_change", args=[desk.pk])
    assert editor_client.post(url, admin_form_data(editor_client.get(url), summary="Advice, in person.")).status_code
    output = load(files)
    assert "kept: changed in the admin since it was loaded: Desk (desk)" in output
    assert Service.objects.get(slug="desk").summary == "Advice, in person."


def test_a_change_by_an_admin_import_counts_as_an_editors(files, make_editor):
    write_offices(files["offices"], PARIS)
    load(files)
    paris = Office.objects.get(slug="paris")
    # As the admin's import saves: the file's name as the reason, and the editor who imported it.
    paris.city, paris._history_user, paris._change_reason = "Paris 8e", make_editor(), "Imported from mine.csv"
    paris.save()
    assert "1 kept" in load(files)


def test_a_load_leaves_the_planner_statistics_of_the_tables_it_filled(files):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    write_offices(files["offices"], PARIS, SAPPORO)
    with CaptureQueriesContext(connection) as queries:
        load(files)
    analyzed = {query["sql"] for query in queries if query["sql"].startswith("ANALYZE")}
    for table in ("offices_office", "services_service", "services_service_offices"):
        assert f'ANALYZE "{table}"' in analyzed
    with CaptureQueriesContext(connection) as queries:
        load(files, dry_run=True)
    assert not [query for query in queries if query["sql"].startswith("ANALYZE")], "a dry run changes nothing"
