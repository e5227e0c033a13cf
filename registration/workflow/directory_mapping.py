"""The mapping from an HR export's columns to the staff directory's fields (`directory-mapping.yaml`).

    mapping = load_mapping(Path("directory-mapping.yaml"))   # MappingError lists every problem
    mapping = DEFAULT_MAPPING                                # our own CSV columns

The format is documented in docs/service.md ("Staff directory"). A field maps
to one column, or `name` to several columns joined with a space (Förnamn +
Efternamn). `values` translates a column's words to ours (organisation names
to organisation ids, "K" to woman, "Chef" to manager); `true_values`
lists the words that switch a flag column on (not `yes`: YAML reads that key as true).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..models.people import GENDERS, PHASES

# Our fields. Either email or employee_number identifies a person across imports
# (e-mail is always required: it is how people sign in).
REQUIRED_FIELDS = ("email", "name", "organisation")
OPTIONAL_FIELDS = ("unit", "manager_email", "manager_employee_number", "roles", "employee_number",
                   "gender", "phase", "protected_identity", "main_employment", "employment_percent")
FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS
ROLES = ("employee", "manager", "admin")
TRANSLATABLE = ("organisation", "unit", "roles", "gender", "phase")
ENCODINGS = ("auto", "utf-8", "utf-8-sig", "windows-1252", "iso-8859-15")
DELIMITERS = ("auto", ",", ";", "\t")
DEFAULT_YES = ("1", "yes", "true", "ja", "j", "x")


class MappingError(ValueError):
    """The mapping file is unusable; the message lists every problem with its key."""


@dataclass(frozen=True)
class Mapping:
    """Which export column(s) each field comes from, and how their words translate.

    `columns[field]` is a tuple of column names (several only for name).
    Columns are matched ignoring case and surrounding spaces.
    """

    columns: dict[str, tuple[str, ...]]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    yes: tuple[str, ...] = DEFAULT_YES
    encoding: str = "auto"
    delimiter: str = "auto"
    source: str = "(built in)"
    # The built-in mapping takes optional columns only when the file has them.
    optional_when_absent: bool = False

    def translate(self, field_name: str, raw: str) -> str:
        """The export's word `raw` in our words (case-insensitive; unchanged when not listed)."""
        table = self.values.get(field_name) or {}
        lowered = {key.strip().lower(): value for key, value in table.items()}
        return lowered.get(raw.strip().lower(), raw.strip())

    def is_yes(self, raw: str) -> bool:
        """Whether a flag column's cell switches the flag on."""
        return raw.strip().lower() in {word.lower() for word in self.yes}


DEFAULT_MAPPING = Mapping(columns={name: (name,) for name in FIELDS}, optional_when_absent=True)


def load_mapping(path: Path) -> Mapping:
    """Read and validate a mapping file; MappingError lists every problem (key: message)."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise MappingError(f"{path}: cannot read the mapping file: {error}") from None
    problems: list[str] = []
    if not isinstance(data, dict):
        raise MappingError(f"{path}: expected keys columns (and optionally values, true_values, "
                           "encoding, delimiter)")
    for key in sorted({str(k) for k in data} - {"columns", "values", "true_values", "encoding", "delimiter"}):
        problems.append(f"{key}: unknown key (known: columns, values, true_values, encoding, delimiter)")
    columns = _columns(data.get("columns"), problems)
    values = _values(data.get("values") or {}, problems)
    yes = data.get("true_values", list(DEFAULT_YES))
    if not isinstance(yes, list) or not all(isinstance(w, (str, int)) for w in yes) or not yes:
        problems.append("true_values: expected a list of words, e.g. [Ja, J, X]")
        yes = list(DEFAULT_YES)
    encoding = str(data.get("encoding", "auto")).lower()
    if encoding not in ENCODINGS:
        problems.append(f"encoding: {encoding!r} is not one of {', '.join(ENCODINGS)}")
    delimiter = data.get("delimiter", "auto")
    delimiter = {"tab": "\t", "\\t": "\t"}.get(delimiter, delimiter)
    if delimiter not in DELIMITERS:
        problems.append(f"delimiter: {delimiter!r} is not one of auto , ; tab")
    if problems:
        raise MappingError("\n".join([f"{path}: {len(problems)} problem(s) in the mapping file",
                                      *(f"  {p}" for p in problems)]))
    return Mapping(columns=columns, values=values, yes=tuple(str(w) for w in yes),
                   encoding=encoding, delimiter=delimiter, source=str(path))


def _columns(raw, problems: list[str]) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict) or not raw:
        problems.append("columns: expected a map from our fields to the export's column names, "
                        "e.g. email: E-post")
        return {}
    columns = {}
    for name, value in raw.items():
        if name not in FIELDS:
            problems.append(f"columns.{name}: unknown field (known: {', '.join(FIELDS)})")
            continue
        names = value if isinstance(value, list) else [value]
        if not names or not all(isinstance(n, str) and n.strip() for n in names):
            problems.append(f"columns.{name}: expected a column name (or, for name, a list of them)")
            continue
        if len(names) > 1 and name != "name":
            problems.append(f"columns.{name}: only name may combine several columns")
            continue
        columns[name] = tuple(n.strip() for n in names)
    for name in REQUIRED_FIELDS:
        if name not in columns and not any(p.startswith(f"columns.{name}:") for p in problems):
            problems.append(f"columns.{name}: required")
    if "manager_email" in columns and "manager_employee_number" in columns:
        problems.append("columns: map manager_email or manager_employee_number, not both")
    if "manager_employee_number" in columns and "employee_number" not in columns:
        problems.append("columns.manager_employee_number: needs columns.employee_number too")
    return columns


def _values(raw, problems: list[str]) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict):
        problems.append("values: expected a map per field, e.g. gender: {K: woman, M: man}")
        return {}
    allowed = {"gender": GENDERS, "phase": PHASES, "roles": ROLES}
    values = {}
    for name, table in raw.items():
        if name not in TRANSLATABLE:
            problems.append(f"values.{name}: only {', '.join(TRANSLATABLE)} can be translated")
            continue
        if not isinstance(table, dict):
            problems.append(f"values.{name}: expected a map from the export's word to ours")
            continue
        for word, ours in table.items():
            if name in allowed and str(ours) not in allowed[name] and str(ours) != "":
                problems.append(f"values.{name}.{word}: {ours!r} is not one of "
                                f"{', '.join(allowed[name])}")
        values[name] = {str(k): "" if v is None else str(v) for k, v in table.items()}
    return values
