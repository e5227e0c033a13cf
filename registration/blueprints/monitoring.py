"""GET /healthz for load balancers (no sign-in) and the opt-in GET /metrics for Prometheus.

/metrics answers 404 unless METRICS_TOKEN is set, then only to
`Authorization: Bearer <METRICS_TOKEN>` (compared in constant time).
"""
from __future__ import annotations

import hmac

from flask import Blueprint, Response, abort, current_app, jsonify, request

from .. import clock
from ..db import get_engine
from ..monitoring.health import check_health
from ..monitoring.metrics import CONTENT_TYPE_LATEST, render_metrics

bp = Blueprint("monitoring", __name__)


@bp.get("/healthz")
def healthz():
    """200 with {"status": "ok", ...} when all is well, else 503 saying which check failed."""
    health = check_health(get_engine(current_app), clock.now())
    response = jsonify(health.as_json())
    response.status_code = 200 if health.ok else 503
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/metrics")
def metrics():
    """The Prometheus text format, for a scraper holding the token."""
    token = current_app.config.get("METRICS_TOKEN") or ""
    if not token:
        abort(404)
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return Response("A bearer token is required.\n", 401,
                        {"WWW-Authenticate": 'Bearer realm="metrics"', "Content-Type": "text/plain"})
    body = render_metrics(get_engine(current_app), clock.now())
    return Response(body, 200, {"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"})
