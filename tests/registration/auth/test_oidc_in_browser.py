"""OpenID Connect sign-in and sign-out in headless Chromium, as a person clicks through them.

What requests cannot show: the browser's own rules. The service's pages carry a
Content-Security-Policy whose form-action also governs where a form's redirect
may go (sign-out goes on to the provider), and the session cookie is SameSite=Lax
while the provider sends the browser back from its own forms.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import axe, chromium, new_page  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def test_a_person_signs_in_and_out_through_the_provider_in_a_browser(
        start_service, provider, eva, new_page, axe):  # noqa: F811 - fixtures
    url = start_service()
    page = new_page(locale="sv-SE")
    # The provider's development pages import a web font: nothing may leave loopback.
    page.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname
               in ("127.0.0.1", "127.0.0.2") else route.abort())
    page.goto(url + "/me")
    assert page.url.startswith(provider + "/interaction/")
    page.fill("input[name=login]", "eva")
    page.fill("input[name=password]", "any")
    page.click("button[type=submit]")
    page.click("button[type=submit]")  # consent
    page.wait_for_url(url + "/me")
    assert page.get_by_role("heading", level=1).inner_text() == "Mina utbildningar"
    assert "Eva Medarbetare" in page.content()

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(provider + "/session/end**")
    page.click("button[value=yes]")
    page.wait_for_url(url + "/oidc/signed-out**")
    assert page.get_by_role("heading", level=1).inner_text() == "Du är utloggad"
    assert axe(page) == []

    page.goto(url + "/me")
    assert page.url.startswith(provider + "/interaction/")  # signed out at the provider too
