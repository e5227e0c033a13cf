"""The `flask --app registration ...` commands, one module per command group.

core: init-db, sync, import-directory, deadlines; mail: outbox, remind;
export: export; personal_data: person; demo: demo data.
"""
from __future__ import annotations

from flask import Flask

from . import core, demo, export, mail, personal_data


def init_app(app: Flask) -> None:
    """Add every command group to `app`."""
    for group in (core, mail, export, personal_data, demo):
        group.init_cli(app)
