"""The tests for the change at hand (`make test-changed`): print the pytest paths for what this branch changes.

    changed_tests.py [BASE]     BASE: the branch to compare with (default main)

Each app's tests (`offices/` and `templates/offices/` -> `offices/tests`), a changed test file itself, and
the site-wide guards (`tests/test_site.py`, `tests/test_architecture.py`). A change that reaches every app
(`core/`, `jetro_site/`, the shared templates, the stylesheet, the requirements...) prints nothing: pytest
then runs every test. The browser tests are left to `make test` (the Makefile passes -m "not browser").
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUARDS = ["tests/test_site.py", "tests/test_architecture.py"]
EVERYWHERE = (
    "core/", "jetro_site/", "conftest.py", "manage.py", "templates/base.html", "templates/includes/",
    "templates/error_base.html", "static/", "locale/", "pyproject.toml", "requirements", "package",
)  # fmt: skip
# Apps whose tests are elsewhere: the pages app's are the site-wide ones.
TESTS_OF = {"pages": "tests", "countries": "tests"}


def changed_files(base):
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()  # noqa: S603, S607

    return set(git("diff", "--name-only", f"{base}...HEAD") + git("diff", "--name-only", "HEAD"))


def test_paths(files):
    """The pytest paths for `files`, or [] for every test."""
    if any(name.startswith(EVERYWHERE) for name in files):
        return []
    paths = []
    for name in sorted(files):
        parts = Path(name).parts
        if parts[0] == "tests" and name.endswith(".py") and "browser" not in parts:
            paths.append(name)
            continue
        app = parts[1] if parts[0] == "templates" and len(parts) > 2 else parts[0]
        if parts[0] == "templates" and len(parts) == 2:
            app = "pages"  # home, search, about...
        tests = TESTS_OF.get(app, f"{app}/tests")
        if (ROOT / tests).is_dir():
            paths.append(tests)
    return list(dict.fromkeys([*paths, *GUARDS]))


if __name__ == "__main__":
    print(" ".join(test_paths(changed_files(sys.argv[1] if len(sys.argv) > 1 else "main"))))
