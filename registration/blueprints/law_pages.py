"""The pages the law asks of a public body, for everyone, signed in or not.

`/about/accessibility`, `/about/privacy`, `/about/cookies`: the accessibility statement,
the privacy notice and the cookie note, from the same content files the catalogue
publishes (`queries/law_pages.py`); linked from every page's footer. Also the service's
`/favicon.ico`, so a browser that asks for it by habit gets the icon, not a 404.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, send_from_directory

from ..i18n import current_language
from ..queries.law_pages import law_page

bp = Blueprint("law_pages", __name__)


@bp.get("/about/<slug>")
def page(slug: str):
    """One law page in the reader's language (Swedish when it has no English version)."""
    found = law_page(current_app.config["CONTENT"], slug, current_language())
    if found is None:
        abort(404)
    return render_template("law_page.html", page=found)


@bp.get("/favicon.ico")
def favicon():
    """The icon, for browsers that ask for /favicon.ico without reading the page's link."""
    return send_from_directory(current_app.static_folder, "favicon.ico", max_age=86400)
