"""Charts of who takes part: unique participants per organisation (by gender) and per month."""
from __future__ import annotations

from collections.abc import Sequence

from .data import GENDERS, MonthCount, OrganisationParticipants
from .layout import LEFT, PLOT_WIDTH, Layout, Scale, count_ticks
from .palette import UNRECORDED_STYLE, series_style
from .scene import BAR_HEIGHT, Chart, ChartData, Table
from .words import Words

UNRECORDED = "unrecorded"


def _gender_key(gender: str | None) -> str:
    return gender if gender in GENDERS else UNRECORDED


def participants_by_organisation(rows: Sequence[OrganisationParticipants], lang: str = "sv",
                                 chart_id: str = "chart-participants",
                                 title: str | None = None) -> Chart:
    """One bar per organisation, stacked by recorded gender; participants whose gender is
    not recorded form their own "Ej registrerat" segment. Only genders present are shown."""
    words = Words(lang)
    layout = Layout(words)
    counts: list[dict[str, int]] = [{} for _ in rows]
    for row, merged in zip(rows, counts):
        for gender, n in row.by_gender.items():
            merged[_gender_key(gender)] = merged.get(_gender_key(gender), 0) + n
    present = [g for g in (*GENDERS, UNRECORDED) if any(c.get(g) for c in counts)]
    styles = {g: (UNRECORDED_STYLE if g == UNRECORDED else series_style(i))
              for i, g in enumerate(present)}
    if present:  # also when no gender is recorded at all: the legend says so
        layout.legend([(words(f"gender.{g}"), *styles[g]) for g in present])
    ticks = count_ticks(max((r.total for r in rows), default=0))
    scale = Scale(LEFT, PLOT_WIDTH, ticks[-1])
    for row, merged in zip(rows, counts):
        layout.label(row.label, words.count(row.total))
        layout.segments(scale, [(g, merged.get(g, 0), *styles[g]) for g in present],
                        label=words.count)
        layout.y += BAR_HEIGHT
        layout.gap()
    layout.axis(scale, ticks, words.count)
    total = sum(r.total for r in rows)
    if rows and total:
        most = max(rows, key=lambda r: r.total)
        desc = words("participants.desc", total=words.count(total), label=most.label,
                     value=words.count(most.total))
    else:
        desc = words("none.desc")
    heading = title or words("participants.title")
    table = Table(heading, (words("organisation"), *(words(f"gender.{g}") for g in present),
                            words("total")),
                  tuple((r.label, *(words.count(m.get(g, 0)) for g in present),
                         words.count(r.total)) for r, m in zip(rows, counts)))
    data = ChartData(tuple(r.label for r in rows),
                     tuple((words(f"gender.{g}"), tuple(m.get(g, 0) for m in counts))
                           for g in present),
                     tuple(styles[g] for g in present), "stacked")
    return layout.finish(chart_id, heading, desc, table, data=data)


def participants_by_month(months: Sequence[MonthCount], lang: str = "sv",
                          chart_id: str = "chart-months", title: str | None = None) -> Chart:
    """One bar per month, in the order given, with the month written as the language does."""
    words = Words(lang)
    layout = Layout(words)
    ticks = count_ticks(max((m.participants for m in months), default=0))
    scale = Scale(LEFT, PLOT_WIDTH, ticks[-1])
    colour, pattern = series_style(0)
    for month in months:
        layout.label(words.month(month.month), words.count(month.participants))
        layout.segments(scale, [("participants", month.participants, colour, pattern)])
        layout.y += BAR_HEIGHT
        layout.gap()
    layout.axis(scale, ticks, words.count)
    if months and any(m.participants for m in months):
        most = max(months, key=lambda m: m.participants)
        desc = words("months.desc", label=words.month(most.month),
                     value=words.count(most.participants), months=len(months))
    else:
        desc = words("none.desc")
    heading = title or words("months.title")
    table = Table(heading, (words("month"), words("unique_participants")),
                  tuple((words.month(m.month), words.count(m.participants)) for m in months))
    data = ChartData(tuple(words.month(m.month) for m in months),
                     ((words("unique_participants"), tuple(m.participants for m in months)),),
                     ((colour, pattern),))
    return layout.finish(chart_id, heading, desc, table, data=data)
