"""Shared fixtures for tests that drive a real headless Chromium, and for tests of the built site.

Fixtures (any test under tests/browser/ can ask for them):

- ``chromium``      session-wide Playwright ``Browser`` on Debian's /usr/bin/chromium.
                    Skips the test when that binary is missing and ``CI`` is unset;
                    in CI a missing browser is an error (setup installs it).
- ``new_page``      factory: ``new_page(**context_options)`` opens a page in a fresh
                    browser context (e.g. ``java_script_enabled=False``, ``locale="en"``);
                    everything it opened is closed after the test.
- ``page``          a page in a fresh context, for the common case.
- ``page_errors``   factory: ``page_errors(page)`` returns a live list that collects
                    uncaught JavaScript exceptions and ``console.error`` messages.
- ``serve_folder``  factory: ``serve_folder(path)`` serves a folder over HTTP on
                    127.0.0.1 (free port, threaded) and returns its base URL
                    without a trailing slash; servers stop at the end of the session.
- ``built_site``    the demo ``content/`` built once per session with the real site
                    build (validation, Pelican, Pagefind) into a temporary folder,
                    as of the demo's day, with the service unreachable.
- ``site_url``      base URL of ``built_site`` served over HTTP (Pagefind needs http://).
- ``axe``           ``axe(page)`` runs axe-core's WCAG 2.0/2.1 A and AA rules on the
                    page as it is now and returns one readable line per failing
                    element; ``assert axe(page) == []`` shows them all on failure.
                    It needs JavaScript in the page (refuses pages opened without).

Plain helpers for browser tests of the service (import them):

- ``browser_app(database_url, now, content, **settings)``  the real service for a
                    browser test: a fixed clock, no catalogue sync on start.
- ``serve_app(app)``  context manager: the app on a threaded WSGI server on
                    127.0.0.1 (free port); yields its base URL, stops on exit.

Mark browser tests with ``@pytest.mark.browser``. Playwright's own browser download
(``playwright install``) is never used: it cannot reach the network here.
"""
from __future__ import annotations

import contextlib
import functools
import os
import sys
import threading
import weakref
import types
from collections.abc import Callable, Iterator
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO_DAY = date(2026, 11, 22)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root in containers, where the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Keep the browser from phoning home: tests may only use loopback.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# axe-core tags for WCAG 2.0 and 2.1, levels A and AA (what public-sector sites must meet).
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Pages opened with JavaScript off: Playwright's evaluate() never returns on them,
# so axe() refuses them at once instead of hanging the test run.
_PAGES_WITHOUT_SCRIPT: weakref.WeakSet = weakref.WeakSet()


@pytest.fixture(scope="session")
def chromium():
    """Launch headless Debian Chromium once per session and yield the Playwright browser."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; run scripts/system-packages.sh (CI must run browser tests)")
        pytest.skip(f"{CHROMIUM} is not installed (scripts/system-packages.sh installs it)")
    from playwright.sync_api import sync_playwright

    # Only one sync Playwright can run per thread. A test module outside tests/browser
    # that imports this fixture defines a second session fixture; it reuses the browser
    # already running (kept in sys.modules, which is the same whichever name pytest
    # gave this conftest module).
    shared = sys.modules.setdefault("_kursportal_shared_chromium", types.ModuleType("shared"))
    if getattr(shared, "browser", None) is not None:
        yield shared.browser
        return
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        shared.browser = browser
        try:
            yield browser
        finally:
            shared.browser = None
            browser.close()


@pytest.fixture
def new_page(chromium) -> Iterator[Callable[..., object]]:
    """Return ``new_page(**context_options)``: a page in its own fresh browser context."""
    contexts = []

    def open_page(**context_options):
        context = chromium.new_context(**context_options)
        # Fail fast instead of Playwright's 30 s default when something is wrong.
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        if context_options.get("java_script_enabled") is False:
            _PAGES_WITHOUT_SCRIPT.add(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """Yield a page in a fresh browser context (Swedish locale, like the site's users)."""
    return new_page(locale="sv-SE")


@pytest.fixture
def page_errors() -> Callable[[object], list[str]]:
    """Return ``page_errors(page)``: a list that fills with the page's JS exceptions and console errors."""

    def watch(page) -> list[str]:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
        page.on("console", lambda message: message.type == "error" and errors.append(f"console: {message.text}"))
        return errors

    return watch


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without logging every request to stderr."""

    def log_message(self, format, *args):  # noqa: A002 - name fixed by the base class
        pass


@pytest.fixture(scope="session")
def serve_folder() -> Iterator[Callable[[Path | str], str]]:
    """Return ``serve_folder(path)`` -> base URL of a threaded HTTP server on 127.0.0.1 serving ``path``."""
    servers: list[ThreadingHTTPServer] = []

    def serve(path: Path | str) -> str:
        handler = functools.partial(_QuietHandler, directory=str(path))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # port 0: the OS picks a free one
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, name=f"serve {path}", daemon=True).start()
        servers.append(server)
        host, port = server.server_address[:2]
        return f"http://{host}:{port}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Build the demo catalogue in content/ once per session; return the output folder."""
    from plugins.catalogue_site.build import build_site

    work = tmp_path_factory.mktemp("site")
    output = work / "output"
    # The build writes a fresh sibling folder and renames it into place, so the
    # output gets a parent folder of its own.
    build_site(ROOT / "content", output, settings_file=str(ROOT / "pelicanconf.py"),
               overrides=_test_site_overrides())
    if not (output / "index.html").exists():
        pytest.fail(f"site build produced no index.html in {output}")
    return output


def _test_site_overrides() -> dict:
    """Return Pelican settings for test builds: the demo's day, a service URL where nothing listens."""
    # Port 9 (discard) on loopback is never served in tests, so the live-seat fetch fails
    # fast and pages must fall back to the static capacity, as when the service is down.
    # The demo content is written for DEMO_DAY (tests/catalogue/test_demo_content.py):
    # building "as of" that day keeps upcoming sessions and request links the same
    # whatever the clock says when the tests run.
    return {"SITEURL": "", "SERVICE_URL": "http://127.0.0.1:9", "CATALOGUE_TODAY": DEMO_DAY}


@pytest.fixture(scope="session")
def site_url(built_site, serve_folder) -> str:
    """Serve the built demo site over HTTP and return its base URL (no trailing slash)."""
    return serve_folder(built_site)


def _readable_violations(response: dict) -> list[str]:
    """Turn axe-core's result into one line per failing element: rule, impact, target, why."""
    lines = []
    for violation in response["violations"]:
        for node in violation["nodes"]:
            reasons = "; ".join(
                check["message"] for key in ("any", "all", "none") for check in node.get(key, [])
            )
            target = " ".join(str(part) for part in node["target"])
            lines.append(
                f"{violation['id']} ({violation['impact']}) at {target}: {violation['help']}"
                f" -- {reasons} -- {node['html'][:160]}"
            )
    return lines


@pytest.fixture(scope="session")
def axe() -> Callable[..., list[str]]:
    """Return ``axe(page, context=None)``: readable WCAG 2.0/2.1 A+AA violations, empty when none."""
    from axe_playwright_python.sync_playwright import Axe

    checker = Axe()
    options = {"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}, "resultTypes": ["violations"]}

    def run(page, context=None) -> list[str]:
        if page in _PAGES_WITHOUT_SCRIPT:
            raise ValueError("axe-core runs as JavaScript in the page: open the page with JavaScript on")
        return _readable_violations(checker.run(page, context=context, options=options).response)

    return run


def browser_app(database_url: str, now, content, **settings):
    """The service as the browser tests run it: `now` fixed, content from `content`, no sync on start."""
    from registration import create_app

    return create_app({"SECRET_KEY": "browser-secret", "DATABASE_URL": database_url,
                       "NOW": lambda: now, "CATALOGUE_SYNC_ON_START": False, "CONTENT": str(content),
                       **settings})


@contextlib.contextmanager
def serve_app(app) -> Iterator[str]:
    """Serve `app` on a threaded WSGI server on 127.0.0.1 (free port); yield its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
