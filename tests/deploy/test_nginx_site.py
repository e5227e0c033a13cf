"""deploy/nginx/render.py: the settings it refuses, and every shape it renders passes `nginx -t`."""
from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from tests.deploy.servers import DEPLOY, check_nginx_config, nginx_main_config, self_signed_certificate

pytestmark = pytest.mark.deploy

SCRIPT = DEPLOY / "nginx" / "render.py"


@pytest.fixture(scope="module")
def render_module():
    spec = importlib.util.spec_from_file_location("deploy_nginx_render", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PRODUCTION = {"site_url": "https://kurser.kommun.example", "service_url": "https://anmalan.kommun.example",
              "output_dir": "/opt/kursportal/output", "tls_cert": "/etc/ssl/kp.pem", "tls_key": "/etc/ssl/kp.key"}


@pytest.mark.parametrize("change, words", [
    ({"service_url": "https://kurser.kommun.example"}, "must differ"),
    ({"service_url": "https://kurser.kommun.example/anmalan"}, "without a path"),
    ({"tls_cert": None}, "need --tls-cert"),
    ({"service_url": "http://anmalan.kommun.example"}, "https for both"),
    ({"remote_user": "remote_user"}, "an nginx variable"),
    ({"auth_include": "/etc/nginx/sso.conf"}, "without --remote-user"),
    ({"auth_header": "X-Remote-User; evil"}, "a header name"),
])
def test_render_refuses_settings_that_cannot_work(render_module, change, words):
    with pytest.raises(render_module.RenderError, match=words):
        render_module.render(**{**PRODUCTION, **change})


def test_production_rendering_has_tls_hsts_and_clears_the_sso_header_everywhere(render_module):
    text = render_module.render(**PRODUCTION)
    assert "@" not in text.replace("noreply@", "")  # every placeholder filled
    assert text.count("listen 443 ssl http2;") == 2 and text.count("listen [::]:443 ssl http2;") == 2
    assert "return 301 https://$host$request_uri;" in text
    assert text.count('add_header Strict-Transport-Security "max-age=31536000" always;') == 2
    # Every location that reaches gunicorn sends the header, emptied.
    assert text.count("proxy_pass http://kursportal_service;") == text.count('proxy_set_header X-Remote-User "";') == 3
    assert "server unix:/run/kursportal.sock" in text
    # Every server answers certificate challenges (http redirect, catalogue, service).
    assert text.count("location /.well-known/acme-challenge/ {\n        root /var/www/html;") == 3


def test_command_line_writes_the_file_and_reports_a_bad_setting_in_one_line(tmp_path):
    target = tmp_path / "kursportal"
    done = subprocess.run([sys.executable, str(SCRIPT), "--site-url", "http://127.0.0.1:8080",
                           "--service-url", "http://127.0.0.1:8081", "-o", str(target)],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert "server_name 127.0.0.1;" in target.read_text(encoding="utf-8")
    refused = subprocess.run([sys.executable, str(SCRIPT), "--site-url", "https://a.example",
                              "--service-url", "https://b.example"], capture_output=True, text=True, timeout=30)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        "render.py: https URLs need --tls-cert and --tls-key (certificate chain and key files)"]


@pytest.mark.parametrize("shape", ["https with header SSO", "plain http with e-mail sign-in"])
def test_nginx_accepts_every_rendered_shape(render_module, tmp_path, shape):
    """`nginx -t` (Debian's nginx) on the rendered site: syntax, modules, certificate files."""
    if shape.startswith("https"):
        cert, key = self_signed_certificate(tmp_path)
        sso = tmp_path / "sso.conf"
        sso.write_text("auth_request /oauth2/auth;\n", encoding="utf-8")
        options = {**PRODUCTION, "tls_cert": str(cert), "tls_key": str(key), "remote_user": "$remote_user",
                   "auth_include": str(sso), "listen_address": "127.0.0.1"}
    else:
        options = {"site_url": "http://127.0.0.1:8080", "service_url": "http://127.0.0.1:8081",
                   "output_dir": str(tmp_path / "output"), "upstream": "127.0.0.1:8001"}
    site = tmp_path / "kursportal.conf"
    site.write_text(render_module.render(**options), encoding="utf-8")
    if not shape.startswith("https"):
        assert "Strict-Transport-Security" not in site.read_text(encoding="utf-8")
    check_nginx_config(tmp_path, nginx_main_config(tmp_path, site))
