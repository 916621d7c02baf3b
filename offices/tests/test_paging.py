"""The directory's pages end where a region ends."""

from offices.paging import pack


def test_regions_are_packed_onto_pages_without_being_split():
    # Japan's 35, Asia's 30, Europe's 20, Africa's 5: no page splits a region.
    assert pack([35, 30, 20, 5], 50) == [(0, 35), (35, 50), (85, 5)]


def test_a_region_larger_than_a_page_fills_pages_of_its_own():
    assert pack([10, 120, 3], 50) == [(0, 10), (10, 50), (60, 50), (110, 20), (130, 3)]


def test_an_empty_directory_has_one_empty_page():
    assert pack([], 50) == [(0, 0)]


def test_the_directory_never_splits_a_region_across_pages(client, db):
    from offices.tests.factories import OfficeFactory

    OfficeFactory.create_batch(30, country="TH", city="Bangkok", region="asia")
    OfficeFactory.create_batch(30, country="FR", city="Paris", region="europe")
    first = client.get("/offices/")
    assert {office.region for office in first.context["page_obj"].object_list} == {"asia"}
    assert len(first.context["page_obj"].object_list) == 30
    assert "Page 1 of 2" in first.content.decode()
    second = client.get("/offices/?page=2")
    assert {office.region for office in second.context["page_obj"].object_list} == {"europe"}
    assert second.context["paginator"].count == 60


def test_an_answer_one_office_longer_than_a_page_goes_on_to_a_second_page(client, db):
    from offices.tests.factories import OfficeFactory

    OfficeFactory.create_batch(51, country="TH", city="Bangkok", region="asia")
    first = client.get("/offices/?q=bangkok")
    assert len(first.context["page_obj"].object_list) == 50
    assert "Page 1 of 2" in first.content.decode()
    second = client.get("/offices/?q=bangkok&page=2")
    assert len(second.context["page_obj"].object_list) == 1
    names = {o.name for o in first.context["page_obj"].object_list} | {second.context["page_obj"].object_list[0].name}
    assert len(names) == 51


def test_an_answer_that_fits_on_one_page_needs_no_count(client, db, django_assert_max_num_queries):
    from offices.tests.factories import OfficeFactory

    OfficeFactory.create_batch(50, country="TH", city="Bangkok", region="asia")
    with django_assert_max_num_queries(4) as captured:
        response = client.get("/offices/?q=bangkok")
    assert len(response.context["page_obj"].object_list) == 50
    assert "Page 1 of" not in response.content.decode()
    assert not any("COUNT(" in query["sql"] for query in captured.captured_queries)
