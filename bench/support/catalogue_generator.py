"""Generate a large, realistic, valid catalogue for the build benchmarks.

`write_catalogue(content_dir, courses=1000, sessions=5)` writes
`courses/*.md` (YAML front matter plus a Markdown description of a few
paragraphs) and `organisations.yaml`; `write_plain_articles(...)` writes the
same titles and bodies as ordinary Pelican articles (Title/Date only), so the
two builds render the same Markdown. The output is deterministic (fixed seed),
so runs on different days compare the same catalogue.
"""
from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta
from pathlib import Path

ORGANISATIONS = [
    ("karlstad-afs", "Arbetsmarknads- och socialförvaltningen", "ASF Karlstad", "Karlstads kommun"),
    ("karlstad-bou", "Barn- och ungdomsförvaltningen", "BoU Karlstad", "Karlstads kommun"),
    ("kristinehamn-ifo", "Individ- och familjeomsorgen", "IFO Kristinehamn", "Kristinehamns kommun"),
    ("kristinehamn-amv", "Arbetsmarknads- och vuxenutbildningsförvaltningen", "AMV Kristinehamn", "Kristinehamns kommun"),
    ("hammaro-sof", "Socialförvaltningen", "SOF Hammarö", "Hammarö kommun"),
    ("forshaga-ifo", "Individ- och familjeomsorgen", "IFO Forshaga", "Forshaga kommun"),
]
TOPICS = [
    ("Motiverande samtal (MI)", ["communication", "evidence"]),
    ("Barnsamtal", ["children", "communication"]),
    ("Våld i nära relationer", ["violence", "equality"]),
    ("BBIC – barns behov i centrum", ["children", "documentation"]),
    ("ASI-intervju", ["substance-misuse", "evidence"]),
    ("Dokumentation i socialtjänsten", ["documentation", "law"]),
    ("LVU och LVM i praktiken", ["law"]),
    ("Signs of Safety", ["children", "quality"]),
    ("Psykisk ohälsa hos vuxna", ["mental-health"]),
    ("Ekonomiskt bistånd", ["economy", "law"]),
    ("Arbetsmarknadsinsatser", ["labour-market"]),
    ("Hedersrelaterat våld och förtryck", ["violence", "migration"]),
    ("Värdegrundsarbete", ["values", "quality"]),
    ("Ledarskap i socialtjänsten", ["leadership"]),
    ("Jämställd biståndsbedömning", ["equality", "quality"]),
    ("Återfallsprevention", ["substance-misuse", "evidence"]),
]
KIND_SHAPES = [  # (kind, level, meetings per session, credits)
    ("method-course", "basic", 2, None),
    ("method-course", "advanced", 3, None),
    ("method-course", "practice", 1, None),
    ("seminar-series", None, 4, None),
    ("seminar", None, 1, None),
    ("university-course", None, 5, 7.5),
    ("supervision", None, 6, None),
]
LEVEL_WORD = {"basic": "grundkurs", "advanced": "fördjupning", "practice": "metodträning"}
KIND_WORD = {"seminar-series": "seminarieserie", "seminar": "seminarium",
             "university-course": "högskolekurs", "supervision": "handledningsgrupp"}
AUDIENCES = ["new", "settled", "experienced", "senior", "managers", "all"]
PROVIDERS = ["Intern utbildare", "Extern utbildare (upphandlad)", "Karlstads universitet",
             "FoU Värmland", "Regionalt stödteam"]
PLACES = ["Karlstad, Stadshuset, sal 3", "Kristinehamn, Rådhuset, konferensrum Vänern",
          "Hammarö, Kommunhuset, sal Tynnelsö", "Distans (Teams)", "Forshaga, Folkets hus, lilla salen",
          "Karlstads universitet, hus 21"]
SENTENCES = [
    "Kursen ger dig kunskap om aktuell forskning och beprövad erfarenhet inom området.",
    "Du får öva på samtal med stöd av handledare och kollegor i små grupper.",
    "Vi utgår från Socialstyrelsens föreskrifter och allmänna råd.",
    "Mellan träffarna prövar du metoden i ditt eget arbete och reflekterar över resultatet.",
    "Kursen vänder sig till dig som arbetar med utredning, insatser eller uppföljning.",
    "Litteraturen skickas ut i god tid före första träffen.",
    "Vi diskuterar etiska dilemman och hur brukarens perspektiv tas tillvara.",
    "Efter kursen kan du förklara metodens grunder och använda den i praktiken.",
    "Kursen bygger på aktivt deltagande, så planera in tid för förberedelser.",
    "Dokumentation och rättssäkerhet är ett genomgående tema.",
    "Du som chef får verktyg för att stödja medarbetarnas kompetensutveckling.",
    "Exempel hämtas från barn- och ungdomsvård, vuxenvård och ekonomiskt bistånd.",
]


def _slugify(text: str) -> str:
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "–": "-"})
    return re.sub(r"[^a-z0-9]+", "-", text.lower().translate(table)).strip("-")


def _paragraph(rng: random.Random) -> str:
    return " ".join(rng.sample(SENTENCES, rng.randint(3, 5)))


def course_body(rng: random.Random) -> str:
    """Return a Markdown description: aims, content with a list, method, literature."""
    bullets = "\n".join(f"- {s}" for s in rng.sample(SENTENCES, 3))
    return (f"## Mål\n\n{_paragraph(rng)}\n\n## Innehåll\n\n{_paragraph(rng)}\n\n{bullets}\n\n"
            f"## Arbetssätt\n\n{_paragraph(rng)}\n\n## Litteratur\n\n"
            f"*Socialstyrelsen* (2024). **Kunskapsstöd för socialtjänsten.** Stockholm.\n")


def generate_courses(count: int, sessions: int, seed: int = 2027) -> list[dict]:
    """Return `count` course records (front matter values plus 'slug' and 'body')."""
    rng = random.Random(seed)
    courses = []
    for number in range(count):
        topic, themes = TOPICS[number % len(TOPICS)]
        kind, level, meetings, credits = KIND_SHAPES[(number // len(TOPICS)) % len(KIND_SHAPES)]
        word = LEVEL_WORD.get(level) or KIND_WORD[kind]
        title = f"{topic} – {word} {number // (len(TOPICS) * len(KIND_SHAPES)) + 1}"
        slug = f"{_slugify(title)}-{number}"
        course = {"slug": slug, "title": title, "kind": kind, "level": level,
                  "audience": rng.sample(AUDIENCES[:5], rng.randint(1, 3)), "themes": themes,
                  "provider": rng.choice(PROVIDERS), "credits": credits,
                  "contact": "kursadmin@karlstad.example",
                  "summary": f"{topic}: {rng.choice(SENTENCES)}",
                  "published": date(2026, 9, 1) + timedelta(days=number % 60),
                  "body": course_body(rng), "sessions": []}
        if rng.random() < 0.3:
            course["organisations"] = [o[0] for o in rng.sample(ORGANISATIONS, 2)]
        if level == "advanced" and number >= len(TOPICS):
            course["prerequisites"] = [courses[number - len(TOPICS)]["slug"]]
        for index in range(sessions):
            first = datetime(2027, 1, 11, 9, 0) + timedelta(days=rng.randint(0, 300))
            session = {"id": f"{slug}-{index + 1}", "capacity": rng.choice([12, 16, 20, 24, 30, 40]),
                       "deadline": (first - timedelta(days=14)).date(),
                       "meetings": [(first + timedelta(weeks=w), rng.choice(PLACES)) for w in range(meetings)]}
            if rng.random() < 0.2:
                # Seats can only be reserved for an organisation the course admits.
                admitted = course.get("organisations") or [o[0] for o in ORGANISATIONS]
                session["reserved"] = {rng.choice(admitted): 4}
                session["reserved_until"] = session["deadline"] - timedelta(days=7)
            course["sessions"].append(session)
        courses.append(course)
    return courses


def _yaml_list(values) -> str:
    return "[" + ", ".join(values) + "]"


def course_file(course: dict) -> str:
    """Return the text of `content/courses/<slug>.md` for one generated course."""
    lines = ["---", f"title: \"{course['title']}\"", f"kind: {course['kind']}"]
    if course["level"]:
        lines.append(f"level: {course['level']}")
    lines += [f"audience: {_yaml_list(course['audience'])}", f"themes: {_yaml_list(course['themes'])}",
              f"provider: \"{course['provider']}\""]
    if course["credits"]:
        lines.append(f"credits: {course['credits']}")
    if course.get("prerequisites"):
        lines.append(f"prerequisites: {_yaml_list(course['prerequisites'])}")
    if course.get("organisations"):
        lines.append(f"organisations: {_yaml_list(course['organisations'])}")
    lines += [f"contact: {course['contact']}", f"summary: \"{course['summary']}\"",
              f"published: {course['published']}", "sessions:"]
    for session in course["sessions"]:
        lines += [f"  - id: {session['id']}", f"    capacity: {session['capacity']}",
                  f"    deadline: {session['deadline']}"]
        if "reserved" in session:
            org, seats = next(iter(session["reserved"].items()))
            lines += [f"    reserved: {{{org}: {seats}}}", f"    reserved_until: {session['reserved_until']}"]
        lines.append("    meetings:")
        for start, place in session["meetings"]:
            end = start + timedelta(hours=7)
            lines.append(f"      - {{start: {start:%Y-%m-%d %H:%M}, end: {end:%Y-%m-%d %H:%M}, place: \"{place}\"}}")
    lines += ["---", course["body"]]
    return "\n".join(lines)


def write_catalogue(content_dir: Path, courses: int = 1000, sessions: int = 5) -> list[dict]:
    """Write organisations.yaml and courses/*.md under `content_dir`; return the course records."""
    records = generate_courses(courses, sessions)
    (content_dir / "courses").mkdir(parents=True, exist_ok=True)
    (content_dir / "organisations.yaml").write_text("".join(
        f"- id: {i}\n  name: {n}\n  short_name: {s}\n  municipality: {m}\n" for i, n, s, m in ORGANISATIONS
    ), encoding="utf-8")
    for course in records:
        (content_dir / "courses" / f"{course['slug']}.md").write_text(course_file(course), encoding="utf-8")
    return records


def write_plain_articles(content_dir: Path, records: list[dict]) -> None:
    """Write each course's title and body as an ordinary Pelican article (Title/Date metadata)."""
    content_dir.mkdir(parents=True, exist_ok=True)
    for course in records:
        text = f"Title: {course['title']}\nDate: {course['published']} 09:00\n\n{course['body']}"
        (content_dir / f"{course['slug']}.md").write_text(text, encoding="utf-8")
