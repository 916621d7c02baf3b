"""Forgiving text search that behaves the same on SQLite and PostgreSQL.

Each listing keeps a `search_text` column: its names and places in both
languages, normalised once on save. A query is normalised the same way and
matched with `contains`, so "sao paulo" finds "São Paulo", "ＪＥＴＲＯ" finds
"JETRO", and "デュッセルドルフ" keeps its voicing marks.
"""

import unicodedata

from django.db.models import Q

# Japanese voicing marks are combining characters too; dropping them would
# turn デュッセルドルフ into テュッセルトルフ.
_KEPT_MARKS = {"\u3099", "\u309a"}
# The katakana middle dot is spelled either way (ジェトロ・パリ, ジェトロパリ).
_DROPPED = str.maketrans("", "", "\u30fb")
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8


def normalise(text):
    """NFKC, casefold, drop Latin accents (keeping Japanese voicing), NFC."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    decomposed = unicodedata.normalize("NFD", folded)
    kept = "".join(char for char in decomposed if char in _KEPT_MARKS or not unicodedata.combining(char))
    return " ".join(unicodedata.normalize("NFC", kept).translate(_DROPPED).split())


def search_terms(query):
    """The normalised words of a visitor's query, bounded in length and number."""
    words = normalise(query[:MAX_QUERY_LENGTH]).split()
    return list(dict.fromkeys(words))[:MAX_TERMS]


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
