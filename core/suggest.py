""" "Did you mean …?": the nearest known words to a query that found nothing.

The vocabulary is what the directory can find (cities, countries, names); the
same Python matching (difflib's ratio) gives the same answer on SQLite and
PostgreSQL. It is asked only when a search found nothing.

Kana are compared by sound: ケニヤ and ケニア differ in one character of three
(too far for the cutoff), but read as "keniya" and "kenia" they are close.
"""

import difflib
import re

import jaconv
from rapidfuzz import fuzz, process

from .search import normalise

CUTOFF = 0.75


def _close(word, vocabulary, n):
    """difflib.get_close_matches(word, vocabulary, n, CUTOFF), measured only against the words that can reach
    the cutoff. difflib's ratio counts the letters of a common subsequence, so it never exceeds the ratio of
    the longest one (rapidfuzz's fuzz.ratio, in C++): those below the cutoff there are below it in difflib
    too, and the answer is the same, without measuring a thousand words in Python."""
    words = list(vocabulary)  # {normalised: display}: its keys
    scored = process.extract_iter(word, words, scorer=fuzz.ratio, score_cutoff=CUTOFF * 100)
    candidates = [known for known, _score, _index in scored]
    return difflib.get_close_matches(word, candidates, n=n, cutoff=CUTOFF)


# A word written in katakana only (hiragana is folded into katakana by normalise).
_KANA = re.compile(r"^[\u30a1-\u30fa\u30fc]+$")


def sound(word):
    """A katakana word read in romaji ("ケニア" -> "kenia")."""
    return jaconv.kana2alphabet(jaconv.kata2hira(word))


# The last vocabulary and its kana words by sound, {romaji: normalised}: built once per vocabulary
# (a new generation of the directory makes a new one). One tuple, replaced whole, for threads.
_sounds_of_last = (None, {})


def _sounds(vocabulary):
    global _sounds_of_last
    kept = _sounds_of_last
    if kept[0] is not vocabulary:
        kept = _sounds_of_last = (vocabulary, {sound(word): word for word in vocabulary if _KANA.match(word)})
    return kept[1]


def did_you_mean(query, vocabulary, limit=3):
    """Up to `limit` display forms from `vocabulary` ({normalised: display}) close to `query`."""
    key = normalise(query)
    if not key or key in vocabulary:
        return []
    if _KANA.match(key):
        sounds = _sounds(vocabulary)
        close = [sounds[known] for known in _close(sound(key), sounds, limit)]
        if close:
            return list(dict.fromkeys(vocabulary[word] for word in close))
    close = _close(key, vocabulary, limit)
    if not close and " " in key:
        # Correct word by word: "new yrok" -> "new york".
        words = [_close(word, vocabulary, 1) or [word] for word in key.split()]
        joined = " ".join(match[0] for match in words)
        close = [joined] if joined != key and joined in vocabulary else []
    return list(dict.fromkeys(vocabulary[word] for word in close))
