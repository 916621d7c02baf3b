"""The office's vCard (3.0), read back with vobject as a contacts application would read it."""

import pytest
import vobject

from offices.vcard import office_vcard

from .factories import DomesticOfficeFactory, OfficeFactory

pytestmark = pytest.mark.django_db

# RFC 2425 §5.8.1 (vCard 3.0) and RFC 6350 §3.2: a line is at most 75 octets, its line break aside.
MAX_OCTETS = 75


@pytest.fixture
def osaka():
    return DomesticOfficeFactory(
        slug="osaka",
        name="JETRO Osaka",
        name_ja="ジェトロ大阪本部",
        prefecture="osaka",
        city="Osaka",
        postal_code="541-0052",
        address="Osaka International Building 29F, 2-3-13 Azuchi-machi, Chuo-ku, Osaka",
        address_local="大阪府大阪市中央区安土町2丁目3番13号 大阪国際ビルディング29階",
        timezone="Asia/Tokyo",
        latitude="34.6837",
        longitude="135.5066",
    )


def test_the_time_zone_is_given_as_text_as_vcard_3_requires_for_a_zone_name(osaka):
    card = vobject.readOne(office_vcard(osaka, "https://example.org/offices/osaka/"))
    assert card.version.value == "3.0"
    assert card.tz.value == "Asia/Tokyo"
    assert card.tz.params == {"VALUE": ["text"]}  # without it, TZ is a UTC offset such as -05:00


@pytest.mark.parametrize("url", ["/offices/osaka/vcard/", "/ja/offices/osaka/vcard/"])
def test_every_line_is_folded_at_75_octets_and_reads_back_whole(client, osaka, url):
    text = client.get(url).content.decode()
    lines = text.split("\r\n")
    assert max(len(line.encode()) for line in lines) <= MAX_OCTETS
    card = vobject.readOne(text)
    assert card.geo.value == "34.683700;135.506600"
    assert card.source.value == "http://testserver" + url.removesuffix("vcard/")


def test_the_japanese_pages_card_carries_the_japanese_name_and_address(client, osaka):
    text = client.get("/ja/offices/osaka/vcard/").content.decode()
    # Shorter than 75 characters, longer than 75 octets: vobject alone leaves such a line unfolded.
    unfolded = text.replace("\r\n ", "").split("\r\n")
    assert [line for line in unfolded if len(line) < MAX_OCTETS < len(line.encode())]
    card = vobject.readOne(text)
    assert card.fn.value == "ジェトロ大阪本部"
    assert card.n.value.family == "ジェトロ大阪本部"
    assert card.org.value == ["独立行政法人日本貿易振興機構（ジェトロ）", "ジェトロ大阪本部"]
    assert card.adr.value.street == "大阪府大阪市中央区安土町2丁目3番13号 大阪国際ビルディング29階"
    assert card.adr.value.region == "大阪府"
    assert card.adr.value.country == "日本"


def test_the_english_pages_card_carries_the_english_name_and_address(client, osaka):
    card = vobject.readOne(client.get("/offices/osaka/vcard/").content.decode())
    assert card.fn.value == "JETRO Osaka"
    assert card.org.value == ["Japan External Trade Organization (JETRO)", "JETRO Osaka"]
    assert card.adr.value.street == "Osaka International Building 29F, 2-3-13 Azuchi-machi, Chuo-ku, Osaka"
    assert card.adr.value.country == "Japan"


def test_an_office_without_a_japanese_name_keeps_its_english_one_on_the_japanese_card(client):
    OfficeFactory(slug="paris", name="JETRO Paris", country="FR", city="Paris")
    card = vobject.readOne(client.get("/ja/offices/paris/vcard/").content.decode())
    assert card.fn.value == "JETRO Paris"
    assert card.adr.value.country == "フランス"
