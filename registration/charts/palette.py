"""The charts' colours and fill patterns, and the WCAG contrast arithmetic that vouches for them.

Every colour here is dark enough for white text on it (4.5:1) and so also
stands out from the white background as a graphical object (3:1, WCAG 1.4.11).
Series never rely on colour alone: neighbouring series differ in pattern too,
and every bar carries its number in words or in the legend beside it.
"""
from __future__ import annotations

BACKGROUND = "#ffffff"
INK = "#1b1b1b"        # text, axes and the threshold line
MUTED = "#4a4a4a"      # tick labels and secondary text
TRACK = "#f3f5f7"      # the empty 0-100 % track behind a share bar (decoration)
TRACK_EDGE = "#6b6b6b"  # its outline, which marks where 100 % (the capacity) is

# Goal statuses: the status is also written on the bar.
STATUS_COLOURS = {
    "met": "#1e6b34",
    "on-the-way": "#8a4b00",
    "not-met": "#a4141d",
}

# Series of stacked and grouped bars, in order: (colour, pattern).
SERIES_STYLES: tuple[tuple[str, str], ...] = (
    ("#0b4f8a", "solid"),
    ("#8a4b00", "hatch"),
    ("#1e6b34", "cross"),
    ("#5a2d82", "backhatch"),
    ("#4f5b66", "solid"),
)
UNRECORDED_STYLE = ("#4f5b66", "backhatch")  # "ej registrerat": neutral grey

# The four-step scale, strongest answers solid at the outer ends, milder ones hatched.
SCALE_STYLES = {
    "yes-absolutely": ("#0b4f8a", "solid"),
    "yes-somewhat": ("#2e6da4", "hatch"),
    "no-hardly": ("#a3480f", "hatch"),
    "no-not-at-all": ("#8c1d18", "solid"),
    "dont-know": ("#4f5b66", "backhatch"),
}

PATTERNS = ("solid", "hatch", "backhatch", "cross")


def relative_luminance(colour: str) -> float:
    """Return the WCAG 2.1 relative luminance of a '#rrggbb' colour."""
    value = colour.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """Return the WCAG contrast ratio (1 to 21) between two '#rrggbb' colours."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def series_style(index: int) -> tuple[str, str]:
    """Return (colour, pattern) of the series at `index`, repeating after the last."""
    return SERIES_STYLES[index % len(SERIES_STYLES)]
