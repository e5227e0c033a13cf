"""Who is signed in, and guards for views.

`current_person()` returns the signed-in Person or None. Depending on the AUTH
setting a person is signed in by a one-time e-mail link (stored in the Flask
session), or by a trusted single sign-on header (AUTH=header), or, in demo mode,
by picking a demo person.

    @bp.get("/manager")
    @roles_required("decider")
    def requests(): ...
"""
from __future__ import annotations

from datetime import timedelta

from flask import Flask, g

from .identity import current_person, deputises_today, end_sessions, has_role, load_person
from .guards import forbidden, login_required, roles_required


def init_app(app: Flask) -> None:
    """Load the signed-in person before each request and expose it to templates."""
    # The cookie expires with the sign-in (identity checks the sign-in time as well),
    # rather than Flask's default of 31 days renewed on every request.
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=app.config["SESSION_LIFETIME_HOURS"])
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    app.before_request(load_person)

    @app.context_processor
    def _person_context():
        person = g.get("person")
        admin_url = None
        if person is not None and person.is_admin and "admin.index" in app.view_functions:
            from flask import url_for
            admin_url = url_for("admin.index")
        demo_outbox_url = None
        if app.config["DEMO"] and "dev_outbox.index" in app.view_functions:
            from flask import url_for
            demo_outbox_url = url_for("dev_outbox.index")
        return {"person": person, "admin_url": admin_url, "demo_outbox_url": demo_outbox_url,
                "is_decider": person is not None and has_role(person, "decider")}

    from .errors import init_app as init_errors
    init_errors(app)


__all__ = ["current_person", "deputises_today", "end_sessions", "forbidden", "has_role", "init_app",
           "login_required", "roles_required"]
