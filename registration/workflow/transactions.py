"""One change, one transaction: commit on success, roll back on any error."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..db import begin_write
from .errors import AlreadyRequested


@contextmanager
def one_change(db: Session):
    """Run the body as one transaction on `db`; a live-request unique violation becomes AlreadyRequested."""
    begin_write(db)
    try:
        yield
        db.commit()
    except IntegrityError as exc:
        db.rollback()
        # Only the partial unique index can fail here once Python checks passed:
        # a second request for the same course committed at the same moment.
        if "uq_requests_live_person_course" in str(exc.orig) or "requests.person_id" in str(exc.orig):
            raise AlreadyRequested() from exc
        raise
    except BaseException:
        db.rollback()
        raise
