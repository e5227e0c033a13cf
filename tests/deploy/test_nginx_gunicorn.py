"""The deployment of deploy/, running: Debian's nginx with the rendered site in front of gunicorn.

nginx serves the built catalogue and proxies the service over TLS (a throwaway
certificate for 127.0.0.1), each on its own loopback port as they would be on
their own host names. The service runs under gunicorn with deploy/gunicorn.conf.py
on a unix socket, with header single sign-on: nginx's basic auth stands in for
the SSO module (a test-only snippet) and sets X-Remote-User from $remote_user,
exactly as --remote-user/--auth-include render it for a real auth module.

An employee requests a place from the catalogue's link, her manager approves it,
she sees the place confirmed, every step through nginx; the e-mail's links point
at the public address. Along the way: the security headers, a client's own
X-Remote-User ignored, a too-large body refused by nginx, the static site
read-only, plain http redirected.
"""
from __future__ import annotations

import csv
import email
import re
import time
from datetime import datetime
from email import policy
from zoneinfo import ZoneInfo

import pytest
import requests
from bs4 import BeautifulSoup

from catalogue import load_catalogue
from tests.deploy.servers import (DEPLOY, ROOT, free_port, nginx_main_config, self_signed_certificate,
                                  service_environment, start_flask, start_gunicorn, start_nginx, stop, tcp_port_accepts,
                                  unix_socket_accepts, wait_until)

pytestmark = pytest.mark.deploy

PASSWORD = "test-only-password"


def _render_site(**options) -> str:
    import importlib.util

    spec = importlib.util.spec_from_file_location("deploy_nginx_render", DEPLOY / "nginx" / "render.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.render(**options)


def _staff() -> tuple[dict, dict]:
    """An employee (employee role only) of the demo directory and her manager, as rows of demo/staff.csv."""
    with open(ROOT / "demo" / "staff.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_email = {row["email"]: row for row in rows}
    for row in rows:
        manager = by_email.get(row["manager_email"])
        if row["roles"] == "employee" and manager and "manager" in manager["roles"]:
            return row, manager
    pytest.fail("demo/staff.csv has no employee with a manager")


def _open_session(organisation: str, today) -> tuple[str, str]:
    """(session id, course title) of the first session open for requests today to `organisation`."""
    catalogue = load_catalogue(ROOT / "content")
    candidates = [(session.deadline, session.id, course.title) for course, session in catalogue.sessions
                  if not course.prerequisites and course.open_to(organisation) and session.deadline >= today
                  and not (session.reserved and (session.reserved_until is None or session.reserved_until >= today))]
    if not candidates:
        pytest.fail(f"the demo content has no session open for requests on {today}: move its dates forward")
    _, session_id, title = min(candidates)
    return session_id, title


def _form_data(page: requests.Response, action_suffix: str) -> tuple[str, dict]:
    """The absolute action and the hidden fields (CSRF token) of the page's form posting to `action_suffix`."""
    soup = BeautifulSoup(page.text, "html.parser")
    for form in soup.find_all("form"):
        action = form.get("action") or page.url
        if action.split("?")[0].endswith(action_suffix):
            fields = {field["name"]: field.get("value", "") for field in form.find_all("input", type="hidden")
                      if field.get("name")}
            return requests.compat.urljoin(page.url, action), fields
    pytest.fail(f"no form posting to ...{action_suffix} on {page.url}:\n{page.text[:2000]}")


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """Build the catalogue, start gunicorn and nginx as deploy/ describes; yield the addresses and people."""
    from plugins.catalogue_site.build import build_site

    tmp_path = tmp_path_factory.mktemp("deploy")
    site_port, service_port, http_port = free_port(), free_port(), free_port()
    site, service = f"https://127.0.0.1:{site_port}", f"https://127.0.0.1:{service_port}"
    employee, manager = _staff()
    today = datetime.now(ZoneInfo("Europe/Stockholm")).date()
    session_id, title = _open_session(employee["organisation"], today)

    mail = tmp_path / "mail"
    env = service_environment(
        SECRET_KEY="deploy-test-secret", DATABASE_URL=f"sqlite:///{tmp_path / 'kursportal.sqlite3'}",
        CONTENT=str(ROOT / "content"), SITE_URL=site, SERVICE_URL=service, PROXIES="1",
        AUTH="header", AUTH_HEADER="X-Remote-User", MAIL_DIR=str(mail))
    # The directory comes in as in production, from the staff export (the demo's file);
    # the catalogue builds meanwhile.
    importing = start_flask(env, tmp_path / "import.log", "directory", "import", str(ROOT / "demo" / "staff.csv"))
    processes = [importing]
    try:
        output = tmp_path / "site" / "output"
        output.parent.mkdir()
        build_site(ROOT / "content", output, settings_file=str(ROOT / "pelicanconf.py"),
                   overrides={"SITEURL": "", "SERVICE_URL": service, "CATALOGUE_TODAY": today})

        web = tmp_path / "nginx"
        web.mkdir()
        cert, key = self_signed_certificate(web)
        # Test-only stand-in for the SSO module: basic auth with plain passwords.
        htpasswd = web / "htpasswd"
        htpasswd.write_text("".join(f"{person['email']}:{{PLAIN}}{PASSWORD}\n" for person in (employee, manager)),
                            encoding="utf-8")
        sso = web / "sso-test.conf"
        sso.write_text(f'auth_basic "Kursportal test";\nauth_basic_user_file {htpasswd};\n'
                       '# The service has no use for the password.\nproxy_set_header Authorization "";\n',
                       encoding="utf-8")
        sock = tmp_path / "gunicorn.sock"
        site_file = web / "kursportal.conf"
        site_file.write_text(_render_site(
            site_url=site, service_url=service, output_dir=str(output), upstream=f"unix:{sock}",
            tls_cert=str(cert), tls_key=str(key), http_port=http_port, listen_address="127.0.0.1",
            remote_user="$remote_user", auth_include=str(sso)), encoding="utf-8")
        config = nginx_main_config(web, site_file)

        if importing.wait(60) != 0:
            pytest.fail(f"directory import failed:\n{(tmp_path / 'import.log').read_text(errors='replace')}")
        gunicorn = start_gunicorn(sock, tmp_path / "gunicorn.log", env)
        processes.append(gunicorn)
        # The outbox sender runs beside the service, as kursportal-outbox.service does.
        processes.append(start_flask(env, tmp_path / "outbox.log", "outbox", "send", "--loop", "--interval", "0.3"))
        nginx = start_nginx(web, config)
        processes.append(nginx)
        wait_until(lambda: all(tcp_port_accepts(p) for p in (site_port, service_port, http_port)),
                   "nginx", nginx, web / "error.log")
        # Ready when a worker answers through nginx (the socket accepts before workers have
        # migrated and synced the catalogue).
        probe = _client({"cert": str(cert)})
        wait_until(lambda: unix_socket_accepts(sock) and probe.get(
            f"{service}/api/sessions/{session_id}", timeout=5).status_code == 200,
            "gunicorn", gunicorn, tmp_path / "gunicorn.log", timeout=30)
        yield {"site": site, "service": service, "http_port": http_port, "cert": str(cert), "env": env,
               "mail": mail, "employee": employee, "manager": manager, "session_id": session_id,
               "title": title, "output": output, "gunicorn_log": tmp_path / "gunicorn.log"}
    finally:
        for process in reversed(processes):
            stop(process)


def _client(deployment, person: dict | None = None) -> requests.Session:
    client = requests.Session()
    # Loopback only, and our certificate only: no proxy or CA bundle from the environment
    # (requests would let REQUESTS_CA_BUNDLE override `verify`).
    client.trust_env = False
    client.verify = deployment["cert"]
    if person:
        client.auth = (person["email"], PASSWORD)
    return client


def _post(client: requests.Session, page: requests.Response, action_suffix: str, **fields) -> requests.Response:
    """Submit the page's form as a browser would: its hidden fields, and the page as Referer."""
    action, data = _form_data(page, action_suffix)
    data.update(fields)
    return client.post(action, data=data, headers={"Referer": page.url}, timeout=20)


def _wait_for_mail(folder, address: str, timeout: float = 15) -> str:
    """The plain-text body of the first e-mail to `address` the outbox sender writes into `folder`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(folder.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            if address in message["To"]:
                return message.get_body(preferencelist=("plain",)).get_content()
        time.sleep(0.2)
    pytest.fail(f"no e-mail to {address} in {folder} after {timeout} s")


def _assert_common_headers(response: requests.Response) -> None:
    headers = response.headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "nginx/" not in headers.get("Server", "")  # server_tokens off: no version
    # One copy each (nginx hides the service's own).
    for name in ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"):
        assert "," not in headers[name], f"{name} sent twice: {headers[name]}"


def test_request_and_approval_through_nginx_and_gunicorn(deployment):
    site, service = deployment["site"], deployment["service"]
    employee, manager = deployment["employee"], deployment["manager"]
    session_id, title = deployment["session_id"], deployment["title"]
    visitor = _client(deployment)

    # The catalogue: static files from output/, with its own CSP.
    home = visitor.get(site + "/", timeout=20)
    assert home.status_code == 200 and "text/html" in home.headers["Content-Type"]
    _assert_common_headers(home)
    csp = home.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self' 'wasm-unsafe-eval'" in csp
    assert f"connect-src 'self' {service}" in csp
    assert visitor.get(site + "/theme/css/site.css", timeout=20).headers["Content-Type"].startswith("text/css")
    assert visitor.post(site + "/", data="x", timeout=20).status_code == 403  # read-only
    # Both languages' search indexes are served; the build's hash record is not.
    for bundle in ("pagefind", "en/pagefind"):
        entry = visitor.get(f"{site}/{bundle}/pagefind.js", timeout=20)
        assert entry.status_code == 200 and "expires" in {k.lower() for k in entry.headers}
    if (deployment["output"] / ".build-record.json").exists():
        assert visitor.get(site + "/.build-record.json", timeout=20).status_code == 404
    course_page = next(path for path in deployment["output"].rglob("*.html") if "/en/" not in str(path)
                       and f'data-request="{session_id}"' in path.read_text(encoding="utf-8"))
    page = visitor.get(f"{site}/{course_page.relative_to(deployment['output']).as_posix()}", timeout=20)
    link = BeautifulSoup(page.text, "html.parser").find("a", attrs={"data-request": session_id})["href"]
    assert link == f"{service}/sessions/{session_id}/request"

    # Without signing in at the proxy there is no way in.
    assert visitor.get(link, timeout=20).status_code == 401

    # The employee requests a place.
    staff = _client(deployment, employee)
    form_page = staff.get(link, timeout=20)
    assert form_page.status_code == 200, form_page.text[:2000]
    _assert_common_headers(form_page)
    assert "frame-ancestors 'none'" in form_page.headers["Content-Security-Policy"]  # the service's own
    assert title in form_page.text
    sent = _post(staff, form_page, f"/sessions/{session_id}/request", message="Gärna i vår.")
    assert sent.status_code == 200 and sent.url == f"{service}/me", sent.text[:2000]
    assert "Väntar på godkännande" in sent.text

    # The manager's e-mail links to the public address, and the link works through nginx.
    text = _wait_for_mail(deployment["mail"], manager["email"])
    approve_links = re.findall(re.escape(service) + r"/\S*approve/\S+", text)
    assert approve_links, text
    boss = _client(deployment, manager)
    assert boss.get(approve_links[0].rstrip(">)."), timeout=20).status_code == 200

    # The manager approves from the list.
    requests_page = boss.get(f"{service}/manager", timeout=20)
    assert requests_page.status_code == 200
    row = next(tr for tr in BeautifulSoup(requests_page.text, "html.parser").find_all("tr")
               if employee["name"] in tr.get_text())
    request_id = row.find("input", type="checkbox")["value"]
    approved = _post(boss, requests_page, "/manager/approve", request_ids=request_id)
    assert approved.status_code == 200 and "1 anmälan godkänd." in approved.text, approved.text[:2000]

    mine = staff.get(f"{service}/me", timeout=20)
    assert "Plats bekräftad" in mine.text

    # A client naming someone else in the SSO header is still who the proxy signed in.
    for header in ("X-Remote-User", "X_Remote_User"):
        posing = staff.get(f"{service}/manager", headers={header: manager["email"]}, timeout=20)
        assert posing.status_code == 403, f"{header} from the client reached the service"

    # nginx refuses a body over the limit before gunicorn sees it, with the headers on its own page.
    too_big = boss.post(f"{service}/manager/approve", data={"request_ids": "1" * 100_000},
                        headers={"Referer": f"{service}/manager"}, timeout=20)
    assert too_big.status_code == 413
    _assert_common_headers(too_big)
    gunicorn_log = deployment["gunicorn_log"].read_text(errors="replace")
    assert "POST /manager/approve" in gunicorn_log and gunicorn_log.count("POST /manager/approve") == 1

    # Plain http only redirects to https.
    plain = visitor.get(f"http://127.0.0.1:{deployment['http_port']}/courses/", allow_redirects=False, timeout=20)
    assert plain.status_code == 301 and plain.headers["Location"] == "https://127.0.0.1/courses/"


@pytest.mark.browser
def test_the_catalogues_scripts_work_under_its_content_security_policy(deployment, new_page, page_errors):
    """Search (Pagefind, WebAssembly) and live seat counts (the service's API) in Chromium, through nginx."""
    page = new_page(locale="sv-SE", ignore_https_errors=True)
    errors = page_errors(page)  # a CSP violation shows as a console error
    word = deployment["title"].split()[0]
    page.goto(f"{deployment['site']}/search/?q={word}")
    page.locator("#search-results a").first.wait_for(state="visible")
    course = next(path for path in deployment["output"].rglob("*.html") if "/en/" not in str(path)
                  and f'data-request="{deployment["session_id"]}"' in path.read_text(encoding="utf-8"))
    with page.expect_response(lambda response: "/api/sessions/" in response.url) as seats:
        page.goto(f"{deployment['site']}/{course.relative_to(deployment['output']).as_posix()}")
    assert seats.value.ok
    page.wait_for_load_state("networkidle")
    assert errors == []
