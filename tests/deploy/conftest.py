"""Fixtures for tests/deploy: the browser fixtures of tests/browser, for pages served by nginx."""
from tests.browser.conftest import chromium, new_page, page_errors  # noqa: F401 - fixtures, used by name
