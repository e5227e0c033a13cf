"""The charts as a workbook sheet: each chart's numbers, and beside them the spreadsheet's own
(native) bar chart drawn from those cells, so whoever opens the file can restyle or copy it.

Pass `chart_sheet_writer(charts, name)` as `add_sheets` to `exports.xlsx_writer`;
it writes rows strictly in order, as the writer's constant-memory mode needs.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from .scene import Chart
from .words import Words

# The SVG's patterns in Excel's names (hatch lines run down to the right, as drawn).
EXCEL_PATTERNS = {"hatch": "wide_downward_diagonal", "backhatch": "wide_upward_diagonal",
                  "cross": "trellis"}
ROW_HEIGHT_PX = 20   # Excel's default row, to keep a chart clear of the next table
BAR_PX = 26          # height per category and bar in the native chart
CHART_WIDTH_PX = 640


def chart_sheet_writer(charts: Sequence[Chart], name: str | None = None) -> Callable:
    """Return add_sheets(workbook): a sheet `name` ("Diagram", or "Charts" for charts in
    English) with every chart, its numbers and its native chart."""
    name = name or Words(charts[0].lang if charts else "sv")("sheet")

    def add_sheets(workbook) -> None:
        write_chart_sheet(workbook, charts, name)

    return add_sheets


def write_chart_sheet(workbook, charts: Sequence[Chart], name: str = "Diagram") -> None:
    """Add sheet `name` to the xlsxwriter `workbook`: per chart its title, its main figure in
    words, a table of its numbers and a native bar chart of them to the right."""
    sheet = workbook.add_worksheet(name[:31])
    bold = workbook.add_format({"bold": True})
    heading = workbook.add_format({"bold": True, "font_size": 13})
    formats: dict[str, object] = {}
    sheet.set_column(0, 0, 44)
    row = 0
    for chart in charts:
        data = chart.data
        if data is None:
            continue
        number = formats.setdefault(data.number_format,
                                    workbook.add_format({"num_format": data.number_format}))
        sheet.write_string(row, 0, chart.title, heading)
        sheet.write_string(row + 1, 0, chart.desc)
        top = row + 2
        sheet.write_string(top, 0, chart.table.headers[0], bold)
        for col, (series, _) in enumerate(data.series, start=1):
            sheet.write_string(top, col, series, bold)
        for i, category in enumerate(data.categories, start=1):
            sheet.write_string(top + i, 0, category)
            for col, (_, values) in enumerate(data.series, start=1):
                if values[i - 1] is not None:
                    sheet.write_number(top + i, col, values[i - 1], number)
        used = 3 + len(data.categories)
        if data.categories:
            height = _insert_native_chart(workbook, sheet, name[:31], chart, row, top)
            used = max(used, -(-height // ROW_HEIGHT_PX))
        row += used + 2


def _insert_native_chart(workbook, sheet, sheet_name: str, chart: Chart, row: int,
                         top: int) -> int:
    """Insert a bar chart of the cells below `top` beside them; return its height in pixels."""
    data = chart.data
    options = {"type": "bar"}
    if data.layout != "clustered":
        options["subtype"] = data.layout
    native = workbook.add_chart(options)
    last = top + len(data.categories)
    for col, ((_, _), (colour, pattern)) in enumerate(zip(data.series, data.styles), start=1):
        if pattern in EXCEL_PATTERNS:
            fill = {"pattern": {"pattern": EXCEL_PATTERNS[pattern], "fg_color": colour,
                                "bg_color": "#FFFFFF"}}
        else:
            fill = {"fill": {"color": colour}}
        native.add_series({"name": [sheet_name, top, col],
                           "categories": [sheet_name, top + 1, 0, last, 0],
                           "values": [sheet_name, top + 1, col, last, col],
                           "border": {"color": colour}, **fill})
    native.set_title({"name": chart.title})
    native.set_y_axis({"reverse": True})  # categories top to bottom, as in the table
    native.set_x_axis({"num_format": data.number_format, "min": 0})
    native.set_legend({"position": "bottom"} if len(data.series) > 1 else {"none": True})
    bars = 1 if data.layout != "clustered" else len(data.series)
    height = max(220, 110 + BAR_PX * bars * len(data.categories))
    native.set_size({"width": CHART_WIDTH_PX, "height": height})
    sheet.insert_chart(row, len(data.series) + 2, native)
    return height
