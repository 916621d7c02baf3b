"""Every changelist of every registered model admin, every filter, with junk: never a server error.

The walk finds the admins in the admin site's registry, as the public guards find pages through
the URL resolver (tests/support.py): a new admin is walked without being listed. Each gets a row
first (from its app's factories, or one made here), so that filters whose choices come from the
rows are shown and applied, then each of its filter's parameters, its date hierarchy's, its
search, page and ordering is sent junk, one at a time.
"""

import importlib
import inspect
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from factory.django import DjangoModelFactory

from enquiries.delivery import deliver
from offices.scope import EditorScope
from offices.tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db

# One of each kind: not a number, not a whole number, beyond 64 bits, beyond the calendar, NUL,
# a bidi override, markup.
JUNK = ["abc", "1.5", "9" * 20, "9999", "ber\x00lin", "\u202eevil", "<script>alert(1)</script>"]
# Bytes that are not UTF-8, as a browser or a script may send them.
NOT_UTF8 = ["%FF%FE"]


def junk_queries(name):
    return [urlencode({name: value}) for value in JUNK] + [f"{name}={raw}" for raw in NOT_UTF8]


def made_here():
    """Rows of the models whose apps have no factories: Django's, django-axes', django-tasks-db's, the editors'
    scopes."""
    now = timezone.now()
    attempt = {"ip_address": "203.0.113.5", "user_agent": "test", "username": "someone", "path_info": "/admin/login/"}
    return {
        User: lambda: User.objects.create_user("walker-row", is_staff=True),
        Group: lambda: Group.objects.create(name="Walkers"),
        AccessAttempt: lambda: AccessAttempt.objects.create(attempt_time=now, failures_since_start=5, **attempt),
        AccessLog: lambda: AccessLog.objects.create(attempt_time=now, logout_time=now + timedelta(hours=1), **attempt),
        AccessFailureLog: lambda: AccessFailureLog.objects.create(attempt_time=now, locked_out=True, **attempt),
        # The queue of deferred work (django-tasks-db's admin, for administrators).
        DBTaskResult: lambda: deliver.enqueue(1),
        EditorScope: lambda: EditorScope.objects.create(
            user=User.objects.create_user("scoped-row", is_staff=True), countries=["FR"]
        ).offices.add(OfficeFactory()),
    }


def factory_for(model):
    """The DjangoModelFactory for `model` in its app's tests/factories.py, if there is one."""
    try:
        module = importlib.import_module(f"{model._meta.app_config.name}.tests.factories")
    except ModuleNotFoundError:
        return None
    for _name, candidate in inspect.getmembers(module, inspect.isclass):
        if issubclass(candidate, DjangoModelFactory) and candidate._meta.model is model:
            return candidate
    return None


def add_a_row(model):
    if (maker := made_here().get(model)) is not None:
        return maker()
    if (factory := factory_for(model)) is not None:
        return factory()
    pytest.fail(
        f"No row can be made for {model._meta.label}, registered in the admin: add a factory for it in "
        f"{model._meta.app_config.name}/tests/factories.py (or a maker in made_here() here)."
    )


REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def parameters(model_admin, user):
    """Every query parameter the changelist reads: its filters', its date hierarchy's, search, page, order."""
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    names = [name for spec in changelist.filter_specs for name in spec.expected_parameters()]
    if model_admin.date_hierarchy:
        names += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return [*names, "q", "p", "o", "_facets"]


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[m._meta.label for m, _a in REGISTERED])
def test_every_filter_of_every_changelist_takes_junk_without_a_server_error(client, admin_user, model, model_admin):
    add_a_row(model)
    client.force_login(admin_user)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    names = parameters(model_admin, admin_user)
    assert client.get(url).status_code == 200
    failures = []
    for name in names:
        for query in junk_queries(name):
            response = client.get(f"{url}?{query}", follow=True)
            body = response.content.decode()
            if response.status_code >= 500 or "\x00" in body or "<script>alert(1)" in body or "\u202e" in body:
                failures.append(f"{query}: {response.status_code}")
    assert not failures, f"{url}: {failures}"


def test_the_walk_finds_the_admins_and_their_filters(admin_user):
    labels = {model._meta.label for model, _admin in REGISTERED}
    assert {"offices.Office", "services.Service", "suggestions.Suggestion", "auth.User"} <= labels
    suggestions = dict(REGISTERED)[
        next(model for model, _a in REGISTERED if model._meta.label == "suggestions.Suggestion")
    ]
    from suggestions.tests.factories import SuggestionFactory

    SuggestionFactory()
    assert {"status__exact", "detail__exact", "office", "region", "age"} <= set(parameters(suggestions, admin_user))


@pytest.mark.parametrize("value", ["abc", "1.5", "9" * 20, "%00"])
def test_a_value_the_review_queues_office_filter_does_not_offer_is_left_out_with_a_message(admin_client, value):
    from suggestions.tests.factories import SuggestionFactory

    SuggestionFactory(office=OfficeFactory(name="JETRO Paris"))
    url = reverse("admin:suggestions_suggestion_changelist")
    response = admin_client.get(f"{url}?status__exact=pending&office={value}", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"{url}?status__exact=pending"
    assert "JETRO Paris" in response.text
    assert "so it was left out" in response.text


def test_a_year_past_the_calendar_in_a_date_hierarchy_is_left_out_with_a_message(admin_client):
    url = reverse("admin:offices_staffcount_changelist")
    response = admin_client.get(f"{url}?as_of__year=9999&as_of__month=12", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == url
    assert "A filter held a value it cannot use (as_of__year, as_of__month), so it was left out." in response.text
