"""deploy/systemd: every unit passes `systemd-analyze verify`, and every service runs hardened as the service user.

The units name the install folder /opt/kursportal; verify checks that ExecStart
programs exist, so the test verifies copies with that folder replaced by this
checkout (whose .venv holds the same gunicorn and flask). Nothing else changes.
"""
from __future__ import annotations

import configparser
import shutil
import subprocess

import pytest

from tests.deploy.servers import DEPLOY, ROOT, require_binary

pytestmark = pytest.mark.deploy

UNITS = DEPLOY / "systemd"
INSTALL_DIR = "/opt/kursportal"
# What every Kursportal service must have: its own user, the env file, a read-only system.
HARDENING = {
    "User": "kursportal",
    "Group": "kursportal",
    "EnvironmentFile": "/etc/kursportal/env",
    "WorkingDirectory": INSTALL_DIR,
    "ProtectSystem": "strict",
    "ReadWritePaths": "/var/lib/kursportal",
    "StateDirectory": "kursportal",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "PrivateDevices": "yes",
    "NoNewPrivileges": "yes",
    "CapabilityBoundingSet": "",
}
# Each cron command of the README with the timer that runs it.
TIMERS = {
    "kursportal-deadlines": ("deadlines", "*-*-* 00:15"),
    "kursportal-remind": ("remind", "*-*-* 07:00"),
    "kursportal-directory-import": ("directory import /var/lib/kursportal/import/staff.csv", "*-*-* 05:30"),
    "kursportal-purge-inactive": ("person purge-inactive", "Sun *-*-* 03:30"),
    "kursportal-backup": ("db backup /var/lib/kursportal/backups/ --keep 14", "*-*-* 02:30"),
    "kursportal-evaluations": ("evaluations send", "*-*-* 08:00"),
    "kursportal-time-statements": ("time-statements send --month previous", "*-*-02 06:00"),
}


def _unit(path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser


def _services():
    return sorted(UNITS.glob("*.service"))


def test_every_unit_passes_systemd_analyze_verify(tmp_path):
    analyze = require_binary(shutil.which("systemd-analyze"), "systemd-analyze (Debian package systemd)")
    # A unit that cannot be wrong: if even this fails, systemd-analyze cannot work here
    # (some containers lack what it loads), which is no finding about deploy/.
    probe = tmp_path / "probe" / "kursportal-probe.service"
    probe.parent.mkdir()
    probe.write_text("[Service]\nType=oneshot\nExecStart=/bin/true\n", encoding="utf-8")
    probed = subprocess.run([analyze, "verify", str(probe)], capture_output=True, text=True, timeout=60)
    if probed.returncode != 0 or probed.stderr.strip():
        pytest.skip(f"systemd-analyze verify cannot run in this container: {probed.stderr.strip()}")
    copies = []
    for unit in sorted(UNITS.iterdir()):
        copy = tmp_path / unit.name
        copy.write_text(unit.read_text(encoding="utf-8").replace(INSTALL_DIR, str(ROOT)), encoding="utf-8")
        copies.append(str(copy))
    assert len(copies) == 17
    done = subprocess.run([analyze, "verify", *copies], capture_output=True, text=True, timeout=60)
    # Unknown keys and bad values are only warnings with exit 0: any output is a failure.
    assert (done.returncode, done.stderr.strip(), done.stdout.strip()) == (0, "", "")


@pytest.mark.parametrize("service", _services(), ids=lambda path: path.name)
def test_every_service_runs_as_the_service_user_with_the_hardening(service):
    section = _unit(service)["Service"]
    assert {key: section.get(key) for key in HARDENING} == HARDENING
    assert section["ExecStart"].startswith(f"{INSTALL_DIR}/.venv/bin/")


def test_the_web_service_runs_gunicorn_on_the_socket_nginx_owns():
    service = _unit(UNITS / "kursportal.service")
    assert service["Service"]["ExecStart"] == (
        f"{INSTALL_DIR}/.venv/bin/gunicorn --config {INSTALL_DIR}/deploy/gunicorn.conf.py registration:create_app()")
    assert service["Service"]["Type"] == "notify"  # gunicorn tells systemd when it is ready
    socket = _unit(UNITS / "kursportal.socket")["Socket"]
    assert (socket["ListenStream"], socket["SocketUser"], socket["SocketMode"]) == (
        "/run/kursportal.sock", "www-data", "0600")


def test_the_outbox_sender_keeps_running():
    section = _unit(UNITS / "kursportal-outbox.service")["Service"]
    assert section["ExecStart"].endswith("flask --app registration outbox send --loop")
    assert section["Restart"] == "always"


@pytest.mark.parametrize("name", TIMERS)
def test_each_cron_command_has_a_timer(name):
    command, schedule = TIMERS[name]
    service = _unit(UNITS / f"{name}.service")["Service"]
    assert service["Type"] == "oneshot"
    assert service["ExecStart"] == f"{INSTALL_DIR}/.venv/bin/flask --app registration {command}"
    timer = _unit(UNITS / f"{name}.timer")
    assert timer["Timer"]["OnCalendar"] == schedule
    assert timer["Timer"]["Persistent"] == "true"  # a run missed while the machine was off comes later
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_the_env_example_names_only_declared_settings():
    from registration import config

    declared = {f"KURSPORTAL_{setting.name}" for setting in config.SETTINGS}
    lines = (DEPLOY / "env.example").read_text(encoding="utf-8").splitlines()
    names = [line.split("=", 1)[0] for line in lines if line and not line.startswith("#")]
    assert names and set(names) <= declared, set(names) - declared
    assert "KURSPORTAL_SECRET_KEY" in names and "KURSPORTAL_PROXIES" in names
