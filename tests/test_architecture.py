"""The shape of the code: listing apps depend on the core, never the other way, and no app cycle."""

import ast
import re
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


# A project module named by its dotted path in a string: include("suggestions.urls"), a class in a setting.
DOTTED = re.compile(r"^([a-z_]+)((?:\.[A-Za-z_]\w*)+)$")


def names_a_module(dotted):
    """Whether the dotted path is a project module, or a name in one (checked on disk, never imported)."""
    parts = dotted.split(".")
    for end in range(len(parts), 1, -1):
        base = ROOT.joinpath(*parts[:end])
        if base.with_suffix(".py").is_file() or (base / "__init__.py").is_file():
            return end >= len(parts) - 1
    return False


def referenced_apps(tree):
    """(app, line) for each string that names a project module by its dotted path."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found = DOTTED.match(node.value)
            if found and found.group(1) in APPS and names_a_module(node.value):
                yield found.group(1), node.lineno


def dependencies():
    graph = {app: set() for app in APPS}
    where = {}
    for app in APPS:
        for path in app_modules(app):
            tree = ast.parse(path.read_text(), str(path))
            for other, line in [*imported_apps(tree), *referenced_apps(tree)]:
                if other != app:
                    graph[app].add(other)
                    where.setdefault((app, other), f"{path.relative_to(ROOT)}:{line}")
    return graph, where


@pytest.mark.parametrize("app", APPS)
def test_each_app_imports_only_what_it_may(app):
    graph, where = dependencies()
    forbidden = graph[app] - ALLOWED[app]
    assert not forbidden, [f"{app} -> {other} ({where[app, other]})" for other in sorted(forbidden)]


def test_a_url_include_or_a_dotted_path_counts_as_an_import():
    """offices/urls.py once included suggestions' URLs by their dotted path: an arrow the imports did not show."""
    tree = ast.parse('urlpatterns = [path("<slug:slug>/suggest/", include("suggestions.urls"))]')
    assert list(referenced_apps(tree)) == [("suggestions", 1)]
    assert "suggestions" not in ALLOWED["offices"]
    assert list(referenced_apps(ast.parse('PERMISSION = "offices.change_office"'))) == []


def test_every_dotted_path_in_the_settings_names_a_module_that_exists():
    """A class named in a setting (a middleware, a hook, a handler) moves with its module or the site fails to start."""
    settings = ROOT / "jetro_site" / "settings.py"
    stale = [
        f"{settings.relative_to(ROOT)}:{node.lineno} {node.value}"
        for node in ast.walk(ast.parse(settings.read_text()))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and (found := DOTTED.match(node.value))
        and found.group(1) in APPS
        and not names_a_module(node.value)
    ]
    assert not stale, stale


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


def arrows():
    """The allowed imports, one app a line, as docs/architecture.md shows them (printed by running this file)."""
    width = max(map(len, APPS))
    return "\n".join(
        f"{app:<{width}} -> {', '.join(sorted(ALLOWED[app] - {app}, key=APPS.index)) or '(nothing)'}" for app in APPS
    )


def test_the_architecture_doc_shows_these_arrows():
    doc = (ROOT / "docs" / "architecture.md").read_text()
    assert f"```\n{arrows()}\n```" in doc, "paste the output of `.venv/bin/python tests/test_architecture.py`"


def test_the_readme_names_every_app_and_every_decision():
    readme = (ROOT / "README.md").read_text()
    missing = [f"{app}/" for app in APPS if f"\n{app}/" not in readme]
    missing += [
        record.name for record in sorted((ROOT / "docs" / "decisions").glob("*.md")) if record.name not in readme
    ]
    assert not missing, missing


if __name__ == "__main__":
    print(arrows())
