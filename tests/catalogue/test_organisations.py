"""organisations.yaml in its two forms: the plain list, and the mapping that adds
guest organisations; sectors in both."""
from __future__ import annotations

import pytest

from catalogue import CatalogueError, GuestOrganisation, Organisation, load_catalogue

from content_files import ORGANISATIONS, valid_course

FILE = "content/organisations.yaml"

MAPPING = """\
organisations:
  - id: karlstad-afs
    name: Arbetsmarknads- och socialförvaltningen
    short_name: ASF Karlstad
    sector: individ-och-familjeomsorg
  - id: kristinehamn-ifo
    name: Individ- och familjeomsorgen
    short_name: IFO Kristinehamn
guest_organisations:
  - id: arvika-ifo
    name: Individ- och familjeomsorgen, Arvika kommun
    municipality: Arvika kommun
    sector: individ-och-familjeomsorg
  - id: region-varmland-bup
    name: Barn- och ungdomspsykiatrin
"""


def test_the_plain_list_still_loads_without_sectors_or_guests(content, write_course):
    write_course("kurs.md", valid_course())

    catalogue = load_catalogue(content)

    assert [o.sector for o in catalogue.organisations] == [None, None]
    assert catalogue.guest_organisations == ()


def test_the_mapping_form_gives_organisations_with_sectors_and_guest_organisations(content, write_course):
    (content / "organisations.yaml").write_text(MAPPING, encoding="utf-8")
    write_course("kurs.md", valid_course())

    catalogue = load_catalogue(content)

    assert catalogue.organisations == (
        Organisation("karlstad-afs", "Arbetsmarknads- och socialförvaltningen", "ASF Karlstad", "",
                     "individ-och-familjeomsorg"),
        Organisation("kristinehamn-ifo", "Individ- och familjeomsorgen", "IFO Kristinehamn"))
    assert catalogue.guest_organisations == (
        GuestOrganisation("arvika-ifo", "Individ- och familjeomsorgen, Arvika kommun", "Arvika kommun",
                          "individ-och-familjeomsorg"),
        GuestOrganisation("region-varmland-bup", "Barn- och ungdomspsykiatrin"))


def test_a_guest_organisation_cannot_be_given_reserved_seats(content, write_course):
    (content / "organisations.yaml").write_text(MAPPING, encoding="utf-8")
    data = valid_course()
    data["sessions"][0].update(reserved={"arvika-ifo": 2}, reserved_until="2027-01-10")
    write_course("kurs.md", data)

    with pytest.raises(CatalogueError) as caught:
        load_catalogue(content)

    [problem] = caught.value.problems
    assert problem.key == "sessions[0] (kurs-2027-1).reserved" and "unknown organisation 'arvika-ifo'" in problem.message


FAULTS = [
    ("unknown sector in the list", ORGANISATIONS + "  sector: socialtjanst\n", "[1].sector",
     "unknown value 'socialtjanst'; known values are: individ-och-familjeomsorg"),
    ("unknown sector in the mapping", MAPPING.replace("sector: individ-och-familjeomsorg\n  - id: kristinehamn",
                                                      "sector: vard\n  - id: kristinehamn"),
     "organisations[0].sector", "unknown value 'vard'"),
    ("unknown guest sector", MAPPING.replace("    sector: individ-och-familjeomsorg\n  - id: region",
                                             "    sector: vard\n  - id: region"),
     "guest_organisations[0].sector", "unknown value 'vard'"),
    ("mapping without organisations", "guest_organisations: []\n", "organisations", "is required"),
    ("empty organisations list", "organisations: []\n", "organisations", "must be a list of organisations"),
    ("unknown top-level key", MAPPING + "partners: []\n", "partners", "unknown key"),
    ("guest list not a list", MAPPING.split("guest_organisations:")[0] + "guest_organisations: arvika\n",
     "guest_organisations", "must be a list of organisations, each with id and name"),
    ("guest without name", MAPPING.replace("    name: Barn- och ungdomspsykiatrin\n", ""),
     "guest_organisations[1].name", "is required"),
    ("guest with short_name", MAPPING + "    short_name: BUP\n", "guest_organisations[1].short_name", "unknown key"),
    ("guest with a staff organisation's id", MAPPING.replace("id: arvika-ifo", "id: karlstad-afs"),
     "guest_organisations[0].id", "'karlstad-afs' is used by an earlier organisation"),
    ("guest id twice", MAPPING.replace("id: region-varmland-bup", "id: arvika-ifo"),
     "guest_organisations[1].id", "'arvika-ifo' is used by an earlier organisation"),
    ("guest not a mapping", MAPPING.split("guest_organisations:")[0] + "guest_organisations:\n  - arvika-ifo\n",
     "guest_organisations[0]", "must be a mapping with id and name"),
]


@pytest.mark.parametrize("text, key, message", [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS])
def test_a_broken_organisations_file_is_reported_with_key(content, text, key, message):
    (content / "organisations.yaml").write_text(text, encoding="utf-8")

    with pytest.raises(CatalogueError) as caught:
        load_catalogue(content)

    [problem] = caught.value.problems
    assert (problem.path, problem.key) == (FILE, key)
    assert message in problem.message
