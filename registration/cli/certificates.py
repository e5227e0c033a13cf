"""`flask --app registration certificates SESSION_ID -o DIR`: every certificate of a session as PDF files.

One PDF per participant who completed the session (the completion rule of
workflow/completion.py, COMPLETION_MIN_MEETINGS), named
`intyg-<session>-<request id>.pdf` (no personal data in file names); prints
how many were written. Exit status 2 for an unknown session.
"""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..blueprints.certificates import certificate_options, certificate_pdf
from ..db import get_engine, make_session_factory
from ..exports.certificate_pdf import file_name
from ..models import SessionRecord
from ..queries.certificates import certificates


@click.command("certificates")
@click.argument("session_id")
@click.option("-o", "--output", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the PDFs into (made if missing).")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True)
@with_appcontext
def certificates_command(session_id: str, folder: Path, lang: str):
    """Write a certificate PDF for every participant who completed SESSION_ID into FOLDER."""
    factory = make_session_factory(get_engine(current_app))
    with factory() as db:
        if db.get(SessionRecord, session_id) is None:
            raise click.UsageError(f"no session {session_id!r}")
        found = certificates(db, session_id=session_id, **certificate_options(current_app))
        folder.mkdir(parents=True, exist_ok=True)
        for certificate in found:
            (folder / file_name(certificate, lang)).write_bytes(certificate_pdf(db, certificate, lang))
    click.echo(f"{len(found)} certificate(s) written to {folder}")


def init_cli(app) -> None:
    """Register the certificates command on `app`."""
    app.cli.add_command(certificates_command)
