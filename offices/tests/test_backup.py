"""`make backup` / `make restore`: the whole directory comes back exactly as it was."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from core.backup import backed_up_models
from offices.models import Office
from offices.scope import EditorScope
from services.tests.factories import ContactPointFactory, InvestmentFigureFactory, ServiceFactory

from .factories import DomesticOfficeFactory, OfficeFactory, OpeningHoursFactory, StaffCountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(django_user_model):
    """At least one row in every backed-up table, with every kind of field and link filled somewhere."""
    osaka = DomesticOfficeFactory(
        slug="osaka", name="JETRO Osaka", name_ja="ジェトロ大阪", prefecture="osaka", city="Osaka",
        phone="+81 6-4705-8600", latitude="34.693700", longitude="135.502200", last_verified="2024-05-01",
    )  # fmt: skip
    paris = OfficeFactory(
        slug="paris", name="JETRO Paris", country="FR", city="Paris", address="2 Place du Palais-Royal",
        email="paris@example.org", website="https://www.jetro.go.jp/france/", timezone="Europe/Paris",
    )  # fmt: skip
    OfficeFactory(slug="old-lyon", name="JETRO Lyon", country="FR", city="Lyon", status="closed", successor=paris)
    OpeningHoursFactory(office=paris, weekday=0, opens="09:30", closes="17:30")
    OpeningHoursFactory(office=osaka, weekday=4, opens="09:00", closes="12:00")
    StaffCountFactory(as_of="2019-04-01", domestic=998, overseas=732, total=1730)
    StaffCountFactory(as_of="2021-04-01", office=osaka, domestic=None, overseas=None, total=40)
    contact = ContactPointFactory(slug="ibsc-desk", phone="+81 3-3582-5571", email="ibsc@example.org")
    ServiceFactory(slug="ibsc", name="Invest Japan Business Support Center", offices=[paris, osaka], contact=contact)
    ServiceFactory(slug="online", availability="anywhere", countries=["VN", "TH"], fee="free", name_ja="オンライン相談")
    InvestmentFigureFactory()
    # An office editor's scope: an office, a country and a region.
    scope = EditorScope.objects.create(
        user=django_user_model.objects.create_user("office-editor", is_staff=True), countries=["FR"], regions=["asia"]
    )
    scope.offices.add(paris)
    group, _created = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(codename="change_office"))
    editor = User.objects.create_user("editor", "editor@example.org", "correct horse battery staple")
    editor.groups.add(group)
    editor.user_permissions.add(Permission.objects.get(codename="view_service"))
    LogEntry.objects.log_actions(editor.pk, [paris], CHANGE, change_message="Checked the address")


def snapshot():
    """Every field of every row of every backed-up table, including the link tables.

    A link table's own row id is the one thing left out: it means nothing, and
    loaddata numbers links afresh.
    """
    rows = {}
    for model in backed_up_models():
        link_table = model._meta.auto_created
        fields = [field.attname for field in model._meta.concrete_fields if not (link_table and field.primary_key)]
        rows[model._meta.label] = sorted(
            (tuple(str(value) for value in row) for row in model._base_manager.values_list(*fields)),
        )
    return rows


def test_a_backup_restores_every_field_of_every_row(directory, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = snapshot()
    empty = [label for label, rows in before.items() if not rows]
    assert empty == [], "the fixture leaves these tables empty, so they would go untested"
    call_command("backup_directory", output="backup.xml.gz")

    # Editors carry on after the backup; the restore takes everything back.
    Office.objects.filter(slug="paris").update(name="JETRO Paris (renamed)", phone="+33 1 42 61 27 27")
    Office.objects.get(slug="osaka").opening_hours.all().delete()
    OfficeFactory(slug="added-later")
    User.objects.get(username="editor").groups.clear()

    call_command("restore_directory", "backup.xml.gz", replace=True)
    assert snapshot() == before
    assert list(tmp_path.glob("backups/before-restore-*.xml.gz")), "the replaced state was saved first"


def test_a_restore_into_an_empty_database_needs_no_replace(directory, tmp_path):
    path = tmp_path / "backup.xml"
    call_command("backup_directory", output=str(path))
    before = snapshot()
    for model in reversed(backed_up_models()):
        model._base_manager.all()._raw_delete(model._base_manager.db)
    call_command("restore_directory", str(path))
    assert snapshot() == before


def test_a_restore_does_not_overwrite_a_directory_unasked(directory, tmp_path):
    path = tmp_path / "backup.xml"
    call_command("backup_directory", output=str(path))
    with pytest.raises(CommandError, match="The directory is not empty"):
        call_command("restore_directory", str(path))


def test_a_broken_backup_changes_nothing(directory, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = snapshot()
    broken = tmp_path / "broken.json"
    broken.write_text('[{"model": "offices.office", "pk": 1, "fields": {"slug": null}}]')
    with pytest.raises(IntegrityError, match=r"Could not load offices\.Office"):
        call_command("restore_directory", str(broken), replace=True)
    assert snapshot() == before
