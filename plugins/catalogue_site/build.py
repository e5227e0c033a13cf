"""Build the public catalogue site atomically.

    python -m plugins.catalogue_site.build [--settings pelicanconf.py] [--content content] [--output output]

Order matters: the content is validated first, and nothing is written when it
is broken; Pelican then writes into a fresh sibling folder, Pagefind indexes
it, and only then is it swapped in with renames, so the published folder is
never half-made and a failed build leaves the previous site untouched. Writing
into a fresh folder is also much faster than overwriting files on our disks.
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from pelican import Pelican
from pelican.log import console as pelican_console
from pelican.settings import read_settings

from catalogue import CatalogueError, load_catalogue

from . import NOTHING_PUBLISHED
from .generator import CATALOGUE_SETTING


class SiteBuildError(Exception):
    """Pelican or Pagefind failed; the previous output folder was left as it was."""


@dataclass
class BuildReport:
    """What a build made and how long each step took (seconds)."""

    output: Path
    courses: int
    sessions: int
    html_pages: int = 0
    files: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        """Wall time of the whole build."""
        return sum(self.seconds.values())


class _ErrorCounter(logging.Handler):
    """Collects Pelican's ERROR log records: Pelican logs some failures instead of raising."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _run_pelican(settings: dict) -> None:
    counter = _ErrorCounter()
    logger = logging.getLogger("pelican")
    logger.addHandler(counter)
    # Pelican's closing "Processed 0 articles, 4 pages" counts only its own
    # content, not the catalogue's pages; our build prints its own summary.
    was_quiet, pelican_console.quiet = pelican_console.quiet, True
    try:
        Pelican(settings).run()
    except Exception as exc:  # a template or plugin error: report it like any failed build
        # Jinja's template errors know the file and line; say them.
        where = f" in {exc.filename}, line {exc.lineno}" if getattr(exc, "filename", None) else ""
        raise SiteBuildError(f"Pelican failed{where}: {type(exc).__name__}: {exc}") from exc
    finally:
        logger.removeHandler(counter)
        pelican_console.quiet = was_quiet
    if counter.messages:
        raise SiteBuildError("Pelican reported errors:\n" + "\n".join(counter.messages))


# Only course pages and content pages carry `data-pagefind-body`; the listing
# and filter pages (courses/<facet>/<value>/) repeat every course card and are
# most of the HTML, so Pagefind is not made to read them at all.
PAGEFIND_GLOB = "{courses/*/index.html,*/index.html,en/courses/*/index.html,en/*/index.html}"


def _run_pagefind(site: Path) -> None:
    # Pagefind's PyPI package ships the binary; running it via this interpreter
    # finds the one installed next to Pelican.
    done = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", PAGEFIND_GLOB],
        capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise SiteBuildError(f"Pagefind failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")


def _swap_in(fresh: Path, output: Path) -> Path | None:
    """Replace `output` by `fresh` with two renames; return the old folder, now to be deleted.

    If the second rename fails (another build got there first), the old site
    is put back and SiteBuildError raised.
    """
    old = None
    if output.exists():
        old = output.with_name(f".{output.name}-old-{uuid.uuid4().hex[:8]}")
        output.rename(old)
    try:
        fresh.rename(output)
    except OSError as exc:
        if old is not None and not output.exists():
            old.rename(output)
        raise SiteBuildError(f"could not move the new site into {output}: {exc}") from exc
    return old


def build_site(content_dir=None, output_dir=None, settings_file="pelicanconf.py", overrides=None) -> BuildReport:
    """Validate `content_dir`, build the site and swap it into `output_dir`.

    `content_dir`/`output_dir` default to the settings' PATH/OUTPUT_PATH;
    `overrides` replaces settings (e.g. {"SITEURL": ...}). Raises CatalogueError
    (listing every problem) before writing anything when the content is broken,
    and SiteBuildError when Pelican or Pagefind fail; either way `output_dir`
    is left as it was.
    """
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    base = read_settings(str(settings_file), override=dict(overrides or {}))
    content = Path(content_dir or base["PATH"]).resolve()
    output = Path(output_dir or base["OUTPUT_PATH"]).resolve()
    catalogue = load_catalogue(content, base.get("TIMEZONE", "Europe/Stockholm"))
    seconds["validate"] = time.perf_counter() - started

    output.parent.mkdir(parents=True, exist_ok=True)
    # A sibling folder, so the final rename stays on one file system.
    fresh = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    fresh.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    try:
        settings = read_settings(str(settings_file), override={
            **(overrides or {}), "PATH": str(content), "OUTPUT_PATH": str(fresh),
            CATALOGUE_SETTING: catalogue,
        })
        step = time.perf_counter()
        _run_pelican(settings)
        seconds["pelican"] = time.perf_counter() - step
        step = time.perf_counter()
        _run_pagefind(fresh)
        seconds["pagefind"] = time.perf_counter() - step
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    report = BuildReport(output, len(catalogue.courses), len(catalogue.sessions), seconds=seconds)
    for _, _, files in os.walk(fresh):
        report.files += len(files)
        report.html_pages += sum(1 for name in files if name.endswith(".html"))
    step = time.perf_counter()
    try:
        old = _swap_in(fresh, output)
    except SiteBuildError:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    seconds["swap"] = time.perf_counter() - step
    if old is not None:
        # After the swap: the new site is already live while the old one goes.
        step = time.perf_counter()
        shutil.rmtree(old, ignore_errors=True)
        seconds["remove_old"] = time.perf_counter() - step
    return report


def main(argv=None) -> int:
    """Command line: build the site; exit 1 with every problem listed when content is broken."""
    parser = argparse.ArgumentParser(prog="python -m plugins.catalogue_site.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", default="pelicanconf.py", help="Pelican settings file (default: pelicanconf.py)")
    parser.add_argument("--content", default=None, help="content folder (default: the settings' PATH)")
    parser.add_argument("--output", default=None, help="output folder (default: the settings' OUTPUT_PATH)")
    args = parser.parse_args(argv)
    try:
        report = build_site(args.content, args.output, args.settings)
    except CatalogueError as exc:
        print(exc, file=sys.stderr)
        print(NOTHING_PUBLISHED, file=sys.stderr)
        return 1
    except SiteBuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    steps = ", ".join(f"{name} {value:.2f}s" for name, value in report.seconds.items())
    print(f"Built {report.courses} courses, {report.sessions} sessions, {report.html_pages} pages "
          f"into {report.output} in {report.total_seconds:.2f}s ({steps})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
