"""An editor's round trip in a real browser: sign in, find an office, change its phone, see it live."""

import pytest

from offices.tests.factories import OfficeFactory

from .conftest import screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "a long editor passphrase 2024"


def test_an_editor_changes_an_offices_phone_and_the_public_page_shows_it(open_page, make_editor):
    make_editor("hanako", password=PASSWORD)
    OfficeFactory(slug="sao-paulo", name="JETRO São Paulo", country="BR", region="latin_america", city="São Paulo")
    OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris", phone="+33 1 42 61 27 27")
    page = open_page()

    page.goto("/admin/")
    page.fill("#id_username", "hanako")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.locator("#content-main").get_by_role("link", name="Offices", exact=True).last.click()

    page.fill("#searchbar", "paris")
    page.press("#searchbar", "Enter")
    assert page.locator("#result_list").get_by_text("JETRO São Paulo").count() == 0
    page.locator("#result_list").get_by_role("link", name="JETRO Paris").click()

    page.fill("#id_phone", "+33 1 40 20 30 40")
    screenshot(page, "admin-office-change")
    page.click("input[name=_save]")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    page.goto("/offices/paris/")
    phone = page.locator("a[href^='tel:']")
    assert phone.inner_text() == "+33 1 40 20 30 40"
    assert phone.get_attribute("href") == "tel:+33140203040"
    screenshot(page, "office-after-editor-change")
