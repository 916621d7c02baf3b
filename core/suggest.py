""" "Did you mean …?": the nearest known words to a query that found nothing.

The vocabulary is what the directory can find (cities, countries, names); the
same Python matching (difflib's ratio) gives the same answer on SQLite and
PostgreSQL. It is asked only when a search found nothing.
"""

import difflib

from .search import normalise

CUTOFF = 0.75


def did_you_mean(query, vocabulary, limit=3):
    """Up to `limit` display forms from `vocabulary` ({normalised: display}) close to `query`."""
    key = normalise(query)
    if not key or key in vocabulary:
        return []
    close = difflib.get_close_matches(key, vocabulary, n=limit, cutoff=CUTOFF)
    if not close and " " in key:
        # Correct word by word: "new yrok" -> "new york".
        words = [difflib.get_close_matches(word, vocabulary, n=1, cutoff=CUTOFF) or [word] for word in key.split()]
        joined = " ".join(match[0] for match in words)
        close = [joined] if joined != key and joined in vocabulary else []
    return list(dict.fromkeys(vocabulary[word] for word in close))
