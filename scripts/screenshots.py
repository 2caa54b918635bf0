#!/usr/bin/env python3
"""Screenshots of every page of `wirecoder serve`, at 1280x800, into a folder.

    .venv/bin/python scripts/screenshots.py screenshots/            # sample data
    .venv/bin/python scripts/screenshots.py out/ --db wirecoder.db  # an existing database
    .venv/bin/python scripts/screenshots.py out/ --full-page

Without --db a temporary database is filled with the hand-coded sample corpus
(wirecoder.web.sample). The server runs on a free loopback port for the duration;
Chromium is the system one (/usr/bin/chromium unless --chromium or $CHROMIUM says
otherwise), headless, with no network access beyond the loopback server.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from wirecoder.store import Store
from wirecoder.web import create_app
from wirecoder.web.devserver import running_server
from wirecoder.web.pages import page_links
from wirecoder.web.sample import fill_store

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Views worth a screenshot of their own: a ledger thread whose later report contradicts it.
EXTRA_PAGES = {"ledger-flags": "/ledger?giver=DEU&what=financial_aid"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for the PNG files")
    parser.add_argument("--db", help="database URL or path (default: a temporary sample)")
    parser.add_argument(
        "--chromium",
        default=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        help="Chromium executable",
    )
    parser.add_argument("--full-page", action="store_true", help="capture whole pages")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = str(Path(tmp) / "sample.db")
            with Store(db) as store:
                fill_store(store)
        app = create_app(db)
        with running_server(app) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            pages = {**page_links(), **EXTRA_PAGES}
            for number, (name, path) in enumerate(pages.items(), 1):
                response = page.goto(base + path, wait_until="networkidle")
                status = response.status if response else 0
                target = args.out / f"{number:02d}-{name}.png"
                page.screenshot(path=str(target), full_page=args.full_page)
                print(f"{status} {path} -> {target}")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
