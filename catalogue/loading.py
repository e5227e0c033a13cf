"""Read `content/` from disk: organisations.yaml, courses/*.md and the optional programme.yaml.

`load_catalogue` is the one entry point; it reads every file, validates all of
them, and either returns a whole `Catalogue` or raises `CatalogueError` listing
every problem at once.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .course_cache import CourseCache
from .errors import CatalogueError, Problem
from .forking import in_shares
from .model import Catalogue
from .organisation_validation import check_organisations
from .programme_validation import check_programme
from .validation import CourseChecker, check_catalogue

# The C loader is several times faster and the build parses every course file.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """The safe loader, refusing a key written twice in one mapping.

    PyYAML silently keeps the last of two equal keys, so a session copied
    with its old `deadline` left in would publish the wrong date unnoticed.
    """

    def construct_mapping(self, node, deep=False):
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key {key_node.value!r} is written twice in the same place",
                        key_node.start_mark)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep)

FRONT_MATTER_FENCE = "---"


def split_front_matter(text: str) -> tuple[str, str] | None:
    """Split a Markdown file into (YAML front matter, body); None when there is none."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return None
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == FRONT_MATTER_FENCE:
            return "".join(lines[1:number]), "".join(lines[number + 1:])
    return None


def parse_yaml(text: str, path: str, problems: list[Problem], first_line: int = 1):
    """Parse YAML text; record a problem with the line number and return None on error.

    `first_line` is the file's line number of the text's first line, so that
    front matter errors point at the line an editor shows.
    """
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + first_line}" if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc)
        context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and start is not None and start.line != getattr(mark, "line", None):
            # The parser notices a fault where it gives up, often a line after
            # the real mistake; say where the unfinished construct began.
            reason = f"{reason} ({context} on line {start.line + first_line})"
        problems.append(Problem(path, where, f"not valid YAML: {reason}"))
        return None


def read_text(path: Path, display: str, problems: list[Problem]) -> str | None:
    """Return a file's UTF-8 text, or None after recording that it is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(display, "", f"is not UTF-8 text (byte {exc.start}); save it as UTF-8"))
        return None


def read_course_file(path: Path, display: str, problems: list[Problem]):
    """Return (front matter dict, Markdown body) of a course file, or None after recording why not."""
    text = read_text(path, display, problems)
    if text is None:
        return None
    return _course_parts(text, display, problems)


def _course_parts(text: str, display: str, problems: list[Problem]):
    # read_course_file's work once the text is read.
    parts = split_front_matter(text)
    if parts is None:
        opened = text.lstrip("\ufeff").split("\n", 1)[0].strip() == FRONT_MATTER_FENCE
        problems.append(Problem(display, "", "front matter has no closing '---' line" if opened
                                else "must start with YAML front matter between two '---' lines"))
        return None
    front, body = parts
    # The opening fence is line 1, so the front matter starts on line 2.
    data = parse_yaml(front, display, problems, first_line=2)
    if data is None and not any(p.path == display for p in problems):
        problems.append(Problem(display, "", "front matter is empty"))
        return None
    if data is None:
        return None
    if not isinstance(data, dict):
        problems.append(Problem(display, "", "front matter must be a mapping of keys to values"))
        return None
    return data, body


def load_catalogue(content: str | Path, timezone: str = "Europe/Stockholm", cache: CourseCache | None = None,
                   workers: int = 1) -> Catalogue:
    """Load and validate everything under `content`; raise CatalogueError listing all problems.

    With a `cache` (course_cache.CourseCache), course files whose bytes were
    checked without problems by an earlier load are taken from it instead of
    parsed again; the checks across files still run over every course. With
    `workers` 2 or more, the files not in the cache are checked in that many
    forked processes (for the site build; a web service keeps the default 1).
    """
    root = Path(content)
    problems: list[Problem] = []

    def shown(path: Path) -> str:
        # Paths in messages start at the content folder's name, as an editor sees them.
        try:
            return str(path.relative_to(root.parent))
        except ValueError:
            return str(path)

    org_path = root / "organisations.yaml"
    organisations, guests = (), ()
    if not org_path.is_file():
        problems.append(Problem(shown(org_path), "", "file is missing"))
    else:
        org_text = read_text(org_path, shown(org_path), problems)
        if org_text is not None:
            raw = parse_yaml(org_text, shown(org_path), problems)
            organisations, guests = check_organisations(raw, shown(org_path), problems)

    checker = CourseChecker({o.id for o in organisations}, timezone, problems)
    course_dir = root / "courses"
    if not course_dir.is_dir():
        problems.append(Problem(shown(course_dir), "", "folder is missing"))
    paths = sorted(course_dir.glob("*.md")) if course_dir.is_dir() else []
    if cache is not None:
        cache.open(checker.organisation_ids, timezone)
    courses = []
    for file_problems, course, session_ids in _check_course_files(paths, shown, checker, cache, workers):
        problems.extend(file_problems)
        checker.session_ids.extend(session_ids)
        if course is not None:
            courses.append(course)
    check_catalogue(courses, problems, {path.stem for path in paths}, checker.session_ids)
    if cache is not None:
        cache.save()
    programme = _load_programme(root / "programme.yaml", shown(root / "programme.yaml"), problems,
                                {o.id for o in organisations}, {path.stem for path in paths})
    if problems:
        raise CatalogueError(problems)
    return Catalogue(tuple(organisations), tuple(courses), timezone, guests, programme)


# Below this many files to check, a second process costs more than it saves.
_PARALLEL_FROM = 100


def _check_course_file(path: Path, display: str, data: bytes, checker: CourseChecker) -> tuple:
    """(problems, course or None, session ids) of one course file's bytes."""
    problems: list[Problem] = []
    own = CourseChecker.__new__(CourseChecker)  # the shared checker's settings, this file's own lists
    own.__dict__.update(checker.__dict__, problems=problems, session_ids=[])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [Problem(display, "", f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")], None, []
    read = _course_parts(text, display, problems)
    course = own.check(path.stem, read[0], read[1], display) if read is not None else None
    return problems, course, own.session_ids


def _check_course_files(paths: list[Path], shown, checker: CourseChecker, cache: CourseCache | None,
                        workers: int) -> list[tuple]:
    """`_check_course_file` of every path, in order: from the cache when known, the rest shared among `workers`."""
    results: list = [None] * len(paths)
    todo: list[tuple[int, str, bytes, str]] = []
    for number, path in enumerate(paths):
        display = shown(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            results[number] = ([Problem(display, "", f"cannot be read: {exc.strerror}")], None, [])
            continue
        key = cache.key(display, data) if cache is not None else ""
        found = cache.get(key) if cache is not None else None
        if found is not None:
            results[number] = ([], found[0], list(found[1]))
        else:
            todo.append((number, display, data, key))

    def check(share):
        return [_check_course_file(paths[number], display, data, checker) for number, display, data, _ in share]

    checked = in_shares(check, todo, workers=workers, parallel_from=_PARALLEL_FROM)
    for (number, _, _, key), result in zip(todo, checked):
        results[number] = result
        problems, course, session_ids = result
        if cache is not None and course is not None and not problems:
            cache.put(key, course, session_ids)
    return results


def _load_programme(path: Path, display: str, problems: list[Problem], organisation_ids: set[str],
                    course_files: set[str]):
    # Optional: a catalogue without funder reporting has no programme.yaml.
    if not path.is_file():
        return None
    text = read_text(path, display, problems)
    if text is None:
        return None
    raw = parse_yaml(text, display, problems)
    return check_programme(raw, display, problems, organisation_ids, course_files)
