"""The pages the law asks of a public body: from content/, in both languages, in every footer."""
from __future__ import annotations

from pathlib import Path

import pytest

from registration.queries.law_pages import LAW_PAGES, law_page

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def client(app_with):
    """The service reading the project's own content/ folder (where the law pages live)."""
    return app_with(CONTENT=str(ROOT / "content")).test_client()


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_law_page_exists_in_both_languages_in_the_content(lang):
    for slug in LAW_PAGES:
        page = law_page(ROOT / "content", slug, lang)
        assert page is not None and page.lang == lang, slug
        assert page.meta.get("status") == "hidden"  # kept out of the catalogue's main menu


def test_the_accessibility_statement_has_what_diggs_template_asks_for(client):
    html = text(client.get("/about/accessibility"))
    assert "<h1>Tillgänglighetsredogörelse</h1>" in html
    for part in ("Karlstads kommun", "delvis förenlig", "Innehåll som inte är tillgängligt",
                 "Rapportera brister", "https://www.digg.se/tdosanmalan", "Hur vi testat webbplatsen",
                 "den senaste automatiska kontrollen", "1 december 2026"):
        assert part in html, part
    english = text(client.get("/about/accessibility?lang=en"))
    assert "partially compliant" in english and "digg.se" in english


def test_the_privacy_notice_names_controller_basis_sources_retention_rights_and_officer(client):
    html = text(client.get("/about/privacy"))
    for part in ("Personuppgiftsansvarig", "Rättslig grund", "personalsystem", "Vem ser vad",
                 "Hur länge uppgifterna sparas", "Dina rättigheter", "Dataskyddsombud"):
        assert part in html, part


def test_the_cookie_note_says_one_necessary_cookie_here_and_none_on_the_site(client):
    html = text(client.get("/about/cookies?lang=en"))
    assert "sets no cookies" in html and "one cookie" in html and "strictly necessary" in html


def test_every_page_footer_links_the_three_pages_signed_in_or_not(client, cast, login_as):
    for response in (client.get("/sign-in"), login_as(cast.employee).get("/me")):
        html = text(response)
        for slug in LAW_PAGES:
            assert f'href="/about/{slug}"' in html


def test_unknown_law_page_is_404_and_the_favicon_is_served(client):
    assert client.get("/about/secret").status_code == 404
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
