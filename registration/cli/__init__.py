"""The `flask --app registration ...` commands, one module per command group.

core: init-db, sync, import-directory, deadlines; mail: outbox, remind;
export: export; personal_data: person; demo: demo data; evaluations: evaluations send;
time_statements: time-statements send; no_shows: no-shows notify;
certificates: certificates SESSION_ID -o DIR.
"""
from __future__ import annotations

from flask import Flask

from . import certificates, core, demo, evaluations, export, mail, no_shows, personal_data, time_statements


def init_app(app: Flask) -> None:
    """Add every command group to `app`."""
    for group in (core, mail, export, personal_data, demo, evaluations, time_statements,
                  no_shows, certificates):
        group.init_cli(app)
