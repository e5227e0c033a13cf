"""People with protected identity [skyddad identitet]: their name is shown only to administrators.

    {{ r.person|shown_name }}                 in pages (the viewer is the signed-in person)
    {{ facts.employee|shown_name }}           in e-mail to others (no viewer: hidden)
    shown_name(person, viewer, lang)          in Python (exports)

Everyone else - managers and deputies on their pages and in their e-mail, the
printed sign-in sheet - sees "Skyddad identitet" / "Protected identity". The
person themselves sees their own name. The flag comes from the HR export
(`directory import`, the `protected_identity` column).
"""
from __future__ import annotations

from flask import Flask, g, has_request_context
from flask_babel import gettext as _

from .models.people import PROTECTED_NAME as PLACEHOLDER


def may_see_name(person, viewer) -> bool:
    """Whether `viewer` (None: a recipient who is not an administrator) may see `person`'s name."""
    if person is None or not getattr(person, "protected_identity", False):
        return True
    return viewer is not None and (viewer.is_admin or viewer.id == person.id)


def shown_name(person, viewer=None, lang: str = "sv") -> str:
    """`person`'s name, or the placeholder in `lang` when `viewer` may not see it."""
    if person is None:
        return ""
    return person.name if may_see_name(person, viewer) else PLACEHOLDER[lang]


def shown_name_for_viewer(person) -> str:
    """`person`'s name as the signed-in viewer (if any) may see it, in the page's language."""
    if person is None:
        return ""
    viewer = g.get("person") if has_request_context() else None
    return person.name if may_see_name(person, viewer) else _("Protected identity")


def init_app(app: Flask) -> None:
    """Register the `shown_name` template filter."""
    app.add_template_filter(shown_name_for_viewer, "shown_name")
