"""Contacts by topic and the investment figures on /about/, in Chromium: accessible at desktop and phone widths."""

import pytest

from services.models import ContactCategory, InvestmentSeries, InvestmentUnit
from services.tests.factories import ContactPointFactory, InvestmentFigureFactory, ServiceFactory

from .conftest import describe, screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SOURCE = "JETRO Invest Japan Report 2019 (Invest Japan Promotion Division, 27 November 2019)"


@pytest.fixture
def listings():
    invest = ContactPointFactory(
        slug="invest-japan-promotion-division",
        division="Invest Japan Promotion Division, Invest Japan Department",
        category=ContactCategory.INVESTING_IN_JAPAN,
        topic="Surveys of foreign-affiliated companies in Japan",
        phone="+81-3-3582-5571",
        email="jaa-research@jetro.go.jp",
        website="https://www.jetro.go.jp/en/invest/",
        source="https://blccj.or.jp/news/4452-2/",
    )
    ServiceFactory(
        slug="invest-japan-report", name="JETRO Invest Japan Report", name_ja="ジェトロ対日投資報告", contact=invest
    )
    ContactPointFactory(
        slug="meti-trade-control-policy",
        organisation="Ministry of Economy, Trade and Industry (METI)",
        division="Trade Control Policy Division, Trade Control Department, Trade and Economic Security Bureau "
        "(called Trade and Economic Cooperation Bureau until 30 June 2024)",
        division_ja="貿易管理課",
        category=ContactCategory.EXPORT_CONTROL,
        topic="Trade controls other than security export control",
        phone="+81-3-3501-0538",
        website="https://www.meti.go.jp/english/policy/external_economy/trade_control/",
        source="https://www.kdijpn.co.jp/2013/12/19/a/ | https://www.logi-today.com/624352",
    )
    ContactPointFactory(
        slug="exhibition-department",
        division="Exhibition Department",
        division_ja="展示事業部",
        category=ContactCategory.TRADE_FAIRS,
    )
    figure = {"published_on": "2019-11-27", "source": SOURCE}
    InvestmentFigureFactory(
        series=InvestmentSeries.KEY_FIGURES,
        name="Inward FDI stock, end of 2018",
        name_ja="対日直接投資残高（2018年末）",
        value="30.7",
        unit=InvestmentUnit.YEN_TRILLION,
        note="A record for the fifth year running",
        note_ja="5年連続で過去最高",
        **figure,
    )
    for position, (name, name_ja, value) in enumerate(
        [
            ("Europe", "欧州", "49.5"),
            ("North America", "北米", "21.8"),
            ("Asia", "アジア", "19.2"),
            ("Rest of the world", "その他の地域", "9.5"),
        ]
    ):
        InvestmentFigureFactory(
            position=position,
            name=name,
            name_ja=name_ja,
            value=value,
            note="Share of the inward FDI stock at the end of 2018",
            **figure,
        )
    InvestmentFigureFactory(
        series=InvestmentSeries.SURVEY,
        position=1,
        value="20.6",
        chart_label="Practise it, will expand",
        name="Already practise open innovation with Japanese partners and will expand it",
        **figure,
    )
    InvestmentFigureFactory(
        series=InvestmentSeries.SURVEY,
        position=2,
        value="52.0",
        chart_label="Not yet, interested",
        name="Do not yet practise open innovation with Japanese partners, but are interested",
        **figure,
    )
    InvestmentFigureFactory(
        series=InvestmentSeries.SURVEY,
        position=3,
        value="40",
        decimals=0,
        qualifier="more_than",
        name="See Japanese companies' and society's attitude to foreign investment improved",
        **figure,
    )


PAGES = {"contacts": "/contacts/", "contacts-ja": "/ja/contacts/", "about": "/about/", "about-ja": "/ja/about/"}


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_contacts_and_about_have_no_serious_accessibility_violations(
    open_page, serious_accessibility_violations, listings, name, width
):
    page = open_page(width)
    page.goto(PAGES[name])
    assert page.locator("h1").count() == 1
    violations = serious_accessibility_violations(page)
    screenshot(page, f"contacts-about-{name}-{width}")
    assert not violations, describe(violations)


def test_a_visitor_finds_whom_to_call_about_export_control_and_calls(open_page, listings):
    page = open_page("phone")
    page.goto("/about/")
    page.get_by_role("link", name="Whom to contact, by topic").first.click()
    assert page.url.endswith("/contacts/")
    page.get_by_role("navigation", name="Topics on this page").get_by_role(
        "link", name="Export and trade control"
    ).click()
    assert page.url.endswith("/contacts/#topic-export_control")
    call = page.get_by_role("link", name="+81 3-3501-0538")
    assert call.get_attribute("href") == "tel:+81335010538"
    assert call.is_visible()


@pytest.mark.parametrize("path", ["/contacts/", "/about/"])
def test_the_pages_fit_a_320_pixel_screen_and_read_without_javascript(chromium, live_server, listings, path):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 320, "height": 640}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if path == "/about/":
        assert page.locator("#investment-heading ~ figure svg.bar-chart rect.bar").count() == 4 + 2
    else:
        assert page.get_by_role("link", name="+81 3-3582-5571").is_visible()
    context.close()
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
