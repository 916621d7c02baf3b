"""An office as a vCard 3.0, read by phones, Outlook and macOS Contacts.

3.0 rather than 4.0 (RFC 6350): Outlook and older phones read 3.0 only. The card is in
the language of the page it is saved from: on a Japanese page, the office's Japanese name
and its address as written locally, with the country and prefecture in Japanese.
"""

from django.utils import translation
from django.utils.translation import gettext

from core.organisation import ORGANISATION_NAME

# RFC 2425 §5.8.1: a line is at most 75 octets, its line break aside; longer ones are folded.
LINE_OCTETS = 75


def office_vcard(office, url):
    """The office as a vCard 3.0, in the active language."""
    # Imported when first needed: with dateutil, a tenth of a second of every process's start.
    import vobject

    japanese = (translation.get_language() or "en").startswith("ja")
    name = office.name_ja if japanese and office.name_ja else office.name
    card = vobject.vCard()
    card.add("fn").value = name
    card.add("n").value = vobject.vcard.Name(family=name)
    card.add("org").value = [gettext(ORGANISATION_NAME), name]
    card.add("x-abshowas").value = "COMPANY"  # shown as an organisation, not a person
    if office.address or office.address_local or office.city:
        street = (office.address_local or office.address) if japanese else (office.address or office.address_local)
        address = card.add("adr")
        address.value = vobject.vcard.Address(
            street=street,
            city=office.city,
            region=str(office.get_prefecture_display()) if office.prefecture else "",
            code=office.postal_code,
            country=str(office.country.name),
        )
        address.type_param = "WORK"
    for number, kinds in ((office.phone, ["WORK", "VOICE"]), (office.fax, ["WORK", "FAX"])):
        if number:
            tel = card.add("tel")
            tel.value = number.as_e164
            tel.type_paramlist = kinds
    if office.email:
        email = card.add("email")
        email.value = office.email
        email.type_param = "INTERNET"
    card.add("url").value = office.website or url
    if office.latitude is not None and office.longitude is not None:
        card.add("geo").value = f"{office.latitude};{office.longitude}"
    if office.timezone:
        # In 3.0 a TZ is a UTC offset unless it says it is text, as a zone's name is.
        tz = card.add("tz")
        tz.value = office.timezone
        tz.value_param = "text"
    card.add("source").value = url
    return fold(card.serialize())


def fold(text):
    """Fold every line at 75 octets, never inside a character.

    vobject folds only lines of 75 characters or more, so a line of Japanese (three
    octets a character) could run to 200 octets unfolded: unfold, then fold by octets.
    """
    lines = text.replace("\r\n ", "").split("\r\n")
    return "\r\n".join(_fold_line(line) for line in lines)


def _fold_line(line):
    pieces, piece, size = [], "", 0
    for character in line:
        octets = len(character.encode())
        if size + octets > LINE_OCTETS:
            pieces.append(piece)
            piece, size = " ", 1  # a continuation line starts with one space
        piece += character
        size += octets
    pieces.append(piece)
    return "\r\n".join(pieces)
