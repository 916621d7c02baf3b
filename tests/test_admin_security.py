"""The editors' admin: sign-in throttling by address, sessions that end, the lockout seen by an editor."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN = f"/{settings.ADMIN_URL}login/"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Each attempt checks a password; PBKDF2's deliberate slowness only slows the suite here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def sign_in(client, password, address="203.0.113.5", **headers):
    return client.post(
        LOGIN,
        {"username": "editor", "password": password, "next": f"/{settings.ADMIN_URL}"},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def test_the_fifth_wrong_password_locks_the_address_out_even_for_the_right_one(client, editor):
    for attempt in range(1, 5):
        response = sign_in(client, f"wrong-{attempt}")
        assert response.status_code == 200, attempt
        assert "Please enter the correct username and password" in response.text
    fifth = sign_in(client, "wrong-5")
    assert fifth.status_code == 429
    assert "Too many sign-in attempts" in fifth.text
    assert "Try again in 15 minutes" in fifth.text
    sixth = sign_in(client, PASSWORD)
    assert sixth.status_code == 429
    assert not signed_in(client)


ORDINALS = {"third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}
DOCS = ["docs/editors.md", "docs/operations.md", "docs/decisions/0006-production-hardening.md"]


def test_the_docs_name_the_wrong_password_that_locks_an_address_out(client, editor):
    attempt = 0
    while sign_in(client, f"wrong-{attempt + 1}").status_code != 429:
        attempt += 1
        assert attempt < 10
    locking = attempt + 1
    base = Path(settings.BASE_DIR)
    for doc in DOCS:
        text = " ".join((base / doc).read_text().split())
        said = [ORDINALS[word] for word in re.findall(r"\b(\w+) wrong password", text) if word in ORDINALS]
        assert said, f"{doc} does not say which wrong password locks an address out"
        assert set(said) == {locking}, f"{doc} says the {said}, the admin locks out on the {locking}"


def test_another_address_can_still_sign_in(client, editor):
    for attempt in range(5):
        sign_in(client, f"wrong-{attempt}")
    response = sign_in(client, PASSWORD, address="198.51.100.7")
    assert response.status_code == 302
    assert signed_in(client)


def test_other_user_names_do_not_buy_more_guesses(client, editor, django_user_model):
    for name in ["alice", "bob", "carol", "dave", "erin"]:
        client.post(LOGIN, {"username": name, "password": "guess"}, REMOTE_ADDR="203.0.113.5")
    assert sign_in(client, PASSWORD).status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, editor):
    for attempt in range(5):
        sign_in(client, f"wrong-{attempt}")
    assert sign_in(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client)


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(5):
        sign_in(client, f"wrong-{attempt}", headers={"X-Forwarded-For": f"192.0.2.{attempt}"})
    assert sign_in(client, PASSWORD, headers={"X-Forwarded-For": "192.0.2.99"}).status_code == 429


def test_behind_a_proxy_the_address_it_saw_is_the_one_counted(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for attempt in range(5):
        # The visitor prepends a different fake address each time; the proxy appends the real one.
        sign_in(
            client, f"wrong-{attempt}", address=proxy, headers={"X-Forwarded-For": f"192.0.2.{attempt}, 203.0.113.5"}
        )
    locked = sign_in(client, PASSWORD, address=proxy, headers={"X-Forwarded-For": "203.0.113.5"})
    assert locked.status_code == 429
    other_visitor = sign_in(client, PASSWORD, address=proxy, headers={"X-Forwarded-For": "198.51.100.7"})
    assert other_visitor.status_code == 302


def test_an_admin_session_ends_with_the_browser_and_within_hours(client, editor):
    assert sign_in(client, PASSWORD).status_code == 302
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == "", "a browser-session cookie"
    assert cookie["httponly"]
    lifetime = Session.objects.get().expire_date - timezone.now()
    assert timedelta(hours=3) < lifetime <= timedelta(hours=4)


def test_an_expired_admin_session_asks_to_sign_in_again(client, editor):
    sign_in(client, PASSWORD)
    assert client.get(f"/{settings.ADMIN_URL}").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(f"/{settings.ADMIN_URL}")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


# --- Where signing in and out lead -------------------------------------------

REFUSED = ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)", ""]


@pytest.mark.parametrize("target", REFUSED)
@pytest.mark.parametrize("prefix", ["", "/ja"])
def test_signing_in_with_a_refused_next_leads_to_the_admin(client, editor, target, prefix):
    response = client.post(
        f"{prefix}{LOGIN}", {"username": "editor", "password": PASSWORD, "next": target}, REMOTE_ADDR="203.0.113.5"
    )
    assert response.status_code == 302
    assert response.url == f"{prefix}/{settings.ADMIN_URL}"
    assert client.get(response.url).status_code == 200


def test_signing_in_with_a_refused_next_in_the_address_leads_to_the_admin(client, editor):
    page = client.get(LOGIN, {"next": "https://evil.example/"})
    assert f'<input type="hidden" name="next" value="/{settings.ADMIN_URL}">' in page.text
    response = client.post(
        f"{LOGIN}?next=https://evil.example/",
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.5",
    )
    assert response.url == f"/{settings.ADMIN_URL}"


def test_signing_in_with_an_allowed_next_leads_there(client, editor):
    target = f"/{settings.ADMIN_URL}offices/office/"
    response = client.post(LOGIN, {"username": "editor", "password": PASSWORD, "next": target}, REMOTE_ADDR="1.2.3.4")
    assert response.url == target


@pytest.mark.parametrize("target", REFUSED)
def test_signing_out_with_a_refused_next_leads_to_the_sign_in_page(client, editor, target):
    client.force_login(editor)
    response = client.post(f"/{settings.ADMIN_URL}logout/?next={target}", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == LOGIN
    assert not signed_in(client)


def test_signing_out_with_an_allowed_next_leads_there(client, editor):
    client.force_login(editor)
    response = client.post(f"/{settings.ADMIN_URL}logout/?next=/offices/")
    assert response.url == "/offices/"


# --- The admin's autocomplete: relation fields only, for every model ------------------


def relations_to_registered_models():
    from django.apps import apps
    from django.contrib import admin

    return [
        pytest.param(model, field, id=f"{model._meta.label}.{field.name}")
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.get_fields()
        if field.is_relation and field.related_model in admin.site._registry
    ]


@pytest.mark.parametrize(("model", "field"), relations_to_registered_models())
def test_the_autocomplete_answers_for_every_relation_without_a_server_error(admin_client, model, field):
    response = admin_client.get(
        f"/{settings.ADMIN_URL}autocomplete/",
        {"app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": field.name},
    )
    if field.auto_created and not field.concrete:
        # A reverse relation (an office's services, defined on the service): no form of the admin chooses from it.
        assert response.status_code in (403, 404)
    else:
        assert response.status_code in (200, 403, 404)


def test_the_autocomplete_of_an_offices_services_is_refused_not_a_server_error(admin_client):
    response = admin_client.get(
        f"/{settings.ADMIN_URL}autocomplete/",
        {"app_label": "offices", "model_name": "office", "field_name": "services"},
    )
    assert response.status_code == 403
