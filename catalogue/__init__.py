"""The course catalogue: the domain model, loading and validation of `content/`.

Pure Python: imports neither Flask, SQLAlchemy nor Pelican, so the static site
and the registration service share one reading of the content.
"""
from .errors import CatalogueError, Problem
from .loading import load_catalogue
from .model import Catalogue, Course, Meeting, Organisation, Session

__all__ = [
    "Catalogue", "CatalogueError", "Course", "Meeting", "Organisation", "Problem",
    "Session", "load_catalogue",
]
