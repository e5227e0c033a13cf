"""Certificates of attendance: the participant's own PDFs, an administrator's zip, public verification.

- `/me/certificates/<request_id>.pdf`: the signed-in person's certificate of a
  session they completed; anyone else's request id is a 404 (never a 403 that
  would confirm it exists).
- `/admin/sessions/<session_id>/certificates.zip`: administrators only, one
  PDF per completed participant.
- `GET /verify/<code>`: public, no sign-in. Shows that the certificate is
  genuine and what it certifies (queries.certificates: course, credits,
  dates, hours, organiser, the holder's name unless purged or protected), and
  nothing more; a wrong or altered code is a 404 page saying so, the same
  for every way a code can be wrong.

`certificate_options(app)` and `verify_url(app, code)` are what the CLI
(`flask certificates`) shares with these pages.
"""
from __future__ import annotations

import io
import zipfile

from flask import (Blueprint, Flask, Response, abort, current_app, g, has_request_context,
                   render_template, url_for)

from .. import clock
from ..auth import login_required, roles_required
from ..config import completion_min_meetings
from ..content import loaded_catalogue
from ..db import get_db
from ..exports.certificate_pdf import WORDS, dates_text, facts, file_name, write_certificate
from ..i18n import current_language
from ..models import SessionRecord
from ..queries.certificates import Certificate, certificates, holder_name, verify_code

bp = Blueprint("certificates", __name__)


def certificate_options(app: Flask) -> dict:
    """The settings and content the certificate read model takes: now, rule, key, organiser, credits, zone."""
    catalogue = loaded_catalogue(app)
    programme = catalogue.programme if catalogue is not None else None
    organiser = getattr(programme, "name", None) or app.config["PROGRAMME_NAME"]

    def credits_of(slug: str) -> float | None:
        try:
            return catalogue.course(slug).credits if catalogue is not None else None
        except KeyError:
            return None

    with app.app_context():
        zone = clock.programme_zone()
        now = clock.now()
    return {"now": now, "min_meetings": completion_min_meetings(app.config),
            "secret_key": app.config["SECRET_KEY"], "organiser": organiser,
            "credits_of": credits_of, "zone": zone}


def verify_url(app: Flask, code: str) -> str:
    """The public address that checks `code` (SERVICE_URL based, so the CLI prints the same)."""
    base = (app.config.get("SERVICE_URL") or "").rstrip("/")
    if base:
        return f"{base}/verify/{code}"
    if has_request_context():
        return url_for("certificates.verify", code=code, _external=True)
    return f"/verify/{code}"  # no SERVICE_URL set: the path, for the reader to put the host in front


def certificate_pdf(db, certificate: Certificate, lang: str) -> bytes:
    """One certificate as PDF bytes."""
    buffer = io.BytesIO()
    write_certificate(certificate, holder_name(db, certificate),
                      verify_url(current_app, certificate.code), buffer, lang)
    return buffer.getvalue()


def _pdf_response(data: bytes, name: str, mimetype="application/pdf") -> Response:
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "private, no-store"})


@bp.get("/me/certificates/<int:request_id>.pdf")
@login_required
def my_certificate(request_id: int):
    """The signed-in person's certificate of one completed session; 404 for anything else."""
    db = get_db()
    found = [c for c in certificates(db, person_id=g.person.id, **certificate_options(current_app))
             if c.request_id == request_id]
    if not found:
        abort(404)
    lang = current_language()
    return _pdf_response(certificate_pdf(db, found[0], lang), file_name(found[0], lang))


@bp.get("/admin/sessions/<session_id>/certificates.zip")
@roles_required("admin")
def session_zip(session_id: str):
    """Administrators: every certificate of a session in one zip (empty when nobody completed it)."""
    db = get_db()
    if db.get(SessionRecord, session_id) is None:
        abort(404)
    lang = current_language()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates(db, session_id=session_id, **certificate_options(current_app)):
            archive.writestr(file_name(certificate, lang), certificate_pdf(db, certificate, lang))
    word = "intyg" if lang == "sv" else "certificates"
    return _pdf_response(buffer.getvalue(), f"{word}-{session_id}.zip", "application/zip")


@bp.get("/verify/<code>")
def verify(code: str):
    """Public: whether `code` is a genuine certificate, and what it certifies."""
    lang = current_language()
    words = certificate_words()
    found = verify_code(get_db(), code[:64], **certificate_options(current_app))
    if found is None:
        return render_template("certificates/not_genuine.html"), 404
    response = Response(render_template("certificates/verify.html", certificate=found,
                                        facts=facts(found, lang), words=words))
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.app_template_global()
def my_certificates() -> list[Certificate]:
    """The signed-in person's certificates for "Mina utbildningar"."""
    person = getattr(g, "person", None)
    if person is None:
        return []
    return certificates(get_db(), person_id=person.id, **certificate_options(current_app))


@bp.app_template_global()
def certificate_words() -> dict:
    """The certificate words in the page's language (exports.certificate_pdf.WORDS)."""
    return WORDS.get(current_language(), WORDS["sv"])


@bp.app_template_global()
def certificate_dates(certificate: Certificate) -> str:
    """A certificate's dates in the page's language."""
    return dates_text(certificate, current_language())


__all__ = ["bp", "certificate_options", "certificate_pdf", "my_certificates", "verify_url"]
