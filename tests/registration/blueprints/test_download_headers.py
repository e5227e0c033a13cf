"""Download headers as a client receives them (issue #9 item 17: the charset was sent twice)."""
from registration.workflow import request_place


def test_csv_downloads_name_their_charset_once(client, login_as, cast, clock, site_db):
    request_place(site_db, cast.employee, cast.session.id, "", clock.now)
    login_as(cast.admin)
    for url in (f"/admin/sessions/{cast.session.id}/attendance.csv", "/admin/enrolments?format=csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8", url
    xlsx = client.get(f"/admin/sessions/{cast.session.id}/attendance.xlsx")
    assert xlsx.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
