"""The shape of the code: listing apps depend on the core, never the other way, and no app cycle."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "core", "places", "pagecache", "offices", "services", "pages", "opendata", "suggestions", "enquiries", "jetro_site",
)  # fmt: skip
# What each app may import from the project. jetro_site (settings, URLs, WSGI) wires everything.
ALLOWED = {
    "core": set(),
    "places": {"core"},
    "pagecache": {"core"},
    "offices": {"core", "pagecache", "places"},
    "services": {"core", "pagecache", "places", "offices"},
    "pages": {"core", "pagecache", "places", "offices", "services"},
    "opendata": {"core", "pagecache", "places", "offices", "services"},
    # The public's corrections to offices and services, and their review.
    "suggestions": {"core", "pagecache", "places", "offices", "services"},
    # Visitors' written enquiries and their mail; its privacy page names the suggestions' retention too.
    "enquiries": {"core", "pagecache", "places", "offices", "services", "suggestions"},
    "jetro_site": set(APPS),
}


def app_modules(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "tests" not in path.relative_to(ROOT).parts:
            yield path


def imported_apps(tree, *, deferred_only=False):
    """(app, line) for each import of a project app; with deferred_only, those inside a function."""
    nodes = ast.walk(tree)
    if deferred_only:
        functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
        nodes = (inner for function in functions for inner in ast.walk(function))
    for node in nodes:
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in APPS:
                yield top, node.lineno


def dependencies():
    graph = {app: set() for app in APPS}
    where = {}
    for app in APPS:
        for path in app_modules(app):
            for other, line in imported_apps(ast.parse(path.read_text(), str(path))):
                if other != app:
                    graph[app].add(other)
                    where.setdefault((app, other), f"{path.relative_to(ROOT)}:{line}")
    return graph, where


@pytest.mark.parametrize("app", APPS)
def test_each_app_imports_only_what_it_may(app):
    graph, where = dependencies()
    forbidden = graph[app] - ALLOWED[app]
    assert not forbidden, [f"{app} -> {other} ({where[app, other]})" for other in sorted(forbidden)]


def test_the_core_depends_on_no_listing_app():
    graph, where = dependencies()
    assert graph["core"] == set(), [where["core", other] for other in graph["core"]]


def test_no_app_depends_on_itself_through_others():
    graph, _where = dependencies()

    def reaches(start, target, seen=()):
        return any(nxt == target or (nxt not in seen and reaches(nxt, target, (*seen, nxt))) for nxt in graph[start])

    cycles = [app for app in APPS if reaches(app, app)]
    assert not cycles, f"import cycles through {cycles}"


def test_no_import_of_another_app_is_deferred_into_a_function():
    """A deferred import is how a cycle hides; an app imports what it needs at the top."""
    deferred = []
    for app in APPS:
        for path in app_modules(app):
            if "migrations" in path.parts:
                continue
            for other, line in imported_apps(ast.parse(path.read_text(), str(path)), deferred_only=True):
                if other != app:
                    deferred.append(f"{path.relative_to(ROOT)}:{line} imports {other}")
    assert not deferred, deferred


def test_no_module_passes_about_400_lines():
    long = [
        f"{path.relative_to(ROOT)}: {count}"
        for app in APPS
        for path in app_modules(app)
        if "migrations" not in path.parts and (count := len(path.read_text().splitlines())) > 420
    ]
    assert not long, long
