"""The directory's pages end where a region ends."""

from offices.paging import pack


def test_regions_are_packed_onto_pages_without_being_split():
    # Japan's 35, Asia's 30, Europe's 20, Africa's 5: no page splits a region.
    assert pack([35, 30, 20, 5], 50) == [(0, 35), (35, 50), (85, 5)]


def test_a_region_larger_than_a_page_fills_pages_of_its_own():
    assert pack([10, 120, 3], 50) == [(0, 10), (10, 50), (60, 50), (110, 20), (130, 3)]


def test_an_empty_directory_has_one_empty_page():
    assert pack([], 50) == [(0, 0)]
