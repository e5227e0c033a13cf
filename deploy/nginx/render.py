#!/usr/bin/env python3
"""Render deploy/nginx/kursportal.conf.in into an nginx site file (printed, or written with -o).

The addresses are the same two URLs the service's env file holds
(KURSPORTAL_SITE_URL, KURSPORTAL_SERVICE_URL): their host names become
server_name, their ports the listen ports, an https URL turns on TLS (with
--tls-cert/--tls-key) and HSTS, and plain http is redirected to https.

    python3 deploy/nginx/render.py \\
        --site-url https://kurser.kommun.example \\
        --service-url https://anmalan.kommun.example \\
        --tls-cert /etc/ssl/kursportal/fullchain.pem --tls-key /etc/ssl/kursportal/key.pem \\
        -o /etc/nginx/sites-available/kursportal

Header single sign-on (KURSPORTAL_AUTH=header): --remote-user names the nginx
variable that holds the signed-in user's e-mail once the auth module has run
(e.g. '$upstream_http_x_auth_request_email' with auth_request, '$remote_user'
with basic auth), and --auth-include a file of nginx directives that make the
service's pages require sign-in (auth_request ...). The snippet must not use
add_header (it would drop the security headers in that location); it may use
proxy_set_header. Without --remote-user the header is always sent empty, i.e. removed.

Only the Python standard library is used, so this runs before the venv exists.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

TEMPLATE = Path(__file__).with_name("kursportal.conf.in")
PLACEHOLDER = re.compile(r"@([A-Z_]+)@")
# Debian's nginx: a year of HSTS once the site has been seen over TLS.
HSTS = '    add_header Strict-Transport-Security "max-age=31536000" always;'


class RenderError(ValueError):
    """A setting that cannot make a working site; the message says which and why."""


def _address(url: str, what: str) -> tuple[str, str, int]:
    """Return (scheme, host, port) of `url`; refuse anything but a bare http(s) origin."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RenderError(f"{what} {url!r}: expected http(s)://host[:port]")
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise RenderError(f"{what} {url!r}: the service and the catalogue each own a whole "
                          "host name here, without a path")
    return parts.scheme, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def _origin(scheme: str, host: str, port: int) -> str:
    default = 443 if scheme == "https" else 80
    return f"{scheme}://{host}" if port == default else f"{scheme}://{host}:{port}"


def _listen(port: int, tls: bool, listen_address: str | None) -> str:
    flags = " ssl http2" if tls else ""
    if listen_address:
        return f"    listen {listen_address}:{port}{flags};"
    return f"    listen {port}{flags};\n    listen [::]:{port}{flags};"


def _http_redirect(hosts: list[str], port: int, listen_address: str | None, acme_root: str) -> str:
    """The port-80 server: certificate renewals (ACME http-01) and a redirect to https."""
    return "\n".join([
        "# Plain http: certificate renewal challenges, and a redirect to https for the rest.",
        "server {",
        _listen(port, False, listen_address),
        f"    server_name {' '.join(dict.fromkeys(hosts))};",
        "    server_tokens off;",
        "    location /.well-known/acme-challenge/ {",
        f"        root {acme_root};",
        "    }",
        "    location / {",
        "        return 301 https://$host$request_uri;",
        "    }",
        "}",
    ])


def proxy_headers(auth_header: str, remote_user: str) -> str:
    """The headers every service location sends to gunicorn, one per line."""
    lines = [
        # The host as the browser sent it, port included: the service's CSRF check
        # compares it with the Referer. server_name has already matched it to this server.
        ("Host", "$http_host"),
        # The client as nginx saw it; KURSPORTAL_PROXIES=1 makes the service trust these.
        ("X-Forwarded-For", "$remote_addr"),
        ("X-Forwarded-Proto", "$scheme"),
        ("X-Forwarded-Host", "$http_host"),
        # Never what a client sent: empty (so dropped), or the auth module's variable.
        (auth_header, remote_user),
    ]
    return "\n".join(f"        proxy_set_header {name} {value};" for name, value in lines)


def render(*, site_url: str, service_url: str, output_dir: str, upstream: str = "unix:/run/kursportal.sock",
           tls_cert: str | None = None, tls_key: str | None = None, http_port: int | None = 80,
           listen_address: str | None = None, max_body: str = "64k", auth_header: str = "X-Remote-User",
           remote_user: str | None = None, auth_include: str | None = None,
           acme_root: str = "/var/www/html", template: Path = TEMPLATE) -> str:
    """Return the nginx site file for these settings; RenderError names a setting that cannot work."""
    site_scheme, site_host, site_port = _address(site_url, "--site-url")
    service_scheme, service_host, service_port = _address(service_url, "--service-url")
    if site_scheme != service_scheme:
        raise RenderError("--site-url and --service-url: use https for both (or http for both on a test machine)")
    tls = site_scheme == "https"
    if tls and not (tls_cert and tls_key):
        raise RenderError("https URLs need --tls-cert and --tls-key (certificate chain and key files)")
    if (site_host, site_port) == (service_host, service_port):
        raise RenderError("--site-url and --service-url must differ in host name (or, on a test machine, port)")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", auth_header):
        raise RenderError(f"--auth-header {auth_header!r}: expected a header name such as X-Remote-User")
    if remote_user is not None and not re.fullmatch(r"\$[a-z_][a-z0-9_]*", remote_user):
        raise RenderError(f"--remote-user {remote_user!r}: expected an nginx variable such as $remote_user")
    if remote_user is None and auth_include:
        raise RenderError("--auth-include without --remote-user: the service would never learn who signed in")
    values = {
        "UPSTREAM": upstream,
        "SITE_HOST": site_host,
        "SERVICE_HOST": service_host,
        "SITE_LISTEN": _listen(site_port, tls, listen_address),
        "SERVICE_LISTEN": _listen(service_port, tls, listen_address),
        "SERVICE_ORIGIN": _origin(service_scheme, service_host, service_port),
        "OUTPUT_DIR": output_dir,
        "MAX_BODY": max_body,
        "TLS": (f"    ssl_certificate {tls_cert};\n    ssl_certificate_key {tls_key};" if tls
                else "    # No TLS: a test machine only (sign-in cookies travel in the clear)."),
        "HSTS": HSTS if tls else "    # No HSTS without TLS.",
        "HTTP_SERVER": (_http_redirect([site_host, service_host], http_port, listen_address, acme_root)
                        if tls and http_port else "# No plain-http server."),
        "ACME_ROOT": acme_root,
        "AUTH_HEADER": auth_header,
        "REMOTE_USER": remote_user or '""',
        "AUTH_INCLUDE": (f"        include {auth_include};" if auth_include
                         else "        # Sign-in is the service's own (KURSPORTAL_AUTH=email)."),
    }
    values["PROXY_HEADERS"] = proxy_headers(auth_header, values["REMOTE_USER"])
    text = template.read_text(encoding="utf-8")
    missing = sorted(set(PLACEHOLDER.findall(text)) - set(values))
    if missing:
        raise RenderError(f"template {template} has placeholders this script does not fill: {missing}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, render, write; exit 2 with one line on a bad setting."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-url", required=True, help="the catalogue's address, as KURSPORTAL_SITE_URL")
    parser.add_argument("--service-url", required=True, help="the service's address, as KURSPORTAL_SERVICE_URL")
    parser.add_argument("--output-dir", default="/opt/kursportal/output", help="the built catalogue (%(default)s)")
    parser.add_argument("--upstream", default="unix:/run/kursportal.sock",
                        help="gunicorn's address for nginx: unix:PATH or HOST:PORT (%(default)s)")
    parser.add_argument("--tls-cert", help="certificate chain file (PEM), for https URLs")
    parser.add_argument("--tls-key", help="private key file (PEM), for https URLs")
    parser.add_argument("--http-port", type=int, default=80,
                        help="port of the plain-http redirect server, 0 for none (%(default)s)")
    parser.add_argument("--listen-address", help="listen on this address only (default: every IPv4 and IPv6 address)")
    parser.add_argument("--max-body", default="64k", help="largest request body the service accepts (%(default)s)")
    parser.add_argument("--auth-header", default="X-Remote-User",
                        help="the single sign-on header, as KURSPORTAL_AUTH_HEADER (%(default)s)")
    parser.add_argument("--remote-user", help="nginx variable holding the signed-in user's e-mail (header SSO)")
    parser.add_argument("--auth-include", help="file of nginx directives requiring sign-in on the service (header SSO)")
    parser.add_argument("--acme-root", default="/var/www/html", help="webroot for ACME http-01 challenges (%(default)s)")
    parser.add_argument("-o", "--output", help="write here instead of standard output")
    args = parser.parse_args(argv)
    try:
        text = render(site_url=args.site_url, service_url=args.service_url, output_dir=args.output_dir,
                      upstream=args.upstream, tls_cert=args.tls_cert, tls_key=args.tls_key,
                      http_port=args.http_port or None, listen_address=args.listen_address,
                      max_body=args.max_body, auth_header=args.auth_header, remote_user=args.remote_user,
                      auth_include=args.auth_include, acme_root=args.acme_root)
    except RenderError as error:
        print(f"render.py: {error}", file=sys.stderr)
        return 2
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
