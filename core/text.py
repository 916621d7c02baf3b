"""One rule for the text the public types into a form (a suggested correction, an enquiry, a search box).

- Invisible formatting and control characters (Unicode categories Cc and Cf:
  NUL, U+0085, the right-to-left override U+202E, zero-width spaces, ...) are
  refused, except tab and line breaks where the field takes several lines. An
  editor reading the admin must see what was sent, and a bidi override shows
  text in another order than it was typed.
- A value with nothing visible in it (spaces, a zero-width space, a filler) is
  blank: "required" says so, and an optional field keeps "". NUL is the
  exception: never typed by a person, it is always refused.
- Markup (< or >) is refused where a field says so: the text is shown as text,
  and a visitor who pastes HTML learns at once that it will not be rendered.
- A one-line field (a name, a subject) refuses line breaks too: such a value
  may end up in a mail header.

A form that takes such text subclasses `PublicForm`, which shows a refused
value back without the characters it was refused for, so that no answer
carries a raw NUL or a bidi override.
"""

import re
import sys
import unicodedata
from functools import cache

from django import forms
from django.utils.translation import gettext_lazy as _

REFUSED_CATEGORIES = {"Cc", "Cf"}
LINE_BREAKS = {"\n", "\r"}
# Letters that draw nothing, though Unicode files them as letters or symbols.
FILLERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}
MARKUP = re.compile(r"[<>]")


def refused_characters(value, *, multiline=True):
    """The characters of `value` the rule refuses (NUL is left to Django's own message)."""
    allowed = {"\t", *LINE_BREAKS} if multiline else {"\t"}
    return {
        character
        for character in value
        if character != "\x00" and character not in allowed and unicodedata.category(character) in REFUSED_CATEGORIES
    }


def is_visible(character):
    category = unicodedata.category(character)
    return not (character.isspace() or category in REFUSED_CATEGORIES or category[0] == "Z" or character in FILLERS)


def is_blank(value):
    return not any(is_visible(character) for character in value)


def shown_back(value):
    """`value` without the characters no answer may carry (control and formatting characters; line breaks kept)."""
    return "".join(
        character
        for character in value
        if character in LINE_BREAKS or character == "\t" or unicodedata.category(character) not in REFUSED_CATEGORIES
    )


CONTROL_MESSAGE = _("This text holds invisible control or formatting characters. Type it again.")


class PlainTextMixin:
    """The rule above for a form field. `multiline`: tab and line breaks allowed; `markup`: < and > allowed."""

    def __init__(self, *, multiline=False, markup=False, **kwargs):
        self.multiline = multiline
        self.markup = markup
        super().__init__(**kwargs)

    def to_python(self, value):
        # NUL is never typed: it is refused (Django's own message) even where nothing else is in the value.
        if isinstance(value, str) and value and "\x00" not in value and is_blank(value):
            value = ""
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        if not self.multiline and LINE_BREAKS & set(value):
            raise forms.ValidationError(_("Keep this to one line."), code="line_break")
        if refused_characters(value, multiline=self.multiline):
            raise forms.ValidationError(CONTROL_MESSAGE, code="control")
        if not self.markup and MARKUP.search(value):
            raise forms.ValidationError(_("Type the plain text only, without < or > (no markup)."), code="markup")


class PlainTextField(PlainTextMixin, forms.CharField):
    """A CharField held to the rule: a name, a message, a search box (with `markup=True`)."""


class PlainEmailField(PlainTextMixin, forms.EmailField):
    """An EmailField held to the rule: a control character gets the rule's message, not "not an address"."""


def visible_signs(text):
    """`text` with each character the rule refuses written as a visible sign, for a message that repeats a value.

    NUL and the other C0 controls become their Unicode pictures (␀, ␛); the rest, U+FFFD.
    """
    refused = refused_characters(text, multiline=False) | ({"\x00"} if "\x00" in text else set())
    return "".join(
        (chr(0x2400 + ord(character)) if ord(character) < 0x20 else "\ufffd") if character in refused else character
        for character in text
    )


class PublicForm(forms.Form):
    """A form the public fills in: what it shows back holds no control or formatting character."""

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        # An error may quote the value ("… is not one of the available choices"): with visible signs.
        for name, errors in list(self._errors.items()):
            if any(visible_signs(message) != message for message in errors):
                self._errors[name] = self.error_class(
                    [visible_signs(message) for message in errors], renderer=self.renderer
                )
        if any(isinstance(value, str) and shown_back(value) != value for value in self.data.values()):
            shown = self.data.copy()
            for name in shown:
                values = shown.getlist(name) if hasattr(shown, "getlist") else [shown[name]]
                cleaned = [shown_back(value) if isinstance(value, str) else value for value in values]
                if hasattr(shown, "setlist"):
                    shown.setlist(name, cleaned)
                else:
                    shown[name] = cleaned[0]
            self.data = shown


def _character_class(characters):
    """A regex character class's inside, of `characters` as literals, in ranges."""
    codes = sorted(ord(character) for character in characters)
    ranges, start = [], None
    for previous, code in zip([None, *codes], [*codes, None], strict=True):
        if start is None:
            start = code
        elif code is None or code != previous + 1:
            ranges.append(chr(start) if start == previous else f"{chr(start)}-{chr(previous)}")
            start = code
    return "".join(ranges)


@cache
def one_line_pattern():
    """The rule for a one-line field (a search box) as a regular expression, for the API's schema.

    A value holds no control or formatting character (Cc, Cf; a tab is allowed), or holds nothing
    visible at all (it is then no value, NUL excepted). Characters are written as themselves.
    """
    every = [chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF]
    refused = [c for c in every if c != "\t" and unicodedata.category(c) in REFUSED_CATEGORIES]
    invisible = [c for c in every if c != "\x00" and not is_visible(c)]
    return f"^(?:[^{_character_class(refused)}]*|[{_character_class(invisible)}]*)$"
