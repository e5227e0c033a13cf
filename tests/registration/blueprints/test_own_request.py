"""Nobody decides on their own request, administrators included (issue #9 item 4).

Every path that approves or declines is tried over HTTP by an administrator
who asked for a place herself: the bulk approval, the decline page, the
mailed approval and decline links, and an administrator's hand-made place.
"""
from sqlalchemy import select

from registration.auth.tokens import issue_token
from registration.models import OutboxMessage, Request, RequestState


def _own_request(build, site_db, cast, clock):
    from registration.workflow import request_place

    # An administrator who is also an employee without a manager: administrators decide for her.
    her = build.person(name="Ida Admin", is_admin=True, is_employee=True)
    made = request_place(site_db, her, cast.session.id, "", clock.now)
    return her, made


def _state(look, request_id):
    with look() as db:
        return db.get(Request, request_id).state


def test_an_administrator_cannot_approve_or_decline_her_own_request(
        client, login_as, build, site_db, cast, clock, look):
    her, made = _own_request(build, site_db, cast, clock)
    login_as(her)
    listing = client.get("/manager")
    assert listing.status_code == 200
    assert f'value="{made.id}"' not in listing.get_data(as_text=True)
    assert client.post("/manager/approve", data={"request_ids": [made.id]}).status_code == 403
    assert client.get(f"/manager/requests/{made.id}/decline").status_code == 403
    assert client.post(f"/manager/requests/{made.id}/decline",
                       data={"reason": "Ingen tid"}).status_code == 403
    assert _state(look, made.id) == RequestState.PROVISIONAL
    # The other administrator still decides.
    login_as(cast.admin)
    assert client.post("/manager/approve", data={"request_ids": [made.id]}).status_code == 302
    assert _state(look, made.id) == RequestState.CONFIRMED


def test_mailed_links_for_her_own_request_are_refused(app, client, build, site_db, cast, clock, look):
    her, made = _own_request(build, site_db, cast, clock)
    with app.test_request_context():
        links = {action: issue_token(f"{action}_request", {"request": made.id, "person": her.id}, 3600)
                 for action in ("approve", "decline")}
    for action, token in links.items():
        assert client.get(f"/links/{action}/{token}").status_code == 403
        assert client.post(f"/links/{action}/{token}", data={"reason": "Nej"}).status_code == 403
    assert _state(look, made.id) == RequestState.PROVISIONAL


def test_her_request_is_sent_to_the_other_administrators_only(build, site_db, cast, clock, look):
    her, made = _own_request(build, site_db, cast, clock)
    with look() as db:
        told = set(db.scalars(select(OutboxMessage.recipient_email)
                              .where(OutboxMessage.kind == "request_submitted")))
    assert told == {cast.admin.email}


def test_an_administrator_cannot_give_herself_a_place_by_hand(client, login_as, build, cast, look):
    her = build.person(name="Ida Admin", is_admin=True, is_employee=True)
    login_as(her)
    response = client.post(f"/admin/sessions/{cast.session.id}/add",
                           data={"email": her.email, "reason": "Jag behöver kursen"})
    assert response.status_code in (200, 302)
    with look() as db:
        assert db.scalars(select(Request).where(Request.person_id == her.id)).all() == []
    # Another administrator may.
    login_as(cast.admin)
    client.post(f"/admin/sessions/{cast.session.id}/add",
                data={"email": her.email, "reason": "Behöver kursen"})
    with look() as db:
        assert [r.state for r in db.scalars(select(Request).where(Request.person_id == her.id))] == [
            RequestState.CONFIRMED]
