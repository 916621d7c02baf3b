"""`make test-changed`: the tests for the change at hand (scripts/changed_tests.py)."""

import importlib.util
from pathlib import Path

from django.conf import settings

_spec = importlib.util.spec_from_file_location(
    "changed_tests", Path(settings.BASE_DIR) / "scripts" / "changed_tests.py"
)
changed_tests = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(changed_tests)
GUARDS = ["tests/test_site.py", "tests/test_architecture.py"]


def test_an_apps_change_runs_its_tests_and_the_site_wide_guards():
    assert changed_tests.test_paths({"offices/vcard.py", "templates/offices/map.html"}) == ["offices/tests", *GUARDS]
    assert changed_tests.test_paths({"places/clip.py", "templates/home.html"}) == ["places/tests", "tests", *GUARDS]


def test_a_changed_test_runs_itself_but_a_browser_test_is_left_to_make_test():
    paths = changed_tests.test_paths({"tests/test_headers.py", "tests/browser/test_map.py"})
    assert paths == ["tests/test_headers.py", *GUARDS]


def test_a_change_that_reaches_every_app_runs_every_test():
    assert changed_tests.test_paths({"offices/views.py", "core/filters.py"}) == []
    assert changed_tests.test_paths({"templates/base.html"}) == []
