"""Every element id on a page is unique, with CSRF tokens rendered as in production (issue #9 item 18).

Pages with several forms (a remove button per deputy, the sign-out form in
the header) once repeated the hidden token's id `csrf_token`.
"""
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from registration.auth.identity import session_values
from registration.auth.tokens import issue_token
from registration.workflow import request_place


@pytest.fixture
def csrf_client(app_with):
    return app_with(WTF_CSRF_ENABLED=True).test_client()


def _sign_in(client, person):
    with client.session_transaction() as session:
        session.clear()
        session.update(session_values(person, int(client.application.config["NOW"]().timestamp())))


def _duplicate_ids(html: str) -> list[str]:
    ids = Counter(tag["id"] for tag in BeautifulSoup(html, "html.parser").find_all(id=True))
    return sorted(i for i, n in ids.items() if n > 1)


def test_no_page_repeats_an_element_id(csrf_client, cast, build, site_db, clock):
    client = csrf_client
    build.session(id="mi-grund-2027-2", capacity=5)
    held = request_place(site_db, cast.employee, cast.session.id, "", clock.now)
    request_place(site_db, cast.colleague, cast.session.id, "", clock.now)
    request_place(site_db, cast.other_employee, cast.session.id, "", clock.now)
    waiting = request_place(site_db, cast.deputy, cast.session.id, "", clock.now)
    build.session(id="ki-2027-1", course="ki-grundkurs", capacity=5)
    request_place(site_db, cast.employee, "ki-2027-1", "", clock.now)
    sid = cast.session.id
    pages = {
        cast.employee: ["/me", f"/sessions/{sid}/request", "/me/record"],
        cast.manager: ["/manager", "/manager/staff", "/manager/deputies",
                       f"/manager/requests/{held.id}/decline"],
        cast.admin: ["/admin/", f"/admin/sessions/{sid}", f"/admin/sessions/{sid}/add",
                     f"/admin/sessions/{sid}/cancel", f"/admin/sessions/{sid}/register",
                     f"/admin/requests/{held.id}/remove", f"/admin/requests/{waiting.id}/promote",
                     f"/admin/requests/{held.id}/move", "/admin/enrolments", "/admin/figures",
                     "/admin/report", "/manager", "/manager/staff"],
    }
    checked = 0
    for person, urls in pages.items():
        _sign_in(client, person)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.get_data(as_text=True)
            assert 'name="csrf_token"' in html, url
            assert _duplicate_ids(html) == [], url
            checked += 1
    with client.session_transaction() as session:
        session.clear()
    with client.application.test_request_context():
        tokens = {action: issue_token(f"{action}_request", {"request": held.id, "person": cast.manager.id},
                                      3600) for action in ("approve", "decline")}
    for action, token in tokens.items():
        response = client.get(f"/links/{action}/{token}")
        assert response.status_code == 200
        assert _duplicate_ids(response.get_data(as_text=True)) == [], action
    response = client.get("/sign-in")
    assert response.status_code == 200 and _duplicate_ids(response.get_data(as_text=True)) == []
    assert checked == sum(map(len, pages.values()))
