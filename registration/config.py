"""Every setting of the registration service, declared once with its default and help text.

Settings are read, in order, from these defaults, then `instance/config.py`,
then environment variables `KURSPORTAL_<NAME>`, then the test dict given to
`create_app`. Add a setting by appending one `Setting(...)` to SETTINGS; the
README's settings table and a test are generated/checked from this list.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

ENV_PREFIX = "KURSPORTAL_"


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Setting:
    """One setting: its name (without prefix), default value, type and help text."""

    name: str
    default: Any
    help: str
    type: type = str


# The programme's time zone unless TIMEZONE says otherwise (the catalogue's default too).
DEFAULT_TIMEZONE = "Europe/Stockholm"


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


SETTINGS: list[Setting] = [
    Setting("DATABASE_URL", None,
            "SQLAlchemy URL of the database. Default: a SQLite file kursportal.sqlite3 "
            "in the instance folder. PostgreSQL: postgresql+psycopg://user:pw@host/db."),
    Setting("SECRET_KEY", None,
            "Key that signs session cookies and sign-in links. Required in production "
            "(the service refuses to start without it unless DEMO, DEBUG or TESTING is on; "
            "those keep a generated key in instance/secret_key)."),
    Setting("CONTENT", "content",
            "Path to the catalogue's content/ folder (courses, organisations), "
            "synced into the database on start."),
    Setting("SMTP_URL", "smtp://localhost:25",
            "Mail server for outgoing mail, smtp://host:port."),
    Setting("AUTH", "email",
            "How people sign in: 'email' (a one-time link by e-mail), 'oidc' (single sign-on "
            "with OpenID Connect, see the OIDC_* settings) or 'header' (trust AUTH_HEADER set "
            "by a single sign-on reverse proxy, e.g. SAML through Apache mod_auth_mellon)."),
    Setting("AUTH_HEADER", "X-Remote-User",
            "Request header carrying the signed-in person's e-mail when AUTH=header. "
            "Only use behind a proxy that sets it and strips it from clients."),
    # Single sign-on with OpenID Connect (AUTH=oidc): registration/auth/oidc.py.
    Setting("OIDC_ISSUER", "",
            "AUTH=oidc: the identity provider's issuer URL; its "
            "/.well-known/openid-configuration is read on first sign-in (Entra ID: "
            "https://login.microsoftonline.com/{tenant-id}/v2.0, ADFS: https://{host}/adfs, "
            "Keycloak: https://{host}/realms/{realm})."),
    Setting("OIDC_CLIENT_ID", "",
            "AUTH=oidc: the client (application) id registered for this service at the provider; "
            "ID tokens must name it as their audience."),
    Setting("OIDC_CLIENT_SECRET", "",
            "AUTH=oidc: the client secret registered at the provider (keep it in the "
            "environment, not in a file under version control)."),
    Setting("OIDC_EMAIL_CLAIM", "email",
            "AUTH=oidc: the claim whose value is matched (any case) against the e-mail addresses "
            "of the staff directory: 'email', or 'upn' / 'preferred_username' where the "
            "provider's user name is the work address. Read from the ID token, else from the "
            "provider's userinfo endpoint."),
    Setting("OIDC_SCOPES", "openid email profile",
            "AUTH=oidc: the scopes asked for (space-separated; must include openid)."),
    Setting("SITE_URL", "",
            "Origin of the static catalogue (e.g. https://kurser.kommun.example); "
            "allowed to read the JSON API (CORS) and used for links back."),
    Setting("SERVICE_URL", "",
            "This service's public base URL, used for links in e-mail. An https URL "
            "also makes the session cookie Secure."),
    Setting("TIMEZONE", DEFAULT_TIMEZONE,
            "Time zone of the programme: course times and deadlines are local to it."),
    Setting("DEMO", False,
            "Demo mode: a page to sign in as any demo person without e-mail. "
            "Never together with AUTH=header.", bool),
    Setting("LOGIN_LINK_MAX_AGE", 900,
            "Seconds a sign-in link stays valid (it works once).", int),
    Setting("LOGIN_RATE_PER_ADDRESS", 5,
            "Sign-in links one e-mail address may ask for per LOGIN_RATE_WINDOW.", int),
    Setting("LOGIN_RATE_PER_IP", 20,
            "Sign-in links one client IP address may ask for per LOGIN_RATE_WINDOW.", int),
    Setting("LOGIN_RATE_WINDOW", 3600,
            "Length in seconds of the sign-in rate-limit window.", int),
    Setting("SESSION_LIFETIME_HOURS", 12,
            "Hours a sign-in lasts (from the moment the link or demo picker was used); then the "
            "person signs in again. Signing out, or signing in elsewhere, ends it earlier.", int),
    Setting("PROXIES", 0,
            "How many reverse proxies stand in front of the service. Their X-Forwarded-For/"
            "-Proto/-Host headers are then trusted (the client's IP for sign-in rate limits, "
            "https links); 0 trusts none.", int),
    # Request size: Flask's own keys, so Werkzeug refuses an oversized body (413) before
    # parsing it. The service takes short forms only; nothing is uploaded.
    Setting("MAX_CONTENT_LENGTH", 1024 * 1024,
            "Largest request body in bytes the service accepts; a larger one is refused "
            "(413) before it is read. Forms here are short texts: 1 MiB is ample.", int),
    Setting("MAX_FORM_MEMORY_SIZE", 64 * 1024,
            "Largest single form field in bytes (a text field); a larger one is refused (413).",
            int),
    Setting("MAX_FORM_PARTS", 5000,
            "Most fields (parts) one form submission may have; more is refused (413). "
            "The attendance register sends a few per participant and meeting.", int),
    Setting("DATABASE_AUTO_UPGRADE", True,
            "Migrate the database to the newest schema when the app starts.", bool),
    Setting("CATALOGUE_SYNC_ON_START", True,
            "Sync courses, sessions and organisations from CONTENT into the database "
            "when the app starts (also: flask --app registration catalogue sync).", bool),
    # Mail: outbox sender, links in e-mail, reminders.
    Setting("MAIL_FROM", "Kursportal <noreply@kursportal.invalid>",
            "Sender (From) of every e-mail; its domain also names Message-IDs and calendar UIDs."),
    Setting("MAIL_DIR", "",
            "Development: write outgoing mail as .eml files into this folder instead of "
            "sending over SMTP_URL."),
    Setting("OUTBOX_MAX_ATTEMPTS", 8,
            "Delivery attempts per message before it is marked failed "
            "(`flask outbox retry` queues failed messages again).", int),
    Setting("OUTBOX_RETRY_SECONDS", 60,
            "Wait before the first retry of a failed delivery; doubles per attempt (max 6 h).",
            int),
    Setting("OUTBOX_LEASE_SECONDS", 300,
            "How long a sender holds a claimed message; a sender killed mid-send leaves it "
            "to be retried after this many seconds.", int),
    Setting("GUEST_CONFIRM_HOURS", 48,
            "Hours a guest's request waits for the guest to confirm their address by the mailed "
            "link; it holds no seat meanwhile and is deleted by `flask deadlines` after that.", int),
    Setting("GUEST_RATE_PER_ADDRESS", 3,
            "Guest requests one e-mail address may send per GUEST_RATE_WINDOW.", int),
    Setting("GUEST_RATE_PER_IP", 10,
            "Guest requests one client IP address may send per GUEST_RATE_WINDOW.", int),
    Setting("GUEST_RATE_WINDOW", 3600,
            "Length in seconds of the guest requests' rate-limit window.", int),
    Setting("APPROVAL_LINK_MAX_AGE", 14 * 24 * 3600,
            "Seconds the approve/decline links in a manager's e-mail stay valid (each works once).",
            int),
    Setting("REMIND_MANAGERS_AFTER_DAYS", 3,
            "`flask remind` reminds a manager of a request still undecided after this many days.",
            int),
    Setting("REMIND_BEFORE_COURSE_DAYS", 5,
            "`flask remind` reminds participants this many days before the first meeting.", int),
    Setting("WARN_BEFORE_DEADLINE_DAYS", 2,
            "`flask remind` tells administrators of undecided requests this many days before "
            "the registration deadline (they expire at the deadline).", int),
    Setting("PROGRAMME_NAME", "Kompetensutveckling i socialtjänsten",
            "Name of the training programme, printed at the top of sign-in sheets."),
    Setting("COMPLETION_MIN_MEETINGS", 0,
            "Meetings a participant must attend for a course to count as completed "
            "(and for prerequisites); 0 means every meeting of the session.", int),
    Setting("MIN_ANSWERS", 5,
            "Anonymity minimum of the funder's report: no figure or free-text comment from survey "
            "answers is shown or exported where fewer than this many people answered "
            "(the row says \"för få svar\").", int),
    # Evaluations and follow-ups (`flask evaluations send`); what is asked, and the
    # follow-up weeks, come from content/programme.yaml.
    Setting("EVALUATION_OPEN_DAYS", 30,
            "Days an evaluation or follow-up invitation can be answered: its e-mail link works "
            "this long (once), and a survey not sent within this many days of being due is "
            "not sent at all.", int),
    Setting("EVALUATION_REMINDER_DAYS", 7,
            "`flask evaluations send` reminds people who have not answered this many days "
            "after the invitation, and again after as many days (two reminders at most).", int),
    Setting("NO_SHOW_NOTICES", True,
            "Tell a participant's manager, once, when they were marked absent (not excused) "
            "from every meeting of a finished session (`flask deadlines`, `no-shows notify`).",
            bool),
    # Staff directory import (`flask directory import`): docs/service.md, "Staff directory".
    Setting("DIRECTORY_MAPPING", "",
            "Path to directory-mapping.yaml, mapping the HR export's columns to the directory's "
            "(name from two columns, manager by employee number, ...); empty: the file has our "
            "own columns. `directory import --mapping` overrides it."),
    Setting("DIRECTORY_MAX_DEACTIVATE_PERCENT", 10,
            "A full `directory import` is refused (unless --force) when it would deactivate more "
            "than this percentage of the active people, or when the file has no data lines: "
            "a truncated HR export must not lock everyone out.", int),
    Setting("DIRECTORY_LEAVERS", "keep",
            "What a `directory import` does with the live requests (seat or waiting list, on "
            "sessions not yet ended) of people who left: 'keep' them, or 'cancel' them with a "
            "notice to the person and their manager (the seat goes to the waiting list)."),
    # Monitoring: GET /healthz is always on (no auth); /metrics only with a token.
    Setting("METRICS_TOKEN", "",
            "Turns on GET /metrics (Prometheus text format) for a scraper that sends "
            "'Authorization: Bearer <this token>'; empty: /metrics answers 404."),
    Setting("LOG_FORMAT", "text",
            "'text' (Flask's usual log lines) or 'json': one JSON object per line (time, level, "
            "logger, message; method, path, status and duration of each request) for a log "
            "collector."),
    Setting("PURGE_INACTIVE_AFTER_DAYS", 365,
            "`flask person purge-inactive` purges the personal data of people deactivated in the "
            "staff directory more than this many days ago (unless they hold a live request).", int),
]

# Not settable from the environment: the clock, overridable in tests.
INTERNAL_DEFAULTS: dict[str, Any] = {"NOW": _utc_now}


def defaults() -> dict[str, Any]:
    """Return every declared setting with its default value."""
    values = {s.name: s.default for s in SETTINGS}
    values.update(INTERNAL_DEFAULTS)
    return values


def parse_value(setting: Setting, raw: str) -> Any:
    """Convert an environment string to the setting's type; ConfigError names the variable."""
    if setting.type is bool:
        lowered = raw.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off", ""):
            return False
        raise ConfigError(f"{ENV_PREFIX}{setting.name}={raw!r}: expected 1/0, true/false, yes/no")
    if setting.type is int:
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"{ENV_PREFIX}{setting.name}={raw!r}: expected a whole number") from None
    return raw


def from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Return the declared settings present as KURSPORTAL_* variables, parsed to their types."""
    environ = os.environ if environ is None else environ
    found = {}
    for setting in SETTINGS:
        key = ENV_PREFIX + setting.name
        if key in environ:
            found[setting.name] = parse_value(setting, environ[key])
    return found


def check(config: dict[str, Any]) -> None:
    """Refuse combinations that are unsafe or cannot work, with a message saying what to set."""
    relaxed = config.get("DEMO") or config.get("DEBUG") or config.get("TESTING")
    if not config.get("SECRET_KEY") and not relaxed:
        raise ConfigError(
            "KURSPORTAL_SECRET_KEY is not set. Set it to a long random value "
            "(python -c 'import secrets; print(secrets.token_hex(32))'); "
            "only demo, debug and test runs may start without it.")
    if config.get("AUTH") not in ("email", "oidc", "header"):
        raise ConfigError(f"KURSPORTAL_AUTH={config.get('AUTH')!r}: "
                          "expected 'email', 'oidc' or 'header'")
    if config.get("DEMO") and config.get("AUTH") in ("header", "oidc"):
        raise ConfigError(f"KURSPORTAL_DEMO cannot be combined with KURSPORTAL_AUTH={config['AUTH']}: "
                          "the demo person picker would bypass single sign-on.")
    if config.get("AUTH") == "oidc":
        _check_oidc(config)
    if config.get("LOG_FORMAT", "text") not in ("text", "json"):
        raise ConfigError(f"KURSPORTAL_LOG_FORMAT={config.get('LOG_FORMAT')!r}: expected 'text' or 'json'")
    if config.get("DIRECTORY_LEAVERS", "keep") not in ("keep", "cancel"):
        raise ConfigError(f"KURSPORTAL_DIRECTORY_LEAVERS={config.get('DIRECTORY_LEAVERS')!r}: "
                          "expected 'keep' or 'cancel'")


def _check_oidc(config: dict[str, Any]) -> None:
    """Refuse AUTH=oidc without a provider registration; plain http only for a loopback provider (tests)."""
    missing = [f"{ENV_PREFIX}{name}" for name in ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")
               if not config.get(name)]
    if missing:
        raise ConfigError(f"KURSPORTAL_AUTH=oidc needs {', '.join(missing)}: the issuer URL, client id "
                          "and client secret of this service's registration at the identity provider.")
    if not str(config["OIDC_ISSUER"]).startswith(("https://", "http://127.", "http://localhost")):
        raise ConfigError(f"{ENV_PREFIX}OIDC_ISSUER={config['OIDC_ISSUER']!r}: expected an https URL.")
    if "openid" not in str(config.get("OIDC_SCOPES", "")).split():
        raise ConfigError(f"{ENV_PREFIX}OIDC_SCOPES={config.get('OIDC_SCOPES')!r}: must include openid.")
    if not config.get("OIDC_EMAIL_CLAIM"):
        raise ConfigError(f"{ENV_PREFIX}OIDC_EMAIL_CLAIM is empty: name the claim that carries "
                          "the e-mail address or UPN (e.g. email, upn, preferred_username).")


def completion_min_meetings(config) -> int | None:
    """COMPLETION_MIN_MEETINGS as the workflow takes it: None means every meeting."""
    return int(config.get("COMPLETION_MIN_MEETINGS") or 0) or None


def settings_table() -> str:
    """Return a Markdown table of every setting for the README."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for s in SETTINGS:
        rows.append(f"| `{ENV_PREFIX}{s.name}` | `{s.default!r}` | {s.help} |")
    return "\n".join(rows)

