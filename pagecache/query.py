"""request.GET that remembers which parameters the view asked for by name.

A cached copy is kept only when the view asked for every parameter in the
query string: one it never looked at (`?utm_source=…`, `?x=1`, `?x=2`, …)
cannot change the answer, so storing a copy for it would only fill the cache.
Reading everything at once (copying the query to build a pagination link,
iterating over it) does not count as asking: such a view echoes unknown
parameters into its links, which is one more reason not to share that answer.
"""

from django.http import QueryDict


class TrackedQueryDict(QueryDict):
    @classmethod
    def of(cls, query):
        tracked = cls("", mutable=True, encoding=query.encoding)
        for key, values in query.lists():
            tracked.setlist(key, values)
        tracked._mutable = False
        return tracked

    @property
    def asked(self):
        return self.__dict__.setdefault("_asked", set())

    def unasked(self):
        """The parameters the view never asked for by name."""
        return {key for key in dict.keys(self) if key not in self.asked}

    # Reading one parameter by name: get(), [], getlist(), `in`.
    def __getitem__(self, key):
        self.asked.add(key)
        return super().__getitem__(key)

    def _getlist(self, key, default=None, force_list=False):
        self.asked.add(key)
        return super()._getlist(key, default, force_list)

    def __contains__(self, key):
        self.asked.add(key)
        return super().__contains__(key)

    # Reading them all is not asking for any.
    def items(self):
        for key, values in self.lists():
            yield key, values[-1] if values else []

    def values(self):
        for _key, value in self.items():
            yield value

    # A copy is the view's own, plain QueryDict.
    def __copy__(self):
        return self._plain()

    def __deepcopy__(self, memo):
        return self._plain()

    def copy(self):
        return self._plain()

    def _plain(self):
        plain = QueryDict("", mutable=True, encoding=self.encoding)
        for key, values in self.lists():
            plain.setlist(key, list(values))
        return plain
