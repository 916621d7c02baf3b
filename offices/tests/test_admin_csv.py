"""CSV import and export in the admin: the directory's format, previewed, all lines or none."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from core.registry import shipped_files
from offices.models import Office, StaffCount
from services.models import ContactPoint, Service
from services.tests.factories import ContactPointFactory, ServiceFactory

from .factories import OfficeFactory, StaffCountFactory
from .test_loader import OFFICE_COLUMNS, PARIS, SAPPORO

pytestmark = pytest.mark.django_db


def office_csv(*rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, OFFICE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def upload(client, text, name="offices.csv", model="offices_office"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse(f"admin:{model}_import"), {"format": "0", "resource": "0", "import_file": file})


def confirm(client, preview, model="offices_office"):
    return client.post(reverse(f"admin:{model}_process_import"), preview.context["confirm_form"].initial, follow=True)


def read_export(response):
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")  # spreadsheets then read Japanese correctly
    return list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))


def test_the_import_preview_shows_each_lines_change_and_saves_nothing(editor_client):
    OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris", phone="+33 1 42 61 27 27")
    preview = upload(editor_client, office_csv({**PARIS, "city": "Paris 8e"}, SAPPORO))
    assert preview.status_code == 200
    text = preview.text
    assert "Nothing has been imported yet." in text
    assert "<td>2</td>" in text  # the line of each row in the file
    assert "<td>3</td>" in text
    assert "Update" in text
    assert "New" in text
    assert '<span>Paris</span><ins style="background:#e6ffe6;"> 8e</ins>' in text  # the change itself
    assert not Office.objects.filter(slug="hokkaido").exists()
    assert Office.objects.get(slug="paris").city == "Paris"


def test_confirming_the_import_applies_every_line_and_records_who_imported_it(editor_client):
    OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris")
    preview = upload(editor_client, office_csv({**PARIS, "city": "Paris 8e"}, SAPPORO))
    response = confirm(editor_client, preview)
    assert "Import finished: 1 new, 1 updated" in response.text
    paris = Office.objects.get(slug="paris")
    assert (paris.city, paris.version) == ("Paris 8e", 2)
    assert Office.objects.get(slug="hokkaido").region == "hokkaido"
    record = Office.history.filter(id=paris.pk).first()
    assert (record.history_user.username, record.history_change_reason) == ("editor", "Imported from offices.csv")


def test_an_import_with_one_bad_line_applies_nothing_and_names_the_line(editor_client):
    rows = [PARIS, {**SAPPORO, "phone": "3582-5511"}, {**SAPPORO, "slug": "osaka", "name": "JETRO Osaka"}]
    response = upload(editor_client, office_csv(*rows))
    assert response.status_code == 200
    assert "Nothing has been imported." in response.text
    assert "Line 3, phone: Enter the number in international form" in response.text
    assert "Line 2" not in response.text
    assert "confirm_form" not in response.context or not response.context["confirm_form"]
    assert not Office.objects.exists()


def test_a_line_is_named_as_in_the_file_when_a_cell_spans_lines(editor_client):
    rows = [{**PARIS, "source": "first line\nsecond line"}, {**SAPPORO, "country": "XX"}]
    response = upload(editor_client, office_csv(*rows))
    assert "Line 4, country:" in response.text


def test_a_file_with_a_missing_cell_is_refused_with_its_line(editor_client):
    response = upload(editor_client, ",".join(OFFICE_COLUMNS) + "\nparis,overseas,JETRO Paris\n")
    assert "The file, line 2: 3 columns where the header has 25." in response.text
    assert not Office.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_with_what_to_do(editor_client):
    # As Excel in Japan saves a CSV by default.
    file = SimpleUploadedFile("offices.csv", office_csv(PARIS).encode("shift_jis"))
    response = editor_client.post(
        reverse("admin:offices_office_import"), {"format": "0", "resource": "0", "import_file": file}
    )
    assert "This file is not in UTF-8. Save it as “CSV UTF-8” and upload it again." in response.text
    assert not Office.objects.exists()


def test_a_confirmation_that_fails_after_the_preview_applies_nothing(editor_client):
    berlin = OfficeFactory(slug="berlin")
    closed = {**SAPPORO, "status": "temporarily_closed", "successor": "berlin"}
    preview = upload(editor_client, office_csv(PARIS, closed))
    assert preview.context["confirm_form"]
    berlin.delete()  # by someone else, before this editor confirms
    response = confirm(editor_client, preview)
    assert "Nothing was imported. Line 3, successor: No office has the slug “berlin”." in response.text
    assert not Office.objects.exists()


@pytest.mark.parametrize("model", ["offices_office", "offices_staffcount", "services_service", "services_contactpoint"])
def test_only_users_with_the_csv_permissions_can_import_and_export(client, django_user_model, editor_client, model):
    assert editor_client.get(reverse(f"admin:{model}_import")).status_code == 200
    assert editor_client.get(reverse(f"admin:{model}_export")).status_code == 200
    changelist = editor_client.get(reverse(f"admin:{model}_changelist")).text
    assert reverse(f"admin:{model}_import") in changelist
    assert reverse(f"admin:{model}_export") in changelist

    # Staff with only the right to view the listings.
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    app_label, model_name = model.split("_")
    viewer.user_permissions.add(
        *viewer._meta.model.user_permissions.field.related_model.objects.filter(
            codename=f"view_{model_name}", content_type__app_label=app_label
        )
    )
    client.force_login(viewer)
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{model}_import")).status_code == 403
    assert client.get(reverse(f"admin:{model}_export")).status_code == 403
    assert reverse(f"admin:{model}_import") not in client.get(reverse(f"admin:{model}_changelist")).text


def test_export_writes_the_filtered_changelist_in_the_directory_format(editor_client):
    OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris", phone="+33 1 42 61 27 27")
    OfficeFactory(slug="berlin", name="JETRO Berlin", country="DE")
    rows = read_export(editor_client.get(reverse("admin:offices_office_export"), {"country": "FR"}))
    assert rows[0] == OFFICE_COLUMNS
    assert [row[0] for row in rows[1:]] == ["paris"]
    assert dict(zip(rows[0], rows[1], strict=True))["phone"] == "+33 1 42 61 27 27"


def test_export_escapes_formulas_but_not_phone_numbers_or_numbers(editor_client):
    OfficeFactory(
        slug="paris",
        name='=HYPERLINK("http://evil.example")',
        city="@SUM(A1)",
        timezone="Europe/Berlin",
        address="-2+3",
        phone="+33 1 42 61 27 27",
        latitude="-33.868820",
        longitude="151.209290",
    )
    rows = read_export(editor_client.get(reverse("admin:offices_office_export")))
    office = dict(zip(rows[0], rows[1], strict=True))
    assert office["name"] == '\'=HYPERLINK("http://evil.example")'
    assert office["city"] == "'@SUM(A1)"
    assert office["address"] == "'-2+3"
    assert office["phone"] == "+33 1 42 61 27 27"
    assert office["latitude"] == "-33.868820"


def test_an_exported_file_imports_back_unchanged(editor_client):
    OfficeFactory(slug="paris", name="=cmd", country="FR", city="Paris", phone="+33 1 42 61 27 27")
    content = editor_client.get(reverse("admin:offices_office_export")).content.decode("utf-8")
    preview = upload(editor_client, content)
    assert [row.import_type for row in preview.context["result"].rows] == ["skip"]
    confirm(editor_client, preview)
    assert Office.objects.get(slug="paris").name == "=cmd"


def test_what_the_admin_exports_loads_with_load_directory(editor_client, tmp_path):
    paris = OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris", phone="+33 1 42 61 27 27")
    contact = ContactPointFactory(slug="invest-japan", phone="+81 3-3582-5571")
    ServiceFactory(slug="ibsc", offices=[paris], contact=contact, countries=["JP"])
    StaffCountFactory(as_of="2019-04-01")
    exports = {
        "contacts": "services_contactpoint",
        "offices": "offices_office",
        "staff": "offices_staffcount",
        "services": "services_service",
    }
    files = {}
    for name, model in exports.items():
        files[name] = tmp_path / f"{name}.csv"
        files[name].write_bytes(editor_client.get(reverse(f"admin:{model}_export")).content)
        shipped_header = next(path for n, path, _r in shipped_files() if n == name).read_text().splitlines()[0]
        assert files[name].read_text(encoding="utf-8-sig").splitlines()[0] == shipped_header
    out = io.StringIO()
    call_command("load_directory", stdout=out, **files)
    for name in exports:
        assert f"{name}.csv: 0 added, 0 updated, 1 unchanged" in out.getvalue()
    assert (Office.objects.count(), Service.objects.count(), ContactPoint.objects.count()) == (1, 1, 1)
    assert StaffCount.objects.count() == 1
