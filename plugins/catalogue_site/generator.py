"""The Pelican generator that writes the catalogue's pages, feeds, JSON and calendars.

Every HTML page is written once per language (Swedish at `/`, English under
`/en/`); language-neutral files (.ics, catalogue.json, sitemap.xml) once.
`build.py` runs one Pelican per language in parallel processes: the settings
CATALOGUE_LANGUAGES and CATALOGUE_SHARED_FILES say which part a process
writes, and CATALOGUE_BUILD_CACHE (an incremental.BuildCache) lets it reuse
published files whose inputs did not change. A plain `pelican` run writes
everything from scratch.
"""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from markupsafe import Markup
from pelican.generators import Generator

from catalogue import Catalogue, Course, load_catalogue

from . import descriptions, exports, facets, i18n
from .ical import CalendarWriter
from .incremental import digest
from .views import session_views

# Where the catalogue for this build is handed over by build.py, so it is
# loaded and validated exactly once per build.
CATALOGUE_SETTING = "CATALOGUE"
LANGUAGES_SETTING = "CATALOGUE_LANGUAGES"
SHARED_FILES_SETTING = "CATALOGUE_SHARED_FILES"
CACHE_SETTING = "CATALOGUE_BUILD_CACHE"
# {slug: hash of the course file's bytes} from build.py: a course's file says
# everything about it (organisations and code are in the global key), and
# hashing bytes is far cheaper than the repr of its dataclasses.
FINGERPRINTS_SETTING = "CATALOGUE_FINGERPRINTS"
# {slug: description HTML} from build.py (descriptions.description_html).
DESCRIPTIONS_SETTING = "CATALOGUE_DESCRIPTIONS"


def course_path(course: Course) -> str:
    """Path of a course page below the language root."""
    return f"courses/{course.slug}/"


def course_ics_path(course: Course) -> str:
    """Path of a course's calendar (every meeting of every session) below the site root, one for both languages.

    A single session's calendar file comes from the registration service to
    people with a confirmed place, and in their confirmation e-mail.
    """
    return f"calendars/{course.slug}.ics"


def searchable_paths(lang: str, courses) -> list[str]:
    """Output paths (below the site root) of the catalogue's pages Pagefind indexes in `lang`."""
    root = i18n.prefix(lang).lstrip("/")
    return [f"{root}/{course_path(c)}index.html".lstrip("/") for c in courses]


class _NoCache:
    """Stands in for a BuildCache when a plain `pelican` run builds from scratch."""

    global_key = ""

    def reuse(self, path, key):
        return False

    def fragment(self, name, key, make):
        return make()

    def group_unchanged(self, name, paths):
        return False


class CatalogueGenerator(Generator):
    """Writes home, listing, filter, search and course pages plus the data files."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogue: Catalogue = self.settings.get(CATALOGUE_SETTING) or load_catalogue(
            self.path, self.settings.get("TIMEZONE", "Europe/Stockholm")
        )
        self.origin = (self.settings.get("FEED_DOMAIN") or self.settings.get("SITEURL") or "").rstrip("/")
        self.service_url = self.settings["SERVICE_URL"].rstrip("/")
        # "Today" where the courses take place, not where the build server is.
        self.today = self.settings.get("CATALOGUE_TODAY") or datetime.now(ZoneInfo(self.catalogue.timezone)).date()
        self.languages = tuple(self.settings.get(LANGUAGES_SETTING) or i18n.LANGUAGES)
        self.write_shared = self.settings.get(SHARED_FILES_SETTING, True)
        self.cache = self.settings.get(CACHE_SETTING) or _NoCache()
        self.helpers = {lang: i18n.language_helpers(self.settings, lang) for lang in i18n.LANGUAGES}
        self._folders: set[str] = set()
        fingerprints = self.settings.get(FINGERPRINTS_SETTING) or {}
        self.fingerprint = {c.slug: fingerprints.get(c.slug) or digest(c) for c in self.catalogue.courses}

    # -- helpers -------------------------------------------------------------

    def absolute(self, path: str, lang: str | None = None) -> str:
        """Absolute URL of `path`, for feeds, sitemap, JSON and calendars."""
        siteurl = self.settings.get("SITEURL", "")
        base = self.origin if siteurl.startswith("/") or not siteurl else ""
        return f"{base}{siteurl}{i18n.prefix(lang) if lang else ''}/{path}"

    def body(self, course: Course) -> str:
        """The HTML of a course description: made by build.py before the processes forked, or here once."""
        if course.slug not in self._bodies:
            if self._markdown is None:
                self._markdown = descriptions.markdown_renderer(self.settings)
            self._bodies[course.slug] = descriptions.convert(self._markdown, course.body)
        return self._bodies[course.slug]

    def generate_context(self):
        """Make the catalogue and its derived lists available to every template."""
        self._markdown = None
        self._bodies: dict[str, str] = dict(self.settings.get(DESCRIPTIONS_SETTING) or {})
        self.months = {c.slug: facets.course_months(c) for c in self.catalogue.courses}
        self.filters = facets.filter_pages(self.catalogue, self.months)
        self.facet_values = {f: facets.facet_values(self.catalogue, f) for f in facets.FACETS}
        self.upcoming = facets.upcoming_sessions(self.catalogue, self.today)
        self.context.update(
            catalogue=self.catalogue,
            SERVICE_URL=self.service_url,
            course_path=course_path,
            course_ics_path=course_ics_path,
            by_kind=facets.by_kind,
            course_months=facets.course_months,
            FACETS=facets.FACETS,
            facet_values=self.facet_values,
            upcoming=self.upcoming,
            today=self.today,
        )

    # -- output --------------------------------------------------------------

    def _save_as(self, lang: str, path: str) -> str:
        return f"{i18n.prefix(lang).lstrip('/')}/{path}index.html".lstrip("/")

    def write_page(self, lang: str, path: str, template: str, key: str, values):
        """Render `template` into `<lang prefix>/<path>index.html` unless the published one has the same key.

        `values` is a function returning the page's own template values, so
        nothing is prepared for a page that is reused.
        """
        save_as = self._save_as(lang, path)
        if self.cache.reuse(save_as, digest(self.cache.global_key, save_as, key)):
            return
        html = self.get_template(template.removesuffix(".html")).render(
            {**self.context, "lang": lang, "page_path": path, **self.helpers[lang], **values()}
        )
        self._write(save_as, html.encode("utf-8"))

    def _write(self, path: str, data: bytes) -> None:
        target = os.path.join(self.output_path, path)
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        with open(target, "wb") as fh:  # always a new file: a reused one is linked, never rewritten
            fh.write(data)

    def write_data(self, path: str, data: str | bytes, key: str | None = None):
        """Write a file that is not a rendered page (feed, JSON, .ics) below the output folder.

        With a `key`, the published file is reused when its key is unchanged.
        """
        if key is not None and self.cache.reuse(path, digest(self.cache.global_key, path, key)):
            return
        if callable(data):
            data = data()
        self._write(path, data if isinstance(data, bytes) else data.encode("utf-8"))

    def card_keys(self) -> dict[str, str]:
        """Per course, a hash of everything its listing card shows."""
        return {c.slug: digest(c.title, c.summary, c.kind, c.level, c.audience, c.themes,
                               c.organisations, self.months[c.slug], self._next_start(c))
                for c in self.catalogue.courses}

    def _next_start(self, course: Course):
        upcoming = [s.start.date() for s in course.sessions if s.start.date() >= self.today]
        return min(upcoming, default=None)

    def render_cards(self, lang: str, keys: dict[str, str]) -> dict[str, Markup]:
        """Each course's listing card in `lang`, rendered once (or taken from the last build) and reused."""
        template = self.get_template("card")
        helpers = self.helpers[lang]
        cards = {}
        for course in self.catalogue.courses:
            def make(course=course):
                return template.render(
                    lang=lang, course=course, next_start=self._next_start(course), **helpers,
                    course_path=course_path, course_months=lambda c: self.months[c.slug],
                )
            cards[course.slug] = Markup(self.cache.fragment(f"card/{lang}/{course.slug}", keys[course.slug], make))
        return cards

    def generate_output(self, writer):
        """Write every page of this process's languages, then (if it writes them) the shared files."""
        catalogue = self.catalogue
        card_keys = self.card_keys()
        everything = digest(sorted(card_keys.items()), self.facet_values)
        for lang in self.languages:
            cards = self.render_cards(lang, card_keys)
            home_key = digest(self.facet_values, len(catalogue.courses), [
                (c.slug, c.title, s.id, s.start, s.deadline, s.meetings[0].place) for c, s in self.upcoming[:10]])
            self.write_page(lang, "", "home.html", home_key, dict)
            self.write_page(lang, "courses/", "listing.html", everything,
                            lambda: {"courses": catalogue.courses, "cards": cards})
            self.write_page(lang, "search/", "search.html", "", dict)
            for page in self.filters:
                key = digest(page.path, [card_keys[c.slug] for c in page.courses], self.facet_values)
                self.write_page(lang, page.path, "filter.html", key,
                                lambda page=page: {"filter_page": page, "courses": page.courses, "cards": cards})
            for course in catalogue.courses:
                prerequisites = [catalogue.course(slug) for slug in course.prerequisites]
                key = digest(self.fingerprint[course.slug], [(p.slug, p.title) for p in prerequisites])
                self.write_page(lang, course_path(course), "course.html", key, lambda course=course, p=prerequisites: {
                    "course": course, "body": self.body(course), "prerequisites": p,
                    "sessions": session_views(catalogue, course, self.helpers[lang], self.today),
                })
            title = i18n.translate(self.translations_dir, lang, "New courses")
            self.write_data(
                f"{i18n.prefix(lang).lstrip('/')}/feeds/courses.atom.xml".lstrip("/"),
                lambda lang=lang, title=title: exports.atom_feed(
                    catalogue.courses, title, self.absolute("", lang),
                    self.absolute("feeds/courses.atom.xml", lang), lang,
                    lambda c: self.absolute(course_path(c), lang),
                ),
                key=digest([(c.slug, c.title, c.summary, c.published) for c in catalogue.courses]),
            )
        if self.write_shared:
            self.write_shared_files()

    def write_shared_files(self):
        """The language-neutral files: calendars, catalogue.json, sitemap.xml."""
        catalogue = self.catalogue
        self.write_calendars()
        self.write_data("catalogue.json", exports.catalogue_json(
            catalogue,
            lambda c: self.absolute(course_path(c), i18n.DEFAULT_LANG),
            lambda c: self.absolute(course_ics_path(c)),
            self.service_url,
        ))
        self.write_data("sitemap.xml", exports.sitemap(self.page_urls() + self.pelican_page_urls()))

    def page_urls(self) -> list[str]:
        """Absolute URLs of every page the plugin writes, in both languages (whichever process writes them)."""
        paths = ["", "courses/", "search/", *(p.path for p in self.filters),
                 *(course_path(c) for c in self.catalogue.courses)]
        return [self.absolute(path, lang) for lang in i18n.LANGUAGES for path in paths]

    @property
    def translations_dir(self) -> str:
        return os.path.join(self.theme, "translations")

    def write_calendars(self):
        """One .ics per course (every meeting of its sessions) and calendar.ics with every meeting."""
        host = urlsplit(self.origin).hostname or "localhost"
        writer = CalendarWriter(
            self.catalogue, host, lambda c: self.absolute(course_path(c), i18n.DEFAULT_LANG)
        )
        events = {}
        # The time zone's rules span the catalogue's years: a new year changes every file.
        zone = digest(writer.vtimezone)
        for course in self.catalogue.courses:
            key = digest(writer.stamp, zone, host, self.absolute(course_path(course)), self.fingerprint[course.slug])
            events[course.slug] = self.cache.fragment(
                f"events/{course.slug}", key, lambda course=course: writer.course_events(course))
            self.write_data(course_ics_path(course),
                            lambda course=course: writer.calendar(course.title, [events[course.slug]]), key=key)
        name = i18n.translate(self.translations_dir, i18n.DEFAULT_LANG, "Course catalogue")
        self.write_data("calendar.ics", writer.calendar(name, [events[c.slug] for c in self.catalogue.courses]))

    def pelican_page_urls(self) -> list[str]:
        """Absolute URLs of the pages Pelican wrote from content/pages, both languages."""
        urls = []
        for page in self.context.get("pages", []):
            urls.append(self.absolute(page.url))
            urls += [self.absolute(t.url) for t in page.translations]
        return urls
