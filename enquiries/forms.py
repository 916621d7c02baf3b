"""The public enquiry form, the /contact/ question (topic and country), and the editor's reply form.

The enquiry form takes plain text held to the site's one rule (core.text): no
control or formatting characters, no markup, and a name and subject on one
line, since both reach a mail header. Two guards against robots: a hidden
field people never see (the honeypot), and a signed time the form was shown
at, so that a form sent back within MIN_SECONDS (faster than anyone reads it)
or after MAX_AGE is refused.
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from core.text import PlainEmailField, PlainTextField, PublicForm
from services.models import ContactCategory

from .models import MAX_MESSAGE, MAX_NAME, MAX_SUBJECT

SALT = "enquiries.form-shown"
MAX_AGE = 24 * 60 * 60


def min_seconds():
    return settings.ENQUIRIES_MIN_SECONDS


def shown_now():
    return signing.Signer(salt=SALT).sign(f"{time.time():.3f}")


class EnquiryForm(PublicForm):
    name = PlainTextField(
        label=_("Your name"), max_length=MAX_NAME, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    company = PlainTextField(
        label=_("Company or organisation (optional)"),
        max_length=MAX_NAME,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    country = LazyTypedChoiceField(
        label=_("Your country"), choices=[("", "—"), *countries], widget=forms.Select(attrs={"autocomplete": "country"})
    )
    email = PlainEmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("The reply is sent here, and nothing else."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    subject = PlainTextField(label=_("Subject"), max_length=MAX_SUBJECT)
    message = PlainTextField(
        label=_("Your message"),
        multiline=True,
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text, up to %(count)s characters.") % {"count": f"{MAX_MESSAGE:,}"},
    )
    # The honeypot: hidden from people (and from screen readers); a robot fills it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)
    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial["shown"] = shown_now()

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))

    def clean_shown(self):
        try:
            shown_at = float(signing.Signer(salt=SALT).unsign(self.cleaned_data["shown"]))
        except (signing.BadSignature, ValueError):
            raise forms.ValidationError(_("This form could not be read. Send it again."), code="tampered") from None
        age = time.time() - shown_at
        if age > MAX_AGE:
            raise forms.ValidationError(
                _("This form was opened more than a day ago. Check your message and send it again."), code="expired"
            )
        if age < min_seconds():
            raise forms.ValidationError(
                _("This form came back faster than anyone can fill it in. Check your message and send it again."),
                code="too_fast",
            )
        return shown_at

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.errors:
            # Shown again with its errors: the time starts again for the next sending.
            data = self.data.copy()
            data["shown"] = shown_now()
            self.data = data


class ContactQuestionForm(PublicForm):
    """/contact/: what the visitor writes about, and from where."""

    topic = forms.ChoiceField(label=_("What is it about?"), choices=ContactCategory.choices)
    country = LazyTypedChoiceField(label=_("Where is your business?"), choices=[("", "—"), *countries])


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply to the visitor"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Sent to the visitor's email address from the site, with the enquiry's reference, and kept here."),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("How was it answered?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For the record, for example “called back on 3 May”. The visitor is not written to."),
    )
