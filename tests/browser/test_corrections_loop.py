"""The corrections loop in a real browser: a visitor suggests a phone, an office editor accepts it, everything shows it.

The visitor uses the public form without JavaScript's help (a plain form post);
the office editor, limited to that office, signs in, finds the suggestion
counted on the admin's front page, accepts it, and the office's page, its
vCard, the JSON API and the completeness report all have the phone.
"""

import pytest

from offices.tests.factories import OfficeFactory

from .conftest import describe, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "a long editor passphrase 2024"
# A number Ofcom keeps for drama: never a real office's.
PHONE = "+44 20 7946 0018"
SOURCE = "https://www.jetro.go.jp/en/jetro/worldwide/europe/uk/"


def test_a_visitors_phone_is_accepted_by_the_office_editor_and_shown_everywhere(
    open_page, make_office_editor, serious_accessibility_violations
):
    london = OfficeFactory(slug="london", name="JETRO London", country="GB", region="europe", city="London")
    OfficeFactory(slug="berlin", name="JETRO Berlin", country="DE", region="europe", city="Berlin")
    make_office_editor("uk-desk", password=PASSWORD, offices=[london])

    # The visitor: no phone listed, so they suggest one, with its source.
    visitor = open_page()
    visitor.goto("/offices/london/")
    assert visitor.locator("a[href^='tel:']").count() == 0
    visitor.get_by_role("link", name="Suggest a correction").click()
    assert visitor.url.endswith("/offices/london/suggest/")
    violations = serious_accessibility_violations(visitor)
    assert violations == [], describe(violations)
    visitor.get_by_role("radio", name="Phone", exact=True).check()
    visitor.get_by_label("The right value").fill(PHONE)
    visitor.get_by_label("Where does it come from?").fill(SOURCE)
    screenshot(visitor, "suggestion-form")
    visitor.get_by_role("button", name="Send the suggestion").click()
    assert visitor.get_by_role("heading", level=1).inner_text() == "Thank you for your suggestion"

    # A mistake is shown in words, next to the field, and nothing is sent.
    visitor.go_back()
    visitor.get_by_label("Where does it come from?").fill("javascript:alert(1)")
    visitor.get_by_role("button", name="Send the suggestion").click()
    assert "This is not a complete web address" in visitor.get_by_role("alert").inner_text()
    violations = serious_accessibility_violations(visitor)
    assert violations == [], describe(violations)
    screenshot(visitor, "suggestion-form-error")

    # Nothing public has changed yet.
    visitor.goto("/offices/london/")
    assert visitor.locator("a[href^='tel:']").count() == 0

    # The office editor signs in, finds it waiting, and accepts it.
    editor = open_page()
    editor.goto("/admin/")
    editor.fill("#id_username", "uk-desk")
    editor.fill("#id_password", PASSWORD)
    editor.click("input[type=submit]")
    editor.get_by_role("link", name="1 suggested correction").click()
    assert editor.locator("#result_list").get_by_text("JETRO Berlin").count() == 0
    editor.locator("#result_list").get_by_role("link", name="JETRO London").click()
    assert editor.locator("td.current-value").inner_text() == "blank"
    assert editor.locator("td.proposed-value").inner_text() == PHONE
    assert editor.locator("#id_value").input_value() == PHONE
    screenshot(editor, "suggestion-review")
    editor.get_by_role("button", name="Accept and apply").click()
    assert "now shows the new phone" in editor.locator(".messagelist").inner_text()

    # The public page, the vCard and the JSON API show the phone; the page cites its source.
    visitor.goto("/offices/london/")
    phone = visitor.locator("a[href^='tel:']")
    assert phone.inner_text() == PHONE
    assert phone.get_attribute("href") == "tel:+442079460018"
    assert SOURCE in visitor.locator(".source").inner_text()
    screenshot(visitor, "office-after-accepted-suggestion")
    vcard = visitor.request.get("/offices/london/vcard/")
    assert "TEL;TYPE=WORK,VOICE:+442079460018" in vcard.text().replace("\r\n ", "")
    api = visitor.request.get("/api/v1/offices/london/").json()
    assert api["phone"] == "+442079460018"
    assert SOURCE in api["source"]

    # The completeness report counts the phone.
    editor.goto("/admin/offices/office/completeness/")
    totals = editor.locator("#completeness-totals tr", has_text="Phone")
    assert "1 of 1" in totals.inner_text()
