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
import importlib.metadata
import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo
from pathlib import Path

from pelican import Pelican
from pelican.log import console as pelican_console
from pelican.settings import read_settings

from catalogue import CatalogueError, load_catalogue
from catalogue.course_cache import CourseCache

from . import NOTHING_PUBLISHED
from . import i18n
from .descriptions import description_html
from .generator import (
    CACHE_SETTING, CATALOGUE_SETTING, DESCRIPTIONS_SETTING, FINGERPRINTS_SETTING, LANGUAGES_SETTING,
    SHARED_FILES_SETTING, searchable_paths,
)
from .incremental import BuildCache, digest, tree_digest
from .publishing import replace_folder


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
    # Steps inside each language's process (they overlap: not part of the total).
    details: dict[str, dict[str, float]] = field(default_factory=dict)
    made: list[str] = field(default_factory=list)  # files the plugin made in this build (site paths)
    reused: int = 0  # files linked unchanged from the published build
    live_after: float = 0.0  # seconds from the start until the new pages were published
    wall: float = 0.0  # seconds from the start until everything, search index included, was done

    @property
    def rendered(self) -> int:
        """How many files the plugin made (not reused)."""
        return len(self.made)

    @property
    def total_seconds(self) -> float:
        """Wall time of the whole build (steps may overlap: removing the old site runs beside Pagefind)."""
        return self.wall or sum(self.seconds.values())


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


# Each language gets its own search bundle (`/pagefind/`, `/en/pagefind/`), so
# the two are made in parallel, each by the process that wrote its pages.
# Only course pages and content pages carry `data-pagefind-body`; the listing
# and filter pages (courses/<facet>/<value>/) repeat every course card and are
# most of the HTML, so Pagefind is not made to read them at all.
PAGEFIND_GLOB = "{courses/*/index.html,*/index.html}"


def _pagefind_executable() -> str:
    # Pagefind's PyPI package ships the binary; calling it directly spares a
    # Python start (what `python -m pagefind` does before exec'ing it).
    try:
        from pagefind.service import _must_get_executable

        return str(_must_get_executable().resolve())
    except Exception:  # the wrapper's internals moved: fall back to its documented entry point
        return ""


def _pagefind_command(site: Path, bundle: Path | None = None) -> list[str]:
    executable = _pagefind_executable()
    command = [executable] if executable else [sys.executable, "-m", "pagefind"]
    command += ["--site", str(site), "--glob", PAGEFIND_GLOB]
    return command + (["--output-path", str(bundle)] if bundle is not None else [])


def _run_pagefind(site: Path) -> None:
    """Index the searchable pages below `site` into `site/pagefind/`."""
    done = subprocess.run(_pagefind_command(site), capture_output=True, text=True)
    if done.returncode != 0:
        raise SiteBuildError(f"Pagefind failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")


def _start_pagefind(site: Path, bundle: Path) -> subprocess.Popen:
    return subprocess.Popen(_pagefind_command(site, bundle), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _language_root(fresh: Path, lang: str) -> Path:
    return fresh / i18n.prefix(lang).lstrip("/")


def _build_languages(settings: dict, languages: tuple[str, ...], theme_files: bool, data_files: bool,
                     cache: BuildCache, fresh: Path, defer_index: bool) -> tuple[dict, dict]:
    """Pelican for `languages`, then each language's search index.

    `theme_files`: copy the theme's CSS/JS; `data_files`: write the
    language-neutral calendars, catalogue.json and sitemap. Returns the
    cache's record of this process and the seconds of its steps.
    """
    seconds = {}
    own = {
        LANGUAGES_SETTING: languages, SHARED_FILES_SETTING: data_files, CACHE_SETTING: cache,
    }
    if not theme_files:
        own["THEME_STATIC_PATHS"] = []
    if i18n.DEFAULT_LANG not in languages:
        own["PAGE_SAVE_AS"] = ""
    else:
        own["PAGE_LANG_SAVE_AS"] = "" if set(languages) != set(i18n.LANGUAGES) else settings["PAGE_LANG_SAVE_AS"]
    step = time.perf_counter()
    _run_pelican({**settings, **own})
    seconds[f"pelican {'+'.join(languages)}"] = time.perf_counter() - step
    step = time.perf_counter()
    catalogue = settings[CATALOGUE_SETTING]
    for lang in languages:
        root = _language_root(fresh, lang)
        prefix = i18n.prefix(lang).lstrip("/")
        searchable = searchable_paths(lang, catalogue.courses) + _content_page_paths(root, prefix)
        index = f"{prefix}/pagefind".lstrip("/")
        if cache.group_unchanged(f"search/{lang}", searchable) and cache.link_tree(index):
            continue
        if defer_index and cache.link_tree(index):
            # Publish the pages with the previous index now; build.py makes the
            # new one from the published pages right after the swap.
            cache.defer_group(f"search/{lang}")
            continue
        _run_pagefind(root)
    seconds[f"pagefind {'+'.join(languages)}"] = time.perf_counter() - step
    return cache.record(), seconds


def _content_page_paths(root: Path, prefix: str) -> list[str]:
    # Pelican's pages of content/pages: top-level folders other than the plugin's own.
    paths = []
    for entry in root.iterdir() if root.is_dir() else ():
        if entry.is_dir() and entry.name not in {"courses", "search", "feeds", "pagefind", "theme", "calendars", "en"}:
            if (entry / "index.html").is_file():
                paths.append(f"{prefix}/{entry.name}/index.html".lstrip("/"))
    return paths


def _in_child(target, *args) -> tuple[multiprocessing.Process, object]:
    """Run `target(*args)` in a forked process; return it and the pipe its record or error comes back on."""
    receiver, sender = multiprocessing.Pipe(duplex=False)

    def run():
        try:
            sender.send(("ok", target(*args)))
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the parent
            sender.send(("error", exc if isinstance(exc, SiteBuildError) else
                         SiteBuildError(f"{type(exc).__name__}: {exc}")))
        finally:
            sender.close()

    process = multiprocessing.get_context("fork").Process(target=run, daemon=True)
    process.start()
    sender.close()
    return process, receiver


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def _global_key(settings: dict, catalogue, content: Path) -> str:
    """What every page depends on: code, theme, settings, organisations, content pages, today."""
    code = Path(__file__).resolve().parent
    import catalogue as catalogue_package

    relevant = {k: settings.get(k) for k in (
        "SITEURL", "FEED_DOMAIN", "SERVICE_URL", "SITENAME", "MARKDOWN", "TIMEZONE", "DEFAULT_LANG",
        "PAGE_URL", "PAGE_LANG_URL", "CATALOGUE_TODAY")}
    # A library upgrade can change any page (Markdown's HTML, the sanitiser, Babel's dates).
    libraries = [_version(name) for name in ("pelican", "jinja2", "markupsafe", "markdown", "nh3", "babel",
                                             "icalendar", "feedgenerator", "pagefind")]
    return digest(
        libraries,
        tree_digest(Path(settings["THEME"]), code, Path(catalogue_package.__file__).parent, content / "pages"),
        sorted(relevant.items(), key=lambda item: item[0]), catalogue.organisations, catalogue.timezone,
        getattr(catalogue, "guests", None), settings.get("CATALOGUE_TODAY"),
    )


def cache_folder_of(output: Path) -> Path:
    """Where the build keeps what it reuses between builds (checked course files, description HTML).

    Beside the output folder, not in it: the published folder is swapped
    whole, and its web server need not see the cache.
    """
    return output.parent / f".{output.name}-cache"


def _swap_in(fresh: Path, output: Path) -> Path | None:
    """Put `fresh` in place of `output` in one step; return the old folder, now to be deleted.

    If that fails (another build got there first), the old site stays and
    SiteBuildError is raised.
    """
    try:
        return replace_folder(fresh, output)
    except OSError as exc:
        raise SiteBuildError(f"could not move the new site into {output}: {exc}") from exc


def _index_published(output: Path, pending: list[str], cache: BuildCache, seconds: dict, meanwhile) -> None:
    """Make the search index of each `pending` language from the published pages and swap it in.

    The pages are live already, with the previous index; each language's new
    bundle is written beside it and exchanged in one step, then the build
    record is told the index is current. `meanwhile()` runs while Pagefind works.
    """
    step = time.perf_counter()
    running = []
    for lang in pending:
        root = _language_root(output, lang)
        bundle = root / f".pagefind-new-{uuid.uuid4().hex[:8]}"
        running.append((lang, root, bundle, _start_pagefind(root, bundle)))
    meanwhile()
    failures = []
    for lang, root, bundle, process in running:
        out, err = process.communicate()
        if process.returncode != 0:
            shutil.rmtree(bundle, ignore_errors=True)
            failures.append(f"Pagefind failed for {lang} (exit {process.returncode}):\n{out}\n{err}")
            continue
        old = replace_folder(bundle, root / "pagefind")
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        cache.mark_group_current(output, f"search/{lang}")
    seconds["search index"] = time.perf_counter() - step
    if failures:
        raise SiteBuildError("\n".join(failures) + "\nThe pages are published; their search index is the previous one.")


def build_site(content_dir=None, output_dir=None, settings_file="pelicanconf.py", overrides=None,
               incremental=True, defer_index=True) -> BuildReport:
    """Validate `content_dir`, build the site and swap it into `output_dir`.

    With `incremental` (the default), files whose inputs did not change since
    the published build are hard-linked from it instead of made again. With
    `defer_index` (the default) as well, a language whose searchable pages
    changed is published with its previous search index, and the new index
    is made from the published pages and swapped in right after (seconds
    later; `report.seconds["search index"]`); a first build indexes before
    publishing. Incremental builds also keep checked course files and
    description HTML by content hash in `cache_folder_of(output_dir)`, so
    only changed files are parsed again.

    `content_dir`/`output_dir` default to the settings' PATH/OUTPUT_PATH;
    `overrides` replaces settings (e.g. {"SITEURL": ...}). Raises CatalogueError
    (listing every problem) before writing anything when the content is broken,
    and SiteBuildError when Pelican or Pagefind fail; either way `output_dir`
    is left as it was.
    """
    seconds: dict[str, float] = {}
    details: dict[str, dict[str, float]] = {}
    started = time.perf_counter()
    base = read_settings(str(settings_file), override=dict(overrides or {}))
    content = Path(content_dir or base["PATH"]).resolve()
    output = Path(output_dir or base["OUTPUT_PATH"]).resolve()
    workers = 2 if (os.cpu_count() or 1) > 1 else 1
    cache_folder = cache_folder_of(output) if incremental else None
    catalogue = load_catalogue(content, base.get("TIMEZONE", "Europe/Stockholm"), workers=workers,
                               cache=CourseCache(cache_folder) if cache_folder is not None else None)
    seconds["validate"] = time.perf_counter() - started

    output.parent.mkdir(parents=True, exist_ok=True)
    # A sibling folder, so the final rename stays on one file system.
    fresh = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    fresh.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    children = []
    try:
        settings = read_settings(str(settings_file), override={
            **(overrides or {}), "PATH": str(content), "OUTPUT_PATH": str(fresh),
            CATALOGUE_SETTING: catalogue,
        })
        if settings.get("CATALOGUE_TODAY") is None:
            # Fixed once, so both processes judge "upcoming" and "closed" from the same day.
            settings["CATALOGUE_TODAY"] = datetime.now(ZoneInfo(catalogue.timezone)).date()
        settings[FINGERPRINTS_SETTING] = {
            path.stem: digest(path.read_bytes()) for path in (content / "courses").glob("*.md")}
        step = time.perf_counter()
        # Once here, not in each language's process.
        settings[DESCRIPTIONS_SETTING] = description_html(catalogue.courses, settings, cache_folder, workers)
        seconds["descriptions"] = time.perf_counter() - step
        cache = BuildCache(_global_key(settings, catalogue, content), fresh,
                           output if output.is_dir() and incremental else None)
        seconds["prepare"] = time.perf_counter() - started - seconds["validate"] - seconds["descriptions"]
        step = time.perf_counter()
        first, *others = i18n.LANGUAGES
        if others and (os.cpu_count() or 1) > 1:
            # One process per language, on both cores: the default language
            # here, the other in a forked child.
            # The default language's process also copies the theme and writes
            # Pelican's content pages; the other writes the data files, which
            # evens out the work.
            children = [_in_child(_build_languages, settings, (lang,), False, number == 0, cache, fresh,
                                  defer_index) for number, lang in enumerate(others)]
            _, details[first] = _build_languages(settings, (first,), True, False, cache, fresh, defer_index)
        else:
            _, details["all"] = _build_languages(settings, tuple(i18n.LANGUAGES), True, True, cache, fresh,
                                                 defer_index)
        for (process, receiver), lang in zip(children, others):
            status, value = receiver.recv() if receiver.poll(900) else ("error", SiteBuildError("a build process hung"))
            process.join()
            if status == "error":
                raise value
            cache.merge(value[0])
            details[lang] = value[1]
        seconds["render+index"] = time.perf_counter() - step
        cache.write()
    except BaseException:
        for process, _ in children:  # stop a language still being written before removing its folder
            if process.is_alive():
                process.terminate()
            process.join()
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    report = BuildReport(output, len(catalogue.courses), len(catalogue.sessions), seconds=seconds,
                         details=details, made=sorted(cache.rendered), reused=cache.reused)
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
    report.live_after = time.perf_counter() - started

    def remove_old():
        if old is not None:
            # After the swap: the new site is already live while the old one goes.
            step = time.perf_counter()
            shutil.rmtree(old, ignore_errors=True)
            seconds["remove_old"] = time.perf_counter() - step

    if cache.deferred:
        _index_published(output, sorted(g.split("/", 1)[1] for g in cache.deferred), cache, seconds, remove_old)
    else:
        remove_old()
    report.wall = time.perf_counter() - started
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
          f"into {report.output} in {report.total_seconds:.2f}s, live after {report.live_after:.2f}s ({steps}); "
          f"{report.rendered} files made, {report.reused} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
