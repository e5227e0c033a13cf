"""A session's `cost` and `guest_price` in the course file: non-negative amounts in SEK, whole öre."""
from __future__ import annotations

from decimal import Decimal

import pytest

from catalogue import CatalogueError, load_catalogue
from content_files import valid_course


def test_cost_and_guest_price_are_read_as_exact_amounts(content, write_course):
    data = valid_course()
    data["sessions"][0].update(cost=38500.5, guest_price=0)
    write_course("kurs.md", data)

    session = load_catalogue(content).course("kurs").sessions[0]

    assert (session.cost, session.guest_price) == (Decimal("38500.5"), Decimal("0"))


def test_without_them_a_session_has_no_cost(content, write_course):
    write_course("kurs.md", valid_course())
    session = load_catalogue(content).course("kurs").sessions[0]
    assert (session.cost, session.guest_price) == (None, None)


@pytest.mark.parametrize("key, value, words", [
    ("cost", -1, "must be an amount in SEK, zero or more, got -1"),
    ("cost", "48 000 kr", "must be an amount in SEK"),
    ("cost", True, "must be an amount in SEK"),
    ("guest_price", 12.345, "must be whole öre (at most two decimals), got 12.345"),
    ("guest_price", -0.5, "zero or more"),
])
def test_a_wrong_amount_is_reported_with_its_key(content, write_course, key, value, words):
    data = valid_course()
    data["sessions"][0][key] = value
    write_course("kurs.md", data)

    with pytest.raises(CatalogueError) as raised:
        load_catalogue(content)

    [problem] = raised.value.problems
    assert problem.key.endswith(f".{key}") and words in problem.message
