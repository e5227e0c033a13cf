"""Description HTML made once per build and kept by text between builds (plugins/catalogue_site/descriptions.py)."""
from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

from pelican.settings import read_settings

from plugins.catalogue_site.descriptions import CACHE_FILE, _PARALLEL_FROM, description_html

SETTINGS = Path(__file__).resolve().parents[2] / "pelicanconf.py"


@dataclass(frozen=True)
class _Course:  # what description_html reads of a catalogue.Course
    slug: str
    body: str


def _settings():
    return read_settings(str(SETTINGS))


def test_unchanged_text_is_taken_from_the_cache_and_changed_text_converted(tmp_path):
    settings = _settings()
    first = description_html([_Course("a", "# Mål\n\nOm *etik*."), _Course("b", "Om juridik.")], settings, tmp_path)
    assert first == {"a": "<h2>Mål</h2>\n<p>Om <em>etik</em>.</p>", "b": "<p>Om juridik.</p>"}
    # Mark the stored HTML, so a second call shows whether it converted again.
    stored = pickle.loads((tmp_path / CACHE_FILE).read_bytes())
    stored["html"] = {key: f"kept {html}" for key, html in stored["html"].items()}
    (tmp_path / CACHE_FILE).write_bytes(pickle.dumps(stored))

    second = description_html([_Course("a", "# Mål\n\nOm *etik*."), _Course("b", "Om juridik och moral.")],
                              settings, tmp_path)
    assert second == {"a": "kept <h2>Mål</h2>\n<p>Om <em>etik</em>.</p>", "b": "<p>Om juridik och moral.</p>"}


def test_other_markdown_settings_convert_everything_again(tmp_path):
    settings = _settings()
    description_html([_Course("a", "Om etik.")], settings, tmp_path)
    stored = pickle.loads((tmp_path / CACHE_FILE).read_bytes())
    stored["html"] = {key: "kept" for key in stored["html"]}
    (tmp_path / CACHE_FILE).write_bytes(pickle.dumps(stored))
    other = {**settings, "MARKDOWN": {**settings["MARKDOWN"], "output_format": "xhtml"}}
    assert description_html([_Course("a", "Om etik.")], other, tmp_path) == {"a": "<p>Om etik.</p>"}


def test_two_processes_give_what_one_gives():
    settings = _settings()
    courses = [_Course(f"k{n}", f"## Del {n}\n\n- punkt <script>x</script>\n") for n in range(_PARALLEL_FROM + 5)]
    assert description_html(courses, settings, workers=2) == description_html(courses, settings)
