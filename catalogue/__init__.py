"""The course catalogue: the domain model, loading and validation of `content/`.

Pure Python: imports neither Flask, SQLAlchemy nor Pelican, so the static site
and the registration service share one reading of the content.
"""
from .errors import CatalogueError, Problem
from .goals import GoalResult, GoalStatus, judge_goal
from .loading import load_catalogue
from .model import Catalogue, Course, GuestOrganisation, Meeting, Organisation, Session
from .programme import (
    AnswerMeasure, Choice, CostSplit, DataMeasure, Goal, ManualMeasure, Programme, Question, Survey,
    SurveyQuestion, Threshold, Wording,
)

__all__ = [
    "AnswerMeasure", "Catalogue", "CatalogueError", "Choice", "CostSplit", "Course", "DataMeasure", "Goal",
    "GoalResult", "GoalStatus", "GuestOrganisation", "ManualMeasure", "Meeting", "Organisation",
    "Problem", "Programme", "Question", "Session", "Survey", "SurveyQuestion", "Threshold",
    "Wording", "judge_goal", "load_catalogue",
]
