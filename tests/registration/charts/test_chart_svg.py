"""The SVG charts read back as XML: bars as long as their figures, thresholds where they belong,
a text alternative that names the main figure, and labels that stay text."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from catalogue.goals import GoalStatus
from registration.charts import (GoalResult, MonthCount, OrganisationAbsence,
                                 OrganisationParticipants, ScaleAnswers, Share,
                                 answers_per_question, fill_rate, goal_fulfilment,
                                 no_shows_and_late_cancellations, participants_by_month,
                                 participants_by_organisation, render_svg, reserved_seats_used)

def near(value, abs=0.01):
    """Coordinates are written with two decimals."""
    return pytest.approx(value, abs=abs)


NS = {"svg": "http://www.w3.org/2000/svg"}
GOALS = [
    GoalResult("Kunskap om målgruppen", 86.0, 80, "met", 42),
    GoalResult("Användbar i arbetet", 79.9, 80, GoalStatus.ON_THE_WAY, 40),
    GoalResult("Värdegrund, kvalitet eller evidens", 30.0, 100, "not-met", 40),
    GoalResult("Arbetsgrupper med planer", None, 80, "too-few-answers", 3),
    GoalResult("Lättare arbete", 95.5, 50, "met", 12),
]


def parse(chart) -> ET.Element:
    return ET.fromstring(str(render_svg(chart)))


def bars(root: ET.Element, series: str | None = None) -> list[ET.Element]:
    found = root.findall(".//svg:rect[@class='bar']", NS)
    return [b for b in found if series is None or b.get("data-series") == series]


def axis(root: ET.Element, role: str = "axis") -> tuple[float, float, float]:
    """(x where 0 is, length of the axis, the value at its end)."""
    line = root.find(f".//svg:line[@class='{role}']", NS)
    x1, x2 = float(line.get("x1")), float(line.get("x2"))
    return x1, x2 - x1, float(line.get("data-value"))


def texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_a_chart_is_an_image_named_by_its_title_and_description():
    root = parse(goal_fulfilment(GOALS, chart_id="goals"))
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("viewBox").startswith("0 0 360 ")
    assert root.get("aria-labelledby") == "goals-title goals-desc"
    assert root.find("svg:title", NS).get("id") == "goals-title"
    assert root.find("svg:title", NS).text == "Måluppfyllelse"
    assert root.find("svg:desc", NS).get("id") == "goals-desc"
    # The drawing is hidden from screen readers, which get the title, desc and table instead.
    assert root.find("svg:g", NS).get("aria-hidden") == "true"


def test_goal_bars_are_as_long_as_the_results_and_the_threshold_line_sits_at_the_threshold():
    root = parse(goal_fulfilment(GOALS))
    x0, length, maximum = axis(root)
    assert maximum == 100
    drawn = bars(root)
    # The goal with too few answers has no bar.
    assert [float(b.get("data-value")) for b in drawn] == [86.0, 79.9, 30.0, 95.5]
    for bar, goal in zip(drawn, [g for g in GOALS if g.result is not None]):
        assert float(bar.get("x")) == near(x0)
        assert float(bar.get("width")) == near(length * goal.result / 100)
    thresholds = root.findall(".//svg:line[@class='threshold']", NS)
    assert len(thresholds) == len(GOALS)
    for line, goal in zip(thresholds, GOALS):
        assert float(line.get("x1")) == float(line.get("x2"))
        assert float(line.get("x1")) == near(x0 + length * goal.threshold / 100)


def test_a_count_goal_has_its_own_scale_with_the_threshold_inside_it():
    goal = GoalResult("Metodutbildningar som gör arbetet lättare", 1, 2, "on-the-way", None,
                      unit="count")
    root = parse(goal_fulfilment([goal]))
    track = root.find(".//svg:rect[@class='track']", NS)
    (bar,) = bars(root)
    threshold = root.find(".//svg:line[@class='threshold']", NS)
    width = float(track.get("width"))
    # Scale 0..3: a quarter beyond the threshold of 2, rounded up to a whole tick.
    assert float(bar.get("width")) == near(width / 3)
    assert float(threshold.get("x1")) - float(track.get("x")) == near(width * 2 / 3)
    assert "1 (mål 2)" in texts(root)
    assert root.find(".//svg:line[@class='axis']", NS) is None  # no percent axis for counts
    # Mixed with a share goal, each bar gets its own axis.
    mixed = parse(goal_fulfilment([GOALS[0], goal]))
    assert len(mixed.findall(".//svg:line[@class='axis']", NS)) == 1
    assert len(mixed.findall(".//svg:line[@class='count-axis']", NS)) == 1
    own = root.find(".//svg:line[@class='count-axis']", NS)
    assert float(own.get("data-value")) == 3
    assert {"0", "1", "2", "3"} <= set(texts(root))


def test_a_goal_judged_by_hand_shows_its_status_without_threshold_or_bar():
    goal = GoalResult("Alla har erbjudits en plats", None, None, "met", None)
    chart = goal_fulfilment([GOALS[0], goal])
    root = parse(chart)
    assert len(root.findall(".//svg:line[@class='threshold']", NS)) == 1
    assert len(bars(root)) == 1
    assert texts(root).count("Uppnått") == 2
    assert chart.table.rows[1] == ("Alla har erbjudits en plats", "–", "–", "–", "Uppnått")


def test_goal_statuses_are_in_words_and_too_few_answers_say_so():
    root = parse(goal_fulfilment(GOALS))
    words = texts(root)
    for status in ("Uppnått", "På väg", "Ej uppnått", "För få svar"):
        assert status in words
    # A result is shown with its decimal, never rounded up to the threshold it missed.
    assert "79,9\xa0% (mål 80\xa0%)" in words
    english = texts(parse(goal_fulfilment(GOALS, lang="en")))
    assert {"Met", "On the way", "Not met", "Too few answers"} <= set(english)
    assert "86% (target 80%)" in english


def test_the_goal_description_names_the_main_figure():
    chart = goal_fulfilment(GOALS)
    assert chart.desc == "2 av 5 mål uppnådda; högst: Lättare arbete (95,5\xa0%)."
    assert parse(chart).find("svg:desc", NS).text == chart.desc
    assert goal_fulfilment(GOALS, lang="en").desc.startswith("2 of 5 goals met; highest: Lättare")
    assert goal_fulfilment(GOALS[3:4]).desc == "0 av 1 mål uppnådda."


def test_the_goal_table_holds_every_goal_and_its_status():
    table = goal_fulfilment(GOALS).table
    assert table.headers == ("Mål", "Svar (n)", "Resultat", "Målvärde", "Status")
    assert table.rows[0] == ("Kunskap om målgruppen", "42", "86\xa0%", "80\xa0%", "Uppnått")
    assert table.rows[1][2:] == ("79,9\xa0%", "80\xa0%", "På väg")
    assert table.rows[3] == ("Arbetsgrupper med planer", "3", "–", "80\xa0%", "För få svar")


ANSWERS = [
    ScaleAnswers("Fick du ny kunskap?", {"yes-absolutely": 20, "yes-somewhat": 10,
                                          "no-hardly": 6, "no-not-at-all": 4, "dont-know": 10}),
    ScaleAnswers("Hemlig fråga", {"yes-absolutely": 2}, too_few=True),
]


def test_answers_diverge_from_the_centre_as_shares_of_those_who_took_a_position():
    root = parse(answers_per_question(ANSWERS))
    centre = float(root.find(".//svg:line[@class='centre']", NS).get("x1"))
    left, length, _ = axis(root, "baseline")
    half = length / 2
    assert left + half == near(centre)
    shares = {"yes-absolutely": 0.5, "yes-somewhat": 0.25, "no-hardly": 0.15,
              "no-not-at-all": 0.1}
    for series, share in shares.items():
        (bar,) = bars(root, series)
        assert float(bar.get("width")) == near(half * share, abs=0.01)
    somewhat, absolutely = bars(root, "yes-somewhat")[0], bars(root, "yes-absolutely")[0]
    hardly, not_at_all = bars(root, "no-hardly")[0], bars(root, "no-not-at-all")[0]
    # Yes to the right of the centre, milder answers next to it; no to the left.
    assert float(somewhat.get("x")) == near(centre)
    assert float(absolutely.get("x")) == near(centre + half * 0.25, abs=0.01)
    assert float(hardly.get("x")) + float(hardly.get("width")) == near(centre)
    assert float(not_at_all.get("x")) + float(not_at_all.get("width")) == near(
        float(hardly.get("x")), abs=0.01)
    # "Vet ej" stands apart, right of the scale, as a share of all 50 answers.
    (dont_know,) = bars(root, "dont-know")
    assert float(dont_know.get("x")) > centre + half
    assert float(dont_know.get("width")) == near(half * 10 / 50, abs=0.01)
    # The hidden question has no bars at all, and says why.
    assert len(bars(root)) == 5
    assert "För få svar" in texts(root)


def test_answer_labels_and_description():
    chart = answers_per_question(ANSWERS)
    assert chart.desc == "2 frågor; störst andel ja: Fick du ny kunskap? (75\xa0%)."
    words = texts(parse(chart))
    for label in ("Ja, absolut", "Ja, i någon mån", "Nej, knappast", "Nej, absolut inte",
                  "Vet ej", "n = 50"):
        assert label in words
    assert chart.table.rows[0][1:] == ("20 (50\xa0%)", "10 (25\xa0%)", "6 (15\xa0%)",
                                       "4 (10\xa0%)", "10 (20\xa0%)", "50")
    assert chart.table.rows[1][1:] == ("För få svar",) * 5 + ("–",)
    assert "n = 2" not in words  # the hidden question does not even say how many answered
    english = answers_per_question(ANSWERS, lang="en")
    assert "Yes, absolutely" in texts(parse(english))
    assert english.table.headers[-2:] == ("Don't know", "Answers (n)")


def test_participants_stack_by_gender_with_unrecorded_apart():
    rows = [OrganisationParticipants("Karlstad AFS", {"woman": 20, "man": 8, None: 3}),
            OrganisationParticipants("Kristinehamn IFO", {"woman": 5, "unknown": 1})]
    chart = participants_by_organisation(rows)
    root = parse(chart)
    x0, length, maximum = axis(root)
    assert maximum == 40
    widths = {(b.get("data-series"), float(b.get("data-value"))): float(b.get("width"))
              for b in bars(root)}
    assert widths[("woman", 20)] == near(length * 20 / 40)
    assert widths[("man", 8)] == near(length * 8 / 40)
    # No gender recorded, or one the directory does not know: "Ej registrerat".
    assert widths[("unrecorded", 3)] == near(length * 3 / 40)
    assert widths[("unrecorded", 1)] == near(length * 1 / 40)
    assert {"Kvinna", "Man", "Ej registrerat"} <= set(texts(root))
    assert "Icke-binär" not in texts(root)  # only genders present are in the legend
    assert chart.desc == "37 unika deltagare; flest: Karlstad AFS (31)."
    assert chart.table.headers == ("Organisation", "Kvinna", "Man", "Ej registrerat", "Totalt")
    assert chart.table.rows[1] == ("Kristinehamn IFO", "5", "0", "1", "6")


def test_months_are_written_as_the_language_does():
    months = [MonthCount(date(2027, 1, 1), 12), MonthCount(date(2027, 2, 1), 30)]
    chart = participants_by_month(months)
    root = parse(chart)
    x0, length, maximum = axis(root)
    assert [float(b.get("width")) for b in bars(root)] == near(
        [length * 12 / maximum, length * 30 / maximum])
    assert "februari 2027" in texts(root)
    assert chart.desc == "Flest deltagare i februari 2027 (30); 2 månader."
    assert participants_by_month(months, lang="en").desc.startswith(
        "Most participants in February 2027 (30)")


def test_fill_rate_bars_fill_their_track_as_far_as_the_seats_taken():
    rows = [Share("MI grund 2027-1", 18, 24), Share("Seminarium", 40, 40), Share("Tom", 0, 20)]
    chart = fill_rate(rows, per="session", total=Share("", 58, 84))
    root = parse(chart)
    x0, length, _ = axis(root)
    assert [float(b.get("width")) for b in bars(root)] == near([length * 0.75, length])
    tracks = root.findall(".//svg:rect[@class='track']", NS)
    assert len(tracks) == 3 and all(float(t.get("width")) == near(length) for t in tracks)
    assert "18 av 24 (75\xa0%)" in texts(root)
    assert chart.title == "Beläggning per kurstillfälle"
    assert chart.desc == ("Beläggning totalt 69\xa0%; högst: Seminarium (100\xa0%), "
                          "lägst: Tom (0\xa0%).")
    assert fill_rate(rows, per="course").title == "Beläggning per utbildning"
    assert fill_rate(rows, lang="en").table.headers == ("Session", "Seats taken", "Seats",
                                                        "Fill rate")


def test_reserved_seats_and_absences():
    reserved = reserved_seats_used([Share("Kristinehamn IFO", 4, 6), Share("Karlstad", 0, 2)])
    assert reserved.desc == "4 av 8 reserverade platser används (50\xa0%)."
    absence = no_shows_and_late_cancellations([OrganisationAbsence("Karlstad AFS", 3, 1),
                                               OrganisationAbsence("Kristinehamn", 0, 2)])
    root = parse(absence)
    x0, length, maximum = axis(root)
    assert maximum == 3
    no_shows = bars(root, "no_shows")
    late = bars(root, "late_cancellations")
    assert [float(b.get("width")) for b in no_shows] == near([length])
    assert [float(b.get("width")) for b in late] == near([length / 3, length * 2 / 3])
    assert absence.desc == ("3 uteblivna och 3 sena avbokningar; flest uteblivna: "
                            "Karlstad AFS (3).")


def test_a_label_with_markup_stays_text():
    evil = '<script>alert("x")</script> & "Ö"'
    svg = str(render_svg(fill_rate([Share(evil, 1, 2)], title=evil)))
    assert "<script" not in svg
    root = ET.fromstring(svg)
    assert root.find("svg:title", NS).text == evil
    assert any(t and t.startswith("<script>") for t in texts(root))
    assert not list(root.iter("script")) and not list(root.iter("{http://www.w3.org/2000/svg}script"))


def test_a_chart_id_must_be_a_plain_html_id():
    with pytest.raises(ValueError):
        render_svg(fill_rate([], chart_id='x" onload="alert(1)'))


def test_empty_inputs_still_draw_a_chart_that_says_there_is_nothing():
    for chart in (participants_by_organisation([]), participants_by_month([]), fill_rate([]),
                  reserved_seats_used([]), no_shows_and_late_cancellations([]),
                  goal_fulfilment([]), answers_per_question([])):
        root = parse(chart)
        assert bars(root) == []
        assert chart.desc
