"""Creating editors: the commands an administrator runs."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from core.roles import EDITORS, declared_permissions

pytestmark = pytest.mark.django_db

PASSWORD = "a long editor passphrase 2024"


def create_editor(*args, **options):
    out = io.StringIO()
    call_command("create_editor", *args, stdout=out, **options)
    return out.getvalue()


def test_create_editor_makes_a_staff_account_in_the_editors_group(monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", PASSWORD)
    assert "Editor “hanako” created" in create_editor("hanako", email="hanako@example.org", interactive=False)
    user = get_user_model().objects.get(username="hanako")
    assert (user.is_staff, user.is_superuser, user.email) == (True, False, "hanako@example.org")
    assert user.check_password(PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == [EDITORS]
    assert user.has_perm("offices.change_office")
    assert not user.has_perm("offices.delete_office")
    assert not user.has_perm("auth.change_user")


def test_create_editor_asks_for_the_password_twice(monkeypatch):
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    create_editor("taro")
    assert get_user_model().objects.get(username="taro").check_password(PASSWORD)


def test_create_editor_refuses_a_weak_password_or_a_mismatch(monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "jetro")
    with pytest.raises(CommandError, match="too short"):
        create_editor("taro")
    monkeypatch.delenv("EDITOR_PASSWORD")
    answers = iter([PASSWORD, "something else entirely"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="differ"):
        create_editor("taro")
    with pytest.raises(CommandError, match="Set EDITOR_PASSWORD"):
        create_editor("taro", interactive=False)
    assert not get_user_model().objects.filter(username="taro").exists()


def test_create_editor_never_changes_an_existing_user(monkeypatch, admin_user):
    monkeypatch.setenv("EDITOR_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match="already exists"):
        create_editor("admin")
    admin_user.refresh_from_db()
    assert not admin_user.groups.exists()


def test_ensure_editors_group_restores_the_permissions_kept_in_code():
    group = Group.objects.get(name=EDITORS)
    group.permissions.clear()
    out = io.StringIO()
    call_command("ensure_editors_group", stdout=out)
    expected = sum(
        len(actions) for models in declared_permissions("editor_permissions").values() for actions in models.values()
    )
    assert group.permissions.count() == expected
    assert f"has its {expected} permissions" in out.getvalue()
