"""Screenshots for the README: the Cyd project's dashboard with the demo data, as the demo viewer, in Welsh and in
English (docs/dashboard-cy.png, docs/dashboard-en.png).

    .venv/bin/python scripts/screenshots.py

Serves Profi on a scratch SQLite database in a temporary folder (migrated, demo data loaded) on a free local
port, and drives Debian's Chromium (/usr/bin/chromium, as the browser tests do) at 1,000 × 1,500 CSS pixels (the first screenful).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "demo-password-123"  # noqa: S105 — the demo accounts' default password (README)

folder = tempfile.mkdtemp(prefix="profi-screenshots-")
os.environ.update(
    {
        "DATABASE_URL": f"sqlite:///{folder}/profi.db",
        "SECRET_KEY": "screenshots-only-secret-key-not-for-use",
        "PROFI_INSECURE_COOKIES": "1",  # plain http on 127.0.0.1
        "PROFI_JOBS_DB": f"{folder}/jobs.sqlite3",
        "PROFI_OUTBOX_DIR": f"{folder}/outbox",
        "PROFI_JOBS_IMMEDIATE": "1",
        "PROFI_MAIL_BACKEND": "none",
    }
)

import flask_migrate  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from app import create_app  # noqa: E402
from app.demo.data import load_demo_data  # noqa: E402
from app.extensions import db  # noqa: E402


def main() -> None:
    app = create_app()
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        load_demo_data(PASSWORD)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for language in ("cy", "en"):
            page = browser.new_page(viewport={"width": 1000, "height": 1500}, base_url=base)
            page.goto("/sign-in")
            page.locator("input[name=email]").fill("viewer@example.org")
            page.locator("input[name=password]").fill(PASSWORD)
            with page.expect_navigation():
                page.locator("main button[type=submit]").click()
            page.goto(f"/language/{language}?next=/projects/cyd/dashboard")
            page.wait_for_load_state("networkidle")
            target = ROOT / "docs" / f"dashboard-{language}.png"
            page.screenshot(path=str(target))  # the first screenful: the page itself runs long
            print(f"wrote {target.relative_to(ROOT)}")
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
