"""What every listing's queryset can say: who may see it, who may edit it, what is due a check, what matches a query.

Visibility is a queryset method, never a filtered default manager: the admin
sees every row, the public site asks for `.public()`.
"""

from django.db import models
from django.db.models import Q

from .roles import is_scoped
from .search import is_short_word, search_terms, word_condition
from .verification import due_for_verification


class ListingQuerySet(models.QuerySet):
    def public(self):
        """Listings a visitor may see: published ones."""
        return self.filter(is_published=True)

    def for_editor(self, user):
        """The listings `user` may see and change in the admin (core.roles).

        Everything for a national editor or a superuser (their permissions say
        what they may do with it); nothing for an office editor, because only
        offices have a scope (OfficeQuerySet.for_editor overrides this). Any
        other listing stays with the national editors.
        """
        return self.none() if is_scoped(user) else self

    def needing_verification(self, today=None):
        """Never verified by an editor, or not for a year (core.verification)."""
        return self.filter(due_for_verification(today))

    def search(self, query):
        """Every word of the query in the listing's normalised `search_text` (core.search).

        A word of one to three Latin letters must match a whole word ("uk" is not found
        inside "fukui", nor "ny" inside "germany"); longer words and Japanese, which has
        no spaces between words, match anywhere.
        """
        queryset = self
        for term in search_terms(query or ""):
            queryset = queryset.filter(word_condition(term) if is_short_word(term) else Q(search_text__contains=term))
        return queryset

    def related_public(self, relation):
        """The published listings at the other end of `relation`, found through the
        relation itself, so that an app need not import the app that defines it."""
        return self.model._meta.get_field(relation).related_model.objects.public()
