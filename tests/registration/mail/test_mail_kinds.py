"""Every kind of outbox message the service can queue has a subject and a text + HTML template."""
from __future__ import annotations

from pathlib import Path

import pytest

from registration.mail.messages import KINDS
from registration.models import MESSAGE_KINDS

TEMPLATES = Path(__file__).resolve().parents[3] / "registration" / "templates" / "mail"


@pytest.mark.parametrize("kind", MESSAGE_KINDS)
def test_every_queued_kind_can_be_rendered(kind):
    assert kind in KINDS, f"outbox kind {kind!r} has no MessageKind in registration/mail/messages.py"
    for extension in ("txt", "html"):
        assert (TEMPLATES / f"{kind}.{extension}").is_file()
