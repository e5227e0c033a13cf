"""The JSON API the static catalogue reads for live seat counts.

GET /api/sessions and /api/sessions/<id> give each session's id, course, title,
capacity, seats_taken, waiting, deadline, open and starts_at. Readable
cross-origin from SITE_URL only (any origin in demo mode when SITE_URL is unset);
cached briefly so a busy catalogue page does not hammer the service.
"""
from __future__ import annotations

from contextlib import closing

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import func, select

from .. import clock
from ..exports.reading import reading_session
from ..models import CourseRecord, Request, SessionRecord, WAITING_STATES

bp = Blueprint("api", __name__, url_prefix="/api")

CACHE_SECONDS = 30


# Plain columns, not ORM objects: this is the service's busiest read.
_COLUMNS = (SessionRecord.id, SessionRecord.course_slug, CourseRecord.title, SessionRecord.capacity,
            SessionRecord.seats_taken, SessionRecord.deadline, SessionRecord.status,
            SessionRecord.starts_at)


def session_json(row, waiting: int, today) -> dict:
    """Return the public facts of one session (a row of _COLUMNS) as a JSON-able dict."""
    session_id, course, title, capacity, seats_taken, deadline, status, starts_at = row
    return {
        "id": session_id,
        "course": course,
        "title": title,
        "capacity": capacity,
        "seats_taken": seats_taken,
        "waiting": waiting,
        "deadline": deadline.isoformat(),
        "open": status == "open" and today <= deadline,
        "starts_at": starts_at.isoformat(),
        "status": status,
    }


def _query(session_id: str | None = None):
    waiting = (select(Request.session_id, func.count().label("waiting"))
               .where(Request.state.in_(WAITING_STATES)).group_by(Request.session_id).subquery())
    query = (select(*_COLUMNS, func.coalesce(waiting.c.waiting, 0))
             .join(CourseRecord, CourseRecord.slug == SessionRecord.course_slug)
             .outerjoin(waiting, waiting.c.session_id == SessionRecord.id)
             .order_by(SessionRecord.starts_at, SessionRecord.id))
    if session_id is not None:
        query = query.where(SessionRecord.id == session_id)
    return query


@bp.get("/sessions")
def sessions():
    """List every session with its live seat counts."""
    today = clock.today()
    # Read without the SQLite write lock: catalogue pages poll this, and sign-ups must not wait.
    with closing(reading_session(current_app)) as db:
        rows = db.execute(_query()).all()
    return jsonify([session_json(row[:-1], row[-1], today) for row in rows])


@bp.get("/sessions/<session_id>")
def session(session_id: str):
    """One session's live seat counts; 404 JSON for an unknown id."""
    with closing(reading_session(current_app)) as db:
        row = db.execute(_query(session_id)).first()
    if row is None:
        return jsonify(error="unknown session", id=session_id), 404
    return jsonify(session_json(row[:-1], row[-1], clock.today()))


@bp.after_request
def add_headers(response):
    """Allow the catalogue's origin to read the API, and let caches keep answers briefly."""
    site = current_app.config["SITE_URL"].rstrip("/")
    origin = request.headers.get("Origin")
    if site:
        if origin == site:
            response.headers["Access-Control-Allow-Origin"] = site
        response.headers.add("Vary", "Origin")
    elif current_app.config["DEMO"]:
        # Demo without a configured catalogue origin: public, read-only data.
        response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response
