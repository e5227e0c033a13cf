"""Write `(headers, rows)` as an Excel workbook in constant memory.

xlsxwriter in `constant_memory` mode streams each finished row to a temporary
file, so a 100,000-row export needs no more memory than a 10-row one (it was
also the fastest XLSX writer measured, see MEASURED.md). The price: rows must
be written strictly in order, and column widths are guessed from the header
and the first rows instead of the whole file.
"""
from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import BinaryIO

import xlsxwriter

# Rows looked at to size the columns; later rows never widen a column.
WIDTH_SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 6, 60
CHUNK_BYTES = 256 * 1024


def _sized_columns(headers: Sequence[str], sample: list[Sequence[object]]) -> list[float]:
    """Return a column width (in characters) per header fitting the header and `sample`."""
    widths = [len(str(h)) for h in headers]
    for row in sample:
        for i, value in enumerate(row):
            if isinstance(value, datetime):
                length = 16
            elif value is None:
                length = 0
            else:
                length = len(str(value))
            if i < len(widths) and length > widths[i]:
                widths[i] = length
    return [min(max(w + 2, MIN_WIDTH), MAX_WIDTH) for w in widths]


Sheet = tuple[str, Sequence[str], Iterable[Sequence[object]]]


def write_xlsx(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    out: str | os.PathLike | BinaryIO,
    sheet_name: str = "Export",
) -> int:
    """Write a one-sheet workbook to a path or binary stream; return the number of data rows.

    Header row bold and frozen, an autofilter over the data, dates and times
    as real Excel dates (pass naive local datetimes, or aware ones: the time
    zone is dropped, so convert to local time first).
    """
    return write_workbook([(sheet_name, headers, rows)], out)[0]


def write_workbook(sheets: Sequence[Sheet], out: str | os.PathLike | BinaryIO,
                   add_sheets: Callable[[xlsxwriter.Workbook], None] | None = None) -> list[int]:
    """Write several sheets `(name, headers, rows)` into one workbook; return the row count of each.

    `add_sheets(workbook)`, when given, adds sheets of its own after them (the
    charts' sheet, `charts.xlsx.chart_sheet_writer`).
    """
    workbook = xlsxwriter.Workbook(
        out,
        {"constant_memory": True, "remove_timezone": True, "strings_to_formulas": False,
         "strings_to_urls": False},
    )
    counts = []
    try:
        bold = workbook.add_format({"bold": True})
        formats = (workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
                   workbook.add_format({"num_format": "yyyy-mm-dd"}))
        for name, headers, rows in sheets:
            sheet = workbook.add_worksheet(name[:31])
            counts.append(_write_sheet(sheet, headers, rows, bold, *formats))
        if add_sheets is not None:
            add_sheets(workbook)
    finally:
        workbook.close()
    return counts


def _write_sheet(sheet, headers, rows, bold, datetime_format, date_format) -> int:
    iterator = iter(rows)
    sample = list(itertools.islice(iterator, WIDTH_SAMPLE_ROWS))
    for col, width in enumerate(_sized_columns(headers, sample)):
        sheet.set_column(col, col, width)
    for col, header in enumerate(headers):
        sheet.write_string(0, col, str(header), bold)
    sheet.freeze_panes(1, 0)

    write_string, write_number = sheet.write_string, sheet.write_number
    write_datetime, write_boolean = sheet.write_datetime, sheet.write_boolean
    row_number = 0
    for row_number, row in enumerate(itertools.chain(sample, iterator), start=1):
        # Dispatch on type here rather than through sheet.write(): it is
        # the inner loop of a 100k-row export and write() re-checks more.
        for col, value in enumerate(row):
            kind = value.__class__
            if kind is str:
                if value:
                    write_string(row_number, col, value)
            elif value is None:
                continue
            elif kind is bool:
                write_boolean(row_number, col, value)
            elif kind is int or kind is float:
                write_number(row_number, col, value)
            elif isinstance(value, datetime):
                write_datetime(row_number, col, value, datetime_format)
            elif isinstance(value, date):
                write_datetime(row_number, col, value, date_format)
            else:
                write_string(row_number, col, str(value))
    sheet.autofilter(0, 0, max(row_number, 1), max(len(headers) - 1, 0))
    return row_number


def iter_xlsx(sheets: Sequence[Sheet],
              add_sheets: Callable[[xlsxwriter.Workbook], None] | None = None) -> Iterator[bytes]:
    """Yield a workbook as byte chunks for a streamed response.

    A zip file cannot be sent before it is finished, so the workbook is built
    in a temporary file first (rows still streamed into it) and then read back
    in chunks; the file is removed when the generator ends or is closed.
    """
    with tempfile.TemporaryFile(suffix=".xlsx") as handle:
        write_workbook(sheets, handle, add_sheets)
        handle.seek(0)
        while chunk := handle.read(CHUNK_BYTES):
            yield chunk
