"""View decorators: `login_required` sends anonymous visitors to sign in; `roles_required` answers 403."""
from __future__ import annotations

from functools import wraps

from flask import abort, current_app, g, redirect, request, url_for

from .identity import has_role


def forbidden():
    """Stop the request with the 403 page."""
    abort(403)


def _sign_in_redirect():
    if current_app.config["AUTH"] == "header":
        # Under single sign-on the proxy signs people in; without the header we cannot.
        abort(401)
    return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))


def login_required(view):
    """Let signed-in people through; send others to sign in and back here afterwards."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if g.get("person") is None:
            return _sign_in_redirect()
        return view(*args, **kwargs)
    return wrapped


def roles_required(*roles: str):
    """Let signed-in people holding any of `roles` through; others get 403 (anonymous: sign in)."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            person = g.get("person")
            if person is None:
                return _sign_in_redirect()
            if not any(has_role(person, role) for role in roles):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator
