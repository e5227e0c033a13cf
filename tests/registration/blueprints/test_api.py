"""The JSON API the static catalogue reads: live seat counts per session, CORS for the catalogue only."""
from __future__ import annotations

import pytest

from registration.workflow import request_place


@pytest.fixture
def busy_session(cast, build, site_db, clock):
    """The 3-seat session with 3 seat holders and 2 on the waiting list."""
    for _ in range(5):
        request_place(site_db, build.employee(cast.other_manager), "mi-grund-2027-1", "", clock.now)
    return cast.session


def test_sessions_list_gives_the_live_counts_of_every_session(client, busy_session, build):
    build.session(id="mi-grund-2027-2", capacity=20)
    response = client.get("/api/sessions")
    assert response.status_code == 200 and response.is_json
    by_id = {s["id"]: s for s in response.get_json()}
    assert by_id["mi-grund-2027-1"] == {
        "id": "mi-grund-2027-1", "course": "mi-grundkurs", "title": "Kurs mi-grundkurs",
        "capacity": 3, "seats_taken": 3, "waiting": 2, "deadline": "2027-01-20", "open": True,
        "starts_at": "2027-02-03T08:00:00+00:00", "status": "open"}
    assert (by_id["mi-grund-2027-2"]["seats_taken"], by_id["mi-grund-2027-2"]["waiting"]) == (0, 0)


def test_one_session_and_unknown_ids_answer_404_json(client, busy_session):
    assert client.get("/api/sessions/mi-grund-2027-1").get_json()["waiting"] == 2
    response = client.get("/api/sessions/nope")
    assert response.status_code == 404 and response.get_json()["error"] == "unknown session"


def test_a_session_is_closed_after_its_deadline_or_when_withdrawn(client, cast, build, clock):
    build.session(id="withdrawn-1", status="withdrawn")
    assert client.get("/api/sessions/withdrawn-1").get_json()["open"] is False
    clock.advance(days=16)
    assert client.get("/api/sessions/mi-grund-2027-1").get_json()["open"] is False


def test_cors_allows_the_catalogue_origin_only_and_answers_are_cached_briefly(client, cast):
    from_site = client.get("/api/sessions", headers={"Origin": "https://kurser.kommun.example"})
    assert from_site.headers["Access-Control-Allow-Origin"] == "https://kurser.kommun.example"
    assert "Origin" in from_site.headers["Vary"]
    assert from_site.headers["Cache-Control"] == "public, max-age=30"
    elsewhere = client.get("/api/sessions", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in elsewhere.headers


def test_demo_without_a_catalogue_origin_lets_any_page_read(app_with):
    app = app_with(SITE_URL="", DEMO=True)
    response = app.test_client().get("/api/sessions", headers={"Origin": "http://localhost:8000"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_api_needs_no_sign_in_and_sets_no_cookie(client, cast):
    response = client.get("/api/sessions")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_api_answers_while_a_sign_up_holds_the_database_write_lock(client, cast, site_db):
    import time

    from sqlalchemy import text

    site_db.execute(text("SELECT 1"))  # SQLite: BEGIN IMMEDIATE, the write lock is held
    try:
        started = time.monotonic()
        response = client.get("/api/sessions/mi-grund-2027-1")
        assert response.status_code == 200
        assert time.monotonic() - started < 2  # not waiting for the 30 s busy timeout
    finally:
        site_db.commit()
