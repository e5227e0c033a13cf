"""Pelican plugin: turn the validated catalogue into the public course site.

Enable with `PLUGINS = ["plugins.catalogue_site"]`. Build with
`python -m plugins.catalogue_site.build`, which validates the content first and
swaps the finished site in atomically.
"""
from __future__ import annotations

from pelican import signals

from .generator import CatalogueGenerator
from .i18n import template_globals


def add_template_globals(generator) -> None:
    """Give every generator's templates (ours and Pelican's page generator) the site helpers."""
    generator.env.globals.update(template_globals(generator.settings))


def catalogue_generator(pelican):
    """Tell Pelican to run the catalogue generator."""
    return CatalogueGenerator


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    signals.generator_init.connect(add_template_globals)
    signals.get_generators.connect(catalogue_generator)
