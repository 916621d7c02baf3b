"""Filtered, paginated lists: the same steps for every public list page."""

from django.core.paginator import Paginator

PAGE_SIZE = 50


def filtered_page(request, filterset_class, queryset, per_page=PAGE_SIZE):
    """Apply a FilterSet to the query string and return one page of the result.

    A value that does not validate (country=ZZ, a query too long) is left out
    of the filtering and reported in `filter_errors`, so the page can say what
    it ignored instead of failing or silently changing the question.
    """
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    filter_errors = {} if filterset.is_valid() else filterset.errors
    paginator = Paginator(filterset.qs, per_page)
    # get_page() answers a page number that is not a number, or out of range,
    # with the first or last page.
    page_obj = paginator.get_page(request.GET.get("page"))
    active_filters = [
        (name, filterset.form.fields[name].label, value)
        for name, value in filterset.form.cleaned_data.items()
        if value not in (None, "") and name not in filter_errors
    ]
    return {
        "filterset": filterset,
        "filter_errors": filter_errors,
        "active_filters": active_filters,
        "page_obj": page_obj,
        "paginator": paginator,
    }
