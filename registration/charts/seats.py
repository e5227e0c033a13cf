"""Charts of how the seats are used: fill rate, reserved seats in use, no-shows and late
cancellations."""
from __future__ import annotations

from collections.abc import Sequence

from .data import OrganisationAbsence, Share
from .layout import LEFT, PERCENT_TICKS, PLOT_WIDTH, RIGHT, Layout, Scale, count_ticks
from .palette import INK, series_style
from .scene import BAR_HEIGHT, SMALL_SIZE, Chart, ChartData, Table, Text, text_width
from .words import Words

GROUPED_BAR = 12.0


def _share_rows(layout: Layout, rows: Sequence[Share], words: Words) -> None:
    """Add one track and bar per share: the track is the whole, the bar the part."""
    scale = Scale(LEFT, PLOT_WIDTH, 1.0)
    colour, pattern = series_style(0)
    for row in rows:
        figure = f"{words('of', part=words.count(row.part), whole=words.count(row.whole))}" \
                 f" ({words.percent(row.rate)})"
        layout.label(row.label, figure)
        layout.track(scale)
        layout.segments(scale, [("share", min(row.rate or 0.0, 1.0), colour, pattern)])
        layout.y += BAR_HEIGHT
        layout.gap()
    layout.axis(scale, PERCENT_TICKS, words.percent)


def _share_data(rows: Sequence[Share], name: str) -> ChartData:
    """One series: each row's share (0-1), formatted as a percentage."""
    return ChartData(tuple(r.label for r in rows), ((name, tuple(r.rate for r in rows)),),
                     (series_style(0),), number_format="0%")


def fill_rate(rows: Sequence[Share], lang: str = "sv", per: str = "session",
              chart_id: str | None = None, title: str | None = None,
              total: Share | None = None) -> Chart:
    """Seats taken of capacity per course (`per='course'`) or session, as bars in a 0-100 %
    track; `total` (all sessions together) goes into the text alternative."""
    words = Words(lang)
    layout = Layout(words)
    _share_rows(layout, rows, words)
    rated = [r for r in rows if r.rate is not None]
    if rated:
        high = max(rated, key=lambda r: r.rate)
        low = min(rated, key=lambda r: r.rate)
        overall = total.rate if total is not None else (
            sum(r.part for r in rated) / sum(r.whole for r in rated))
        desc = words("fill.desc", total=words.percent(overall), high=high.label,
                     high_value=words.percent(high.rate), low=low.label,
                     low_value=words.percent(low.rate))
    else:
        desc = words("fill.desc_none")
    heading = title or words(f"fill.{per}.title")
    table = Table(heading, (words(per), words("seats"), words("capacity"), words("fill_rate")),
                  tuple((r.label, words.count(r.part), words.count(r.whole),
                         words.percent(r.rate)) for r in rows))
    return layout.finish(chart_id or f"chart-fill-{per}", heading, desc, table,
                         data=_share_data(rows, words("fill_rate")))


def reserved_seats_used(rows: Sequence[Share], lang: str = "sv",
                        chart_id: str = "chart-reserved", title: str | None = None) -> Chart:
    """Per organisation: reserved seats held by its own staff, of the seats reserved for it."""
    words = Words(lang)
    layout = Layout(words)
    _share_rows(layout, rows, words)
    reserved = sum(r.whole for r in rows)
    if reserved:
        used = sum(r.part for r in rows)
        desc = words("reserved.desc", used=words.count(used), reserved=words.count(reserved),
                     share=words.percent(used / reserved))
    else:
        desc = words("reserved.desc_none")
    heading = title or words("reserved.title")
    table = Table(heading, (words("organisation"), words("reserved"), words("reserved_used"),
                            words("share")),
                  tuple((r.label, words.count(r.whole), words.count(r.part),
                         words.percent(r.rate)) for r in rows))
    return layout.finish(chart_id, heading, desc, table, data=_share_data(rows, words("share")))


def no_shows_and_late_cancellations(rows: Sequence[OrganisationAbsence], lang: str = "sv",
                                    chart_id: str = "chart-absence",
                                    title: str | None = None) -> Chart:
    """Per organisation two bars, no-shows (solid) and late cancellations (hatched), each
    with its count written at its end."""
    words = Words(lang)
    layout = Layout(words)
    kinds = (("no_shows", series_style(0)), ("late_cancellations", series_style(1)))
    layout.legend([(words(key), *style) for key, style in kinds])
    ticks = count_ticks(max((max(r.no_shows, r.late_cancellations) for r in rows), default=0))
    reserve = text_width(words.count(ticks[-1]), SMALL_SIZE) + 8
    scale = Scale(LEFT, PLOT_WIDTH - reserve, ticks[-1])
    for row in rows:
        layout.label(row.label)
        for key, (colour, pattern) in kinds:
            value = getattr(row, key)
            end = layout.segments(scale, [(key, value, colour, pattern)], height=GROUPED_BAR)
            layout.add(Text(min(end + 4, RIGHT), layout.y + GROUPED_BAR - 2, words.count(value),
                            SMALL_SIZE, colour=INK))
            layout.y += GROUPED_BAR + 3
        layout.gap()
    layout.axis(scale, ticks, words.count)
    no_shows = sum(r.no_shows for r in rows)
    late = sum(r.late_cancellations for r in rows)
    if no_shows:
        most = max(rows, key=lambda r: r.no_shows)
        desc = words("absence.desc", no_shows=words.count(no_shows), late=words.count(late),
                     label=most.label, value=words.count(most.no_shows))
    else:
        desc = words("absence.desc_zero", late=words.count(late))
    heading = title or words("absence.title")
    table = Table(heading, (words("organisation"), words("no_shows"), words("late_cancellations")),
                  tuple((r.label, words.count(r.no_shows), words.count(r.late_cancellations))
                        for r in rows))
    data = ChartData(tuple(r.label for r in rows),
                     tuple((words(key), tuple(getattr(r, key) for r in rows)) for key, _ in kinds),
                     tuple(style for _, style in kinds))
    return layout.finish(chart_id, heading, desc, table, data=data)
