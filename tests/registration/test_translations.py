"""Swedish by default, English on request, and no untranslated Swedish string anywhere in the service."""
from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import read_mo

from registration import translations


def test_every_string_found_by_extraction_has_a_swedish_translation(tmp_path):
    pot = translations.extract(tmp_path / "messages.pot")
    missing = translations.problems("sv", pot)
    assert missing == [], ("Run `python -m registration.translations update` and translate in "
                           f"{translations.po_path('sv')}:\n" + "\n".join(missing))


def test_the_swedish_catalogue_compiles_without_fuzzy_entries(tmp_path, monkeypatch):
    # Compile into a copy so a parallel test run never sees a half-written file.
    copy = tmp_path / "sv" / "LC_MESSAGES"
    copy.mkdir(parents=True)
    (copy / "messages.po").write_bytes(translations.po_path("sv").read_bytes())
    monkeypatch.setattr(translations, "po_path", lambda language: tmp_path / language / "LC_MESSAGES" / "messages.po")
    monkeypatch.setattr(translations, "LANGUAGES", ("sv",))
    translations.compile_all(force=True)
    with (copy / "messages.mo").open("rb") as handle:
        catalog = read_mo(handle)
    assert catalog.get("My courses").string == "Mina utbildningar"
    assert len(catalog) > 100


def test_pages_are_swedish_by_default_and_english_on_request(client, cast, login_as):
    login_as(cast.employee)
    swedish = client.get("/me").get_data(as_text=True)
    assert '<html lang="sv">' in swedish and "Mina utbildningar" in swedish
    assert 'href="/me?lang=en" lang="en" hreflang="en">English<' in swedish
    english = client.get("/me?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english and "My courses" in english
    # The choice is remembered for the rest of the visit.
    assert "My courses" in client.get("/me").get_data(as_text=True)
    assert "Mina utbildningar" in client.get("/me?lang=sv").get_data(as_text=True)


def test_a_person_who_prefers_english_gets_english(client, build, login_as, cast):
    login_as(build.employee(cast.manager, name="Jane Doe", language="en"))
    assert "My courses" in client.get("/me").get_data(as_text=True)


def test_dates_are_written_in_the_language_and_in_the_programme_time_zone(client, cast, login_as):
    login_as(cast.employee)
    assert "onsdag 3 februari 2027, 09:00–16:00" in client.get(
        "/sessions/mi-grund-2027-1/request").get_data(as_text=True)
    assert "Wednesday 3 February 2027, 09:00–16:00" in client.get(
        "/sessions/mi-grund-2027-1/request?lang=en").get_data(as_text=True)


def test_workflow_refusals_are_shown_translated(client, cast, login_as, clock):
    clock.advance(days=30)
    login_as(cast.employee)
    html = client.get("/sessions/mi-grund-2027-1/request?lang=en").get_data(as_text=True)
    assert "The last day to request a place was 20 January 2027." in html
    html = client.get("/sessions/mi-grund-2027-1/request?lang=sv").get_data(as_text=True)
    assert "Sista anmälningsdag var 20 januari 2027." in html


def test_the_catalogue_files_sit_where_flask_babel_looks():
    here = Path(translations.__file__).parent
    assert (here / "sv" / "LC_MESSAGES" / "messages.po").exists()
