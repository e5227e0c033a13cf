"""The OpenID provider and the served service that the OIDC sign-in tests walk through.

- `provider`: the npm package oidc-provider (oidc_provider/provider.mjs, installed by
  scripts/test-node-packages.sh, which ./dev test runs) on 127.0.0.2, with our
  clients and accounts; some clients get spoiled ID tokens (see TAMPERED).
- `service`, `start_service(client_id, **settings)`: the service with AUTH=oidc under
  werkzeug on 127.0.0.1 (another host name, so each keeps its own cookies as on
  two real hosts); a browser can follow the provider's redirects to it.
- `eva`: the directory person the provider's account "eva" signs in as.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

PROVIDER_DIR = Path(__file__).parent / "oidc_provider"
SECRET = "test-client-secret"
HONEST = "kursportal"
# Client id -> how the provider spoils the ID tokens it gives that client.
TAMPERED = {
    "kursportal-other-audience": {"claims": {"aud": "another-service"}},
    # An authorized party naming us does not make a token for another audience ours.
    "kursportal-other-audience-azp": {"claims": {"aud": "another-service",
                                                 "azp": "kursportal-other-audience-azp"}},
    "kursportal-expired": {"expired": True},
    "kursportal-other-nonce": {"claims": {"nonce": "a-nonce-from-another-sign-in"}},
}
ACCOUNTS = {
    "eva": {"claims": {"email": "Eva.Medarbetare@Kommun.example", "name": "Eva"}},
    "stranger": {"claims": {"email": "stranger@annan-kommun.example"}},
    # The UPN only at the userinfo endpoint, and an e-mail claim the directory does not hold.
    "upn-only": {"claims": {"email": "e.m@privat.example"},
                 "userinfo_only": {"upn": "eva.medarbetare@kommun.example"}},
}


class Service:
    """The service on a loopback port; `serve(app)` puts another app behind the same address."""

    def __init__(self):
        self.app = None
        self.server = make_server("127.0.0.1", 0, self._dispatch, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _dispatch(self, environ, start_response):
        return self.app(environ, start_response)

    def serve(self, app):
        self.app = app
        return self.url


@pytest.fixture(scope="module")
def service():
    served = Service()
    yield served
    served.server.shutdown()


@pytest.fixture(scope="module")
def provider(service):
    """Start oidc-provider on 127.0.0.2 with our clients and accounts; yield its issuer URL."""
    node = shutil.which("node")
    if node is None or not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("oidc-provider is not installed: run scripts/test-node-packages.sh "
                    "(./dev test does)")
    clients = [{"client_id": client_id, "client_secret": SECRET,
                "redirect_uris": [service.url + "/oidc/callback"],
                "post_logout_redirect_uris": [service.url + "/oidc/signed-out"]}
               for client_id in [HONEST, *TAMPERED]]
    settings = {"host": "127.0.0.2", "clients": clients, "accounts": ACCOUNTS, "tamper": TAMPERED}
    process = subprocess.Popen([node, "provider.mjs", json.dumps(settings)], cwd=PROVIDER_DIR,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = process.stdout.readline()
        if not line:
            pytest.fail(f"the OpenID provider did not start (exit {process.wait(timeout=10)})")
        issuer = json.loads(line)["issuer"]
        requests.get(issuer + "/.well-known/openid-configuration", timeout=10).raise_for_status()
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def start_service(service, provider, app_with):
    """Serve the service with AUTH=oidc as `client_id` (other settings overridable); return its URL."""
    def start(client_id=HONEST, **overrides):
        settings = {"AUTH": "oidc", "OIDC_ISSUER": provider, "OIDC_CLIENT_ID": client_id,
                    "OIDC_CLIENT_SECRET": SECRET, "SERVICE_URL": service.url,
                    "WTF_CSRF_ENABLED": True, **overrides}
        return service.serve(app_with(**settings))
    return start


@pytest.fixture
def eva(build):
    return build.person(name="Eva Medarbetare", email="eva.medarbetare@kommun.example")
