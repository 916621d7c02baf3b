"""The public correction form, and the editor's accept and reject forms.

The public form takes plain text only (core.text's rule, the email address
included): a value and its source, each with a cap on its length (the
browser's maxlength and the server's), no NUL or other control or formatting
character, no markup (< or >), and a source that is either a web
address (checked as one) or a few words. A hidden field that people never see
catches robots that fill in every field (the honeypot).
"""

import re

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from core.text import PlainEmailField, PlainTextField, PublicForm

from .retention import EMAIL_DAYS_AFTER_DECISION

MAX_VALUE = 1000
MAX_SOURCE = 500
MIN_DESCRIPTION = 8
# Text that means to be a web address, or names a scheme no source should have.
URL_LIKE = re.compile(r"^(?:https?|ftp|file|javascript|data|vbscript|mailto|tel)\b|://|^www\.", re.IGNORECASE)
web_address = URLValidator(schemes=["http", "https"])


class SuggestionForm(PublicForm):
    detail = forms.ChoiceField(label=_("Which detail is wrong or missing?"), widget=forms.RadioSelect)
    proposed_value = PlainTextField(
        multiline=True,
        label=_("The right value"),
        max_length=MAX_VALUE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("As it should appear, for example a phone number with its country code, such as +81 3-3582-5511."),
    )
    source = PlainTextField(
        label=_("Where does it come from?"),
        max_length=MAX_SOURCE,
        help_text=_(
            "A web address where it is published (https://…), or a few words such as "
            "“the office's business card, 2024”. An editor checks it before anything changes."
        ),
    )
    email = PlainEmailField(
        label=_("Your email address (optional)"),
        required=False,
        max_length=254,
    )
    # The honeypot: hidden from people (and from screen readers); a robot fills it in.
    homepage = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, details, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["detail"].choices = [(detail.value, detail.label) for detail in details]
        self.fields["email"].help_text = _(
            "Only if an editor may write to you about this suggestion. It is used for nothing else, "
            "and erased %(days)s days after the suggestion is decided."
        ) % {"days": EMAIL_DAYS_AFTER_DECISION}
        self.fields["homepage"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["source"].widget.attrs["spellcheck"] = "false"

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("homepage"))

    def clean_source(self):
        source = self.cleaned_data["source"]
        if URL_LIKE.search(source):
            address = f"https://{source}" if source.lower().startswith("www.") else source
            try:
                web_address(address)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _(
                        "This is not a complete web address. Give one starting with https:// or http://, "
                        "or describe the source in words."
                    ),
                    code="not_a_url",
                ) from None
            return address
        if len(source) < MIN_DESCRIPTION or not any(character.isalpha() for character in source):
            raise forms.ValidationError(
                _("Say a little more about the source: a few words, or its web address."), code="too_short"
            )
        return source


class AcceptForm(forms.Form):
    """The editor applies the value (corrected if needed), with the listing's source after the change."""

    value = forms.CharField(label=_("Value to apply"), max_length=MAX_VALUE, widget=forms.Textarea(attrs={"rows": 2}))
    source = forms.CharField(
        label=_("The listing's source, after this change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sources are joined with “ ; ”; the one this value comes from is labelled with the detail."),
    )
    source_as_of = forms.CharField(
        label=_("The listing's source date, after this change"),
        max_length=60,
        required=False,
        help_text=_("The date of this value's source is labelled with the detail, for example 2026-05-01 (phone)."),
    )
    loaded_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, has_source_date=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_source_date:
            del self.fields["source_as_of"]


class AppliedByHandForm(forms.Form):
    """For a detail the review cannot apply itself (opening hours, something else): applied in the listing's form."""

    confirm = forms.BooleanField(
        label=_("I have made this change in the listing's own form"),
        help_text=_("The change and its source are recorded in the listing's history by that save."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        max_length=MAX_VALUE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For the record, for example “the source is about another office” or “already correct”."),
    )
