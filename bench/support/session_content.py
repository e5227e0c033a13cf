"""Content for the HTTP benchmarks: two organisations and one-session courses open to all."""
from __future__ import annotations

from pathlib import Path


def write_session_courses(folder: Path, sessions: list[tuple[str, int]], title: str) -> list[str]:
    """Write organisations.yaml and one course per `(session id, capacity)`; return the session ids.

    Course n is titled f"{title} {n}" and meets once in 2099, so its registration is always open.
    """
    (folder / "courses").mkdir(parents=True)
    (folder / "organisations.yaml").write_text(
        "- {id: north, name: Norra förvaltningen, short_name: Norr}\n"
        "- {id: south, name: Södra förvaltningen, short_name: Söder}\n", encoding="utf-8")
    for n, (sid, capacity) in enumerate(sessions):
        (folder / "courses" / f"bench-course-{n}.md").write_text(f"""---
title: {title} {n}
kind: seminar
audience: [all]
provider: Intern
contact: kurs@bench.example
summary: En kurs för mätningar.
sessions:
  - id: {sid}
    capacity: {capacity}
    deadline: 2099-01-10
    meetings:
      - {{start: 2099-02-01 09:00, end: 2099-02-01 12:00, place: Sal {n}}}
---
Text.
""", encoding="utf-8")
    return [sid for sid, _ in sessions]
