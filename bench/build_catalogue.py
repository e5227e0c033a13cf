"""Benchmark: build a 1,000-course catalogue with our site build and with plain Pelican.

    .venv/bin/python bench/build_catalogue.py [--courses 1000] [--sessions 5] [--runs 3]

Generates one catalogue (courses with sessions, Markdown bodies of a few
paragraphs) into a temporary folder, writes the same titles and bodies as
ordinary Pelican articles, then times, in the same run and alternating:

- plain: Pelican 4.12 with its default theme building the plain articles;
- ours:  `plugins.catalogue_site.build.build_site` on the catalogue (validation,
         Pelican with our plugin and theme, Pagefind, swap into place), from
         scratch into a fresh folder;

then republishing: one course file edited (a different one each run) and
`python -m plugins.catalogue_site.build` (what `invoke build` runs) on the
published site, timed as the whole command and until the new pages were live.

Each build runs in a fresh Python process into a fresh output folder (writing
new files is far cheaper than overwriting on this disk, and a warm process
would hide import and cache costs). Prints medians in ms per course page and
the ratio ours/plain; the target is within 1.5x.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from support.machine import machine  # noqa: E402

TARGET_RATIO = 1.5
TARGET_REPUBLISH_SECONDS = 2.0

PLAIN_SETTINGS = """\
# Plain Pelican with its default theme and default generators (feeds, categories, tags).
AUTHOR = "Bench"
SITENAME = "Plain Pelican"
SITEURL = ""
TIMEZONE = "Europe/Stockholm"
DEFAULT_LANG = "sv"
"""


def measure_plain(work: Path, output: Path) -> dict:
    """Build the plain articles with stock Pelican; return step timings in seconds."""
    from pelican import Pelican
    from pelican.settings import read_settings

    started = time.perf_counter()
    settings = read_settings(str(work / "plain-settings.py"), override={
        "PATH": str(work / "plain-content"), "OUTPUT_PATH": str(output)})
    Pelican(settings).run()
    return {"total": time.perf_counter() - started}


def measure_ours(work: Path, output: Path) -> dict:
    """Run our whole site build on the generated catalogue; return step timings in seconds."""
    os.chdir(ROOT)  # pelicanconf.py names the theme and plugins relative to the project
    sys.path.insert(0, str(ROOT))
    from plugins.catalogue_site import build

    started = time.perf_counter()
    report = build.build_site(work / "content", output, settings_file=str(ROOT / "pelicanconf.py"))
    timings = {"total": time.perf_counter() - started}
    # The build reports its own steps (validate, render+index, swap); Pagefind
    # runs inside each language's process, in parallel: the longer one counts.
    timings.update({f"step {name}": seconds for name, seconds in report.seconds.items()})
    timings["step pagefind (in render+index)"] = max(
        (seconds for steps in report.details.values() for name, seconds in steps.items()
         if name.startswith("pagefind")), default=0.0)
    return timings


def measure_republish(work: Path, output: Path) -> dict:
    """Rebuild the published `output` after an edit, as the command line does; return its timings."""
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    from plugins.catalogue_site import build

    report = build.build_site(work / "content", output, settings_file=str(ROOT / "pelicanconf.py"))
    return {"live": report.live_after, "made": report.rendered, "reused": report.reused,
            **{f"step {name}": seconds for name, seconds in report.seconds.items()}}


def edit_one_course(content: Path, run: int) -> str:
    """Add a sentence to one course's description (another course each run); return its file name."""
    files = sorted((content / "courses").glob("*.md"))
    path = files[(run * 97) % len(files)]
    path.write_text(path.read_text(encoding="utf-8") + f"\nTillägg {run + 1}: ny information om kursen.\n",
                    encoding="utf-8")
    return path.name


def republish(work: Path, runs: int) -> list[dict]:
    """Publish once, then time `runs` republishings after one edit each (fresh process each)."""
    output = work / "published"
    run_one("ours", work, "published-first", keep=output)
    results = []
    for run in range(runs):
        name = edit_one_course(work / "content", run)
        started = time.perf_counter()
        timings = _child("republish", work, output)
        timings["command"] = time.perf_counter() - started  # interpreter start and imports included
        timings["file"] = name
        results.append(timings)
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(_cache_of(output), ignore_errors=True)
    return results


def _child(variant: str, work: Path, output: Path) -> dict:
    command = [sys.executable, __file__, "--measure", variant, "--work", str(work), "--output", str(output)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        sys.exit(f"{variant} build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _cache_of(output: Path) -> Path:
    # Where our build keeps checked course files and description HTML between
    # builds (plugins.catalogue_site.build.cache_folder_of): a full build from
    # scratch must not find one left by an earlier run in the same --work folder.
    return output.parent / f".{output.name}-cache"


def run_one(variant: str, work: Path, run, keep: Path | None = None) -> dict:
    """Build one variant in a fresh interpreter into a fresh folder; return its timings."""
    output = keep or work / f"out-{variant}-{run}"
    shutil.rmtree(_cache_of(output), ignore_errors=True)
    timings = _child(variant, work, output)
    timings["html files"] = sum(1 for _ in output.rglob("*.html"))
    if keep is None:
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(_cache_of(output), ignore_errors=True)
    return timings


def _cpu_seconds() -> float:
    """User plus system CPU time of this process and its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=1000)
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, help="folder for the generated content (default: a temp folder)")
    parser.add_argument("--only", choices=["plain", "ours"], help="time one variant only")
    parser.add_argument("--republish-runs", type=int, default=3, help="edits to republish after (0: none)")
    parser.add_argument("--measure", choices=["plain", "ours", "republish"], help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:  # child process: one build, timings as JSON on the last line
        measure = {"plain": measure_plain, "ours": measure_ours, "republish": measure_republish}[args.measure]
        before = _cpu_seconds()
        timings = measure(args.work, args.output)
        # CPU time (this process and Pagefind's) suffers less than wall time when
        # other work shares the machine; both are reported.
        timings["cpu"] = _cpu_seconds() - before
        print(json.dumps(timings))
        return

    from support.catalogue_generator import write_catalogue, write_plain_articles

    work = args.work or Path(tempfile.mkdtemp(prefix="kursportal-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    records = write_catalogue(work / "content", args.courses, args.sessions)
    write_plain_articles(work / "plain-content", records)
    (work / "plain-settings.py").write_text(PLAIN_SETTINGS, encoding="utf-8")
    print(f"build_catalogue: {args.courses} courses x {args.sessions} sessions in {work}")
    print(f"machine: {machine()}")

    variants = [args.only] if args.only else ["plain", "ours"]
    results: dict[str, list[dict]] = {v: [] for v in variants}
    for run in range(args.runs):
        for variant in variants:  # alternate, so background load hits both alike
            timings = run_one(variant, work, run)
            results[variant].append(timings)
            print(f"  run {run + 1} {variant:5}: {timings['total']:.2f} s wall, {timings['cpu']:.2f} s CPU,"
                  f" {timings['html files']} HTML files")

    medians = {}
    for variant, runs in results.items():
        keys = [k for k in runs[0] if k not in ("html files",)]
        medians[variant] = {k: statistics.median(r[k] for r in runs if k in r) for k in keys}
        total = medians[variant]["total"]
        files = runs[0]["html files"]
        print(f"{variant:5} median {total:.2f} s = {1000 * total / args.courses:.2f} ms per course page"
              f" ({files} HTML files, {1000 * total / files:.2f} ms per HTML file);"
              f" CPU {medians[variant]['cpu']:.2f} s")
        for key, seconds in medians[variant].items():
            if key.startswith("step "):
                print(f"        {key[5:]:>12}: {seconds:.2f} s = {1000 * seconds / args.courses:.2f} ms per course")
    if len(medians) == 2:
        plain, ours = medians["plain"]["total"], medians["ours"]["total"]
        ratio = ours / plain
        verdict = "within" if ratio <= TARGET_RATIO else "MISSES"
        print(f"ratio ours/plain: {ratio:.2f} ({verdict} the {TARGET_RATIO}x target)")
        # Plain Pelican builds no search index, so also compare without that step.
        without = ours - medians["ours"].get("step pagefind (in render+index)", 0.0)
        print(f"ratio ours/plain without the Pagefind step: {without / plain:.2f}")
        print(f"ratio of CPU time ours/plain: {medians['ours']['cpu'] / medians['plain']['cpu']:.2f}")
    if args.republish_runs and args.only != "plain":
        edits = republish(work, args.republish_runs)
        for number, timings in enumerate(edits, start=1):
            print(f"  republish {number} ({timings['file']}): live after {timings['live']:.2f} s"
                  f" (whole command {timings['command']:.2f} s; {timings['made']} files made,"
                  f" {timings['reused']} reused); search index current after"
                  f" {timings['live'] + timings.get('step search index', 0.0):.2f} s; CPU {timings['cpu']:.2f} s")
        live = statistics.median(t["live"] for t in edits)
        command = statistics.median(t["command"] for t in edits)
        indexed = statistics.median(t["live"] + t.get("step search index", 0.0) for t in edits)
        verdict = "within" if command <= TARGET_REPUBLISH_SECONDS else "MISSES"
        print(f"republish after one edit, median: whole command {command:.2f} s ({verdict} the"
              f" {TARGET_REPUBLISH_SECONDS:.0f} s target); pages live after {live:.2f} s;"
              f" search index current after {indexed:.2f} s")
        for key in sorted({k for t in edits for k in t if k.startswith("step ")}):
            print(f"        {key[5:]:>12}: {statistics.median(t.get(key, 0.0) for t in edits):.2f} s")
        if "plain" in medians:
            print(f"ratio republish command / plain Pelican full build: {command / medians['plain']['total']:.2f}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
