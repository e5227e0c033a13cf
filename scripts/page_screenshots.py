"""Rebuild docs/screenshots/pages/<page>-<width>.png: the main page types at 390 and 1,280 px.

    .venv/bin/python scripts/page_screenshots.py [--out docs/screenshots/pages]

The demo content is built into a temporary site whose "request a place" links point at a
throw-away demo service (demo staff, demo picker, a temporary SQLite file, the demo's
day 2026-11-22). Two employees of one manager request a place on the first open session
(so the manager has decisions to make); then headless Chromium (Debian's
/usr/bin/chromium) photographs the catalogue's home and course page, the request page,
"My courses", the manager's decisions, and the administrator's session page, attendance
register and figures, each at 390 x 844 and 1,280 x 800 (the top of the page, as a
visitor first sees it).
"""
from __future__ import annotations

import argparse
import functools
import sys
import tempfile
import threading
from datetime import datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from registration import create_app  # noqa: E402
from registration.db import get_engine, make_session_factory  # noqa: E402
from registration.models import AttendanceMark, CourseRecord, Person, Request, SessionRecord  # noqa: E402
from registration.workflow import request_place  # noqa: E402

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
SIZES = ((390, 844), (1280, 800))


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve_wsgi(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def _serve_folder(folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def _arrange(app):
    """Two pending requests to one manager; the session with the most attendance marks."""
    db = make_session_factory(get_engine(app))()
    try:
        taken = set(db.scalars(select(Request.person_id)))
        employees = [p for p in db.scalars(select(Person).where(
            Person.is_employee.is_(True), Person.is_manager.is_(False), Person.is_admin.is_(False),
            Person.manager_id.is_not(None), Person.active.is_(True)).order_by(Person.id)) if p.id not in taken]
        for record, course in db.execute(select(SessionRecord, CourseRecord).join(CourseRecord).where(
                SessionRecord.status == "open", SessionRecord.deadline >= NOW.date())
                .order_by(SessionRecord.starts_at)):
            if course.prerequisites:
                continue
            mine = [p for p in employees if course.open_to(p.organisation_id)]
            by_manager: dict[int, list[Person]] = {}
            for person in mine:
                by_manager.setdefault(person.manager_id, []).append(person)
            group = next((people for people in by_manager.values() if len(people) >= 3), None)
            if group:
                for person, message in zip(group[:2], ("Jag vill gärna gå kursen i vår.", "")):
                    request_place(db, person, record.id, message, NOW)
                manager = db.get(Person, group[0].manager_id)
                kept = db.execute(select(AttendanceMark.session_id, func.count()).group_by(
                    AttendanceMark.session_id).order_by(func.count().desc())).first()
                admin = db.scalar(select(Person).where(Person.is_admin.is_(True)).order_by(Person.id))
                return {"employee": group[0].name, "newcomer": group[2].name, "manager": manager.name,
                        "admin": admin.name, "session": record.id, "course": course.slug,
                        "kept": kept[0] if kept else record.id}
    finally:
        db.close()
    raise SystemExit("the demo has no open session three employees of one manager could request")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots" / "pages"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright
    from plugins.catalogue_site.build import build_site

    with tempfile.TemporaryDirectory() as work:
        app = create_app({"SECRET_KEY": "screens", "DEMO": True, "CONTENT": str(ROOT / "content"),
                          "DATABASE_URL": f"sqlite:///{work}/screens.sqlite3", "NOW": lambda: NOW})
        service = _serve_wsgi(app)
        app.config["SERVICE_URL"] = service
        output = Path(work) / "site" / "output"
        output.parent.mkdir()
        build_site(ROOT / "content", output, settings_file=str(ROOT / "pelicanconf.py"),
                   overrides={"SITEURL": "", "SERVICE_URL": service, "CATALOGUE_TODAY": NOW.date()})
        site = _serve_folder(output)
        app.config["SITE_URL"] = site
        cast = _arrange(app)
        shots = [  # (name, who signs in first, URL)
            ("home", None, f"{site}/"),
            ("course", None, f"{site}/courses/{cast['course']}/"),
            ("request", cast["newcomer"], f"{service}/sessions/{cast['session']}/request"),
            ("my-courses", cast["employee"], f"{service}/me"),
            ("manager-decisions", cast["manager"], f"{service}/manager"),
            ("admin-session", cast["admin"], f"{service}/admin/sessions/{cast['kept']}"),
            ("register", cast["admin"], f"{service}/admin/sessions/{cast['kept']}/register"),
            ("figures", cast["admin"], f"{service}/admin/figures"),
        ]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=["--no-sandbox", "--disable-gpu"])
            for width, height in SIZES:
                context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
                page = context.new_page()
                signed_in = None
                for name, who, url in shots:
                    if who and who != signed_in:
                        page.goto(f"{service}/demo/people")
                        page.get_by_role("button", name=who, exact=True).first.click()
                        signed_in = who
                    page.goto(url)
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=str(out / f"{name}-{width}.png"))
                    print(out / f"{name}-{width}.png")
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
