"""The one way a view handles a refused workflow change: roll back, then tell the person why.

    with workflow_change() as change:
        approve_request(db, request_id, g.person, clock.now())
    if change.refused:
        ...  # the message is flashed already (or in change.message with flash_refusal=False)
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import flash

from ..db import get_db
from ..i18n import workflow_message
from ..workflow.errors import WorkflowError


@dataclass
class ChangeOutcome:
    """What came of a workflow change: `error` (None when it went through) and its translated message."""

    error: WorkflowError | None = None
    message: str = ""

    @property
    def refused(self) -> bool:
        return self.error is not None


@contextmanager
def workflow_change(*, flash_refusal: bool = True) -> Iterator[ChangeOutcome]:
    """Run the block as one workflow change; a WorkflowError rolls the request's session back.

    The refusal is flashed as an error unless `flash_refusal` is False; other errors propagate.
    """
    outcome = ChangeOutcome()
    try:
        yield outcome
    except WorkflowError as error:
        get_db().rollback()
        outcome.error, outcome.message = error, workflow_message(error)
        if flash_refusal:
            flash(outcome.message, "error")
