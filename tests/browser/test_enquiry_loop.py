"""The enquiry loop in a real browser: a visitor in Nairobi writes to JETRO Nairobi, the national editor replies
in the admin, the reply reaches the visitor by SMTP, and after five answers the office page says how fast it answers.

No office editor covers Nairobi, and it lists no email: its enquiries go to the national editors. The mail
goes through the worker (run here between the steps, as `make serve` runs it beside the server) to a real
SMTP server on loopback.
"""

import pytest

from enquiries.answering import close
from enquiries.management.commands.run_worker import run_once
from enquiries.models import Enquiry, Status
from enquiries.tests.factories import EnquiryFactory
from offices.tests.factories import OfficeFactory

from .conftest import describe, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "a long editor passphrase 2024"


def no_overflow(page, width=320):
    page.set_viewport_size({"width": width, "height": 800})
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_visitor_in_nairobi_writes_and_the_national_editors_reply_reaches_them(
    open_page, make_editor, serious_accessibility_violations, smtp_server, settings
):
    settings.ENQUIRIES_MIN_SECONDS = 0
    nairobi = OfficeFactory(slug="nairobi", name="JETRO Nairobi", country="KE", region="africa", city="Nairobi")
    hanako = make_editor("hanako", password=PASSWORD)
    hanako.email = "hanako@jetro.example"
    hanako.save()

    # The visitor: no phone, no email listed; the first route is writing to the office.
    for width in ("desktop", "phone"):
        visitor = open_page(width)
        visitor.goto("/offices/nairobi/")
        assert visitor.get_by_role("link", name="write to JETRO Nairobi", exact=True).count() >= 1
        visitor.get_by_role("link", name="Write to JETRO Nairobi", exact=True).click()
        assert visitor.url.endswith("/offices/nairobi/contact/")
        violations = serious_accessibility_violations(visitor)
        assert violations == [], describe(violations)
    assert no_overflow(visitor)
    visitor.set_viewport_size({"width": 390, "height": 844})
    visitor.get_by_label("Your name").fill("Amina Otieno")
    visitor.get_by_label("Company or organisation (optional)").fill("Savannah Foods Ltd")
    visitor.get_by_label("Your country").select_option("KE")
    visitor.get_by_label("Your email address").fill("amina@example.org")
    visitor.get_by_label("Subject").fill("Exporting tea to Japan")
    visitor.get_by_label("Your message").fill("Which trade fairs in Japan suit a Kenyan tea exporter?")
    screenshot(visitor, "enquiry-form")
    visitor.get_by_role("button", name="Send the enquiry").click()
    assert visitor.get_by_role("heading", level=1).inner_text() == "Your enquiry has been sent"
    enquiry = Enquiry.objects.get()
    assert visitor.locator(".reference").inner_text() == enquiry.reference
    assert "It went to JETRO's national editors." in visitor.content()
    violations = serious_accessibility_violations(visitor)
    assert violations == [], describe(violations)
    screenshot(visitor, "enquiry-sent")

    # The worker mails the national editor.
    run_once()
    (to_editor,) = smtp_server.messages
    assert to_editor["X-RcptTo"] == "hanako@jetro.example"
    assert enquiry.reference in to_editor["Subject"] and "JETRO Nairobi" in to_editor["Subject"]

    # The national editor signs in, finds it counted, and replies.
    editor = open_page()
    editor.goto("/admin/")
    editor.fill("#id_username", "hanako")
    editor.fill("#id_password", PASSWORD)
    editor.click("input[type=submit]")
    editor.get_by_role("link", name="1 unanswered enquiry").click()
    editor.locator("#result_list").get_by_role("link", name=enquiry.reference).click()
    assert "Which trade fairs in Japan suit a Kenyan tea exporter?" in editor.locator("td.message").inner_text()
    assert "No office editor covers JETRO Nairobi" in editor.locator("td.routing").inner_text()
    editor.get_by_label("Reply to the visitor").fill("Karibu! FOODEX Japan in March suits a tea exporter.")
    screenshot(editor, "enquiry-answer")
    editor.get_by_role("button", name="Send the reply").click()
    assert "is being sent" in editor.locator(".messagelist").inner_text()

    # The worker mails the reply to the visitor.
    run_once()
    reply = smtp_server.mailbox.to("amina@example.org")
    assert len(reply) == 1
    assert enquiry.reference in reply[0]["Subject"]
    assert "FOODEX Japan in March" in reply[0].get_content()

    # After five answered enquiries the office page says how fast the office answers.
    visitor.goto("/offices/nairobi/")
    assert visitor.locator(".reply-time").count() == 0
    for _ in range(4):
        close(EnquiryFactory(office=nairobi), Status.ANSWERED_ELSEWHERE, hanako)
    visitor.goto("/offices/nairobi/")
    assert visitor.locator(".reply-time").inner_text() == "Usually answers within 1 working day."
    violations = serious_accessibility_violations(visitor)
    assert violations == [], describe(violations)
    screenshot(visitor, "office-reply-time")
