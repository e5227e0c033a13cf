"""Staff directory import: people, their organisation, unit, manager and roles from an HR export.

    report = import_directory(db, path, organisation_ids, now, mapping=load_mapping(...),
                              dry_run=True)
    print(report)   # new people, leavers, changed managers and units; nothing written

All or nothing: every line is checked first (reading, encodings, delimiters and
the column mapping: `directory_file.py`, `directory_mapping.py`), and if any
line is rejected nothing is written and the report lists every reason with its
line number. A full import deactivates people missing from the file (never
deletes them: their requests and history stay); it is refused when the file
has no data lines, or would deactivate more than `max_deactivate_share` of the
active people (a truncated export must not lock the programme out), unless
`force`. A leaver's live requests on sessions not yet ended are kept, or with
`leavers="cancel"` cancelled with a notice to them and their deciders.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import LIVE_STATES, Person, Request, RequestState, SessionRecord
from .audit import record_event
from .calendar import DEFAULT_ZONE
from .directory_file import DirectoryRow, Rejection, read_export
from .directory_mapping import DEFAULT_MAPPING, ROLES, Mapping
from .notices import notify_deciders, notify_person
from .requests import end_request
from .seats import lock_session, promote
from .transactions import one_change

__all__ = ["COLUMNS", "ROLES", "LEAVER_POLICIES", "ImportReport", "Rejection", "import_directory"]

COLUMNS = ("email", "name", "organisation", "unit", "manager_email", "roles")
LEAVER_POLICIES = ("keep", "cancel")
# What a leaver whose request was cancelled reads in the notice (the person's language is unknown
# to the import; the notice's own words are translated, this reason is given in both).
LEAVER_REASON = "Du finns inte längre i personalkatalogen / You are no longer in the staff directory"


@dataclass
class ImportReport:
    """The outcome of an import; when `rejected` or `refused` is set nothing was written."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    deactivated: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    # (e-mail, before, after) for people already in the directory
    changed_managers: list[tuple[str, str, str]] = field(default_factory=list)
    changed_units: list[tuple[str, str, str]] = field(default_factory=list)
    requests_cancelled: int = 0
    requests_kept: int = 0
    refused: str = ""
    dry_run: bool = False
    encoding: str = ""
    delimiter: str = ""

    @property
    def ok(self) -> bool:
        """Whether the file was (or, in a dry run, would be) imported."""
        return not self.rejected and not self.refused

    def __str__(self) -> str:
        if self.rejected:
            return "\n".join([f"Nothing imported: {len(self.rejected)} problem(s) in the file",
                              *(f"  {r}" for r in self.rejected)])
        if self.refused:
            return f"Nothing imported: {self.refused}"
        summary = (f"{len(self.created)} created, {len(self.updated)} updated, {self.unchanged} unchanged, "
                   f"{len(self.deactivated)} deactivated")
        if self.requests_cancelled or self.requests_kept:
            summary += (f"; leavers' live requests: {self.requests_cancelled} cancelled, "
                        f"{self.requests_kept} kept")
        if not self.dry_run:
            return summary
        lines = [f"Dry run (read as {self.encoding}, delimiter {self.delimiter!r}); nothing written. "
                 f"Would give: {summary}"]
        for title, items in (("New people", self.created), ("Leavers", self.deactivated)):
            lines.append(f"{title} ({len(items)}):")
            lines.extend(f"  {email}" for email in items)
        for title, changes in (("Changed managers", self.changed_managers),
                               ("Changed units", self.changed_units)):
            lines.append(f"{title} ({len(changes)}):")
            lines.extend(f"  {email}: {before or '-'} -> {after or '-'}" for email, before, after in changes)
        return "\n".join(lines)


def import_directory(db: Session, csv_path: str | Path, organisation_ids, now: datetime,
                     full: bool = True, *, mapping: Mapping | None = None,
                     encoding: str | None = None, delimiter: str | None = None,
                     dry_run: bool = False, force: bool = False,
                     max_deactivate_share: float = 0.1, leavers: str = "keep",
                     zone: ZoneInfo = DEFAULT_ZONE) -> ImportReport:
    """Import the HR export at `csv_path`; one transaction; returns the report either way.

    Without `mapping` the file has our columns (email,name,organisation,unit,
    manager_email,roles, and optionally employee_number, gender, phase,
    protected_identity, main_employment, employment_percent). `organisation_ids`
    are the organisations people may belong to (content/organisations.yaml).
    With `full`, people not in the file are deactivated. `dry_run` reports what
    would change and writes nothing.
    """
    if leavers not in LEAVER_POLICIES:
        raise ValueError(f"leavers must be one of {LEAVER_POLICIES}, not {leavers!r}")
    report = ImportReport(dry_run=dry_run)
    known = {p.email: p for p in db.scalars(select(Person))}
    numbers = {p.employee_number: p.email for p in known.values() if p.employee_number}
    read = read_export(Path(csv_path), mapping or DEFAULT_MAPPING, set(organisation_ids), numbers,
                       encoding=encoding, delimiter=delimiter)
    report.encoding, report.delimiter, report.rejected = read.encoding, read.delimiter, read.rejected
    rows = read.rows
    _check_managers(rows, known, report)
    if report.rejected:
        report.rejected.sort(key=lambda r: r.line)
        db.rollback()
        return report
    _plan(rows, known, full, report)
    active = sum(1 for p in known.values() if p.active and not p.is_guest)
    if not force:
        if read.data_lines == 0:
            report.refused = ("the file has a header but no data lines (a truncated export?); "
                              "use --force to import it anyway")
        elif full and active and len(report.deactivated) > max_deactivate_share * active:
            report.refused = (f"it would deactivate {len(report.deactivated)} of {active} active people "
                              f"(more than {max_deactivate_share:.0%}, the DIRECTORY_MAX_DEACTIVATE_SHARE "
                              "setting): is the export complete? Use --force if it is")
    leaver_requests = _live_requests(db, [known[e].id for e in report.deactivated], now)
    if leavers == "cancel":
        report.requests_cancelled = len(leaver_requests)
    else:
        report.requests_kept = len(leaver_requests)
    if report.refused or dry_run:
        db.rollback()
        return report
    with one_change(db):
        _write(db, rows, known, report, now)
        if leavers == "cancel":
            for request_id in leaver_requests:
                _cancel_for_leaver(db, request_id, now, zone)
        record_event(db, now, "directory_imported", detail=f"{Path(csv_path).name}: {report}")
    return report


def _plan(rows: list[DirectoryRow], known: dict[str, Person], full: bool, report: ImportReport) -> None:
    """Fill the report with what the import changes, before anything is written."""
    email_of = {p.id: p.email for p in known.values()}
    in_file = {row.email for row in rows}
    for row in rows:
        person = known.get(row.email)
        if person is None:
            report.created.append(row.email)
            continue
        before_manager = email_of.get(person.manager_id, "") if person.manager_id else ""
        changed = _facts(row).items() - {k: getattr(person, k) for k in _facts(row)}.items()
        if before_manager != row.manager_email:
            report.changed_managers.append((row.email, before_manager, row.manager_email))
        if person.unit != row.unit:
            report.changed_units.append((row.email, person.unit, row.unit))
        if changed or before_manager != row.manager_email:
            report.updated.append(row.email)
        else:
            report.unchanged += 1
    if full:
        # Guests and their managers are not in the staff directory: never deactivated by it.
        report.deactivated = sorted(e for e, p in known.items()
                                    if e not in in_file and p.active and not p.is_guest)


def _facts(row: DirectoryRow) -> dict:
    return {"name": row.name, "organisation_id": row.organisation, "unit": row.unit,
            "is_employee": "employee" in row.roles, "is_manager": "manager" in row.roles,
            "is_admin": "admin" in row.roles, "active": True,
            "employee_number": row.employee_number, "gender": row.gender, "phase": row.phase,
            "protected_identity": row.protected_identity,
            # A guest whose address comes in the export has joined the staff: staff from now on.
            "is_guest": False}


def _write(db: Session, rows: list[DirectoryRow], known: dict[str, Person], report: ImportReport,
           now: datetime) -> None:
    people = {}
    changed = set(report.created) | set(report.updated)
    for row in rows:
        person = known.get(row.email)
        if person is None:
            person = Person(email=row.email, updated_at=now, **_facts(row))
            db.add(person)
        elif row.email in changed:
            for key, value in _facts(row).items():
                setattr(person, key, value)
            person.updated_at = now
        people[row.email] = person
    db.flush()
    for row in rows:
        manager = people.get(row.manager_email) or known.get(row.manager_email)
        person = people[row.email]
        manager_id = manager.id if manager else None
        if person.manager_id != manager_id:
            person.manager_id, person.updated_at = manager_id, now
    for email in report.deactivated:
        known[email].active, known[email].updated_at = False, now


def _live_requests(db: Session, person_ids: list[int], now: datetime) -> list[int]:
    """Live requests of `person_ids` on sessions that have not ended."""
    if not person_ids:
        return []
    return list(db.scalars(
        select(Request.id).join(SessionRecord, SessionRecord.id == Request.session_id)
        .where(Request.person_id.in_(person_ids), Request.state.in_(list(LIVE_STATES)),
               SessionRecord.ends_at > now).order_by(Request.id)))


def _cancel_for_leaver(db: Session, request_id: int, now: datetime, zone: ZoneInfo) -> None:
    """The workflow's own ending of a request, as the system: seat back, notices, waiters promoted."""
    request = db.get(Request, request_id)
    record = lock_session(db, request.session_id)
    db.refresh(request)
    if request.state not in LIVE_STATES:
        return
    end_request(db, request, record, RequestState.CANCELLED, None, now, "left_directory",
                detail="no longer in the staff directory")
    notify_person(db, "request_cancelled", request, now, by_admin=True, reason=LEAVER_REASON)
    notify_deciders(db, "request_cancelled", request, now, zone, by_admin=True, reason=LEAVER_REASON)
    promote(db, record, now, zone)


def _check_managers(rows: list[DirectoryRow], known: dict, report: ImportReport) -> None:
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
