"""Pelican settings for developing the catalogue site (production: publishconf.py).

Every setting the site relies on is declared here once, with why.
Build with `python -m plugins.catalogue_site.build`.
"""
import os
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent
# The plugin and the catalogue package live in this project; a plain `pelican`
# run (without validation first, Pagefind or the atomic swap) must find them.
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

SITENAME = "Kursportalen"
# Empty: links are root-relative ("/courses/..."), right for the dev server.
SITEURL = ""
# Absolute origin for feeds, sitemap, catalogue.json links and calendar UIDs
# (Pelican's own FEED_DOMAIN): where `invoke serve`/`invoke demo` serve the site.
FEED_DOMAIN = os.environ.get("KURSPORTAL_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The registration service: "request a place" links and live seat counts
# (`invoke demo` may run it on another port and says so in the environment).
SERVICE_URL = os.environ.get("KURSPORTAL_SERVICE_URL", "http://127.0.0.1:5000").rstrip("/")

PATH = "content"
OUTPUT_PATH = "output"
THEME = str(_ROOT / "theme")
# Course files are not Pelican articles: the catalogue plugin reads them.
ARTICLE_PATHS = []
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
PLUGIN_PATHS = [str(_ROOT)]
PLUGINS = ["plugins.catalogue_site"]

# Swedish at "/", English under "/en/". Page files name their language in the
# file name: how-to-register.md (sv) and how-to-register.en.md (en).
DEFAULT_LANG = "sv"
TIMEZONE = "Europe/Stockholm"
FILENAME_METADATA = r"(?P<slug>[^.]+)(?:\.(?P<lang>[a-z]{2}))?"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "en/{slug}/"
PAGE_LANG_SAVE_AS = "en/{slug}/index.html"

# The catalogue plugin writes home, listing, search and course pages itself;
# Pelican's blog pages (index, tags, categories, authors, archives) and its
# article feeds are switched off.
DIRECT_TEMPLATES = []
ARTICLE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
TAG_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Markdown for content pages and (without `meta`) course descriptions:
# `extra` gives tables, definition lists and footnotes; no code highlighting.
MARKDOWN = {
    "extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.meta": {}},
    "output_format": "html5",
}
# Theme CSS and JS are copied to /theme/ (templates link them there).
THEME_STATIC_DIR = "theme"

# Autoescape: course titles and places are plain text and may contain "&" or "<".
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# Pelican reads only the few files in content/pages, and the catalogue is
# loaded fresh on every build, so a content cache would save nothing.
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False

# Read by the catalogue plugin (plugins/catalogue_site):
# The validated Catalogue of this build; build.py loads it once and hands it
# over here. None: the plugin loads PATH itself (a plain `pelican` run).
CATALOGUE = None
# The day "upcoming sessions" and "last day to request has passed" are judged
# from; None means the day of the build. Tests pin it.
CATALOGUE_TODAY = None
