"""The demo command finds its data wherever the module sits in the package."""
from registration.cli.demo import DEMO_STAFF


def test_the_demo_staff_file_is_the_checkouts_demo_folder():
    assert DEMO_STAFF.is_file() and DEMO_STAFF.parent.name == "demo" and DEMO_STAFF.name == "staff.csv"
