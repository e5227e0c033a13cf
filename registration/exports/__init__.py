"""Exports: build `(headers, rows)` from the database once, then write any format.

`tables` holds the builders (attendance list of a session, enrolments with
filters); `csv_writer`, `xlsx_writer` and `pdf_sheet` write them. Rows are
generators all the way from the database cursor to the output, so memory stays
flat however many rows there are. Nothing here imports Flask: the admin pages
and the `export` CLI both call these functions.
"""
from __future__ import annotations


class ExportError(Exception):
    """An export cannot be made (unknown session, bad filter); the message is fit to show."""
