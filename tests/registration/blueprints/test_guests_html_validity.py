"""The guest pages are valid HTML (vnu): the form empty and with errors, sent, confirm, cancel, refused."""
from __future__ import annotations

from registration.auth.tokens import issue_token
from registration.workflow.guests import GuestDetails, confirm_guest_request, submit_guest_request
from tests.registration.blueprints.test_html_validity import vnu_errors


def test_the_guest_pages_are_valid_html(app, client, cast, build, site_db, clock, tmp_path):
    build.guest_organisation("arvika-ifo")
    build.guest_organisation("guest-other")
    cast.session.guests_open = True
    site_db.commit()
    waiting = submit_guest_request(site_db, cast.session.id, GuestDetails(
        "Gun Gäst", "gun@arvika.example", "arvika-ifo", "", "chef@arvika.example"), clock.now,
        confirm_hours=48)
    other = submit_guest_request(site_db, cast.session.id, GuestDetails(
        "Greta Gäst", "greta@arvika.example", "arvika-ifo", "", "chef@arvika.example"), clock.now,
        confirm_hours=48)
    place = confirm_guest_request(site_db, other.id, clock.now)
    site_db.commit()
    with app.app_context():
        confirm = issue_token("guest_confirm", {"guest_request": waiting.id}, 3600)
        cancel = issue_token("guest_cancel", {"request": place.request_id}, 3600)
    url = f"/guests/{cast.session.id}"
    pages = {
        "form": client.get(url),
        "form_errors": client.post(url, data={"organisation": "guest-other", "email": "fel"}),
        "sent": client.post(url, data={"name": "Ny", "email": "ny@arvika.example",
                                       "organisation": "arvika-ifo", "manager_email": "c@arvika.example"}),
        "confirm": client.get(f"/guests/confirm/{confirm}"),
        "confirmed": client.post(f"/guests/confirm/{confirm}"),
        "refused": client.get(f"/guests/confirm/{confirm}"),
        "cancel": client.get(f"/guests/cancel/{cancel}"),
        "cancelled": client.post(f"/guests/cancel/{cancel}"),
    }
    files = []
    for name, response in pages.items():
        assert response.mimetype == "text/html", name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.data)
        files.append(path)
    assert [r.status_code for r in pages.values()] == [200, 400, 200, 200, 200, 410, 200, 200]
    assert vnu_errors(files) == []
