"""The evaluation form: at the signed link (signed out), on "My courses" (signed in), once, only for its invitee."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from catalogue import load_catalogue
from registration.mail.render import render_message
from registration.models import OutboxMessage
from registration.models.evaluations import EvaluationInvitation, EvaluationResponse
from registration.workflow.admin import add_person
from registration.workflow.attendance import record_attendance
from registration.workflow.evaluations import invite_due
from tests.builders import Builder, make_app

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
START = datetime(2027, 2, 3, 8, 0, tzinfo=timezone.utc)
ENDED = START + timedelta(days=7, hours=7)
INVITED = ENDED + timedelta(hours=1)
PROGRAMME = load_catalogue(CONTENT).programme

GOOD = {"q-knowledge": "yes-absolutely", "q-useful": "yes-somewhat",
        "q-confident-with-method": "dont-know", "q-themes-covered": ["values", "quality"],
        "q-well-organised": "no-hardly", "q-comments": "Mer tid för övningar."}


def arrange(db, people=2):
    """A finished two-meeting method course whose `people` participants were present and invited."""
    make = Builder(db)
    admin = make.person(name="Anna Admin", is_admin=True, is_employee=False)
    manager = make.manager(name="Maria Chef")
    session = make.session(capacity=10, starts_at=START)
    session.meetings = [{"start": (START + timedelta(days=7 * i)).isoformat(),
                         "end": (START + timedelta(days=7 * i, hours=7)).isoformat(),
                         "place": "Karlstad, Stadshuset"} for i in range(2)]
    session.ends_at = ENDED
    db.commit()
    participants = [make.employee(manager, name=f"Deltagare {n}") for n in range(people)]
    marks = {}
    for person in participants:
        request = add_person(db, admin, person.id, session.id, "Anmäld", START - timedelta(days=20))
        marks[(request.id, 0)] = "present"
    record_attendance(db, admin, session.id, marks, ENDED)
    invite_due(db, INVITED, PROGRAMME)
    db.commit()
    return participants


@pytest.fixture
def service(sqlite_url, clock, tmp_path):
    clock.now = INVITED + timedelta(hours=1)
    return make_app(sqlite_url, clock, tmp_path, CONTENT=str(CONTENT))


@pytest.fixture
def people(service):
    from registration.db import get_engine, make_session_factory

    db = make_session_factory(get_engine(service))()
    try:
        found = arrange(db)
        return [(person.id, person.email) for person in found]
    finally:
        db.close()


def session_of(app):
    from registration.db import get_engine, make_session_factory

    return make_session_factory(get_engine(app))()


def mailed_link(app, email: str) -> str:
    """The evaluation link in the invitation mailed to `email`, as the outbox sender renders it."""
    with app.app_context():
        db = session_of(app)
        try:
            row = db.scalars(select(OutboxMessage).where(OutboxMessage.recipient_email == email,
                                                         OutboxMessage.kind == "evaluation_invitation")
                             ).one()
            text = render_message(db, row, app.config["NOW"]()).get_body(("plain",)).get_content()
        finally:
            db.close()
    url = re.search(r"https://\S+/evaluations/\S+", text).group(0)
    return url.removeprefix(app.config["SERVICE_URL"])


def count_responses(app) -> int:
    db = session_of(app)
    try:
        return db.scalar(select(func.count()).select_from(EvaluationResponse))
    finally:
        db.close()


def invitation_of(app, person_id) -> EvaluationInvitation:
    db = session_of(app)
    try:
        return db.scalars(select(EvaluationInvitation)
                          .where(EvaluationInvitation.person_id == person_id)).one()
    finally:
        db.close()


def sign_in(client, app, person_id):
    from registration.auth.identity import session_values
    from registration.models import Person

    db = session_of(app)
    try:
        person = db.get(Person, person_id)
        with client.session_transaction() as cookie:
            cookie.clear()
            cookie.update(session_values(person, int(app.config["NOW"]().timestamp())))
    finally:
        db.close()


def test_the_mailed_link_shows_the_form_signed_out_in_swedish_with_a_fieldset_per_question(
        service, people):
    client = service.test_client()
    page = client.get(mailed_link(service, people[0][1]))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="sv">' in html
    assert "Utvärdera kursen" in html
    legends = re.findall(r"<legend>(.*?)</legend>", html)
    assert legends[0] == PROGRAMME.question("knowledge").text.sv
    assert len(legends) == 5  # five choice/scale questions; the free text has a label
    assert html.count('type="radio"') == 4 * 5 and html.count('type="checkbox"') == 4
    assert '<div class="dont-know">' in html and "Vet ej" in html
    assert '<textarea id="q-comments-0" name="q-comments"' in html
    assert 'for="q-comments-0"' in html


def test_english_on_request(service, people):
    client = service.test_client()
    html = client.get(mailed_link(service, people[0][1]).replace("lang=sv", "lang=en")
                      ).get_data(as_text=True)
    assert '<html lang="en">' in html and "Evaluate the course" in html
    assert PROGRAMME.question("knowledge").text.en in html and "Don&#39;t know" in html


def test_answering_by_link_stores_once_and_a_second_use_is_refused_with_a_clear_page(service, people):
    client = service.test_client()
    link = mailed_link(service, people[0][1])
    done = client.post(link, data=GOOD)
    assert done.status_code == 200 and "Tack för dina svar" in done.get_data(as_text=True)
    assert count_responses(service) == 1
    assert invitation_of(service, people[0][0]).answered
    again = client.get(link)
    assert again.status_code == 410
    assert "redan besvarad" in again.get_data(as_text=True)
    assert client.post(link, data=GOOD).status_code == 410
    assert count_responses(service) == 1


def test_missing_answers_show_a_summary_and_messages_beside_the_questions_keeping_the_rest(
        service, people):
    client = service.test_client()
    link = mailed_link(service, people[0][1])
    answers = {key: value for key, value in GOOD.items() if key not in ("q-knowledge",
                                                                        "q-themes-covered")}
    page = client.post(link, data=answers)
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert 'class="error-summary"' in html and "<title>Fel:" in html
    assert 'href="#q-knowledge-0"' in html and 'href="#q-themes-covered-0"' in html
    assert 'id="q-knowledge-error">Välj ett svar.' in html
    assert 'id="q-themes-covered-error">Välj minst ett svar.' in html
    assert 'aria-describedby="q-knowledge-error"' in html
    # What was given stays chosen.
    assert re.search(r'value="yes-somewhat" checked', html)
    assert "Mer tid för övningar." in html
    assert count_responses(service) == 0


def test_the_link_of_another_invitee_is_refused_to_a_signed_in_person(service, people):
    (first_id, first_email), (second_id, _) = people
    client = service.test_client()
    sign_in(client, service, second_id)
    link = mailed_link(service, first_email)
    page = client.get(link)
    assert page.status_code == 403 and "någon annan" in page.get_data(as_text=True)
    assert client.post(link, data=GOOD).status_code == 403
    # Nor can they open the other's invitation from "My courses".
    other = invitation_of(service, first_id)
    assert client.get(f"/me/evaluations/{other.id}").status_code == 404
    assert client.post(f"/me/evaluations/{other.id}", data=GOOD).status_code == 404
    assert count_responses(service) == 0


def test_a_forged_or_altered_link_is_refused(service, people):
    client = service.test_client()
    link = mailed_link(service, people[0][1])
    path, _, query = link.partition("?")
    assert client.get(path[:-3] + "abc?" + query).status_code == 400
    # A correctly signed link to the right invitation id but another nonce names nothing.
    from registration.auth.tokens import issue_token

    invitation = invitation_of(service, people[0][0])
    with service.app_context():
        forged = issue_token("evaluation", {"invitation": invitation.id, "nonce": "guess"}, 3600)
        other_purpose = issue_token("sign_in", {"invitation": invitation.id,
                                                "nonce": invitation.nonce}, 3600)
    assert client.get(f"/evaluations/{forged}").status_code == 400
    assert client.get(f"/evaluations/{other_purpose}").status_code == 400


def test_the_link_stops_working_when_the_invitation_closes(service, people, clock):
    client = service.test_client()
    link = mailed_link(service, people[0][1])
    clock.now = INVITED + timedelta(days=service.config["EVALUATION_OPEN_DAYS"], minutes=1)
    page = client.get(link)
    assert page.status_code == 410 and "Tiden för att svara" in page.get_data(as_text=True)


def test_my_courses_offers_the_evaluation_and_the_signed_in_form_stores_it(service, people):
    person_id = people[0][0]
    client = service.test_client()
    sign_in(client, service, person_id)
    invitation = invitation_of(service, person_id)
    html = client.get("/me").get_data(as_text=True)
    # The course title may carry its own lang attribute (a span): compare the words.
    link = re.search(rf'href="/me/evaluations/{invitation.id}">(.*?)</a>', html).group(1)
    assert re.sub(r"<[^>]+>", "", link) == "Utvärdera kursen: Kurs mi-grundkurs"
    assert client.get(f"/me/evaluations/{invitation.id}").status_code == 200
    assert client.post(f"/me/evaluations/{invitation.id}", data=GOOD).status_code == 200
    assert count_responses(service) == 1
    assert "Utvärdera kursen" not in client.get("/me").get_data(as_text=True)
    assert client.get(f"/me/evaluations/{invitation.id}").status_code == 410


def test_the_signed_in_form_needs_a_sign_in(service, people):
    invitation = invitation_of(service, people[0][0])
    page = service.test_client().get(f"/me/evaluations/{invitation.id}")
    assert page.status_code in (302, 401, 403)


def test_posting_without_the_csrf_token_stores_nothing(sqlite_url, clock, tmp_path):
    clock.now = INVITED + timedelta(hours=1)
    app = make_app(sqlite_url, clock, tmp_path, CONTENT=str(CONTENT), WTF_CSRF_ENABLED=True)
    db = session_of(app)
    try:
        person = arrange(db, people=1)[0]
        email = person.email
    finally:
        db.close()
    client = app.test_client()
    link = mailed_link(app, email)
    page = client.post(link, data=GOOD)
    assert page.status_code == 400  # refused by the app's CSRF protection before the view
    assert count_responses(app) == 0
    form = client.get(link).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    assert client.post(link, data={**GOOD, "csrf_token": token}).status_code == 200
    assert count_responses(app) == 1
