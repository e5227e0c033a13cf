"""Who may open or do what: every route against every kind of visitor, as status codes.

The scene: Eva (employee) has a request awaiting approval on mi-grund-2027-1 and a
confirmed place on another course; her manager Maria has a deputy today (Dana)
and had one last autumn (Per). 302 on a POST means the action went through (it
redirects back); 302 for anonymous visitors means "sign in first".
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from registration.models import Deputy
from registration.models.evaluations import EvaluationInvitation
from registration.workflow import approve_request, request_place

ACTORS = ["anonymous", "employee", "other_employee", "manager", "other_manager",
          "deputy_in_period", "deputy_out_of_period", "admin"]


@dataclass
class Route:
    """One route, and the status expected for each actor (actors not listed: `default`)."""

    method: str
    url: str
    expected: dict
    default: int
    data: dict | None = None


SIGN_IN = 302
ANYONE_SIGNED_IN = {"anonymous": SIGN_IN}
DECIDERS = {"anonymous": SIGN_IN, "manager": 200, "other_manager": 200, "deputy_in_period": 200,
            "admin": 200}
MAY_DECIDE_EVA = {"anonymous": SIGN_IN, "manager": 302, "deputy_in_period": 302, "admin": 302}

ROUTES = {
    "request page": Route("GET", "/sessions/mi-grund-2027-1/request", ANYONE_SIGNED_IN, 200),
    "send a request": Route("POST", "/sessions/mi-grund-2027-2/request", ANYONE_SIGNED_IN, 302,
                            {"message": ""}),
    "my courses": Route("GET", "/me", ANYONE_SIGNED_IN, 200),
    "my personal data": Route("GET", "/me/data.json", ANYONE_SIGNED_IN, 200),
    "cancel Eva's request": Route("POST", "/me/requests/{pending}/cancel",
                                  {"anonymous": SIGN_IN, "employee": 302}, 403),
    "calendar file": Route("GET", "/sessions/ips-grund-2027-1.ics",
                           {"anonymous": SIGN_IN, "employee": 200}, 403),
    "requests to decide": Route("GET", "/manager", DECIDERS, 403),
    "staff bookings": Route("GET", "/manager/staff", DECIDERS, 403),
    "approve Eva's request": Route("POST", "/manager/approve", MAY_DECIDE_EVA, 403,
                                   {"request_ids": "{pending}"}),
    "decline form for Eva's request": Route(
        "GET", "/manager/requests/{pending}/decline",
        {"anonymous": SIGN_IN, "manager": 200, "deputy_in_period": 200, "admin": 200}, 403),
    "decline Eva's request": Route("POST", "/manager/requests/{pending}/decline", MAY_DECIDE_EVA,
                                   403, {"reason": "Inte nu"}),
    "deputy page": Route("GET", "/manager/deputies",
                         {"anonymous": SIGN_IN, "manager": 200, "other_manager": 200}, 403),
    "remove Maria's deputy": Route("POST", "/manager/deputies/{deputy_period}/remove",
                                   {"anonymous": SIGN_IN, "manager": 302}, 403),
    "API list": Route("GET", "/api/sessions", {}, 200),
    "API session": Route("GET", "/api/sessions/mi-grund-2027-1", {}, 200),
    "sign-in page": Route("GET", "/sign-in", {}, 200),
    "demo picker (not in demo mode)": Route("GET", "/demo/people", {}, 404),
    # Eva's evaluation invitation: only she gets past the guard (410: this app has no
    # programme file, so the form is "no longer asked"); everyone else is told nothing.
    "Eva's evaluation form": Route("GET", "/me/evaluations/{invitation}",
                                   {"anonymous": SIGN_IN, "employee": 410}, 404),
    "answer Eva's evaluation": Route("POST", "/me/evaluations/{invitation}",
                                     {"anonymous": SIGN_IN, "employee": 410}, 404,
                                     {"q-knowledge": "yes-absolutely"}),
    "a forged evaluation link": Route("GET", "/evaluations/not-a-token", {}, 400),
}


@pytest.fixture
def scene(cast, build, site_db, clock):
    """Eva's pending request, her confirmed place elsewhere, and the ids routes need."""
    build.session(id="mi-grund-2027-2")
    build.session(id="ips-grund-2027-1", course="ips-grundkurs", capacity=5)
    pending = request_place(site_db, cast.employee, "mi-grund-2027-1", "", clock.now)
    placed = request_place(site_db, cast.employee, "ips-grund-2027-1", "", clock.now)
    approve_request(site_db, placed.id, cast.manager, clock.now)
    period = site_db.scalar(select(Deputy.id).where(Deputy.deputy_id == cast.deputy.id))
    invitation = EvaluationInvitation(
        form="evaluation", session_id="ips-grund-2027-1", person_id=cast.employee.id, unit="",
        organisation_id=cast.employee.organisation_id, invited_at=clock.now, reminders_sent=0,
        answered=False, nonce="demo-nonce")
    site_db.add(invitation)
    site_db.commit()
    people = {"anonymous": None, "employee": cast.employee, "other_employee": cast.colleague,
              "manager": cast.manager, "other_manager": cast.other_manager,
              "deputy_in_period": cast.deputy, "deputy_out_of_period": cast.past_deputy,
              "admin": cast.admin}
    return people, {"pending": pending.id, "deputy_period": period, "invitation": invitation.id}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", list(ROUTES))
def test_who_may_open_or_do_what(name, actor, client, login_as, scene):
    route = ROUTES[name]
    people, ids = scene
    login_as(people[actor])
    url = route.url.format(**ids)
    data = {k: v.format(**ids) for k, v in (route.data or {}).items()}
    response = client.open(url, method=route.method, data=data)
    expected = route.expected.get(actor, route.default)
    assert response.status_code == expected, f"{route.method} {url} as {actor}"
    if actor == "anonymous" and expected == SIGN_IN:
        assert response.headers["Location"].startswith("/sign-in?next=")
