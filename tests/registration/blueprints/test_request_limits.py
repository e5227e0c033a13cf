"""What the service refuses before it reads a request (issue #9 item 8).

A body over MAX_CONTENT_LENGTH, or one form field over MAX_FORM_MEMORY_SIZE,
gets a 413 page in the service's style; a file where a text field belongs is
a 400 (it reached the validators and made a 500); far-off dates in the
period filters are refused beside the field (they overflowed the date
arithmetic and made a 500).
"""
import io

import pytest


def test_an_oversized_body_is_refused_with_the_services_page(client):
    response = client.post("/sign-in", data={"email": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "Det du skickade är för stort" in html and 'rel="stylesheet"' in html


def test_one_oversized_field_is_refused_though_the_body_is_allowed(client):
    response = client.post("/sign-in", data={"email": "x" * (200 * 1024)},
                           content_type="multipart/form-data")
    assert response.status_code == 413


def test_the_limits_are_settings(app_with):
    app = app_with(MAX_CONTENT_LENGTH=10_000)
    response = app.test_client().post("/sign-in", data={"email": "x" * 20_000})
    assert response.status_code == 413


def test_a_text_field_sent_as_a_file_is_a_bad_request(app_with):
    client = app_with(PROPAGATE_EXCEPTIONS=False).test_client()
    response = client.post("/sign-in", data={"email": (io.BytesIO(b"eva@kommun.example"), "a.txt")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    # An ordinary multipart form without files still works.
    assert client.post("/sign-in", data={"email": "fel"},
                       content_type="multipart/form-data").status_code == 200


@pytest.mark.parametrize("url", [
    "/admin/figures?format=xlsx&starts_to=9999-12-31",
    "/admin/figures?format=xlsx&starts_from=0001-01-01",
    "/admin/figures?starts_from=0001-01-01&starts_to=9999-12-31",
    "/admin/enrolments?format=csv&starts_to=9999-12-31",
    "/admin/enrolments?format=xlsx&starts_from=0001-01-01",
    "/admin/report?starts_to=9999-12-31",
])
def test_far_off_period_dates_are_refused_beside_the_field(app_with, cast, url):
    from registration.auth.identity import session_values

    client = app_with(PROPAGATE_EXCEPTIONS=False).test_client()
    with client.session_transaction() as session:
        session.update(session_values(cast.admin, int(client.application.config["NOW"]().timestamp())))
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "text/html"
    assert "Ange ett datum mellan 2000-01-01 och 2099-12-31." in response.get_data(as_text=True)
