"""Pages of the directory that never split a region: a visitor sees a region whole, on one page.

Regions are packed onto pages of about PAGE_SIZE offices in directory order; a region
with more offices than a page holds (only at synthetic sizes) fills pages of its own.
The regions' sizes cost one grouped count, as a plain page count would; an answer that fits
on one page (most searches) needs none: its rows are read once, and they are the page.
"""

from functools import cached_property

from django.core.paginator import Page
from django.db.models import Case, CharField, Count, Value, When
from django.db.models.functions import Substr

from core.list_pages import KeptCountPaginator


def region_of_key():
    """The part of `directory_key` that names the region (offices.directory_order):
    "0-0" national bodies, "0-1-NN" a region of Japan, "1-NN" a world region."""
    return Case(
        When(directory_key__startswith="0-0", then=Value("0-0")),
        When(directory_key__startswith="0-1-", then=Substr("directory_key", 1, 6)),
        default=Substr("directory_key", 1, 4),
        output_field=CharField(),
    )


def pack(sizes, per_page):
    """[(offset, length)] of each page, given the regions' sizes in order."""
    pages, offset, current = [], 0, 0
    for size in sizes:
        if current and current + size > per_page:
            pages.append((offset, current))
            offset, current = offset + current, 0
        if size > per_page:
            # Too big for any page: pages of its own.
            for start in range(0, size, per_page):
                pages.append((offset + start, min(per_page, size - start)))
            offset += size
            continue
        current += size
    if current:
        pages.append((offset, current))
    return pages or [(0, 0)]


class RegionPaginator(KeptCountPaginator):
    """A Paginator whose pages end where a region ends. `object_list` is in directory order.

    `keep(compute)` keeps the pages' layout, from which the count follows: the grouped
    count costs more to build than to run, and grows with the directory.
    """

    @cached_property
    def _pages(self):
        return self.keep(self._count_pages)

    @cached_property
    def _first(self):
        """A page's worth of offices from the start, and one more to tell whether there are more."""
        return list(self.object_list[: self.per_page + 1])

    def _count_pages(self):
        if len(self._first) <= self.per_page:
            return [(0, len(self._first))]
        rows = (
            self.object_list.order_by()
            .annotate(region_key=region_of_key())
            .values("region_key")
            .annotate(size=Count("pk"))
            .order_by("region_key")
        )
        return pack([row["size"] for row in rows], self.per_page)

    @cached_property
    def count(self):
        return sum(length for _offset, length in self._pages)

    @cached_property
    def num_pages(self):
        return len(self._pages)

    def page(self, number):
        number = self.validate_number(number)
        offset, length = self._pages[number - 1]
        if "_first" in self.__dict__ and offset + length <= len(self._first):
            return Page(self._first[offset : offset + length], number, self)  # read already
        return Page(self.object_list[offset : offset + length], number, self)
