"""GET /healthz for load balancers, the opt-in /metrics for Prometheus, JSON log lines
(issue #13 item 4)."""
from __future__ import annotations

import io
import json
import logging
from datetime import timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from registration.db import get_engine
from registration.workflow import request_place
from registration.workflow.outbox import enqueue

TOKEN = "s3cret-scraper-token"


def metrics_of(response) -> dict:
    """{(name, labels...): value} from a Prometheus text page."""
    found = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            found[(sample.name, *sorted(sample.labels.values()))] = sample.value
    return found


def test_healthz_answers_ok_without_signing_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.is_json
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["migrations"]["ok"]
    assert body["checks"]["mail"] == {"ok": True, "oldest_undelivered_seconds": None, "failed": 0,
                                      "stuck_after_seconds": 900}
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_is_unhealthy_when_mail_has_waited_too_long(client, site_db, clock):
    enqueue(site_db, "sign_in_link", "eva@karlstad.example", "sv", {}, clock.now - timedelta(minutes=20))
    site_db.commit()
    response = client.get("/healthz")
    assert response.status_code == 503
    mail = response.get_json()["checks"]["mail"]
    assert mail["ok"] is False and mail["oldest_undelivered_seconds"] == 20 * 60


def test_healthz_is_unhealthy_when_migrations_are_behind(app, client):
    with get_engine(app).begin() as connection:
        connection.execute(text("DELETE FROM alembic_version WHERE version_num = '0013_people_hr'"))
    response = client.get("/healthz")
    assert response.status_code == 503
    migrations = response.get_json()["checks"]["migrations"]
    assert migrations["missing"] == ["0013_people_hr"] and "db upgrade" in migrations["hint"]


def test_healthz_is_unhealthy_when_the_database_cannot_be_opened(app, client, sqlite_url):
    engine = get_engine(app)
    engine.dispose()
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    path.mkdir()  # a folder where the file was: SQLite cannot open it
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"]["ok"] is False


def test_metrics_are_off_without_a_token(client):
    assert client.get("/metrics").status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}"])
def test_metrics_refuse_a_scraper_without_the_token(app_with, header):
    client = app_with(METRICS_TOKEN=TOKEN).test_client()
    response = client.get("/metrics", headers={"Authorization": header} if header else {})
    assert response.status_code == 401 and "Bearer" in response.headers["WWW-Authenticate"]


def test_metrics_show_requests_per_state_the_outbox_and_refused_sign_ins(app_with, cast, site_db,
                                                                        clock):
    app = app_with(METRICS_TOKEN=TOKEN)
    client = app.test_client()
    request_place(site_db, cast.employee, cast.session.id, "", clock.now)
    request_place(site_db, cast.colleague, cast.session.id, "", clock.now)
    clock.advance(minutes=3)
    before = metrics_of(client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}))
    assert client.get("/sign-in/not-a-real-token").status_code == 410
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200 and response.mimetype == "text/plain"
    found = metrics_of(response)
    assert found[("kursportal_requests", "provisional")] == 2
    assert found[("kursportal_requests", "confirmed")] == 0
    # Each request queued mail to the employee and the manager (and the deputy), still pending.
    assert found[("kursportal_outbox_pending",)] >= 2
    assert found[("kursportal_outbox_oldest_pending_seconds",)] == 180
    assert found[("kursportal_outbox_failed",)] == 0
    key = ("kursportal_sign_in_failures_total", "invalid")
    assert found[key] == before.get(key, 0) + 1


def test_json_log_lines_carry_the_request_without_its_query_string(app_with):
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        app = app_with(LOG_FORMAT="json")
        stream = io.StringIO()
        root.handlers[0].setStream(stream)
        app.test_client().get("/healthz?token=secret")
        app.logger.warning("something to say")
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    request_line = next(line for line in lines if line["logger"] == "registration.requests")
    assert (request_line["method"], request_line["path"], request_line["status"]) == ("GET", "/healthz", 200)
    assert request_line["time"].endswith("Z") and request_line["duration_ms"] >= 0
    assert "secret" not in stream.getvalue()
    assert any(line["message"] == "something to say" and line["level"] == "WARNING" for line in lines)


def test_an_unknown_log_format_is_refused_at_start(app_with):
    from registration.config import ConfigError

    with pytest.raises(ConfigError, match="LOG_FORMAT"):
        app_with(LOG_FORMAT="xml")
