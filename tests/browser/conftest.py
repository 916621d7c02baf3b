"""Browser tests: Debian's Chromium driven by Playwright, checked with axe-core.

Browser downloads are blocked here, so Playwright launches the system
Chromium (`CHROMIUM`, default /usr/bin/chromium). Without Chromium or
axe-core these tests are skipped with the reason, except where
REQUIRE_BROWSER=1 (CI), which turns the skip into a failure.
"""

import json
import os
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = BASE_DIR / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def missing(what):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{what} is required for the browser tests (REQUIRE_BROWSER=1).")
    pytest.skip(f"{what} is not installed; see README, 'Tests'.")


@pytest.fixture(scope="module")
def chromium():
    if not os.path.exists(CHROMIUM):
        missing(f"Chromium ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while the
    # browser is open; the tests' own ORM calls (factories) stay synchronous and safe.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
            yield browser
            browser.close()
    finally:
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def open_page(chromium, live_server):
    """open_page(width="desktop"|"phone", locale="en-GB") -> a page on the live server."""
    contexts = []

    def open_(width="desktop", locale="en-GB"):
        w, h = WIDTHS[width]
        # bypass_csp: axe is injected into the page the way a visitor's browser never would.
        context = chromium.new_context(
            base_url=live_server.url, viewport={"width": w, "height": h}, locale=locale, bypass_csp=True
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        missing(f"axe-core ({AXE.relative_to(BASE_DIR)}; run `npm ci`)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def serious_accessibility_violations(axe_source):
    """Run axe-core (WCAG 2.x A and AA rules) and return its serious and critical findings."""

    def run(page):
        page.evaluate(axe_source)
        result = page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
                resultTypes: ["violations"],
            })"""
        )
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
            if v["impact"] in {"serious", "critical"}
        ]

    return run


def screenshot(page, name):
    """Keep a screenshot of what the test saw, for people reviewing a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def describe(violations):
    return json.dumps(violations, indent=2)
