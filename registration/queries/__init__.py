"""Read models: what the pages, mail and exports show, one copy of each question.

Plain functions over the SQLAlchemy session; nothing here writes, and nothing
imports Flask or the blueprints (settings such as the time zone or the
completion rule are passed in). Queries may ask the workflow's read-only
checks (the request preview does), never the other way round.
"""
