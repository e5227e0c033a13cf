"""Start and stop the real programs of deploy/ for tests: Debian's nginx, gunicorn, flask commands.

Each runs in a temporary folder of its own (nginx gets its own prefix, pid, logs
and temp folders; nothing under /etc/nginx or /var is touched), on loopback only,
in its own process group, and is stopped by `stop()` -- by its process id.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = Path("/usr/sbin/nginx")
DEBIAN_MIME_TYPES = Path("/etc/nginx/mime.types")


def require_binary(path: Path | str | None, what: str) -> str:
    """Return the program's path; skip the test without it (fail in CI, where setup installs it)."""
    found = str(path) if path and Path(path).exists() else None
    if found is None:
        message = f"{what} is not installed (scripts/system-packages.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def service_environment(**settings: str) -> dict[str, str]:
    """This process's environment without any KURSPORTAL_* variable, plus `settings` (names without prefix)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("KURSPORTAL_")}
    env.update({f"KURSPORTAL_{name}": value for name, value in settings.items()})
    return env


def flask_command(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `flask --app registration ARGS` as an operator would; fail the test on a non-zero exit."""
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "registration", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        pytest.fail(f"flask {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def start_flask(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen:
    """Start `flask --app registration ARGS` in the background (a command, or a worker such as outbox send --loop)."""
    return start([sys.executable, "-m", "flask", "--app", "registration", *args], log, env)


def start(command: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start `command` in its own process group with output to `log`."""
    with open(log, "wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    """Stop `process` and what it started (its process group) gently, then for sure."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # workers left behind by a master that died
    except ProcessLookupError:
        pass
    process.wait(timeout)


def wait_until(ready, what: str, process: subprocess.Popen, log: Path, timeout: float = 20) -> None:
    """Poll `ready()` until it is true; fail with the program's log when it dies or takes too long."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{what} not ready after {timeout} s:\n{log.read_text(errors='replace')}")


def unix_socket_accepts(path: Path) -> bool:
    """Return True when something accepts connections on the unix socket at `path`."""
    with socket.socket(socket.AF_UNIX) as probe:
        probe.settimeout(1)
        return probe.connect_ex(str(path)) == 0


def tcp_port_accepts(port: int) -> bool:
    """Return True when something accepts connections on 127.0.0.1:`port`."""
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def start_gunicorn(sock: Path, log: Path, env: dict[str, str], workers: int = 2) -> subprocess.Popen:
    """Start the service under gunicorn with deploy/gunicorn.conf.py on the unix socket `sock`."""
    process = start([sys.executable, "-m", "gunicorn", "--config", str(DEPLOY / "gunicorn.conf.py"),
                     "--bind", f"unix:{sock}", "--workers", str(workers), "registration:create_app()"],
                    log, env)
    return process


def nginx_main_config(folder: Path, site_file: Path) -> Path:
    """Write the nginx.conf a test runs: Debian's mime types, everything else in `folder`, then the site.

    In production Debian's /etc/nginx/nginx.conf plays this part; the site file
    is the one deploy/nginx/render.py renders, unchanged.
    """
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / "temp" / name).mkdir(parents=True, exist_ok=True)
    # Workers of a root master switch to "nobody", who cannot read pytest's private
    # temporary folders; a test run as root keeps them root. (Ignored when not root.)
    user = "user root;" if os.geteuid() == 0 else ""
    config = folder / "nginx.conf"
    config.write_text(f"""
{user}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include {DEBIAN_MIME_TYPES};
    default_type application/octet-stream;
    access_log {folder}/access.log;
    client_body_temp_path {folder}/temp/client_body;
    proxy_temp_path {folder}/temp/proxy;
    fastcgi_temp_path {folder}/temp/fastcgi;
    uwsgi_temp_path {folder}/temp/uwsgi;
    scgi_temp_path {folder}/temp/scgi;
    ssl_protocols TLSv1.2 TLSv1.3;
    include {site_file};
}}
""", encoding="utf-8")
    return config


def nginx_command(folder: Path, config: Path, *extra: str) -> list[str]:
    """The nginx command line for a prefix of its own; `-e` keeps it off /var/log/nginx from the start."""
    nginx = require_binary(NGINX, "Debian's nginx (/usr/sbin/nginx)")
    return [nginx, "-p", str(folder), "-c", str(config), "-e", str(folder / "error.log"), *extra]


def check_nginx_config(folder: Path, config: Path) -> None:
    """Run `nginx -t` on `config`; fail the test with nginx's words when it refuses it."""
    done = subprocess.run(nginx_command(folder, config, "-t", "-q"), capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        pytest.fail(f"nginx -t refused the configuration:\n{done.stderr}\n{config.read_text()}")


def start_nginx(folder: Path, config: Path) -> subprocess.Popen:
    """Start nginx in the foreground (daemon off) with `config`."""
    check_nginx_config(folder, config)
    return start(nginx_command(folder, config, "-g", "daemon off;"), folder / "nginx.out")


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """Make a throwaway certificate for 127.0.0.1 with openssl; return (certificate, key)."""
    openssl = require_binary("/usr/bin/openssl", "openssl")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=30)
    return cert, key
