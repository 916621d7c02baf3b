from django import forms
from django.utils.translation import gettext_lazy as _

from core.search import MAX_QUERY_LENGTH
from core.text import PlainTextField, PublicForm


class SearchForm(PublicForm):
    # The rule for public text (core.text): a control or formatting character is refused with a message;
    # markup is searched for as text (and found nowhere). A CharField refuses NUL with its own message.
    q = PlainTextField(
        label=_("Search offices and services"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        markup=True,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
