"""Guests and their managers have no sign-in: a link asked for with their address is never sent."""
from __future__ import annotations

from sqlalchemy import select

from registration.models import OutboxMessage, Person
from registration.auth.identity import find_active_person


def test_a_guest_asking_for_a_sign_in_link_gets_none(client, build, site_db, look):
    build.guest_organisation("arvika-ifo")
    guest = build.person("Gunilla Gäst", organisation="arvika-ifo", is_employee=False,
                         email="gunilla@arvika.example")
    guest.is_guest = True
    site_db.commit()
    response = client.post("/sign-in", data={"email": "gunilla@arvika.example"})
    assert response.status_code == 200
    with look() as db:
        assert db.scalars(select(OutboxMessage).where(OutboxMessage.kind == "sign_in_link")).all() == []
        assert find_active_person(db, "gunilla@arvika.example") is None
        assert db.get(Person, guest.id).active  # a guest, not a leaver


def test_the_demo_picker_neither_lists_nor_signs_in_a_guest(app_with, build, site_db):
    build.guest_organisation("arvika-ifo")
    guest = build.person("Gunilla Gäst", organisation="arvika-ifo", is_employee=False)
    guest.is_guest = True
    site_db.commit()
    client = app_with(DEMO=True).test_client()
    assert "Gunilla Gäst" not in client.get("/demo/people").get_data(as_text=True)
    assert client.post("/demo/people", data={"person_id": guest.id}).status_code == 400
