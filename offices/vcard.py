"""An office as a vCard 3.0, read by phones, Outlook and macOS Contacts."""

import vobject

from core.organisation import ORGANISATION_NAME


def office_vcard(office, url):
    """The office as a vCard 3.0 (read by phones, Outlook and macOS Contacts)."""
    card = vobject.vCard()
    card.add("fn").value = office.name
    card.add("n").value = vobject.vcard.Name(family=office.name)
    card.add("org").value = [ORGANISATION_NAME, office.name]
    card.add("x-abshowas").value = "COMPANY"  # shown as an organisation, not a person
    if office.address or office.address_local or office.city:
        address = card.add("adr")
        address.value = vobject.vcard.Address(
            street=office.address or office.address_local,
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
    card.add("tz").value = office.timezone
    card.add("source").value = url
    return card.serialize()
