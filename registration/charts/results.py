"""Charts of the programme's results: goal fulfilment, and the answers to each scale question."""
from __future__ import annotations

from collections.abc import Sequence

from catalogue.goals import GoalStatus

from .data import DONT_KNOW, GoalResult, ScaleAnswers
from .layout import LEFT, PLOT_WIDTH, RIGHT, Layout, Scale, count_ticks
from .palette import BACKGROUND, INK, SCALE_STYLES, STATUS_COLOURS
from .scene import BAR_HEIGHT, SMALL_SIZE, Chart, ChartData, Line, Table, Text, text_width
from .words import Words


def goal_fulfilment(goals: Sequence[GoalResult], lang: str = "sv",
                    chart_id: str = "chart-goals", title: str | None = None) -> Chart:
    """One bar per goal, its threshold as a line across it, the status in words on the bar;
    a goal without a figure (too few answers) has no bar, only its status.

    Share goals are drawn on 0-100 % (the axis at the bottom); a count goal on its own
    scale, up to a quarter beyond the larger of its threshold and its result, with its
    own axis right under its bar.
    """
    words = Words(lang)
    layout = Layout(words)
    layout.legend([(words("threshold"), INK, "line")])
    percent = Scale(LEFT, PLOT_WIDTH, 100.0)
    mixed = any(g.unit != "percent" for g in goals)
    for goal in goals:
        status = _status_value(goal)
        scale = percent if goal.unit == "percent" else Scale(LEFT, PLOT_WIDTH, count_ticks(
            max(goal.threshold or 0, goal.result or 0) * 1.25)[-1])
        target = ("" if goal.threshold is None else
                  words("target", value=words.goal_figure(goal.threshold, goal.unit)))
        result = words.goal_figure(goal.result, goal.unit) if goal.result is not None else ""
        figure = f"{result} ({target})" if result and target else result or target
        layout.label(goal.label, figure)
        layout.track(scale)
        top = layout.y
        bar_end = scale.x0
        if goal.result is not None:
            bar_end = layout.segments(scale, [(status, min(goal.result, scale.maximum),
                                               STATUS_COLOURS.get(status, STATUS_COLOURS["not-met"]),
                                               "solid")])
        threshold_x = scale.x0  # a goal judged by hand has no threshold and no line
        if goal.threshold is not None:
            threshold_x = scale.x(goal.threshold)
            layout.add(Line(threshold_x, top - 4, threshold_x, top + BAR_HEIGHT + 4, INK, 2.5,
                            role="threshold", value=goal.threshold))
        _status_text(layout, words(f"status.{status}"), scale.x0, bar_end, threshold_x, top)
        layout.y = top + BAR_HEIGHT
        # Scales differ: each bar gets its own axis, so none is read on another's; a goal
        # judged by hand has no figure, so no axis either.
        if mixed and (goal.result is not None or goal.threshold is not None):
            _goal_axis(layout, scale, percent, words)
        layout.gap()
    if not mixed and goals:
        _goal_axis(layout, percent, percent, words)
    met = sum(_status_value(g) == GoalStatus.MET.value for g in goals)
    shares = [g for g in goals if g.result is not None and g.unit == "percent"]
    if shares:
        best = max(shares, key=lambda g: g.result)
        desc = words("goals.desc", met=met, total=len(goals), goal=best.label,
                     result=words.goal_figure(best.result, best.unit))
    elif goals:
        desc = words("goals.desc_met", met=met, total=len(goals))
    else:
        desc = words("goals.desc_none")
    heading = title or words("goals.title")
    table = Table(heading,
                  (words("goal"), words("answers_n"), words("result"), words("threshold"),
                   words("status")),
                  tuple((g.label, "–" if g.answers is None else words.count(g.answers),
                         words.goal_figure(g.result, g.unit),
                         words.goal_figure(g.threshold, g.unit),
                         words(f"status.{_status_value(g)}")) for g in goals))
    data = ChartData(tuple(g.label for g in goals),
                     ((words("result"), tuple(g.result for g in goals)),
                      (words("threshold"), tuple(g.threshold for g in goals))),
                     ((STATUS_COLOURS["met"], "solid"), (INK, "hatch")),
                     number_format="0.0")
    return layout.finish(chart_id, heading, desc, table, data=data)


def _goal_axis(layout: Layout, scale: Scale, percent: Scale, words: Words) -> None:
    """Add the axis of a goal scale: 0-100 % in quarters, or a count scale."""
    if scale is percent:
        layout.axis(scale, [0, 25, 50, 75, 100], lambda v: words.goal_figure(v, "percent"))
    else:
        layout.axis(scale, count_ticks(scale.maximum), words.count, role="count-axis")


def _status_value(goal: GoalResult) -> str:
    """The goal's status as its GoalStatus value ('met', 'on-the-way', ...)."""
    return GoalStatus(getattr(goal.status, "value", goal.status)).value


def _status_text(layout: Layout, word: str, start: float, bar_end: float,
                 threshold_x: float, top: float) -> None:
    """Write the status on the bar: inside it (white) where it fits clear of the threshold
    line, else on the light track past the bar (dark), never across the line."""
    width = text_width(word, SMALL_SIZE, bold=True) + 12
    baseline = top + BAR_HEIGHT / 2 + 4

    def clear(x: float) -> bool:  # the text [x, x + width - 6] does not cross the line
        return not (x - 3 < threshold_x < x + width - 3) or threshold_x <= start

    inside = [start + 6, threshold_x + 6]
    for x in inside:
        if x >= start + 6 and x + width - 6 <= bar_end and clear(x):
            layout.add(Text(x, baseline, word, SMALL_SIZE, bold=True, colour=BACKGROUND))
            return
    on_track = [bar_end + 6, max(bar_end, threshold_x) + 6, threshold_x - width + 6]
    for x in on_track:
        if x >= bar_end + 6 and x + width - 6 <= RIGHT and clear(x):
            layout.add(Text(x, baseline, word, SMALL_SIZE, bold=True, colour=INK))
            return
    layout.add(Text(start + 6, baseline, word, SMALL_SIZE, bold=True,
                    colour=BACKGROUND if bar_end > start else INK))


SCALE_LEFT = ("no-hardly", "no-not-at-all")       # from the centre outwards
SCALE_RIGHT = ("yes-somewhat", "yes-absolutely")  # from the centre outwards
SCALE_ORDER = ("yes-absolutely", "yes-somewhat", "no-hardly", "no-not-at-all")
COLUMN_GAP = 18.0


def answers_per_question(questions: Sequence[ScaleAnswers], lang: str = "sv",
                         chart_id: str = "chart-answers", title: str | None = None) -> Chart:
    """Diverging stacked bars: the yes answers right of the centre line, the no answers left,
    as shares of those who took a position; "Vet ej" apart in its own column, as a share
    of all answers. Questions the anonymity rule hides say "För få svar"."""
    words = Words(lang)
    layout = Layout(words)
    layout.legend([(words(f"scale.{step}"), *SCALE_STYLES[step])
                   for step in (*SCALE_ORDER, DONT_KNOW)])
    half = (PLOT_WIDTH - COLUMN_GAP) / 3
    centre = LEFT + half
    right_side = Scale(centre, half, 1.0)
    left_side = Scale(centre, half, 1.0)
    apart = Scale(LEFT + 2 * half + COLUMN_GAP, half, 1.0)
    for question in questions:
        # Under the anonymity rule not even the number who answered is shown.
        layout.label(question.label, "" if question.too_few else f"n = {words.count(question.total)}")
        top = layout.y
        if question.too_few or not question.total:
            layout.add(Text(LEFT, top + BAR_HEIGHT / 2 + 4, words("status.too-few-answers"),
                            SMALL_SIZE, bold=True))
        else:
            opinion = question.with_opinion or 1
            share = {step: question.counts.get(step, 0) / opinion for step in SCALE_ORDER}
            layout.segments(right_side, [(s, share[s], *SCALE_STYLES[s]) for s in SCALE_RIGHT],
                            1, words.percent)
            layout.segments(left_side, [(s, share[s], *SCALE_STYLES[s]) for s in SCALE_LEFT],
                            -1, words.percent)
            layout.segments(apart, [(DONT_KNOW, question.counts.get(DONT_KNOW, 0)
                                     / question.total, *SCALE_STYLES[DONT_KNOW])],
                            1, words.percent)
            layout.add(Line(centre, top - 3, centre, top + BAR_HEIGHT + 3, INK, 1.5,
                            role="centre"))
        layout.y = top + BAR_HEIGHT
        layout.gap()
    bottom = layout.y
    layout.axis(Scale(LEFT, 2 * half, 2.0), [0.0, 1.0, 2.0],
                lambda v: words.percent(abs(v - 1.0)), role="baseline")
    layout.y = bottom
    layout.axis(apart, [0.0, 1.0], words.percent)
    rated = [q for q in questions if not q.too_few and q.with_opinion]
    if rated:
        best = max(rated, key=_yes_share)
        desc = words("answers.desc", total=len(questions), question=best.label,
                     share=words.percent(_yes_share(best)))
    else:
        desc = words("answers.desc_none", total=len(questions))
    heading = title or words("answers.title")
    table = Table(heading, (words("question"), *(words(f"scale.{s}") for s in SCALE_ORDER),
                            words(f"scale.{DONT_KNOW}"), words("answers_n")),
                  tuple(_answer_row(q, words) for q in questions))
    steps = (*reversed(SCALE_ORDER), DONT_KNOW)  # "Nej, absolut inte" first, as drawn
    data = ChartData(tuple(q.label for q in questions),
                     tuple((words(f"scale.{step}"),
                            tuple(None if q.too_few else q.counts.get(step, 0) for q in questions))
                           for step in steps),
                     tuple(SCALE_STYLES[step] for step in steps), "percent_stacked")
    return layout.finish(chart_id, heading, desc, table, notes=[words("answers.note")],
                         data=data)


def _yes_share(question: ScaleAnswers) -> float:
    """Share of yes among those who took a position."""
    yes = sum(question.counts.get(s, 0) for s in SCALE_RIGHT)
    return yes / question.with_opinion if question.with_opinion else 0.0


def _answer_row(question: ScaleAnswers, words: Words) -> tuple[str, ...]:
    """A table row: count and share per step, "För få svar" when hidden."""
    if question.too_few:
        hidden = words("status.too-few-answers")
        return (question.label, *(hidden for _ in range(5)), "–")
    opinion = question.with_opinion
    cells = [f"{words.count(question.counts.get(s, 0))} "
             f"({words.percent(question.counts.get(s, 0) / opinion if opinion else None)})"
             for s in SCALE_ORDER]
    dont_know = question.counts.get(DONT_KNOW, 0)
    cells.append(f"{words.count(dont_know)} "
                 f"({words.percent(dont_know / question.total if question.total else None)})")
    return (question.label, *cells, words.count(question.total))
