"""Forgiving text search that behaves the same on SQLite and PostgreSQL.

Each listing keeps a `search_text` column: its names and places in both
languages, normalised once on save. A query is normalised the same way and
matched with `contains`, so "sao paulo" finds "São Paulo", "ＪＥＴＲＯ" finds
"JETRO", "デュッセルドルフ" keeps its voicing marks, and hiragana is read as
katakana ("とうきょう" finds a stored reading "トウキョウ").

A query is read as people phrase it: the words that only frame it ("office in",
"JETRO", "ジェトロ", "の事務所", "near") are set aside before matching, so "Kenya
office" and "ケニアの事務所" ask what "Kenya" and "ケニア" ask.
"""

import re
import unicodedata

import jaconv
from django.db.models import Q

# Japanese voicing marks are combining characters too; dropping them would
# turn デュッセルドルフ into テュッセルトルフ.
_KEPT_MARKS = {"\u3099", "\u309a"}
# The katakana middle dot is spelled either way (ジェトロ・パリ, ジェトロパリ).
_DROPPED = str.maketrans("", "", "\u30fb")
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8


def fold(text):
    """NFKC, casefold, drop Latin accents (keeping Japanese voicing), NFC; kana left as written."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    decomposed = unicodedata.normalize("NFD", folded)
    kept = "".join(char for char in decomposed if char in _KEPT_MARKS or not unicodedata.combining(char))
    return " ".join(unicodedata.normalize("NFC", kept).translate(_DROPPED).split())


def normalise(text):
    """`fold`, then hiragana as katakana: the one form stored text and queries are compared in.

    NFKC does not unify the two kana; a visitor may type a name in either (とうきょう, トウキョウ).
    """
    return jaconv.hira2kata(fold(text))


# Words that only frame a query: "JETRO Paris", "office in Kenya", "offices near Lyon".
FRAME_WORDS = frozenset(
    {"jetro", "office", "offices", "branch", "branches", "representative", "in", "at", "of", "the", "near", "nearest"}
)
# In Japanese they are joined to the name: ジェトロパリ, ケニアの事務所, 東京の近く. Matched before the
# kana are folded, so that the particle の (hiragana) is never taken from a katakana name (ミラノ).
_JAPANESE_FRAMES = re.compile(
    r"(?:の)?(?:日本貿易振興機構|ジェトロ)(?:の)?"
    r"|(?:の)?(?:海外事務所|国内事務所|事務所|オフィス|拠点|支部|近く|付近|周辺)"
    r"|最寄り(?:の)?|にある"
)


def search_terms(query):
    """The normalised words of a visitor's query, without the words that only frame it, bounded in
    length and number. A query made only of such words ("JETRO", "ジェトロ") is searched as it is."""
    text = (query or "")[:MAX_QUERY_LENGTH]
    framed = [word for word in normalise(_JAPANESE_FRAMES.sub(" ", fold(text))).split() if word not in FRAME_WORDS]
    words = framed or normalise(text).split()
    return list(dict.fromkeys(words))[:MAX_TERMS]


def search_phrase(query):
    """What a query asks, as one normalised line: "Kenya office" -> "kenya", "ケニアの事務所" -> "ケニア"."""
    return " ".join(search_terms(query))


SHORT_WORD = 3


def is_short_word(term):
    return len(term) <= SHORT_WORD and term.isascii()


def word_condition(term, field="search_text"):
    """`term` as a whole word of a space-separated field, the same on SQLite and PostgreSQL."""
    return (
        Q(**{field: term})
        | Q(**{f"{field}__startswith": f"{term} "})
        | Q(**{f"{field}__endswith": f" {term}"})
        | Q(**{f"{field}__contains": f" {term} "})
    )


def build_search_text(*parts):
    """One normalised line from the parts of a listing worth finding it by, each word once."""
    words = (word for part in parts for word in normalise(part).split())
    return " ".join(dict.fromkeys(words))


def trigram_index(table, name):
    """A migration operation: a trigram GIN index on `search_text`, on PostgreSQL only.

    `contains` becomes `LIKE '%term%'`, which a trigram index serves for terms
    of three characters or more; SQLite scans, which is fine at its sizes.
    """
    from django.db import migrations

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop, elidable=False)
