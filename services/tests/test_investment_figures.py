"""Investment in Japan on /about/: the Invest Japan Report's figures as facts, a chart with its table, a survey."""

import html
import re
from pathlib import Path

import pytest
import tablib
from django.apps import apps

from conftest import count_h1
from services.models import InvestmentFigure, InvestmentSeries, InvestmentUnit
from services.resources import InvestmentFigureResource
from tests.support import assert_clean_refuses, assert_database_refuses

from .factories import InvestmentFigureFactory

pytestmark = pytest.mark.django_db

SHIPPED = Path(apps.get_app_config("services").path) / "data" / "investment_figures.csv"


def words(markup):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def investment_section(response):
    return response.content.decode().split('id="investment-heading"')[1].split("</section>")[0]


def chart_and_table(section, title_id):
    """The bar labels and values the SVG draws, and the rows of the table after it."""
    chart = section.split(f'aria-labelledby="{title_id}"')[1].split("</svg>")[0]
    labels = [html.unescape(label) for label in re.findall(r'<text class="bar-label"[^>]*>([^<]*)</text>', chart)]
    values = re.findall(r'<text class="bar-value"[^>]*>([^<]*)</text>', chart)
    table = section.split(f'aria-labelledby="{title_id}"')[1].split("<table")[1].split("</table>")[0]
    rows = [
        (words(header), words(cell))
        for header, cell in re.findall(r"<th scope=\"row\">(.*?)</th><td>(.*?)</td>", table, re.S)
    ]
    return list(zip(labels, values, strict=True)), rows


@pytest.fixture
def report():
    """The Invest Japan Report 2019 as shipped in services/data/investment_figures.csv."""
    dataset = tablib.Dataset().load(SHIPPED.read_text(encoding="utf-8"), format="csv")
    result = InvestmentFigureResource().import_data(dataset, raise_errors=True)
    assert not result.has_validation_errors()
    return {figure.slug: figure for figure in InvestmentFigure.objects.all()}


def test_the_shipped_figures_are_the_reports_as_the_issue_lists_them(report):
    values = {slug: (figure.display_value, figure.series) for slug, figure in report.items()}
    assert values == {
        "fdi-stock-2018": ("¥30.7 trillion", "key_figures"),
        "fdi-flow-2018": ("¥2.9 trillion", "key_figures"),
        "fdi-stock-2019-q2": ("¥33 trillion", "key_figures"),
        "fdi-stock-2018-europe": ("49.5%", "stock_by_region"),
        "fdi-stock-2018-north-america": ("21.8%", "stock_by_region"),
        "fdi-stock-2018-asia": ("19.2%", "stock_by_region"),
        "fdi-stock-2018-rest-of-world": ("9.5%", "stock_by_region"),
        "survey-2019-open-innovation-expanding": ("20.6%", "survey"),
        "survey-2019-open-innovation-interested": ("52.0%", "survey"),
        "survey-2019-attitude-improved": ("over 40%", "survey"),
    }
    for figure in report.values():
        assert figure.published_on.isoformat() == "2019-11-27"
        assert "Invest Japan Report 2019" in figure.source
        assert figure.name_ja, figure.slug


def test_about_shows_the_key_figures_as_facts_with_their_notes_source_and_date(client, report):
    response = client.get("/about/")
    assert response.status_code == 200
    assert count_h1(response) == 1
    text = words(investment_section(response))
    assert "Inward FDI stock, end of 2018 ¥30.7 trillion A record for the fifth year running" in text
    assert "Inward FDI flow, 2018 ¥2.9 trillion The second-largest since comparable records began in 1996" in text
    assert "¥33 trillion Initial estimate" in text
    assert "Source: JETRO Invest Japan Report 2019" in text
    assert "(published Nov. 27, 2019)" in text


def test_the_stock_by_region_chart_and_its_table_carry_the_same_four_shares(client, report):
    section = investment_section(client.get("/about/"))
    bars, rows = chart_and_table(section, "fdi-region-chart-title")
    assert bars == [("Europe", "49.5"), ("North America", "21.8"), ("Asia", "19.2"), ("Rest of the world", "9.5")]
    assert rows == [("Europe", "49.5%"), ("North America", "21.8%"), ("Asia", "19.2%"), ("Rest of the world", "9.5%")]
    assert "Share of the inward FDI stock at the end of 2018" in words(section)


def test_the_survey_chart_draws_exact_shares_and_says_every_answer_in_words(client, report):
    section = investment_section(client.get("/about/"))
    chart = section.split('aria-labelledby="survey-chart-title"')[1].split("</svg>")[0]
    labels = re.findall(r'<text class="bar-label"[^>]*>([^<]*)</text>', chart)
    values = re.findall(r'<text class="bar-value"[^>]*>([^<]*)</text>', chart)
    bars = list(zip(labels, values, strict=True))
    assert bars == [("Practise it, will expand", "20.6"), ("Not yet, interested", "52.0")]
    answers = [words(item) for item in re.findall(r"<li><strong>(.*?)</li>", section, re.S)]
    assert answers == [
        "20.6% : Already practise open innovation with Japanese partners and will expand it",
        "52.0% : Do not yet practise open innovation with Japanese partners, but are interested",
        "over 40% : See Japanese companies' and society's attitude to foreign investment improved in the past one "
        "or two years",
    ]
    assert "213 foreign companies in Japan that answered JETRO's survey in June–July 2019" in words(section)
    # "over 40 %" is a bound, not a value: never drawn as a bar of 40.
    assert ">40<" not in section


def test_the_japanese_about_page_names_the_figures_in_japanese(client, report):
    section = investment_section(client.get("/ja/about/"))
    text = words(section)
    assert "対日直接投資残高（2018年末）" in text
    assert "5年連続で過去最高" in text
    bars, rows = chart_and_table(section, "fdi-region-chart-title")
    assert [label for label, _value in bars] == ["欧州", "北米", "アジア", "その他の地域"]
    assert [header for header, _value in rows] == ["欧州", "北米", "アジア", "その他の地域"]
    # English the source gives only in English is marked as such.
    assert '<span lang="en">JETRO Invest Japan Report 2019' in section


def test_the_japanese_about_page_gives_amounts_in_japanese(client, report):
    # Needs the Japanese translation of the new strings (locale/ja).
    text = words(investment_section(client.get("/ja/about/")))
    assert "30.7兆円" in text
    assert "40%超" in text
    assert "対日投資" in text


def test_an_unpublished_figure_is_not_shown(client):
    InvestmentFigureFactory(name="Europe", value="49.5")
    InvestmentFigureFactory(name="Atlantis", value="12.3", is_published=False)
    section = investment_section(client.get("/about/"))
    assert "Europe" in section
    assert "Atlantis" not in section
    assert "12.3" not in section


def test_about_says_so_when_no_figure_is_listed(client):
    response = client.get("/about/")
    assert response.status_code == 200
    assert "No investment figures are listed yet." in investment_section(response)


def test_a_figure_keeps_the_precision_its_source_gives():
    stock = InvestmentFigureFactory(value="33", decimals=0, unit=InvestmentUnit.YEN_TRILLION)
    share = InvestmentFigureFactory(value="52.0", decimals=1, unit=InvestmentUnit.PERCENT)
    answered = InvestmentFigureFactory(value="213", decimals=0, unit=InvestmentUnit.COMPANIES)
    stock, share, answered = (InvestmentFigure.objects.get(pk=f.pk) for f in (stock, share, answered))
    assert (stock.display_value, share.display_value, answered.display_value) == (
        "¥33 trillion",
        "52.0%",
        "213 companies",
    )


def test_about_costs_the_same_queries_with_one_figure_as_with_twenty(assert_constant_queries):
    def grow(count):
        for _ in range(count):
            InvestmentFigureFactory(series=InvestmentSeries.STOCK_BY_REGION)
            InvestmentFigureFactory(series=InvestmentSeries.SURVEY)

    response = assert_constant_queries("/about/", grow, limit=12)
    assert response.content.decode().count('class="bar-value"') == 40


def test_the_database_refuses_a_figure_without_source_or_with_a_negative_value():
    figure = InvestmentFigureFactory()
    assert_database_refuses(figure, source="")
    assert_database_refuses(figure, value=-1)
    assert_database_refuses(figure, unit="furlongs")
    assert_clean_refuses(figure, "decimals", "Give at most 2 decimal places.", decimals=3)
    assert_clean_refuses(figure, "source", source="")
