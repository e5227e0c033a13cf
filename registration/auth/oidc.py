"""Single sign-on with OpenID Connect (AUTH=oidc), through Authlib.

The service is a confidential client of the organisation's identity provider
(Entra ID, ADFS, Keycloak, ...), which it finds by issuer discovery
(OIDC_ISSUER + /.well-known/openid-configuration, read on first use). Signing in
is the authorization code flow with state, nonce and PKCE (S256):

- `/oidc/sign-in` sends the browser to the provider (state, nonce and code
  verifier wait in the session);
- `/oidc/callback` takes the code back, redeems it with the client secret,
  checks the ID token (the provider's signature, issuer, audience = our client
  id, expiry, nonce) and finds the person in the staff directory by the claim
  OIDC_EMAIL_CLAIM (e-mail or UPN). Nobody is created: someone the directory
  does not hold gets the 403 page naming the address they came with.

Sign-in goes through `identity.sign_in`, like the e-mail link. Signing out (the
auth blueprint's POST /sign-out) ends our session and, when the provider
publishes an end_session_endpoint, sends the browser there to end the
provider's session too (RP-initiated logout), back to `/oidc/signed-out`.
"""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError
from authlib.integrations.flask_client import OAuth
from flask import (Blueprint, Flask, abort, current_app, flash, g, redirect, render_template,
                   request, session, url_for)
from flask_babel import gettext as _
from joserfc.errors import JoseError
from requests import RequestException

from ..monitoring.metrics import sign_in_failed
from ..db import get_db
from ..i18n import current_language
from . import identity
from .views import public_url, safe_next

log = logging.getLogger(__name__)

bp = Blueprint("oidc", __name__, url_prefix="/oidc")

EXTENSION = "kursportal_oidc"
NEXT_KEY = "oidc_next"
ID_TOKEN_KEY = "oidc_id_token"
# Seconds of clock difference tolerated between the provider and this server.
LEEWAY = 60


class ProviderMismatch(AuthlibBaseError):
    """The discovery document names another issuer than OIDC_ISSUER."""


def discovery_url(issuer: str) -> str:
    """Return the OpenID discovery document's URL for `issuer`."""
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def init_app(app: Flask) -> None:
    """Register the OIDC routes and the provider's client when AUTH=oidc (else nothing)."""
    if app.config["AUTH"] != "oidc":
        return
    config = app.config
    # One OAuth registry per app: tests (and any process) may hold several apps.
    oauth = OAuth(app)
    app.extensions[EXTENSION] = oauth.register(
        "provider", client_id=config["OIDC_CLIENT_ID"], client_secret=config["OIDC_CLIENT_SECRET"],
        server_metadata_url=discovery_url(config["OIDC_ISSUER"]),
        client_kwargs={"scope": config["OIDC_SCOPES"], "code_challenge_method": "S256"})
    app.register_blueprint(bp)
    app.after_request(_let_forms_redirect_to_the_provider)


def _let_forms_redirect_to_the_provider(response):
    """Add the issuer's origin to the pages' CSP form-action, which also governs a form's redirects.

    Without it browsers stop the sign-out form's redirect to the provider's
    end-session page (the provider's endpoints share the issuer's origin).
    """
    from .. import CONTENT_SECURITY_POLICY

    issuer = urlsplit(current_app.config["OIDC_ISSUER"])
    policy = response.headers.get("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers["Content-Security-Policy"] = policy.replace(
        "form-action 'self'", f"form-action 'self' {issuer.scheme}://{issuer.netloc}", 1)
    return response


def _client():
    return current_app.extensions[EXTENSION]


def _metadata(client) -> dict:
    """The provider's discovery document (cached by Authlib); refuse one that names another issuer."""
    metadata = client.load_server_metadata()
    expected = current_app.config["OIDC_ISSUER"].rstrip("/")
    if str(metadata.get("issuer", "")).rstrip("/") != expected:
        # OpenID Connect Discovery 4.3: the document must be the configured issuer's own.
        raise ProviderMismatch(description=f"discovery names issuer {metadata.get('issuer')!r}")
    return metadata


def _refuse(reason: str, detail: str, status: int = 401):
    """Answer a sign-in that did not succeed: a page with `reason`; `detail` goes to the log only."""
    log.warning("OIDC sign-in refused: %s", detail)
    sign_in_failed("sso")
    return render_template("auth/oidc_refused.html", reason=reason), status


@bp.get("/sign-in")
def sign_in():
    """Send the browser to the identity provider to sign in, and back to `next` afterwards."""
    client = _client()
    try:
        _metadata(client)
        response = client.authorize_redirect(public_url(url_for("oidc.callback")),
                                             ui_locales=current_language())
    except (RequestException, ValueError, ProviderMismatch) as error:
        return _refuse(_("The organisation's sign-in service cannot be reached right now. "
                         "Try again in a while."), f"provider unreachable: {error}", 503)
    session[NEXT_KEY] = safe_next(request.args.get("next"))
    return response


@bp.get("/callback")
def callback():
    """Take the provider's answer: check it, find the person in the directory, sign them in."""
    client = _client()
    try:
        metadata = _metadata(client)
        token = client.authorize_access_token(
            leeway=LEEWAY,
            # Authlib checks the issuer and nonce, but the audience only through azp: name it.
            claims_options={"iss": {"essential": True, "value": metadata["issuer"]},
                            "aud": {"essential": True, "value": client.client_id}})
    except MismatchingStateError:
        return _refuse(_("The sign-in was started in another window, or took too long. "
                         "Sign in again."), "state does not match a sign-in started here", 400)
    except JoseError as error:
        return _refuse(_("The answer from the organisation's sign-in service could not be "
                         "verified. Sign in again."), f"ID token refused: {error!r}")
    except RequestException as error:
        return _refuse(_("The organisation's sign-in service cannot be reached right now. "
                         "Try again in a while."), f"provider unreachable: {error}", 503)
    except AuthlibBaseError as error:
        return _refuse(_("The organisation's sign-in service did not sign you in. Sign in again."),
                       f"provider answered {error!r}")
    claims = token.get("userinfo")
    if not claims:
        return _refuse(_("The answer from the organisation's sign-in service could not be "
                         "verified. Sign in again."), "no ID token in the token response")
    address = directory_address(client, token, claims, current_app.config["OIDC_EMAIL_CLAIM"])
    person = identity.find_active_person(get_db(), address) if address else None
    if person is None:
        log.warning("OIDC sign-in refused: %r (sub %s) is not an active person in the directory",
                    address, claims.get("sub"))
        sign_in_failed("sso_unknown_user")
        g.unknown_sso_user = address or _("(no address)")
        abort(403)
    next_path = session.get(NEXT_KEY)
    identity.sign_in(person)
    # Kept for the provider's end-session request (id_token_hint) at sign-out.
    session[ID_TOKEN_KEY] = token["id_token"]
    flash(_("You are signed in as %(name)s.", name=person.name), "success")
    return redirect(safe_next(next_path) or url_for("employee.my_courses"))


def directory_address(client, token: dict, claims: dict, claim: str) -> str | None:
    """Return the value of `claim` (e-mail or UPN) from the ID token, else from the userinfo endpoint.

    The userinfo answer counts only for the ID token's subject (OpenID Connect Core 5.3.4).
    """
    value = claims.get(claim)
    if not value and _metadata(client).get("userinfo_endpoint"):
        try:
            info = client.userinfo(token=token)
        except (RequestException, AuthlibBaseError) as error:
            log.warning("OIDC userinfo request failed: %s", error)
            return None
        if info.get("sub") == claims.get("sub"):
            value = info.get(claim)
    return value.strip() if isinstance(value, str) and value.strip() else None


def sign_out_target() -> str:
    """Where to send the browser on sign-out: the provider's end-session URL, else our signed-out page.

    Call it before `identity.sign_out()`, which clears the ID token this reads.
    """
    signed_out = public_url(url_for("oidc.signed_out"))
    client = _client()
    try:
        metadata = _metadata(client)
    except (RequestException, ValueError, ProviderMismatch):
        return signed_out
    if not metadata.get("end_session_endpoint"):
        return signed_out
    return client.create_logout_url(post_logout_redirect_uri=signed_out,
                                    id_token_hint=session.get(ID_TOKEN_KEY),
                                    client_id=client.client_id, ui_locales=current_language())["url"]


@bp.get("/signed-out")
def signed_out():
    """Say the person is signed out (the provider sends the browser here after its own sign-out)."""
    return render_template("auth/oidc_signed_out.html")
