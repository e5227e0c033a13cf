"""Production settings: pelicanconf.py plus the deployment's addresses.

KURSPORTAL_SITE_URL     where the site is published, e.g. https://kurser.kommun.example
KURSPORTAL_SERVICE_URL  where the registration service runs, e.g. https://anmalan.kommun.example
"""
import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("KURSPORTAL_SITE_URL", "").rstrip("/")
FEED_DOMAIN = SITEURL
SERVICE_URL = os.environ.get("KURSPORTAL_SERVICE_URL", "").rstrip("/")
if not SITEURL or not SERVICE_URL:
    raise SystemExit("publishconf.py needs KURSPORTAL_SITE_URL and KURSPORTAL_SERVICE_URL in the environment")
