"""The registration service: a Flask app for requesting, approving and managing course places.

Run it with `flask --app registration run` (development) or
`gunicorn "registration:create_app()"` (production). Settings: registration/config.py.
"""
from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from . import config as settings

log = logging.getLogger(__name__)
csrf = CSRFProtect()

def create_app(test_config: dict | None = None) -> Flask:
    """Create the service: defaults, then instance/config.py, then KURSPORTAL_* variables, then `test_config`."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(settings.defaults())
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(settings.from_environment())
    if test_config:
        app.config.update(test_config)
    settings.check(app.config)
    _finish_config(app)

    from . import db, i18n, protected_names
    from .auth import init_app as init_auth

    csrf.init_app(app)
    i18n.init_app(app)
    protected_names.init_app(app)
    db.init_app(app)
    init_auth(app)
    _register_blueprints(app)
    _register_monitoring(app)
    _register_cli(app)
    app.after_request(_security_headers)
    if app.config["PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    if app.config["CATALOGUE_SYNC_ON_START"]:
        sync_catalogue_on_start(app)
    if app.config["DEMO"] and not app.config.get("TESTING"):
        from .cli.demo import load_demo_if_empty
        load_demo_if_empty(app)
    return app


def _finish_config(app: Flask) -> None:
    """Derive settings that follow from others (secret in demo, cookie flags, database file)."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        # Only reachable in demo/debug/testing (config.check refuses otherwise).
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path) / "secret_key")
        log.warning("No KURSPORTAL_SECRET_KEY: using the key in instance/secret_key (demo only).")
    if not app.config.get("DATABASE_URL"):
        from .db import default_url
        app.config["DATABASE_URL"] = default_url(app.instance_path)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=app.config["SERVICE_URL"].startswith("https://"),
        # CSRF tokens live as long as the session, so a form left open over lunch still works.
        WTF_CSRF_TIME_LIMIT=None,
    )


# No scripts at all; inline styles only for the demo outbox's rendered e-mail.
CONTENT_SECURITY_POLICY = ("default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                           "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def _security_headers(response):
    """Keep pages out of frames, sniffing and other sites' Referer logs (sign-in links carry tokens)."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _instance_secret(path: Path) -> str:
    """Return the key stored at `path`, creating it once.

    The web process and `flask outbox send` must sign and check links with the
    same key, so a demo without KURSPORTAL_SECRET_KEY shares one via the instance folder.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


def _register_blueprints(app: Flask) -> None:
    from .auth import views as auth_views
    from .blueprints import (admin, api, approvals, certificates, decision_links, demo_sign_in,
                             dev_outbox, evaluations, guests, law_pages, my_courses, my_data,
                             records, time_statements)

    for blueprint in (auth_views.bp, my_courses.bp, approvals.bp, api.bp, decision_links.bp,
                      admin.bp, records.bp, dev_outbox.bp, my_data.bp, evaluations.bp,
                      time_statements.bp, law_pages.bp, certificates.bp, guests.bp):
        app.register_blueprint(blueprint)
    if app.config["DEMO"]:
        app.register_blueprint(demo_sign_in.bp)
    from .auth import oidc
    oidc.init_app(app)  # its routes exist only when AUTH=oidc


def _register_monitoring(app: Flask) -> None:
    """GET /healthz, the opt-in /metrics, and JSON log lines when LOG_FORMAT=json."""
    from .blueprints import monitoring

    app.register_blueprint(monitoring.bp)
    if app.config["LOG_FORMAT"] == "json":
        from .monitoring.json_logs import use_json_logs

        use_json_logs(app)


def _register_cli(app: Flask) -> None:
    from .cli import init_app as init_cli

    init_cli(app)


def sync_catalogue_on_start(app: Flask) -> None:
    """Load content/ and sync it into the database; log the report (a broken catalogue is logged, not fatal)."""
    from catalogue import CatalogueError, load_catalogue

    from . import clock
    from .db import get_engine, make_session_factory
    from .workflow.catalogue_sync import sync_catalogue

    content = Path(app.config["CONTENT"])
    if not content.is_dir():
        log.warning("Catalogue sync skipped: CONTENT folder %s does not exist", content)
        return
    try:
        catalogue = load_catalogue(content, timezone=app.config["TIMEZONE"])
    except CatalogueError as error:
        # The service keeps running on the last good sync; the editors see the problems in the build.
        log.error("Catalogue sync skipped, content has problems:\n%s", error)
        return
    from .content import remember

    remember(content, catalogue, app.config["TIMEZONE"])  # the evaluation pages and the report read it
    with app.app_context():
        session = make_session_factory(get_engine(app))()
        try:
            report = sync_catalogue(session, catalogue, clock.now())
        finally:
            session.close()
    log.info("Catalogue sync: %s", report)
