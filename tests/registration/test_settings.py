"""Settings: declared once with help text, read from the environment, checked at start, documented."""
from __future__ import annotations

from pathlib import Path

import pytest

from registration.config import SETTINGS, ConfigError, from_environment, settings_table

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_declared_once_with_help_text():
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))
    assert all(len(s.help) > 20 for s in SETTINGS)


def test_environment_settings_are_parsed_to_their_types():
    parsed = from_environment({"KURSPORTAL_DEMO": "yes", "KURSPORTAL_LOGIN_LINK_MAX_AGE": "60",
                               "KURSPORTAL_AUTH": "header", "OTHER": "x"})
    assert parsed == {"DEMO": True, "LOGIN_LINK_MAX_AGE": 60, "AUTH": "header"}
    with pytest.raises(ConfigError, match="KURSPORTAL_DEMO"):
        from_environment({"KURSPORTAL_DEMO": "maybe"})


def test_the_service_refuses_to_start_in_production_without_a_secret_key(sqlite_url, monkeypatch):
    from registration import create_app

    monkeypatch.delenv("KURSPORTAL_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="KURSPORTAL_SECRET_KEY is not set"):
        create_app({"DATABASE_URL": sqlite_url, "CATALOGUE_SYNC_ON_START": False})


def test_demo_mode_cannot_be_combined_with_header_sign_in(app_with):
    with pytest.raises(ConfigError, match="cannot be combined"):
        app_with(DEMO=True, AUTH="header")


def test_environment_overrides_defaults_and_the_test_dict_overrides_the_environment(app_with, monkeypatch):
    monkeypatch.setenv("KURSPORTAL_LOGIN_LINK_MAX_AGE", "120")
    monkeypatch.setenv("KURSPORTAL_TIMEZONE", "Europe/Helsinki")
    app = app_with(TIMEZONE="Europe/Stockholm")
    assert app.config["LOGIN_LINK_MAX_AGE"] == 120
    assert app.config["TIMEZONE"] == "Europe/Stockholm"


@pytest.mark.parametrize("document", ["docs/service.md", "README.md"])
def test_the_documentation_lists_every_setting(document):
    text = (ROOT / document).read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`KURSPORTAL_{s.name}`" not in text]
    assert missing == [], f"{document} misses {missing}: paste settings_table() there"


@pytest.mark.parametrize("document", ["docs/service.md", "README.md"])
def test_the_documented_defaults_and_meanings_are_the_declared_ones(document):
    # A changed default or help text must reach the documentation: each row as settings_table() writes it.
    text = (ROOT / document).read_text(encoding="utf-8")
    stale = [row.split(" | ")[0] for row in settings_table().splitlines()[2:] if row not in text]
    assert stale == [], f"{document} has out-of-date rows for {stale}: paste settings_table() there"


def test_the_row_check_sees_a_changed_default():
    row = next(r for r in settings_table().splitlines() if "`KURSPORTAL_TIMEZONE`" in r)
    assert row.replace("Europe/Stockholm", "Europe/Oslo") not in (ROOT / "README.md").read_text("utf-8")
