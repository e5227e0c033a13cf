"""Builders the tests share: rows with sensible defaults, and the service with test settings.

Import them (`from tests.builders import Builder, make_app`); the conftest
fixtures `make` and `build` hand out a Builder on the test's database.
"""
from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone

from registration import create_app
from tests.fixed_clock import Clock

NOW = datetime(2027, 1, 5, 9, 0, tzinfo=timezone.utc)


class Builder:
    """Creates rows for tests with sensible defaults; every method commits."""

    def __init__(self, db):
        self.db = db
        self._people = itertools.count(1)

    def organisation(self, id="karlstad-afs", name=None):
        from registration.models import Organisation

        org = self.db.get(Organisation, id)
        if org is None:
            org = Organisation(id=id, name=name or f"Förvaltning {id}", short_name=id.upper()[:12])
            self.db.add(org)
            self.db.commit()
        return org

    def person(self, name=None, organisation="karlstad-afs", manager=None, *, email=None,
               is_manager=False, is_admin=False, is_employee=True, language=None, active=True):
        from registration.models import Person

        self.organisation(organisation)
        n = next(self._people)
        person = Person(email=email or f"person{n}@{organisation}.example", name=name or f"Person {n}",
                        organisation_id=organisation, unit="Enhet 1",
                        manager_id=manager.id if manager else None, is_employee=is_employee,
                        is_manager=is_manager, is_admin=is_admin, language=language,
                        active=active, updated_at=NOW)
        self.db.add(person)
        self.db.commit()
        return person

    def guest_organisation(self, id="arvika-ifo", name=None):
        """A guest organisation row (as catalogue_sync makes them from guest_organisations)."""
        from registration.models import Organisation

        org = self.db.get(Organisation, id)
        if org is None:
            org = Organisation(id=id, name=name or f"Gästorganisation {id}", short_name=id[:12],
                               is_guest=True)
            self.db.add(org)
            self.db.commit()
        return org

    def manager(self, organisation="karlstad-afs", **kwargs):
        return self.person(organisation=organisation, is_manager=True, **kwargs)

    def employee(self, manager=None, organisation=None, **kwargs):
        """An employee with a manager (a new one in the same organisation unless given)."""
        organisation = organisation or (manager.organisation_id if manager else "karlstad-afs")
        manager = manager or self.manager(organisation)
        return self.person(organisation=organisation, manager=manager, **kwargs)

    def course(self, slug="mi-grundkurs", prerequisites=(), organisations=None, kind="method-course"):
        from registration.models import CourseRecord

        course = self.db.get(CourseRecord, slug)
        if course is None:
            course = CourseRecord(slug=slug, title=f"Kurs {slug}", kind=kind,
                                  prerequisites=list(prerequisites), organisations=organisations,
                                  updated_at=NOW)
            self.db.add(course)
            self.db.commit()
        return course

    def session(self, id="mi-grund-2027-1", course="mi-grundkurs", capacity=3,
                deadline=date(2027, 1, 20), starts_at=datetime(2027, 2, 3, 8, 0, tzinfo=timezone.utc),
                reserved=None, reserved_until=None, status="open", guests_open=False, **course_kwargs):
        from registration.models import SessionRecord

        self.course(course, **course_kwargs)
        ends_at = starts_at + timedelta(hours=7)
        record = SessionRecord(
            id=id, course_slug=course, capacity=capacity, deadline=deadline,
            reserved=reserved or {}, reserved_until=reserved_until, starts_at=starts_at,
            ends_at=ends_at, status=status, seats_taken=0, sequence=0, updated_at=NOW,
            guests_open=guests_open, meetings=[{"start": starts_at.isoformat(), "end": ends_at.isoformat(),
                       "place": "Karlstad, Stadshuset, sal 3"}])
        self.db.add(record)
        self.db.commit()
        return record


def make_app(database_url: str, clock: Clock, tmp_path, **overrides):
    """The real service on `database_url` with test settings (override any with keywords)."""
    config = {
        "TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": database_url,
        "NOW": clock, "CATALOGUE_SYNC_ON_START": False, "WTF_CSRF_ENABLED": False,
        # The database file is a copy of a migrated template: no need to migrate per app.
        "DATABASE_AUTO_UPGRADE": False,
        "SERVICE_URL": "https://kurser.kommun.example/anmalan",
        "SITE_URL": "https://kurser.kommun.example",
        "MAIL_FROM": "Kursportal <kursportal@kommun.example>",
        "CONTENT": str(tmp_path / "no-content"),
    }
    config.update(overrides)
    return create_app(config)
