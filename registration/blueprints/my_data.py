"""An employee's own personal data, as a JSON download (GDPR right of access)."""
from __future__ import annotations

import json

from flask import Blueprint, Response, g

from ..auth import login_required
from ..db import get_db
from ..workflow.personal_data import export_person

bp = Blueprint("personal_data", __name__)


@bp.get("/me/data.json")
@login_required
def my_data():
    """Everything the service holds about the signed-in person; nobody else's."""
    data = export_person(get_db(), g.person.id)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="mina-uppgifter.json"',
        "Cache-Control": "no-store"})
