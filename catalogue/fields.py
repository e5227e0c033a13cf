"""Parsers for single values of the content format.

Each takes a raw YAML value and returns the typed value, or raises ValueError
with a message that completes the sentence "<file>: <key>: ...".
"""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from .programme import Wording

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
# Exactly those formats with two-digit fields (strptime also takes "2027-1-5 9:00").
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?")


def text(value) -> str:
    """A non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be non-empty text, got {value!r}")
    return value.strip()


def slug(value) -> str:
    """Lower-case letters, digits and single hyphens."""
    if not isinstance(value, str) or not SLUG.match(value):
        raise ValueError(f"must be lower-case letters, digits and hyphens (like 'mi-grund-2027-1'), got {value!r}")
    return value


def email(value) -> str:
    """An e-mail address."""
    if not isinstance(value, str) or not EMAIL.match(value.strip()):
        raise ValueError(f"must be an e-mail address, got {value!r}")
    return value.strip()


def positive_int(value) -> int:
    """A whole number above zero."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"must be a positive whole number, got {value!r}")
    return value


def positive_number(value) -> float:
    """A number above zero (credits may be 7.5)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValueError(f"must be a number above zero, got {value!r}")
    return float(value)


def amount(value) -> Decimal:
    """A sum of money in SEK, zero or more, to the öre at most (a session's cost, a guest price)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"must be an amount in SEK, zero or more, got {value!r}")
    exact = Decimal(str(value))
    if exact != exact.quantize(Decimal("0.01")):
        raise ValueError(f"must be whole öre (at most two decimals), got {value!r}")
    return exact


def day(value) -> date:
    """A date written YYYY-MM-DD."""
    if isinstance(value, datetime):
        raise ValueError(f"must be a date without a time (YYYY-MM-DD), got {value!r}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"must be a date written YYYY-MM-DD, got {value!r}")


def moment(value, zone: ZoneInfo) -> datetime:
    """A local date and time written 'YYYY-MM-DD HH:MM', made aware in `zone`."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and _ISO_MOMENT.fullmatch(value.strip()):
        # The usual spelling: fromisoformat is ~20x cheaper than strptime, and a
        # build parses every meeting of every course (31,000 at 1,000 courses).
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:  # e.g. month 13: the same message as any other bad spelling
            raise ValueError(f"must be a date and time written 'YYYY-MM-DD HH:MM', got {value!r}") from None
    elif isinstance(value, str):
        for fmt in _DATETIME_FORMATS:
            try:
                parsed = datetime.strptime(value.strip(), fmt)
                break
            except ValueError:
                continue
        else:
            raise ValueError(f"must be a date and time written 'YYYY-MM-DD HH:MM', got {value!r}")
    else:
        raise ValueError(f"must be a date and time written 'YYYY-MM-DD HH:MM', got {value!r}")
    if parsed.tzinfo is not None:
        return parsed.astimezone(zone)
    return parsed.replace(tzinfo=zone)


def choices(value, known: dict, *, many: bool):
    """One known key, or (with many) a non-empty list of distinct known keys."""
    values = value if many and isinstance(value, list) else [value]
    if many and not isinstance(value, list):
        raise ValueError(f"must be a list like [{', '.join(list(known)[:2])}], got {value!r}")
    if many and not values:
        raise ValueError("must list at least one value")
    unknown = [v for v in values if not isinstance(v, str) or v not in known]
    if unknown:
        raise ValueError(f"unknown value {unknown[0]!r}; known values are: {', '.join(known)}")
    if len(set(values)) != len(values):
        raise ValueError("lists a value twice")
    return tuple(values) if many else values[0]


def slug_list(value) -> tuple[str, ...]:
    """A list of distinct slugs."""
    if not isinstance(value, list):
        raise ValueError(f"must be a list of ids, got {value!r}")
    items = tuple(slug(v) for v in value)
    if len(set(items)) != len(items):
        raise ValueError("lists an id twice")
    return items


def boolean(value) -> bool:
    """true or false."""
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, got {value!r}")
    return value


def percent(value) -> float:
    """A share in percent above 0 and at most 100, with at most one decimal (80, 62.5)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 100:
        raise ValueError(f"must be a percentage above 0 and at most 100, got {value!r}")
    # Goals compare exactly in tenths of a percent (catalogue/goals.py).
    if abs(value * 10 - round(value * 10)) > 1e-9:
        raise ValueError(f"must have at most one decimal, got {value!r}")
    return float(value)


def wording(value) -> Wording:
    """A text in both languages: {sv: ..., en: ...}."""
    if not isinstance(value, dict) or set(value) != {"sv", "en"}:
        raise ValueError(f"must give the text in Swedish and English, like {{sv: ..., en: ...}}, got {value!r}")
    try:
        return Wording(text(value["sv"]), text(value["en"]))
    except ValueError as exc:
        raise ValueError(f"must give non-empty text in both sv and en ({exc})") from None
