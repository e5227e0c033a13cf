"""Single sign-on with OpenID Connect (AUTH=oidc) against a real OpenID provider on loopback.

The provider is the npm package oidc-provider, run by oidc_provider/provider.mjs
(installed with `npm ci` by scripts/test-node-packages.sh, which ./dev test runs)
on 127.0.0.2; the service runs under werkzeug on 127.0.0.1, so each keeps its own
cookies as on two real hosts. A requests session plays the browser: it follows
every redirect and fills in the provider's login and consent pages. Some
provider clients get ID tokens spoiled in one way (wrong audience, expired,
wrong nonce), re-signed with the provider's key, to show each check holds.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from registration.config import ConfigError
from registration.models import Person
from tests.registration.auth.conftest import HONEST, SECRET


def only_form(response, action=None) -> tuple[str, dict]:
    """The action URL and the filled-in fields of the page's one form (or its one form to `action`)."""
    soup = BeautifulSoup(response.text, "html.parser")
    (form,) = soup.find_all("form", **({"action": action} if action else {}))
    fields = {field["name"]: field.get("value", "") for field in form.find_all("input")
              if field.get("name")}
    return requests.compat.urljoin(response.url, form["action"]), fields


def through_provider(browser, response, login: str, *, follow=True):
    """Sign in at the provider's login page as `login` and consent; return the service's answer.

    With follow=False, stop at the provider's redirect back to the service (not yet followed).
    """
    action, fields = only_form(response)
    assert fields.get("prompt") == "login", response.text
    response = browser.post(action, data={**fields, "login": login, "password": "any"})
    action, fields = only_form(response)
    assert fields.get("prompt") == "consent", response.text
    response = browser.post(action, data=fields, allow_redirects=follow)
    while not follow and "/oidc/callback" not in response.headers.get("Location", ""):
        response = browser.get(requests.compat.urljoin(response.url, response.headers["Location"]),
                               allow_redirects=False)
    return response


def signed_in_as(browser, url) -> str | None:
    """The name on "My courses" if the browser is signed in at the service, else None."""
    response = browser.get(url + "/me", allow_redirects=False)
    if response.status_code != 200:
        return None
    return BeautifulSoup(response.text, "html.parser").find(string=lambda s: "Eva" in s)


def people_count(look) -> int:
    with look() as db:
        return db.scalar(select(func.count(Person.id)))


def test_a_directory_person_signs_in_with_state_nonce_and_pkce_and_lands_where_they_were_going(
        start_service, provider, eva):
    url = start_service()
    browser = requests.Session()
    response = browser.get(url + "/me/data.json")
    # The service sent the browser to the provider with state, nonce and an S256 code challenge.
    (to_provider,) = [step for step in response.history if step.headers["Location"].startswith(provider)]
    asked = parse_qs(urlsplit(to_provider.headers["Location"]).query)
    assert asked["client_id"] == [HONEST] and asked["response_type"] == ["code"]
    assert asked["redirect_uri"] == [url + "/oidc/callback"]
    assert asked["code_challenge_method"] == ["S256"] and len(asked["code_challenge"][0]) >= 43
    assert asked["state"][0] and asked["nonce"][0]
    assert "openid" in asked["scope"][0].split()

    landed = through_provider(browser, response, "eva")
    assert landed.status_code == 200 and landed.url == url + "/me/data.json"
    assert "eva.medarbetare@kommun.example" in landed.text
    assert signed_in_as(browser, url)


def test_someone_the_directory_does_not_hold_is_refused_and_nobody_is_created(
        start_service, eva, look):
    url = start_service()
    before = people_count(look)
    browser = requests.Session()
    refused = through_provider(browser, browser.get(url + "/me"), "stranger")
    assert refused.status_code == 403
    assert "stranger@annan-kommun.example" in refused.text
    assert people_count(look) == before
    assert browser.get(url + "/me", allow_redirects=False).status_code == 302


@pytest.mark.parametrize("client_id", ["kursportal-other-audience", "kursportal-other-audience-azp",
                                       "kursportal-expired", "kursportal-other-nonce"])
def test_an_id_token_that_is_not_for_this_sign_in_is_refused(start_service, eva, client_id):
    url = start_service(client_id)
    browser = requests.Session()
    refused = through_provider(browser, browser.get(url + "/me"), "eva")
    assert refused.status_code == 401
    assert refused.url.startswith(url + "/oidc/callback")
    assert BeautifulSoup(refused.text, "html.parser").find("a", href="/oidc/sign-in")
    assert browser.get(url + "/me", allow_redirects=False).status_code == 302


def test_the_same_provider_account_signs_in_when_its_token_is_honest(start_service, eva):
    # The control for the refusals above: same person, same pages, the honest client.
    url = start_service(HONEST)
    browser = requests.Session()
    assert through_provider(browser, browser.get(url + "/me"), "eva").status_code == 200


def test_an_answer_whose_state_was_not_issued_to_this_browser_is_refused(start_service, eva):
    url = start_service()
    browser = requests.Session()
    back = through_provider(browser, browser.get(url + "/me"), "eva", follow=False)
    callback = urlsplit(back.headers["Location"])
    query = parse_qs(callback.query)
    forged = urlunsplit(callback._replace(query=urlencode({**{k: v[0] for k, v in query.items()},
                                                           "state": "forged-state"})))
    assert browser.get(forged).status_code == 400
    # Nor does the genuine answer work in another browser (an attacker's link to a victim).
    assert requests.get(back.headers["Location"]).status_code == 400
    assert signed_in_as(browser, url) is None


def test_the_claim_can_be_the_upn_from_the_userinfo_endpoint(start_service, eva):
    url = start_service(OIDC_EMAIL_CLAIM="upn")
    browser = requests.Session()
    landed = through_provider(browser, browser.get(url + "/me"), "upn-only")
    assert landed.status_code == 200 and landed.url == url + "/me"
    assert signed_in_as(browser, url)


def test_sign_out_ends_the_session_here_and_at_the_provider(start_service, provider, eva):
    url = start_service()
    browser = requests.Session()
    page = through_provider(browser, browser.get(url + "/me"), "eva")
    copied_cookie = browser.cookies.get("session", domain="127.0.0.1")
    action, fields = only_form(page, action="/sign-out")
    to_provider = browser.post(action, data=fields, allow_redirects=False)
    location = to_provider.headers["Location"]
    assert location.startswith(provider + "/session/end")
    asked = parse_qs(urlsplit(location).query)
    assert asked["post_logout_redirect_uri"] == [url + "/oidc/signed-out"]
    assert asked["id_token_hint"][0].count(".") == 2
    assert signed_in_as(browser, url) is None  # ended here before the provider is asked

    confirm = browser.get(location)
    action, fields = only_form(confirm)
    done = browser.post(action, data={**fields, "logout": "yes"})
    assert done.status_code == 200 and done.url.startswith(url + "/oidc/signed-out")

    # The provider's session is over too: signing in again asks for the login.
    again = browser.get(url + "/me")
    assert only_form(again)[1].get("prompt") == "login"
    # And a copy of the old session cookie signs nobody in.
    thief = requests.Session()
    thief.cookies.set("session", copied_cookie, domain="127.0.0.1")
    assert signed_in_as(thief, url) is None


def test_an_unreachable_provider_gets_a_page_saying_so(app_with, service):
    url = service.serve(app_with(AUTH="oidc", OIDC_ISSUER="http://127.0.0.1:9",
                                 OIDC_CLIENT_ID=HONEST, OIDC_CLIENT_SECRET=SECRET,
                                 SERVICE_URL=service.url))
    response = requests.get(url + "/me")
    assert response.status_code == 503
    assert response.url == url + "/oidc/sign-in?next=/me"


def test_sign_in_pages_of_other_modes_are_not_there_under_oidc(start_service):
    url = start_service()
    assert requests.get(url + "/sign-in", allow_redirects=False).headers["Location"] == "/oidc/sign-in"


def test_oidc_routes_exist_only_under_auth_oidc(app_with):
    client = app_with().test_client()
    assert client.get("/oidc/sign-in").status_code == 404
    assert client.get("/oidc/callback?code=x&state=y").status_code == 404


@pytest.mark.parametrize("missing", ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"])
def test_oidc_without_its_provider_registration_refuses_to_start(app_with, missing):
    settings = {"OIDC_ISSUER": "https://login.example/tenant/v2.0", "OIDC_CLIENT_ID": "kursportal",
                "OIDC_CLIENT_SECRET": SECRET}
    settings[missing] = ""
    with pytest.raises(ConfigError, match=f"needs KURSPORTAL_{missing}"):
        app_with(AUTH="oidc", **settings)


@pytest.mark.parametrize("settings, message", [
    ({"OIDC_ISSUER": "http://login.example/tenant"}, "expected an https URL"),
    ({"OIDC_SCOPES": "email profile"}, "must include openid"),
    ({"DEMO": True}, "cannot be combined with KURSPORTAL_AUTH=oidc"),
])
def test_unsafe_oidc_settings_refuse_to_start(app_with, settings, message):
    base = {"OIDC_ISSUER": "https://login.example/tenant/v2.0", "OIDC_CLIENT_ID": "kursportal",
            "OIDC_CLIENT_SECRET": SECRET}
    with pytest.raises(ConfigError, match=message):
        app_with(AUTH="oidc", **{**base, **settings})


def test_the_refusal_and_signed_out_pages_are_valid_html(start_service, tmp_path):
    from tests.registration.blueprints.test_html_validity import vnu_errors

    url = start_service()
    pages = {"signed-out": requests.get(url + "/oidc/signed-out"),
             "refused": requests.get(url + "/oidc/callback?code=x&state=not-issued")}
    assert [pages["signed-out"].status_code, pages["refused"].status_code] == [200, 400]
    files = []
    for name, response in pages.items():
        files.append(tmp_path / f"{name}.html")
        files[-1].write_text(response.text, encoding="utf-8")
    assert "Du är utloggad" in pages["signed-out"].text
    assert "Logga in med ditt konto i organisationen" in pages["refused"].text
    assert vnu_errors(files) == []


def test_a_sign_in_cancelled_at_the_provider_is_refused_with_a_way_back(start_service, eva):
    url = start_service()
    browser = requests.Session()
    login_page = browser.get(url + "/me")
    cancel = BeautifulSoup(login_page.text, "html.parser").find("a", string=lambda s: "Cancel" in s)
    refused = browser.get(requests.compat.urljoin(login_page.url, cancel["href"]))
    assert refused.status_code == 401 and refused.url.startswith(url + "/oidc/callback?error=access_denied")
    assert BeautifulSoup(refused.text, "html.parser").find("a", href="/oidc/sign-in")
    assert signed_in_as(browser, url) is None


def test_a_discovery_document_that_names_another_issuer_is_not_trusted(app_with, service, provider):
    from tests.registration.auth.conftest import Service

    # A look-alike: the real provider's document, served elsewhere (say, a spoofed host).
    document = requests.get(provider + "/.well-known/openid-configuration", timeout=10).content

    def serve_document(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/json")])
        return [document]

    look_alike = Service()
    look_alike.serve(serve_document)
    try:
        url = service.serve(app_with(AUTH="oidc", OIDC_ISSUER=look_alike.url, OIDC_CLIENT_ID=HONEST,
                                     OIDC_CLIENT_SECRET=SECRET, SERVICE_URL=service.url))
        response = requests.get(url + "/me", allow_redirects=True)
        assert response.status_code == 503 and response.url.startswith(url + "/oidc/sign-in")
    finally:
        look_alike.server.shutdown()
