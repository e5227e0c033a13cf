"""Signing in: e-mail links (single use, expiry, rate limits, no enumeration), SSO header, demo picker, CSRF, settings."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from registration.config import SETTINGS, ConfigError, from_environment, settings_table
from registration.models import OutboxMessage


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def ask_for_link(client, email, **extra):
    return client.post("/sign-in", data={"email": email, **extra})


def sent_links(look) -> list[OutboxMessage]:
    with look() as db:
        return list(db.scalars(select(OutboxMessage).where(OutboxMessage.kind == "sign_in_link")
                               .order_by(OutboxMessage.id)))


def link_path(message: OutboxMessage) -> str:
    url = message.data["url"]
    assert url.startswith("https://kurser.kommun.example/anmalan/sign-in/")
    return url.removeprefix("https://kurser.kommun.example/anmalan")


def test_sign_in_link_arrives_through_the_outbox_and_signs_in_once(client, cast, look):
    html = page(ask_for_link(client, "  EVA@unknown.example "))  # unknown: nothing sent
    assert sent_links(look) == []
    response = ask_for_link(client, cast.employee.email.upper(), next="/sessions/mi-grund-2027-1/request")
    assert "Titta i din e-post" in page(response)
    (message,) = sent_links(look)
    assert message.recipient_email == cast.employee.email and message.language == "sv"
    path = link_path(message)
    assert "Logga in nu" in page(client.get(path))  # a GET (mail scanner) does not use it up
    response = client.post(path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/sessions/mi-grund-2027-1/request"
    assert "Eva Medarbetare" in page(client.get("/me"))
    second = client.post(path)
    assert second.status_code == 410
    assert "Länken har redan använts." in second.get_data(as_text=True)
    assert "Titta i din e-post" in html


def test_the_answer_is_the_same_whether_or_not_the_address_is_known(client, cast):
    known = page(ask_for_link(client, cast.employee.email))
    unknown = page(ask_for_link(client, "nobody@karlstad-afs.example"))
    strip = lambda html: re.sub(r'value="[^"]*"|\S+@\S+', "", html)  # CSRF token, the address itself
    assert strip(known) == strip(unknown)


def test_an_expired_link_is_refused_with_a_clear_page(client, cast, look, clock):
    ask_for_link(client, cast.employee.email)
    path = link_path(sent_links(look)[0])
    clock.advance(minutes=16)  # LOGIN_LINK_MAX_AGE is 15 minutes
    response = client.post(path)
    assert response.status_code == 410
    assert "Länken har gått ut. Begär en ny." in response.get_data(as_text=True)
    assert client.get("/me").status_code == 302  # still not signed in


def test_a_tampered_link_or_one_made_for_another_purpose_is_refused(app, client, cast, look):
    ask_for_link(client, cast.employee.email)
    path = link_path(sent_links(look)[0])
    assert client.post(path[:-3] + "abc").status_code == 410
    with app.test_request_context():
        from registration.tokens import issue_token
        approval = issue_token("approve_request", {"person": cast.employee.id}, 600)
    response = client.post(f"/sign-in/{approval}")
    assert response.status_code == 410 and "Länken är inte giltig." in response.get_data(as_text=True)


def test_link_requests_are_limited_per_address_with_a_readable_429(client, cast, look):
    for _ in range(5):
        assert ask_for_link(client, cast.employee.email).status_code == 200
    response = ask_for_link(client, cast.employee.email)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "3600"
    assert "Du har begärt för många inloggningslänkar." in response.get_data(as_text=True)
    assert len(sent_links(look)) == 5
    assert ask_for_link(client, cast.colleague.email).status_code == 200  # others are unaffected


def test_link_requests_are_limited_per_ip_across_service_processes(app_with, cast, clock):
    # Two app instances on one database stand for two service processes.
    first = app_with(LOGIN_RATE_PER_IP=3).test_client()
    second = app_with(LOGIN_RATE_PER_IP=3).test_client()
    assert ask_for_link(first, "a@karlstad-afs.example").status_code == 200
    assert ask_for_link(second, "b@karlstad-afs.example").status_code == 200
    assert ask_for_link(first, "c@karlstad-afs.example").status_code == 200
    assert ask_for_link(second, "d@karlstad-afs.example").status_code == 429
    clock.advance(hours=1, seconds=1)  # the window has passed
    assert ask_for_link(second, "d@karlstad-afs.example").status_code == 200


def test_invalid_address_is_explained_beside_the_field(client, cast):
    html = page(ask_for_link(client, "inte-en-adress"))
    assert 'id="email-error"' in html and "namn@kommun.se" in html
    assert 'aria-describedby="email-hint email-error"' in html


def test_sign_in_never_redirects_to_another_site(client, cast, look):
    ask_for_link(client, cast.employee.email, next="//evil.example/phish")
    response = client.post(link_path(sent_links(look)[0]))
    assert response.headers["Location"] == "/me"


def test_sign_out_ends_the_session(client, cast, login_as):
    login_as(cast.employee)
    assert client.get("/me").status_code == 200
    response = client.post("/sign-out")
    assert response.status_code == 302
    assert client.get("/me").status_code == 302


def test_a_deactivated_person_is_signed_out(client, cast, login_as, site_db):
    login_as(cast.employee)
    cast.employee.active = False
    site_db.add(cast.employee)
    site_db.commit()
    assert client.get("/me").status_code == 302


def test_session_cookie_is_httponly_lax_and_secure_under_https(client, cast, login_as, app_with):
    cookie = client.get("/sign-in?lang=en").headers["Set-Cookie"]  # the language choice is stored
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    plain = app_with(SERVICE_URL="http://localhost:5000").test_client()
    assert "Secure" not in plain.get("/sign-in?lang=en").headers["Set-Cookie"]


# --- single sign-on header ------------------------------------------------------------

@pytest.fixture
def sso(app_with):
    return app_with(AUTH="header").test_client()


def test_header_sign_in_maps_the_header_to_an_active_person(sso, cast):
    html = page(sso.get("/me", headers={"X-Remote-User": cast.employee.email.upper()}))
    assert "Eva Medarbetare" in html


def test_header_sign_in_refuses_people_not_in_the_directory(sso, cast):
    response = sso.get("/me", headers={"X-Remote-User": "stranger@kommun.example"})
    assert response.status_code == 403
    assert "stranger@kommun.example" in response.get_data(as_text=True)


def test_without_the_header_nobody_is_signed_in_and_there_is_no_link_form(sso, cast):
    assert sso.get("/me").status_code == 401
    assert sso.get("/sign-in").status_code == 404


def test_the_header_is_ignored_when_sign_in_is_by_e_mail(client, cast):
    assert client.get("/me", headers={"X-Remote-User": cast.employee.email}).status_code == 302


# --- demo picker ----------------------------------------------------------------------

def test_demo_picker_groups_people_and_signs_in_the_one_picked(app_with, cast):
    client = app_with(DEMO=True).test_client()
    html = page(client.get("/demo/people?next=/manager"))
    for group in ("Kursadministratörer", "Ersättare (i dag)", "Chefer", "Medarbetare"):
        assert f">{group}</h2>" in html
    response = client.post("/demo/people?next=/manager", data={"person_id": cast.manager.id})
    assert response.headers["Location"] == "/manager"
    assert "Maria Chef" in page(client.get("/manager"))


def test_demo_picker_does_not_exist_outside_demo_mode(client, cast):
    assert client.get("/demo/people").status_code == 404


# --- CSRF -----------------------------------------------------------------------------

def test_posts_without_a_csrf_token_are_refused(app_with, cast, site_db, clock):
    from registration.workflow import request_place

    made = request_place(site_db, cast.employee, "mi-grund-2027-1", "", clock.now)
    client = app_with(WTF_CSRF_ENABLED=True).test_client()
    with client.session_transaction() as session:
        session["person_id"] = cast.manager.id
    assert client.post("/manager/approve", data={"request_ids": [made.id]}).status_code == 400
    assert client.post("/sign-out").status_code == 400
    assert client.post("/sign-in", data={"email": cast.employee.email}).status_code == 400
    html = page(client.get("/manager"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post("/manager/approve", data={"request_ids": [made.id], "csrf_token": token})
    assert response.status_code == 302


# --- settings -------------------------------------------------------------------------

def test_every_setting_is_declared_once_with_help_text():
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))
    assert all(len(s.help) > 20 for s in SETTINGS)
    table = settings_table()
    assert all(f"`KURSPORTAL_{name}`" in table for name in names)


def test_environment_settings_are_parsed_to_their_types():
    parsed = from_environment({"KURSPORTAL_DEMO": "yes", "KURSPORTAL_LOGIN_LINK_MAX_AGE": "60",
                               "KURSPORTAL_AUTH": "header", "OTHER": "x"})
    assert parsed == {"DEMO": True, "LOGIN_LINK_MAX_AGE": 60, "AUTH": "header"}
    with pytest.raises(ConfigError, match="KURSPORTAL_DEMO"):
        from_environment({"KURSPORTAL_DEMO": "maybe"})


def test_the_service_refuses_to_start_in_production_without_a_secret_key(sqlite_url, monkeypatch):
    from registration import create_app

    monkeypatch.delenv("KURSPORTAL_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="KURSPORTAL_SECRET_KEY is not set"):
        create_app({"DATABASE_URL": sqlite_url, "CATALOGUE_SYNC_ON_START": False})


def test_demo_mode_cannot_be_combined_with_header_sign_in(app_with):
    with pytest.raises(ConfigError, match="cannot be combined"):
        app_with(DEMO=True, AUTH="header")


def test_environment_overrides_defaults_and_the_test_dict_overrides_the_environment(app_with, monkeypatch):
    monkeypatch.setenv("KURSPORTAL_LOGIN_LINK_MAX_AGE", "120")
    monkeypatch.setenv("KURSPORTAL_TIMEZONE", "Europe/Helsinki")
    app = app_with(TIMEZONE="Europe/Stockholm")
    assert app.config["LOGIN_LINK_MAX_AGE"] == 120
    assert app.config["TIMEZONE"] == "Europe/Stockholm"


@pytest.mark.parametrize("document", ["docs/service.md", "README.md"])
def test_the_documentation_lists_every_setting(document):
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / document).read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`KURSPORTAL_{s.name}`" not in text]
    assert missing == [], f"{document} misses {missing}: paste settings_table() there"


def test_records_of_used_links_are_dropped_once_the_links_have_expired(client, cast, look, clock):
    from registration.models import UsedToken

    ask_for_link(client, cast.employee.email)
    client.post(link_path(sent_links(look)[0]))
    with look() as db:
        assert db.scalar(select(UsedToken.jti)) is not None
    clock.advance(minutes=16)
    ask_for_link(client, cast.colleague.email)
    with look() as db:
        assert db.scalar(select(UsedToken.jti)) is None


def test_pages_carry_security_headers(client, cast):
    headers = client.get("/sign-in").headers
    assert headers["Referrer-Policy"] == "same-origin"  # a sign-in link's token never leaves the service
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src" not in headers["Content-Security-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_behind_a_proxy_the_rate_limit_counts_the_forwarded_client_address(app_with, cast):
    proxied = app_with(PROXIES=1, LOGIN_RATE_PER_IP=1).test_client()
    first = {"X-Forwarded-For": "10.0.0.1"}
    assert proxied.post("/sign-in", data={"email": "a@x.example"}, headers=first).status_code == 200
    assert proxied.post("/sign-in", data={"email": "b@x.example"}, headers=first).status_code == 429
    other = {"X-Forwarded-For": "10.0.0.2"}
    assert proxied.post("/sign-in", data={"email": "c@x.example"}, headers=other).status_code == 200
    # Without PROXIES the header is not trusted: everyone is the proxy's address.
    direct = app_with(LOGIN_RATE_PER_IP=1).test_client()
    assert direct.post("/sign-in", data={"email": "d@x.example"},
                       headers={"X-Forwarded-For": "10.0.0.3"}).status_code == 200
    assert direct.post("/sign-in", data={"email": "e@x.example"},
                       headers={"X-Forwarded-For": "10.0.0.4"}).status_code == 429


def test_the_sign_in_e_mail_carries_the_working_link_in_the_persons_language(app, client, cast, look):
    from registration.mail.render import render_message

    ask_for_link(client, cast.employee.email)
    with look() as db, app.app_context():
        row = db.scalar(select(OutboxMessage).where(OutboxMessage.kind == "sign_in_link"))
        message = render_message(db, row, row.created_at)
    text = message.get_body(("plain",)).get_content()
    assert message["To"].addresses[0].addr_spec == cast.employee.email
    assert "Använd den här länken för att logga in" in text
    url = row.data["url"]
    assert url in text
    path = url.removeprefix("https://kurser.kommun.example/anmalan")
    assert client.post(path).status_code == 302  # the link in the e-mail signs in


def test_a_demo_without_a_secret_key_shares_one_key_between_processes(tmp_path):
    from registration import _instance_secret

    # The web process and `flask outbox send` each call this with the instance folder's file.
    first, second = _instance_secret(tmp_path / "secret_key"), _instance_secret(tmp_path / "secret_key")
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
