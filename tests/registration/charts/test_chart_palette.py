"""The charts' colours computed against WCAG 2.1: 3:1 for bars (1.4.11), 4.5:1 for text (1.4.3)."""
from __future__ import annotations

import pytest

from registration.charts import palette
from registration.charts.palette import BACKGROUND, contrast_ratio
from registration.charts.scene import Line, Rect, hatch_lines

BAR_COLOURS = sorted({*palette.STATUS_COLOURS.values(), *(c for c, _ in palette.SERIES_STYLES),
                      *(c for c, _ in palette.SCALE_STYLES.values()),
                      palette.UNRECORDED_STYLE[0]})


def test_the_wcag_formula_gives_the_known_ratios():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#ffffff", "#767676") == contrast_ratio("#767676", "#ffffff")


@pytest.mark.parametrize("colour", BAR_COLOURS)
def test_every_bar_colour_stands_out_from_the_background_and_carries_white_text(colour):
    assert contrast_ratio(colour, BACKGROUND) >= 3.0  # non-text contrast of a bar
    assert contrast_ratio(colour, palette.TRACK) >= 3.0  # a bar inside its track
    assert contrast_ratio("#ffffff", colour) >= 4.5  # the figures written on it


@pytest.mark.parametrize("colour", [palette.INK, palette.MUTED])
def test_text_colours_are_readable_on_the_background_and_the_track(colour):
    assert contrast_ratio(colour, BACKGROUND) >= 4.5
    assert contrast_ratio(colour, palette.TRACK) >= 4.5


def test_the_track_edge_marks_the_whole_visibly():
    assert contrast_ratio(palette.TRACK_EDGE, BACKGROUND) >= 3.0


def test_neighbouring_series_differ_in_pattern_not_only_colour():
    patterns = [p for _, p in palette.SERIES_STYLES]
    assert all(a != b for a, b in zip(patterns, patterns[1:]))
    scale = palette.SCALE_STYLES
    assert scale["yes-absolutely"][1] != scale["yes-somewhat"][1]
    assert scale["no-hardly"][1] != scale["no-not-at-all"][1]


@pytest.mark.parametrize("pattern", ["hatch", "backhatch", "cross"])
def test_pattern_lines_stay_inside_their_rectangle(pattern):
    rect = Rect(10, 20, 57.5, 18, "#0b4f8a", pattern)
    lines = hatch_lines(rect)
    assert len(lines) >= 8
    for line in lines:
        assert isinstance(line, Line)
        for x, y in ((line.x1, line.y1), (line.x2, line.y2)):
            assert 10 - 1e-9 <= x <= 67.5 + 1e-9 and 20 - 1e-9 <= y <= 38 + 1e-9
    assert hatch_lines(Rect(0, 0, 10, 10, "#000000", "solid")) == []
