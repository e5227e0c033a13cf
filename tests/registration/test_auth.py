"""Signing in: e-mail links (single use, expiry, rate limits, no enumeration), SSO header, demo picker, CSRF, settings."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from registration.auth.identity import session_values
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
        from registration.auth.tokens import issue_token
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
        session.update(session_values(cast.manager, int(clock().timestamp())))
    assert client.post("/manager/approve", data={"request_ids": [made.id]}).status_code == 400
    assert client.post("/sign-out").status_code == 400
    assert client.post("/sign-in", data={"email": cast.employee.email}).status_code == 400
    html = page(client.get("/manager"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post("/manager/approve", data={"request_ids": [made.id], "csrf_token": token})
    assert response.status_code == 302


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


# --- where sign-in returns to (issue 9.1) ----------------------------------------------

BAD_NEXT = ["/\t/evil.example/phish", "/\n/evil.example", "/\r\n/evil.example", "/ /evil.example",
            "//evil.example/phish", "/\\evil.example", "/\\/evil.example", "https://evil.example/",
            "/\x00/evil.example", "/\u2028/evil.example", "javascript:alert(1)", "evil.example/x"]


@pytest.mark.parametrize("target", BAD_NEXT)
def test_after_the_link_sign_in_never_leaves_the_service(client, cast, look, target):
    assert page(client.get("/sign-in", query_string={"next": target}))
    ask_for_link(client, cast.employee.email, next=target)
    response = client.post(link_path(sent_links(look)[0]))
    assert response.status_code == 302
    assert response.headers["Location"] == "/me"


@pytest.mark.parametrize("target", BAD_NEXT)
def test_the_demo_picker_never_leaves_the_service_either(app_with, cast, target):
    client = app_with(DEMO=True).test_client()
    assert page(client.get("/demo/people", query_string={"next": target}))
    response = client.post("/demo/people", query_string={"next": target},
                           data={"person_id": cast.manager.id})
    assert response.status_code == 302
    assert response.headers["Location"] == "/me"


def test_a_path_on_the_service_with_its_query_is_kept(client, cast, look):
    ask_for_link(client, cast.employee.email, next="/sessions/mi-grund-2027-1/request?lang=en#x")
    response = client.post(link_path(sent_links(look)[0]))
    assert response.headers["Location"] == "/sessions/mi-grund-2027-1/request?lang=en#x"


def _as_a_browser_reads_it(location: str) -> str:
    # WHATWG URL parsing drops ASCII tab and newline anywhere and leading/trailing
    # C0 controls and spaces, and reads "\" as "/" in http(s) URLs.
    cleaned = "".join(ch for ch in location if ch not in "\t\n\r").strip("\x00- ")
    return cleaned.replace("\\", "/")


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
       | st.builds(lambda a, b: a + b, st.sampled_from(["/", "//", "/\\", "/\t", "\\", " /"]),
                   st.text(max_size=20)))
@settings(max_examples=500, deadline=None)
def test_safe_next_only_ever_returns_a_local_path(target):
    from urllib.parse import urlsplit

    from registration.auth.views import safe_next

    result = safe_next(target)
    if result is None:
        return
    assert result == target
    seen = _as_a_browser_reads_it(result)
    parts = urlsplit(seen)
    assert seen.startswith("/") and not seen.startswith("//")
    assert not parts.scheme and not parts.netloc
    assert not any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in result)


@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.~åäö", min_size=1,
                        max_size=12), min_size=1, max_size=5),
       st.text(alphabet="abc=&0123", max_size=10))
@settings(max_examples=200, deadline=None)
def test_safe_next_keeps_every_ordinary_path(segments, query):
    from registration.auth.views import safe_next

    path = "/" + "/".join(segments) + (f"?{query}" if query else "")
    assert safe_next(path) == path


# --- sessions end when they should (issue 9.2) -----------------------------------------

def _signed_in_by_link(client, look, person):
    ask_for_link(client, person.email)
    assert client.post(link_path(sent_links(look)[-1])).status_code == 302
    return client.get_cookie("session").value


def _with_cookie(app, value):
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def test_a_cookie_copied_before_sign_out_no_longer_opens_anything(app, client, cast, look):
    copied = _signed_in_by_link(client, look, cast.employee)
    assert page(_with_cookie(app, copied).get("/me"))  # the copy works while signed in
    assert client.post("/sign-out").status_code == 302
    thief = _with_cookie(app, copied)
    assert thief.get("/me").status_code == 302
    assert thief.get("/me/data.json").status_code == 302
    assert client.get("/me").status_code == 302


def test_signing_in_again_ends_the_earlier_session(app, client, cast, look):
    first = _signed_in_by_link(client, look, cast.employee)
    second_device = app.test_client()
    _signed_in_by_link(second_device, look, cast.employee)
    assert page(second_device.get("/me"))
    assert _with_cookie(app, first).get("/me").status_code == 302


def test_a_sign_in_lasts_the_documented_lifetime(app, client, cast, look, clock):
    assert app.config["SESSION_LIFETIME_HOURS"] == 12
    assert app.permanent_session_lifetime.total_seconds() == 12 * 3600
    _signed_in_by_link(client, look, cast.employee)
    clock.advance(hours=11, minutes=59)
    assert page(client.get("/me"))
    clock.advance(minutes=2)
    assert client.get("/me").status_code == 302


def test_the_session_cookie_expires_with_the_sign_in(app, client, cast, look):
    ask_for_link(client, cast.employee.email)
    response = client.post(link_path(sent_links(look)[0]))
    expires = re.search(r"Expires=([^;]+)", response.headers["Set-Cookie"]).group(1)
    # Flask sets the cookie's expiry from the real clock, not the test clock.
    left = parsedate_to_datetime(expires) - datetime.now(timezone.utc)
    assert timedelta(hours=11, minutes=55) < left <= timedelta(hours=12)


def test_an_old_style_cookie_without_a_session_version_signs_nobody_in(client, cast):
    with client.session_transaction() as session:
        session["person_id"] = cast.employee.id
    assert client.get("/me").status_code == 302


def test_an_operator_can_end_every_session_of_a_person(app, client, cast, look):
    _signed_in_by_link(client, look, cast.employee)
    result = app.test_cli_runner().invoke(
        args=["person", "sign-out-everywhere", cast.employee.email.upper()])
    assert result.exit_code == 0, result.output
    assert cast.employee.email in result.output
    assert client.get("/me").status_code == 302
    unknown = app.test_cli_runner().invoke(args=["person", "sign-out-everywhere", "x@y.example"])
    assert unknown.exit_code != 0 and "x@y.example" in unknown.output


def test_under_single_sign_on_sign_out_and_versions_do_not_get_in_the_way(app_with, cast):
    sso = app_with(AUTH="header").test_client()
    header = {"X-Remote-User": cast.employee.email}
    assert page(sso.get("/me", headers=header))
    assert sso.post("/sign-out", headers=header).status_code == 302
    assert page(sso.get("/me", headers=header))  # the proxy still vouches for her
    assert sso.get("/me/data.json", headers=header).status_code == 200


# --- the rate limit holds under parallel requests (issue 9.6) --------------------------

@pytest.mark.parametrize("limited_by", ["address", "ip"])
def test_parallel_link_requests_never_get_past_the_limit(database_url, clock, tmp_path, limited_by):
    """30 requests at once (threads, each its own connection) on SQLite and on the real PostgreSQL."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import func
    from sqlalchemy.orm import sessionmaker

    from registration.db import get_engine
    from registration.models import SignInAttempt
    from tests.builders import Builder
    from tests.builders import make_app

    app = make_app(database_url, clock, tmp_path, LOGIN_RATE_PER_ADDRESS=5,
                   LOGIN_RATE_PER_IP=5 if limited_by == "ip" else 1000)
    arrange = sessionmaker(bind=get_engine(app), expire_on_commit=False)()
    eva = Builder(arrange).person(email="eva@karlstad-afs.example")
    arrange.close()
    parallel = 30
    start = threading.Barrier(parallel)

    def ask(n: int) -> int:
        client = app.test_client()
        email = eva.email if limited_by == "address" else f"x{n}@karlstad-afs.example"
        ip = f"10.0.{n // 250}.{n % 250 + 1}" if limited_by == "address" else "10.9.9.9"
        start.wait()
        return client.post("/sign-in", data={"email": email},
                           environ_base={"REMOTE_ADDR": ip}).status_code

    with ThreadPoolExecutor(parallel) as pool:
        codes = list(pool.map(ask, range(parallel)))
    assert sorted(codes) == [200] * 5 + [429] * 25
    with make_session_factory_for(app)() as db:
        assert db.scalar(select(func.count()).select_from(SignInAttempt)) == 5
        links = db.scalar(select(func.count()).select_from(OutboxMessage))
    assert links == (5 if limited_by == "address" else 0)
    get_engine(app).dispose()


def make_session_factory_for(app):
    from registration.db import get_engine, make_session_factory

    return make_session_factory(get_engine(app))


# --- known and unknown addresses take the same steps (issue 9.7) ------------------------

def test_a_known_and_an_unknown_address_take_the_same_steps(app, client, cast, monkeypatch):
    """The same SQL (but the one outbox row), the same commits, a token signed either way."""
    from sqlalchemy import event

    from registration.auth import views
    from registration.db import get_engine

    engine = get_engine(app)
    seen: list[str] = []
    tokens: list[object] = []
    real_issue = views.issue_token

    def issue_and_note(purpose, subject, max_age):
        tokens.append(subject)
        return real_issue(purpose, subject, max_age)

    monkeypatch.setattr(views, "issue_token", issue_and_note)

    def statement(conn, cursor, text, parameters, context, executemany):
        seen.append(" ".join(text.split()))

    def commit(conn):
        seen.append("COMMIT")

    def steps(email: str) -> list[str]:
        seen.clear()
        event.listen(engine, "before_cursor_execute", statement)
        event.listen(engine, "commit", commit)
        try:
            assert ask_for_link(client, email).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", statement)
            event.remove(engine, "commit", commit)
        return list(seen)

    steps("warm-up@karlstad-afs.example")  # first-request work (caches, templates) out of the way
    known = steps(cast.employee.email)
    unknown = steps("nobody@karlstad-afs.example")
    outbox_rows = [s for s in known if s.startswith("INSERT INTO outbox")]
    assert len(outbox_rows) == 1
    assert [s for s in known if s not in outbox_rows] == unknown
    assert known.count("COMMIT") == unknown.count("COMMIT")
    assert [subject["person"] is None for subject in tokens] == [True, False, True]
