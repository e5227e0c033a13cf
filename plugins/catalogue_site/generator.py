"""The Pelican generator that writes the catalogue's pages, feeds, JSON and calendars.

Every HTML page is written once per language (Swedish at `/`, English under
`/en/`); language-neutral files (.ics, catalogue.json, sitemap.xml) once.
"""
from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import markdown
from markupsafe import Markup
from pelican.generators import Generator

from catalogue import Catalogue, Course, Session, load_catalogue

from . import exports, facets, i18n
from .security import sanitise_html
from .ical import CalendarWriter
from .views import session_views

# Where the catalogue for this build is handed over by build.py, so it is
# loaded and validated exactly once per build.
CATALOGUE_SETTING = "CATALOGUE"


def course_path(course: Course) -> str:
    """Path of a course page below the language root."""
    return f"courses/{course.slug}/"


def session_ics_path(session: Session) -> str:
    """Path of a session's calendar file below the site root (one for both languages)."""
    return f"sessions/{session.id}.ics"


_HEADING = re.compile(r"<(/?)h([1-6])\b")


def headings_below_h1(html: str) -> str:
    """Shift the headings of a course description so the first level is h2.

    The page's own title is the only h1; a description written with '#'
    headings would otherwise break the heading order screen readers rely on.
    """
    levels = [int(m.group(2)) for m in _HEADING.finditer(html) if not m.group(1)]
    shift = 2 - min(levels, default=2)
    if shift <= 0:
        return html
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", html)


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
        self.urls: list[str] = []
        self.helpers = {lang: i18n.language_helpers(self.settings, lang) for lang in i18n.LANGUAGES}

    # -- helpers -------------------------------------------------------------

    def absolute(self, path: str, lang: str | None = None) -> str:
        """Absolute URL of `path`, for feeds, sitemap, JSON and calendars."""
        siteurl = self.settings.get("SITEURL", "")
        base = self.origin if siteurl.startswith("/") or not siteurl else ""
        return f"{base}{siteurl}{i18n.prefix(lang) if lang else ''}/{path}"

    def render_bodies(self) -> dict[str, str]:
        """HTML of every course description, with Pelican's Markdown settings, sanitised."""
        options = dict(self.settings["MARKDOWN"])
        # The front matter is already parsed: without this, a description whose
        # first line reads like "Purpose: ..." would vanish into Markdown
        # metadata. (Pelican's reader adds `meta` to MARKDOWN["extensions"].)
        configs = options.get("extension_configs", {})
        options["extensions"] = [
            name for name in dict.fromkeys([*options.get("extensions", []), *configs])
            if isinstance(name, str) and name.rsplit(".", 1)[-1] != "meta"
        ]
        options["extension_configs"] = {n: c for n, c in configs.items() if n in options["extensions"]}
        md = markdown.Markdown(**options)
        bodies = {}
        for course in self.catalogue.courses:
            bodies[course.slug] = headings_below_h1(sanitise_html(md.reset().convert(course.body)))
        return bodies

    def generate_context(self):
        """Make the catalogue and its derived lists available to every template."""
        self.bodies = self.render_bodies()
        self.filters = facets.filter_pages(self.catalogue)
        self.context.update(
            catalogue=self.catalogue,
            SERVICE_URL=self.service_url,
            course_path=course_path,
            session_ics_path=session_ics_path,
            by_kind=facets.by_kind,
            course_months=facets.course_months,
            FACETS=facets.FACETS,
            facet_values={f: facets.facet_values(self.catalogue, f) for f in facets.FACETS},
            upcoming=facets.upcoming_sessions(self.catalogue, self.today),
            today=self.today,
        )

    # -- output --------------------------------------------------------------

    def write_page(self, writer, lang: str, path: str, template: str, **values):
        """Render `template` into `<lang prefix>/<path>index.html` and remember its URL."""
        save_as = f"{i18n.prefix(lang).lstrip('/')}/{path}index.html".lstrip("/")
        writer.write_file(
            save_as, self.get_template(template.removesuffix(".html")), self.context,
            lang=lang, page_path=path, **self.helpers[lang], **values,
        )
        self.urls.append(self.absolute(path, lang))

    def write_data(self, path: str, data: str | bytes):
        """Write a file that is not a rendered page (feed, JSON, .ics) below the output folder."""
        target = Path(self.output_path, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))

    def render_cards(self, lang: str) -> dict[str, Markup]:
        """Each course's listing card in `lang`, rendered once and reused on every listing."""
        template = self.get_template("card")
        cards = {}
        for course in self.catalogue.courses:
            upcoming = [s.start.date() for s in course.sessions if s.start.date() >= self.today]
            cards[course.slug] = Markup(template.render(
                lang=lang, course=course, next_start=min(upcoming, default=None), **self.helpers[lang],
                course_path=course_path, course_months=facets.course_months,
            ))
        return cards

    def generate_output(self, writer):
        """Write every page in both languages, then the feeds, calendars and JSON."""
        catalogue = self.catalogue
        for lang in i18n.LANGUAGES:
            cards = self.render_cards(lang)
            self.write_page(writer, lang, "", "home.html")
            self.write_page(writer, lang, "courses/", "listing.html", courses=catalogue.courses, cards=cards)
            self.write_page(writer, lang, "search/", "search.html")
            for page in self.filters:
                self.write_page(writer, lang, page.path, "filter.html", filter_page=page, courses=page.courses, cards=cards)
            for course in catalogue.courses:
                prerequisites = [catalogue.course(slug) for slug in course.prerequisites]
                self.write_page(
                    writer, lang, course_path(course), "course.html",
                    course=course, body=self.bodies[course.slug], prerequisites=prerequisites,
                    sessions=session_views(catalogue, course, self.helpers[lang], self.today),
                )
            title = i18n.translate(self.translations_dir, lang, "New courses")
            self.write_data(
                f"{i18n.prefix(lang).lstrip('/')}/feeds/courses.atom.xml".lstrip("/"),
                exports.atom_feed(
                    catalogue.courses, title, self.absolute("", lang),
                    self.absolute("feeds/courses.atom.xml", lang), lang,
                    lambda c, lang=lang: self.absolute(course_path(c), lang),
                ),
            )
        self.write_calendars()
        self.write_data("catalogue.json", exports.catalogue_json(
            catalogue,
            lambda c: self.absolute(course_path(c), i18n.DEFAULT_LANG),
            lambda s: self.absolute(session_ics_path(s)),
            self.service_url,
        ))
        self.write_data("sitemap.xml", exports.sitemap(self.urls + self.pelican_page_urls()))

    @property
    def translations_dir(self) -> str:
        return os.path.join(self.theme, "translations")

    def write_calendars(self):
        """One .ics per session and calendar.ics with every meeting."""
        host = urlsplit(self.origin).hostname or "localhost"
        writer = CalendarWriter(
            self.catalogue, host, lambda c: self.absolute(course_path(c), i18n.DEFAULT_LANG)
        )
        for course, session in self.catalogue.sessions:
            self.write_data(session_ics_path(session), writer.session_ics(course, session))
        name = i18n.translate(self.translations_dir, i18n.DEFAULT_LANG, "Course catalogue")
        self.write_data("calendar.ics", writer.catalogue_ics(name))

    def pelican_page_urls(self) -> list[str]:
        """Absolute URLs of the pages Pelican wrote from content/pages, both languages."""
        urls = []
        for page in self.context.get("pages", []):
            urls.append(self.absolute(page.url))
            urls += [self.absolute(t.url) for t in page.translations]
        return urls
