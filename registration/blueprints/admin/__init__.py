"""Administration [kursadministration]: sessions, hand-made changes, attendance, exports, figures.

Every route of this blueprint is for administrators only: anonymous visitors
are sent to sign in, everyone else gets 403. The people's own attendance
record pages (`/me/record`, `/manager/staff/<id>/record`) are a separate
blueprint (blueprints/records.py) because employees and managers reach them.
"""
from __future__ import annotations

from flask import Blueprint

from ...auth import roles_required

bp = Blueprint("admin", __name__, url_prefix="/admin")

# roles_required wraps a view; wrapping a no-op gives the same checks (sign in
# or 403) as a guard that runs before every view of the blueprint.
_administrators_only = roles_required("admin")(lambda: None)


@bp.before_request
def _guard():
    return _administrators_only()


from . import attendance_register, costs, decisions, downloads, report, sessions  # noqa: E402,F401  (routes on bp)
