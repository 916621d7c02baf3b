"""Did you mean …? (core.suggest): the same answer as measuring every word with difflib."""

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from core.suggest import CUTOFF, _close, did_you_mean

letters = st.text(alphabet="abcdeilnorsuyz ", min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(word=letters, vocabulary=st.lists(letters, min_size=1, max_size=40, unique=True), n=st.integers(1, 3))
def test_the_close_words_are_those_difflib_finds_measuring_every_word(word, vocabulary, n):
    assert _close(word, vocabulary, n) == difflib.get_close_matches(word, vocabulary, n=n, cutoff=CUTOFF)


def test_a_misspelt_city_or_country_is_recognised():
    vocabulary = {"singapore": "Singapore", "dusseldorf": "Düsseldorf", "new york": "New York", "paris": "Paris"}
    assert did_you_mean("sinagpore", vocabulary) == ["Singapore"]
    assert did_you_mean("dusseldorff", vocabulary) == ["Düsseldorf"]
    assert did_you_mean("new yrok", vocabulary) == ["New York"]
    assert did_you_mean("paris", vocabulary) == []
