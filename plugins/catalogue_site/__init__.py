"""Pelican plugin: turn the validated catalogue into the public course site.

Enable with `PLUGINS = ["plugins.catalogue_site"]`. Build with
`python -m plugins.catalogue_site.build`, which validates the content first and
swaps the finished site in atomically. A plain `pelican` run works too (without
Pagefind or the atomic swap); on broken content it prints the same problem
list as the build command and exits non-zero.
"""
from __future__ import annotations

import logging
import sys

from pelican import signals

from catalogue import CatalogueError

from .generator import CatalogueGenerator
from .i18n import template_globals
from .security import content_security_policy, sanitise_html

NOTHING_PUBLISHED = "Nothing was published; the previous site is unchanged."


def add_template_globals(generator) -> None:
    """Give every generator's templates (ours and Pelican's page generator) the site helpers."""
    generator.env.globals.update(template_globals(generator.settings))
    generator.env.globals["CONTENT_SECURITY_POLICY"] = content_security_policy(generator.settings["SERVICE_URL"])


def catalogue_generator(pelican):
    """Tell Pelican to run the catalogue generator."""
    return CatalogueGenerator


def sanitise_content(content) -> None:
    """Sanitise a content page's HTML (content/pages) as course descriptions are."""
    if getattr(content, "_content", None):
        content._content = sanitise_html(content._content)


class _ProblemListForPelican(logging.Filter):
    """Shows a CatalogueError that reaches Pelican's command line as the plain problem list.

    `pelican` logs any exception from a run with its traceback, wrapped to the
    terminal width; for broken content that buries the one thing the editor
    needs. This prints exactly what `invoke build` prints and drops the log
    record; `pelican` then exits with status 1 as for any failed run (and
    `pelican --autoreload` keeps waiting for the next change).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if not isinstance(error, CatalogueError):
            return True
        print(error, file=sys.stderr)
        print(NOTHING_PUBLISHED, file=sys.stderr)
        return False


_PROBLEM_LIST = _ProblemListForPelican()


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    signals.generator_init.connect(add_template_globals)
    signals.get_generators.connect(catalogue_generator)
    signals.content_object_init.connect(sanitise_content)
    # Records from Pelican's command line (pelican/__init__.py) only; adding
    # the same filter object again is a no-op.
    logging.getLogger("pelican").addFilter(_PROBLEM_LIST)
