"""Staff directory import: people, their organisation, unit, manager and roles from an HR export (CSV).

All or nothing: every row is checked first, and if any row is rejected nothing
is written and the report lists every reason with its line number. A full
import deactivates people missing from the file (never deletes them: their
requests and history stay).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Person
from .audit import record_event
from .transactions import one_change

COLUMNS = ("email", "name", "organisation", "unit", "manager_email", "roles")
ROLES = ("employee", "manager", "admin")


@dataclass(frozen=True)
class Rejection:
    """Why one line of the file was refused."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ImportReport:
    """The outcome of an import; when `rejected` is non-empty nothing was written."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    deactivated: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the file was imported."""
        return not self.rejected

    def __str__(self) -> str:
        if self.rejected:
            return "\n".join([f"Nothing imported: {len(self.rejected)} problem(s) in the file",
                              *(f"  {r}" for r in self.rejected)])
        return (f"{len(self.created)} created, {len(self.updated)} updated, {self.unchanged} unchanged, "
                f"{len(self.deactivated)} deactivated")


@dataclass
class _Row:
    line: int
    email: str
    name: str
    organisation: str
    unit: str
    manager_email: str
    roles: frozenset


def import_directory(db: Session, csv_path: str | Path, organisation_ids, now: datetime,
                     full: bool = True) -> ImportReport:
    """Import the CSV at `csv_path` (columns: email,name,organisation,unit,manager_email,roles).

    `organisation_ids` are the organisations people may belong to (from
    content/organisations.yaml). With `full`, people not in the file are
    deactivated. One transaction; returns the report either way.
    """
    report = ImportReport()
    rows = _read(Path(csv_path), set(organisation_ids), report)
    known = {p.email: p for p in db.scalars(select(Person))}
    _check_managers(rows, known, report)
    if report.rejected:
        report.rejected.sort(key=lambda r: r.line)
        return report
    with one_change(db):
        people = {}
        for row in rows:
            people[row.email] = _upsert(db, known.get(row.email), row, now, report)
        db.flush()
        for row in rows:
            manager = people.get(row.manager_email) or known.get(row.manager_email)
            person = people[row.email]
            manager_id = manager.id if manager else None
            if person.manager_id != manager_id:
                person.manager_id, person.updated_at = manager_id, now
                if row.email not in report.created and row.email not in report.updated:
                    report.updated.append(row.email)
                    report.unchanged -= 1
        if full:
            for email, person in sorted(known.items()):
                if email not in people and person.active:
                    person.active, person.updated_at = False, now
                    report.deactivated.append(email)
        record_event(db, now, "directory_imported", detail=f"{Path(csv_path).name}: {report}")
    return report


def _read(path: Path, organisation_ids: set, report: ImportReport) -> list[_Row]:
    reject = lambda line, reason: report.rejected.append(Rejection(line, reason))  # noqa: E731
    try:
        text = path.read_text(encoding="utf-8-sig")  # Excel writes a byte-order mark
    except UnicodeDecodeError:
        reject(1, "the file is not UTF-8 text")
        return []
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        reject(1, f"missing column(s): {', '.join(missing)} (expected {','.join(COLUMNS)})")
        return []
    reader.fieldnames = header
    rows, seen = [], {}
    for raw in reader:
        line = reader.line_num
        values = {key: (raw.get(key) or "").strip() for key in COLUMNS}
        problems = []
        try:
            email = validate_email(values["email"], check_deliverability=False).normalized.lower()
        except EmailNotValidError as error:
            email = values["email"].lower()
            problems.append(f"bad e-mail address {values['email']!r}: {error}")
        if email in seen:
            problems.append(f"duplicate e-mail {email} (also on line {seen[email]})")
        if not values["name"]:
            problems.append("missing name")
        if values["organisation"] not in organisation_ids:
            problems.append(f"unknown organisation {values['organisation']!r}")
        roles = {r.strip().lower() for r in values["roles"].split(";") if r.strip()} or {"employee"}
        unknown = sorted(roles - set(ROLES))
        if unknown:
            problems.append(f"unknown role(s) {', '.join(unknown)} (known: {', '.join(ROLES)})")
        for problem in problems:
            reject(line, problem)
        if not problems:
            seen[email] = line
            rows.append(_Row(line, email, values["name"], values["organisation"], values["unit"],
                             values["manager_email"].lower(), frozenset(roles)))
    return rows


def _check_managers(rows: list[_Row], known: dict, report: ImportReport) -> None:
    in_file = {row.email: row for row in rows}
    for row in rows:
        if not row.manager_email:
            continue
        if row.manager_email not in in_file and row.manager_email not in known:
            report.rejected.append(Rejection(
                row.line, f"manager {row.manager_email} is neither in the file nor in the directory"))
            continue
        # Follow the chain of managers within the file; coming back to this row is a loop.
        chain, current = [row.email], row.manager_email
        while current in in_file and current not in chain:
            chain.append(current)
            current = in_file[current].manager_email
        if current == row.email:
            report.rejected.append(Rejection(
                row.line, "manager loop: " + " -> ".join([*chain, row.email])))


def _upsert(db: Session, person: Person | None, row: _Row, now: datetime,
            report: ImportReport) -> Person:
    facts = {"name": row.name, "organisation_id": row.organisation, "unit": row.unit,
             "is_employee": "employee" in row.roles, "is_manager": "manager" in row.roles,
             "is_admin": "admin" in row.roles, "active": True}
    if person is None:
        person = Person(email=row.email, updated_at=now, **facts)
        db.add(person)
        report.created.append(row.email)
    elif any(getattr(person, key) != value for key, value in facts.items()):
        for key, value in facts.items():
            setattr(person, key, value)
        person.updated_at = now
        report.updated.append(row.email)
    else:
        report.unchanged += 1
    return person
