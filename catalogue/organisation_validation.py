"""Validation of the parsed organisations.yaml into organisations and guest organisations.

The file is either a plain list of the organisations whose staff take part
(the original format), or a mapping with that list under `organisations` and,
optionally, the organisations guests come from under `guest_organisations`.
"""
from __future__ import annotations

from . import fields
from .errors import Problem, ProblemRecorder
from .model import GuestOrganisation, Organisation
from .vocabulary import SECTORS

ORGANISATION_KEYS = {"id", "name", "short_name", "municipality", "sector"}
GUEST_ORGANISATION_KEYS = {"id", "name", "municipality", "sector"}
FILE_KEYS = {"organisations", "guest_organisations"}


def check_organisations(raw, path: str, problems: list[Problem]
                        ) -> tuple[tuple[Organisation, ...], tuple[GuestOrganisation, ...]]:
    """Return (organisations, guest organisations) of organisations.yaml, recording every fault."""
    rec = ProblemRecorder(path, problems)
    if raw is None and not any(p.path == path for p in problems):
        rec.fail("", "must list at least one organisation")
    if isinstance(raw, dict) and not FILE_KEYS & set(raw):
        rec.fail("", "must be a list of organisations, each with id, name and short_name "
                     "(or a mapping with organisations and guest_organisations)")
        return (), ()
    if isinstance(raw, dict):
        rec.unknown_keys("", raw, FILE_KEYS)
        if "organisations" not in raw:
            rec.fail("organisations", "is required: the list of organisations whose staff take part")
        organisations = _organisations(raw["organisations"], "organisations", rec) if "organisations" in raw else ()
        guests = _guests(raw.get("guest_organisations", []), {o.id for o in organisations}, rec)
        return organisations, guests
    if not isinstance(raw, list):
        if raw is not None:
            rec.fail("", "must be a list of organisations, each with id, name and short_name")
        return (), ()
    return _organisations(raw, "", rec), ()


def _organisations(raw, where: str, rec: ProblemRecorder) -> tuple[Organisation, ...]:
    if not isinstance(raw, list) or (where and not raw):
        rec.fail(where, "must be a list of organisations, each with id, name and short_name")
        return ()
    result, seen = [], set()
    for index, item in enumerate(raw):
        prefix = f"{where}[{index}]"
        if not isinstance(item, dict):
            rec.fail(prefix, "must be a mapping with id, name and short_name")
            continue
        rec.unknown_keys(f"{prefix}.", item, ORGANISATION_KEYS)
        values = _required(item, prefix, ("id", "name", "short_name"), rec)
        municipality = rec.field(f"{prefix}.municipality", fields.text, item["municipality"]) if "municipality" in item else ""
        sector = _sector(item, prefix, rec)
        if values.get("id") in seen:
            rec.fail(f"{prefix}.id", f"{values['id']!r} is used by an earlier organisation")
        elif None not in values.values() and len(values) == 3:
            seen.add(values["id"])
            result.append(Organisation(values["id"], values["name"], values["short_name"], municipality or "", sector))
    return tuple(result)


def _guests(raw, organisation_ids: set[str], rec: ProblemRecorder) -> tuple[GuestOrganisation, ...]:
    where = "guest_organisations"
    if not isinstance(raw, list):
        rec.fail(where, "must be a list of organisations, each with id and name")
        return ()
    result, seen = [], set(organisation_ids)
    for index, item in enumerate(raw):
        prefix = f"{where}[{index}]"
        if not isinstance(item, dict):
            rec.fail(prefix, "must be a mapping with id and name")
            continue
        rec.unknown_keys(f"{prefix}.", item, GUEST_ORGANISATION_KEYS)
        values = _required(item, prefix, ("id", "name"), rec)
        municipality = rec.field(f"{prefix}.municipality", fields.text, item["municipality"]) if "municipality" in item else ""
        sector = _sector(item, prefix, rec)
        if values.get("id") in seen:
            rec.fail(f"{prefix}.id", f"{values['id']!r} is used by an earlier organisation")
        elif None not in values.values() and len(values) == 2:
            seen.add(values["id"])
            result.append(GuestOrganisation(values["id"], values["name"], municipality or "", sector))
    return tuple(result)


def _required(item: dict, prefix: str, keys: tuple[str, ...], rec: ProblemRecorder) -> dict:
    values = {}
    for key in keys:
        if key not in item:
            rec.fail(f"{prefix}.{key}", "is required")
        else:
            values[key] = rec.field(f"{prefix}.{key}", fields.slug if key == "id" else fields.text, item[key])
    return values


def _sector(item: dict, prefix: str, rec: ProblemRecorder) -> str | None:
    if "sector" not in item:
        return None
    return rec.field(f"{prefix}.sector", fields.choices, item["sector"], SECTORS, many=False)
