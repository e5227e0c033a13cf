"""Lists that grow are paged (issue #10 item 4): the administrator's sessions and the staff
bookings, 50 a page, with an accessible pagination that keeps the filters in its links."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from registration.queries.paging import Page, page_of_list
from registration.workflow import request_place


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def rows(html: str) -> int:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return body.count("<tr>")


def test_page_numbers_show_the_ends_and_the_neighbours():
    page = Page(items=[], number=6, size=10, total=200)
    assert page.pages == 20 and page.first == 51 and page.last == 60
    assert page.numbers() == [1, None, 4, 5, 6, 7, 8, None, 20]
    assert page_of_list(list(range(7)), 99, size=5).items == [5, 6]  # past the end: the last page


def test_the_session_list_is_paged_and_the_links_keep_the_filter(client, cast, login_as, build):
    start = datetime(2027, 3, 1, 8, 0, tzinfo=timezone.utc)
    for n in range(60):
        build.session(id=f"mi-{n:02d}", starts_at=start + timedelta(days=n))
    login_as(cast.admin)
    first = text(client.get("/admin/?course=mi-grundkurs"))
    assert rows(first) == 50
    assert '<nav class="pagination" aria-label="Sidor med kurstillfällen">' in first
    assert "Visar 1–50 av 61" in first
    assert re.search(r'href="/admin/\?page=1&amp;course=mi-grundkurs" aria-current="page"', first)
    assert 'href="/admin/?page=2&amp;course=mi-grundkurs" rel="next"' in first
    second = text(client.get("/admin/?course=mi-grundkurs&page=2"))
    assert rows(second) == 11 and "Visar 51–61 av 61" in second


def test_staff_bookings_are_paged(client, cast, login_as, build, site_db, clock):
    for n in range(52):
        person = build.employee(cast.manager, name=f"Anställd {n:02d}")
        request_place(site_db, person, cast.session.id, "", clock.now)
    login_as(cast.manager)
    first = text(client.get("/manager/staff"))
    assert rows(first) == 50 and 'aria-label="Sidor med medarbetarnas anmälningar"' in first
    second = text(client.get("/manager/staff?page=2"))
    assert rows(second) == 2 and "Visar 51–52 av 52" in second
    assert text(client.get("/manager/staff?page=0")).count("<tr>") == first.count("<tr>")
