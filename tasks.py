"""Kursportal's tasks (`invoke --list`): build and serve the catalogue, run the demo, test, benchmark."""
from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from invoke import task

ROOT = Path(__file__).parent
PYTHON = sys.executable
OUTPUT = ROOT / "output"
INSTANCE = ROOT / "instance"
SITE_PORT = int(os.environ.get("KURSPORTAL_SITE_PORT", "8000"))
SERVICE_PORT = int(os.environ.get("KURSPORTAL_SERVICE_PORT", "5000"))


def _build_command(settings: str, output: Path) -> list[str]:
    return [PYTHON, "-m", "plugins.catalogue_site.build", "--settings", settings, "--output", str(output)]


@task
def build(c, settings="pelicanconf.py", output=str(OUTPUT)):
    """Validate content/ and build the static catalogue into output/ (atomically)."""
    c.run(" ".join(_build_command(settings, Path(output))), pty=False)


@task
def publish(c, output=str(OUTPUT)):
    """Build the catalogue with production settings (publishconf.py; KURSPORTAL_SITE_URL, KURSPORTAL_SERVICE_URL)."""
    build(c, settings="publishconf.py", output=output)


@task
def serve(c, port=SITE_PORT):
    """Serve output/ on http://127.0.0.1:PORT (build first)."""
    c.run(f"{PYTHON} -m http.server {port} --bind 127.0.0.1 --directory {OUTPUT}")


@task
def regenerate(c, settings="pelicanconf.py"):
    """Rebuild the catalogue whenever content/ or theme/ changes (Ctrl-C to stop)."""
    from watchfiles import watch

    build(c, settings=settings)
    for changes in watch(ROOT / "content", ROOT / "theme", ROOT / "plugins"):
        print(f"changed: {', '.join(sorted({Path(p).name for _, p in changes}))}")
        result = c.run(" ".join(_build_command(settings, OUTPUT)), warn=True)
        if result.failed:
            print("build failed; the previous site is still published")


@task
def sync(c):
    """Load content/ into the service's database (new, changed and withdrawn sessions)."""
    c.run(f"{PYTHON} -m flask --app registration catalogue sync")


def demo_environment() -> dict[str, str]:
    """The environment of the demo: SQLite in instance/, demo sign-in, mail written to a folder."""
    env = dict(os.environ)
    env.setdefault("KURSPORTAL_DEMO", "1")
    env.setdefault("KURSPORTAL_SECRET_KEY", secrets.token_hex(32))
    env.setdefault("KURSPORTAL_SITE_URL", f"http://127.0.0.1:{SITE_PORT}")
    env.setdefault("KURSPORTAL_SERVICE_URL", f"http://127.0.0.1:{SERVICE_PORT}")
    env.setdefault("KURSPORTAL_MAIL_DIR", str(INSTANCE / "mail"))
    return env


@task
def demo(c, fresh=False):
    """Build the catalogue, create and fill the demo database, and run site + service until Ctrl-C."""
    env = demo_environment()
    if fresh and INSTANCE.exists():
        shutil.rmtree(INSTANCE)
    INSTANCE.mkdir(exist_ok=True)
    subprocess.run(_build_command("pelicanconf.py", OUTPUT), check=True, env=env)
    flask = [PYTHON, "-m", "flask", "--app", "registration"]
    subprocess.run([*flask, "demo", "load"], check=True, env=env)
    processes = [
        subprocess.Popen([PYTHON, "-m", "http.server", str(SITE_PORT), "--bind", "127.0.0.1",
                          "--directory", str(OUTPUT)], env=env),
        subprocess.Popen([*flask, "run", "--host", "127.0.0.1", "--port", str(SERVICE_PORT)], env=env),
        subprocess.Popen([*flask, "outbox", "send", "--loop"], env=env),
    ]
    print(f"\nCatalogue: http://127.0.0.1:{SITE_PORT}/\nService:   http://127.0.0.1:{SERVICE_PORT}/"
          f"  (demo sign-in: pick a person)\nE-mail:    {env['KURSPORTAL_MAIL_DIR']} and "
          f"http://127.0.0.1:{SERVICE_PORT}/dev/outbox\nCtrl-C stops everything.\n")
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for p in processes:
            if p.poll() is None:
                p.send_signal(signal.SIGINT)
        for p in processes:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


@task
def translations(c):
    """Extract UI strings, update the sv/en catalogues and compile them (service and site)."""
    c.run(f"{PYTHON} -m registration.translations update")


@task(help={"pytest_args": "extra arguments for pytest, e.g. \"-k sync -x\""})
def test(c, pytest_args=""):
    """Run the whole test suite in parallel (browser tests need Debian chromium; PostgreSQL tests start a server).

    pytest-xdist runs one worker per core (`-n auto`); each worker starts its own
    PostgreSQL on its own free port and has its own temporary folder, so nothing is
    shared between them. Pass `-n 0` (or any -n) in pytest_args to choose otherwise.
    """
    workers = "" if re.search(r"(^|\s)(-n|--numprocesses)(\s|=|$)", pytest_args) else "-n auto "
    c.run(f"{PYTHON} -m pytest -p no:cacheprovider {workers}{pytest_args}", pty=False)


@task
def bench(c):
    """Run every benchmark in bench/ and print the figures (record them in bench/RESULTS.md)."""
    for script in sorted((ROOT / "bench").glob("*.py")):
        print(f"== {script.name}")
        c.run(f"{PYTHON} {script}")
