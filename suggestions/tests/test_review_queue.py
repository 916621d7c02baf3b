"""The review queue: pending first, the current value beside the proposed one, accept through the listing's rules."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from offices.tests.factories import OfficeFactory, OpeningHoursFactory
from services.tests.factories import ServiceFactory
from suggestions.models import Detail, Status, Suggestion

from .factories import SuggestionFactory

pytestmark = pytest.mark.django_db

# A number Ofcom keeps for drama: never a real office's.
LONDON_PHONE = "+44 20 7946 0018"
SOURCE = "https://www.jetro.go.jp/en/jetro/worldwide/europe/uk/"
QUEUE = reverse("admin:suggestions_suggestion_changelist")


def review_url(suggestion):
    return reverse("admin:suggestions_suggestion_change", args=[suggestion.pk])


@pytest.fixture
def london():
    return OfficeFactory(
        slug="london",
        name="JETRO London",
        country="GB",
        region="europe",
        city="London",
        source="https://en.wikipedia.org/wiki/Japan_External_Trade_Organization",
        source_as_of="2014",
    )


@pytest.fixture
def phone_suggestion(london):
    return SuggestionFactory(office=london, detail=Detail.PHONE, proposed_value=LONDON_PHONE, source=SOURCE)


def accept(client, suggestion, **changes):
    form = client.get(review_url(suggestion)).context["forms"]["accept"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(review_url(suggestion), {**data, **changes, "action": "accept"})


# --- The queue ------------------------------------------------------------------------


def test_the_queue_lists_pending_suggestions_first_oldest_first(editor_client, london):
    now = timezone.now()
    rejected = SuggestionFactory(
        office=london, status=Status.REJECTED, reason="Already correct", decided_at=now, proposed_value="old news"
    )
    newer = SuggestionFactory(office=london, created_at=now - dt.timedelta(days=1), proposed_value="newer one")
    older = SuggestionFactory(office=london, created_at=now - dt.timedelta(days=9), proposed_value="older one")
    response = editor_client.get(QUEUE)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [older, newer, rejected]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status__exact": "pending"}, ["paris phone", "tokyo name"]),
        ({"detail__exact": "phone"}, ["paris phone"]),
        ({"region": "europe"}, ["paris phone", "rejected"]),
        ({"age": "older"}, ["tokyo name"]),
        ({"age": "week"}, ["paris phone", "rejected"]),
    ],
)
def test_the_queue_filters_by_status_detail_office_region_and_age(editor_client, query, expected):
    paris = OfficeFactory(name="JETRO Paris", country="FR", region="europe", city="Paris")
    tokyo = OfficeFactory(name="JETRO Tokyo", kind="headquarters", country="JP", prefecture="tokyo", region="")
    SuggestionFactory(office=paris, detail=Detail.PHONE, proposed_value="paris phone")
    SuggestionFactory(
        office=tokyo, detail=Detail.NAME, proposed_value="tokyo name", created_at=timezone.now() - dt.timedelta(days=40)
    )
    SuggestionFactory(
        office=paris, proposed_value="rejected", status=Status.REJECTED, reason="No", decided_at=timezone.now()
    )
    shown = [s.proposed_value for s in editor_client.get(QUEUE, query).context["cl"].result_list]
    assert sorted(shown) == sorted(expected)
    by_office = editor_client.get(QUEUE, {"office": tokyo.pk}).context["cl"].result_list
    assert [s.proposed_value for s in by_office] == ["tokyo name"]


def test_the_front_page_counts_the_pending_suggestions(editor_client, london):
    SuggestionFactory.create_batch(2, office=london)
    SuggestionFactory(office=london, status=Status.REJECTED, reason="No", decided_at=timezone.now())
    response = editor_client.get(reverse("admin:index"))
    assert "Waiting for review" in response.text
    assert f'<a href="{QUEUE}?status__exact=pending">2 suggested corrections</a>' in response.text


def test_the_review_shows_the_current_value_beside_the_proposed_one_with_its_source(editor_client, phone_suggestion):
    phone_suggestion.office.phone = "+44 20 7946 0000"
    phone_suggestion.office.save()
    html = editor_client.get(review_url(phone_suggestion)).text
    assert '<td class="current-value">+44 20 7946 0000</td>' in html
    assert f'<td class="proposed-value"><strong>{LONDON_PHONE}</strong></td>' in html
    assert f'<a href="{SOURCE}" rel="nofollow">{SOURCE}</a>' in html


def test_a_visitors_markup_is_shown_as_text_in_the_review(editor_client, london):
    suggestion = SuggestionFactory(office=london, detail=Detail.OTHER, proposed_value="<b>bold</b>", source="<i>x</i>")
    html = editor_client.get(review_url(suggestion)).text
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<b>bold</b>" not in html
    assert "<i>x</i>" not in html


# --- Accept -----------------------------------------------------------------------------


def test_accepting_applies_the_value_with_its_source_and_records_it_in_the_history(
    client, editor_client, phone_suggestion, london
):
    assert client.get("/offices/london/").text.count("tel:") == 0
    response = accept(editor_client, phone_suggestion)
    assert response.status_code == 302
    london.refresh_from_db()
    assert london.phone.as_e164 == "+442079460018"
    today = timezone.localdate().isoformat()
    assert london.source == f"https://en.wikipedia.org/wiki/Japan_External_Trade_Organization ; {SOURCE} (phone)"
    assert london.source_as_of == f"2014 ; {today} (phone)"
    record = london.history.latest("history_date")
    assert record.history_user.username == "editor"
    assert record.history_change_reason == (
        f"Suggested correction #{phone_suggestion.pk} accepted (phone). Source: {SOURCE}"
    )
    phone_suggestion.refresh_from_db()
    assert (phone_suggestion.status, phone_suggestion.applied_value) == (Status.ACCEPTED, LONDON_PHONE)
    assert phone_suggestion.decided_by.username == "editor"
    page = client.get("/offices/london/").text
    assert 'href="tel:+442079460018"' in page
    assert SOURCE in page


def test_an_invalid_phone_cannot_be_accepted_as_is_and_the_editor_may_correct_it(editor_client, london):
    suggestion = SuggestionFactory(office=london, detail=Detail.PHONE, proposed_value="020 7946 0018", source=SOURCE)
    response = accept(editor_client, suggestion)
    assert response.status_code == 200
    assert "Enter the number in international form" in response.text
    london.refresh_from_db()
    assert london.phone == ""
    suggestion.refresh_from_db()
    assert suggestion.status == Status.PENDING
    assert accept(editor_client, suggestion, value=LONDON_PHONE).status_code == 302
    london.refresh_from_db()
    assert london.phone.as_e164 == "+442079460018"
    suggestion.refresh_from_db()
    assert suggestion.applied_value == LONDON_PHONE


def test_an_accept_based_on_an_older_version_of_the_listing_is_refused(editor_client, phone_suggestion, london):
    form = editor_client.get(review_url(phone_suggestion)).context["forms"]["accept"]
    london.city = "London (Shard)"
    london.save()
    data = {name: form.initial.get(name, "") for name in form.fields}
    response = editor_client.post(review_url(phone_suggestion), {**data, "action": "accept"})
    assert "Someone saved this listing after you opened the suggestion" in response.text
    london.refresh_from_db()
    assert london.phone == ""


def test_a_decided_suggestion_cannot_be_decided_again(editor_client, phone_suggestion):
    assert accept(editor_client, phone_suggestion).status_code == 302
    response = editor_client.get(review_url(phone_suggestion))
    assert "Accept and apply" not in response.text
    assert editor_client.post(review_url(phone_suggestion), {"action": "reject", "reason": "x"}).status_code == 403


def test_a_services_name_is_accepted_with_its_source(editor_client):
    service = ServiceFactory(slug="ibsc", name="IBSC", source="https://www.jetro.go.jp/en/invest/ibsc/")
    suggestion = SuggestionFactory(
        office=None, service=service, detail=Detail.NAME, proposed_value="Invest Japan Business Support Center"
    )
    assert accept(editor_client, suggestion).status_code == 302
    service.refresh_from_db()
    assert service.name == "Invest Japan Business Support Center"
    assert service.source.endswith(" ; https://www.jetro.go.jp/en/jetro/worldwide/ (name)")


def test_opening_hours_are_changed_in_the_offices_form_then_recorded(editor_client, london):
    OpeningHoursFactory(office=london)
    suggestion = SuggestionFactory(office=london, detail=Detail.OPENING_HOURS, proposed_value="Mon-Fri 9:30-17:30")
    html = editor_client.get(review_url(suggestion)).text
    assert '<td class="current-value">Monday 09:00–17:00</td>' in html
    assert "listing&#x27;s own form" in html or "listing's own form" in html
    assert editor_client.post(review_url(suggestion), {"action": "applied"}).status_code == 200
    assert editor_client.post(review_url(suggestion), {"action": "applied", "confirm": "on"}).status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Status.ACCEPTED


# --- Reject ----------------------------------------------------------------------------------


def test_rejecting_takes_a_reason_and_changes_nothing(editor_client, phone_suggestion, london):
    response = editor_client.post(review_url(phone_suggestion), {"action": "reject", "reason": ""})
    assert "This field is required." in response.text
    response = editor_client.post(review_url(phone_suggestion), {"action": "reject", "reason": "Another office's"})
    assert response.status_code == 302
    phone_suggestion.refresh_from_db()
    assert (phone_suggestion.status, phone_suggestion.reason) == (Status.REJECTED, "Another office's")
    london.refresh_from_db()
    assert london.phone == ""


def test_a_flood_is_rejected_from_the_list_at_once(editor_client, london):
    flood = SuggestionFactory.create_batch(3, office=london)
    response = editor_client.post(
        QUEUE, {"action": "reject_in_bulk", "_selected_action": [s.pk for s in flood]}, follow=True
    )
    assert "3 suggestion(s) rejected." in response.text
    assert set(Suggestion.objects.values_list("status", flat=True)) == {Status.REJECTED}


def test_nobody_adds_a_suggestion_in_the_admin_and_only_administrators_delete_one(
    editor_client, admin_client, phone_suggestion
):
    assert editor_client.get(reverse("admin:suggestions_suggestion_add")).status_code == 403
    delete = reverse("admin:suggestions_suggestion_delete", args=[phone_suggestion.pk])
    assert editor_client.get(delete).status_code == 403
    assert admin_client.get(delete).status_code == 200


# --- Office editors review their own offices' suggestions only ---------------------------------


@pytest.fixture
def scoped(client, make_office_editor):
    bangkok = OfficeFactory(slug="bangkok", name="JETRO Bangkok", country="TH", region="asia", city="Bangkok")
    berlin = OfficeFactory(slug="berlin", name="JETRO Berlin", country="DE", region="europe", city="Berlin")
    client.force_login(make_office_editor("somchai", offices=[bangkok]))
    return {
        "client": client,
        "bangkok": SuggestionFactory(office=bangkok, proposed_value="bangkok value"),
        "berlin": SuggestionFactory(office=berlin, proposed_value="berlin value"),
        "service": SuggestionFactory(office=None, service=ServiceFactory(), detail=Detail.NAME),
    }


def test_an_office_editor_sees_only_their_offices_suggestions(scoped):
    client = scoped["client"]
    response = client.get(QUEUE)
    assert [s.proposed_value for s in response.context["cl"].result_list] == ["bangkok value"]
    assert "berlin value" not in client.get(QUEUE, {"q": "berlin"}).text
    assert "JETRO Berlin" not in client.get(QUEUE).text
    assert f'<a href="{QUEUE}?status__exact=pending">1 suggested correction</a>' in client.get("/admin/").text


@pytest.mark.parametrize("which", ["berlin", "service"])
def test_an_office_editor_cannot_open_or_decide_another_offices_suggestion(scoped, which):
    client, suggestion = scoped["client"], scoped[which]
    assert client.get(review_url(suggestion)).status_code == 404
    assert client.post(review_url(suggestion), {"action": "reject", "reason": "mine now"}).status_code == 404
    history = reverse("admin:suggestions_suggestion_history", args=[suggestion.pk])
    assert client.get(history).status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.status == Status.PENDING


def test_an_office_editor_accepts_a_suggestion_about_their_office(scoped):
    client, suggestion = scoped["client"], scoped["bangkok"]
    assert accept(client, suggestion, value="https://www.jetro.go.jp/thailand/").status_code == 302
    suggestion.office.refresh_from_db()
    assert suggestion.office.website == "https://www.jetro.go.jp/thailand/"


# --- Cost -------------------------------------------------------------------------------------


def test_the_queue_costs_the_same_queries_for_1_suggestion_as_for_20(editor_client, assert_constant_queries):
    grow = lambda count: SuggestionFactory.create_batch(count)  # noqa: E731
    assert_constant_queries(QUEUE, grow, limit=8)


def test_an_office_editors_queue_costs_the_same_queries_too(client, make_office_editor, assert_constant_queries):
    bangkok = OfficeFactory(slug="bangkok", country="TH", region="asia", city="Bangkok")
    client.force_login(make_office_editor("somchai", regions=["asia"]))
    grow = lambda count: SuggestionFactory.create_batch(count, office=bangkok)  # noqa: E731
    # One more than a national editor's: the scope.
    assert_constant_queries(QUEUE, grow, limit=9)
