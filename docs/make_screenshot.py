"""Regenerate docs/report-page.png: the web report page for the bundled sample proposal, in headless Chromium.

Run from the repository root:  python docs/make_screenshot.py   (needs yushen[web], playwright, Debian chromium)
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from yushen.web.app import WebSettings, create_app, serve_in_thread

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(WebSettings(data_dir=Path(tmp), inventory=ROOT / "corpus/duplicates/inventory.csv"))
        base, server = serve_in_thread(app)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1280, "height": 1500}, device_scale_factor=1)
            page.goto(base + "/")
            page.set_input_files("#file", str(ROOT / "corpus/samples/ordos_智慧停车服务平台_可研.docx"))
            page.click("button[type=submit]")
            page.wait_for_selector("#verdict")
            page.screenshot(path=str(ROOT / "docs/report-page.png"), full_page=False)
            browser.close()
        server.should_exit = True
    print("wrote docs/report-page.png")


if __name__ == "__main__":
    main()
