"""Reading an HR export: its encoding and delimiter, the mapping of its columns, one row per person.

    read = read_export(path, mapping, organisation_ids, known_numbers)
    read.rows, read.rejected, read.encoding, read.delimiter

Encodings: UTF-8 (with or without a byte-order mark), Windows-1252 and
ISO-8859-15, detected unless given. Delimiters `,` `;` and tab, detected from
the header line unless given. Several lines may describe one person (several
employments, grouped by employee number): the main employment
decides organisation, unit and manager. Which one is main: the line whose
`main_employment` column says yes; without such a flag, the highest
`employment_percent`; on a tie, the first line. Roles are those of all the
person's lines together.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from email_validator import EmailNotValidError, validate_email

from ..models.people import GENDERS, PHASES
from .directory_mapping import FIELDS, REQUIRED_FIELDS, ROLES, Mapping

# Bytes 0x80-0x9F are letters and signs in Windows-1252 but control characters in
# ISO-8859-15; these bytes are letters in ISO-8859-15 (Š š Ž ž Œ œ Ÿ €) and rarely
# used signs in Windows-1252 (¦ ¨ ´ ¸ ¼ ½ ¾ ¤). Swedish letters are the same in both.
_ISO_8859_15_LETTERS = frozenset(b"\xa4\xa6\xa8\xb4\xb8\xbc\xbd\xbe")


@dataclass(frozen=True)
class Rejection:
    """Why one line of the file was refused."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class DirectoryRow:
    """One person as the export describes them (from their main employment)."""

    line: int
    email: str
    name: str
    organisation: str
    unit: str
    manager_email: str
    roles: frozenset
    employee_number: str | None = None
    gender: str | None = None
    phase: str | None = None
    protected_identity: bool = False
    # Only for resolving managers by employee number after grouping.
    manager_employee_number: str = ""


@dataclass
class ExportRead:
    """What reading the file gave: the people, every refused line, and how the file was read."""

    rows: list[DirectoryRow] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    data_lines: int = 0


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The file's text and the encoding it was read in (`encoding` None or "auto": detected).

    UnicodeDecodeError when a given encoding does not fit.
    """
    if encoding and encoding != "auto":
        return data.decode(encoding), encoding
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if any(0x80 <= byte <= 0x9F for byte in data):
        return data.decode("windows-1252"), "windows-1252"
    if any(byte in _ISO_8859_15_LETTERS for byte in data):
        return data.decode("iso-8859-15"), "iso-8859-15"
    return data.decode("windows-1252"), "windows-1252"


def detect_delimiter(header_line: str) -> str | None:
    """The delimiter of the header line (`,` `;` or tab), None when it cannot be told."""
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    best = max(counts.values())
    winners = [d for d, n in counts.items() if n == best]
    return winners[0] if best and len(winners) == 1 else None


def _name(delimiter: str) -> str:
    return {"\t": "tab"}.get(delimiter, delimiter)


def read_export(path: Path, mapping: Mapping, organisation_ids: set,
                known_numbers: dict[str, str], *, encoding: str | None = None,
                delimiter: str | None = None) -> ExportRead:
    """Read and check every line of the export at `path`; nothing is written.

    `known_numbers` maps employee numbers already in the directory to e-mail
    addresses (managers outside the file). Every problem lands in `rejected`
    with its line number (line 1 is the header).
    """
    read = ExportRead()
    reject = lambda line, reason: read.rejected.append(Rejection(line, reason))  # noqa: E731
    encoding = encoding or mapping.encoding
    try:
        text, read.encoding = decode(Path(path).read_bytes(), encoding)
    except UnicodeDecodeError as error:
        reject(1, f"the file is not {encoding} text ({error.reason} at byte {error.start}); "
                  "give the right one with --encoding")
        return read
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        reject(1, "the file is empty: no header line")
        return read
    delimiter = delimiter or mapping.delimiter
    if not delimiter or delimiter == "auto":
        delimiter = detect_delimiter(lines[0])
        if delimiter is None:
            reject(1, "cannot tell the delimiter from the header line; give it with --delimiter")
            return read
    read.delimiter = _name(delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    positions = _positions(header, mapping, read, lines[0])
    if positions is None:
        return read
    lines_by_person: dict[str, list[tuple[int, dict]]] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        read.data_lines += 1
        values = {name: " ".join(c for i in index if (c := (cells[i] if i < len(cells) else "").strip()))
                  for name, index in positions.items()}
        values = _checked(values, line, mapping, organisation_ids, reject)
        if values is None:
            continue
        # Several employments are told apart by employee number; without one, a second
        # line with the same e-mail is a duplicate (reported below), not an employment.
        key = values.get("employee_number") or f"line {line}"
        lines_by_person.setdefault(key, []).append((line, values))
    rows = [row for group in lines_by_person.values()
            if (row := _person(group, mapping, reject)) is not None]
    _resolve_manager_numbers(rows, known_numbers, reject)
    seen: dict[str, int] = {}
    for row in rows:
        if row.email in seen:
            reject(row.line, f"duplicate e-mail {row.email} (also on line {seen[row.email]})")
        seen.setdefault(row.email, row.line)
    read.rows = rows
    read.rejected.sort(key=lambda r: r.line)
    return read


def _positions(header: list[str], mapping: Mapping, read: ExportRead,
               header_line: str) -> dict[str, tuple[int, ...]] | None:
    positions, missing = {}, []
    for name in FIELDS:
        columns = mapping.columns.get(name)
        if not columns:
            continue
        index = [header.index(c.lower()) if c.lower() in header else -1 for c in columns]
        if -1 in index:
            if name in REQUIRED_FIELDS or not mapping.optional_when_absent:
                missing.extend(c for c, i in zip(columns, index) if i == -1)
            continue
        positions[name] = tuple(index)
    if mapping.optional_when_absent and "manager_email" not in positions \
            and "manager_employee_number" not in positions:
        missing.append("manager_email")
    if missing:
        hint = ""
        if read.delimiter == "," and header_line.count(";"):
            hint = " (the header has ';' in it: is the delimiter ';'? give --delimiter ';')"
        expected = ("email,name,organisation,unit,manager_email,roles" if mapping.optional_when_absent
                    else f"the columns named in {mapping.source}")
        read.rejected.append(Rejection(1, f"missing column(s): {', '.join(missing)} "
                                          f"(expected {expected}; read as {read.encoding}, "
                                          f"delimiter {read.delimiter!r}){hint}"))
        return None
    return positions


def _checked(values: dict, line: int, mapping: Mapping, organisation_ids: set, reject) -> dict | None:
    problems = []
    raw_email = values.get("email", "")
    try:
        email = validate_email(raw_email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        email = raw_email.lower()
        problems.append(f"bad e-mail address {raw_email!r}: {error}")
    if not values.get("name"):
        problems.append("missing name")
    organisation = mapping.translate("organisation", values.get("organisation", ""))
    if organisation not in organisation_ids:
        problems.append(f"unknown organisation {values.get('organisation', '')!r}"
                        + (f" (mapped to {organisation!r})" if organisation != values.get("organisation") else ""))
    words = [w for w in re.split(r"[;,|/]", values.get("roles", "")) if w.strip()]
    roles = {mapping.translate("roles", w).lower() for w in words} or {"employee"}
    roles.discard("")
    unknown = sorted(roles - set(ROLES))
    if unknown:
        problems.append(f"unknown role(s) {', '.join(unknown)} (known: {', '.join(ROLES)})")
    gender = mapping.translate("gender", values.get("gender", "")) or None
    if gender is not None and gender not in GENDERS:
        problems.append(f"unknown gender {values.get('gender')!r} (known: {', '.join(GENDERS)}, "
                        "or blank for not recorded)")
    phase = mapping.translate("phase", values.get("phase", "")) or None
    if phase is not None and phase not in PHASES:
        problems.append(f"unknown phase {values.get('phase')!r} (known: {', '.join(PHASES)})")
    percent = None
    if values.get("employment_percent"):
        try:
            percent = float(values["employment_percent"].rstrip("% ").replace(",", "."))
        except ValueError:
            problems.append(f"employment percentage {values['employment_percent']!r} is not a number")
    for problem in problems:
        reject(line, problem)
    if problems:
        return None
    return {**values, "email": email, "organisation": organisation, "roles": frozenset(roles),
            "gender": gender, "phase": phase, "percent": percent,
            "unit": mapping.translate("unit", values.get("unit", "")),
            "main": mapping.is_yes(values.get("main_employment", "")),
            "protected": mapping.is_yes(values.get("protected_identity", "")),
            "manager_email": values.get("manager_email", "").lower()}


def _person(group: list[tuple[int, dict]], mapping: Mapping, reject) -> DirectoryRow | None:
    """The person from all their lines, organisation/unit/manager from the main employment."""
    flagged = [item for item in group if item[1]["main"]]
    if len(flagged) > 1:
        reject(flagged[1][0], f"more than one main employment for the same person "
                              f"(also line {flagged[0][0]})")
        return None
    if flagged:
        line, main = flagged[0]
    else:  # the highest percentage; max() keeps the first of equals
        line, main = max(group, key=lambda item: item[1]["percent"] or 0)
    emails = {values["email"] for _, values in group}
    if len(emails) > 1:
        reject(group[1][0], f"the same employee number with another e-mail address "
                            f"({', '.join(sorted(emails))})")
        return None
    return DirectoryRow(
        line=line, email=main["email"], name=main["name"], organisation=main["organisation"],
        unit=main["unit"], manager_email=main["manager_email"],
        roles=frozenset().union(*(values["roles"] for _, values in group)),
        employee_number=main.get("employee_number") or None, gender=main["gender"],
        phase=main["phase"], protected_identity=any(values["protected"] for _, values in group),
        manager_employee_number=main.get("manager_employee_number", ""))


def _resolve_manager_numbers(rows: list[DirectoryRow], known_numbers: dict[str, str], reject) -> None:
    in_file = {row.employee_number: row.email for row in rows if row.employee_number}
    for row in rows:
        number = row.manager_employee_number
        if not number:
            continue
        email = in_file.get(number) or known_numbers.get(number)
        if email is None:
            reject(row.line, f"manager with employee number {number} is neither in the file "
                             "nor in the directory")
        else:
            row.manager_email = email
