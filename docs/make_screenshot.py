"""Regenerate docs/upload-page.png and docs/report-page.png: the upload page (signed in, a file chosen with the
Chinese picker) and the report page for the bundled sample proposal, in headless Chromium.

Run from the repository root:  python docs/make_screenshot.py   (needs yushen[web], playwright, Debian chromium)
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from yushen.web.accounts import AccountStore
from yushen.web.app import WebSettings, create_app, serve_in_thread

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "screenshot-only"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        AccountStore(Path(tmp)).add_user("张伟", PASSWORD, "reviewer")
        app = create_app(WebSettings(data_dir=Path(tmp), inventory=ROOT / "corpus/duplicates/inventory.csv"))
        base, server = serve_in_thread(app)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1280, "height": 1500}, device_scale_factor=1)
            page.goto(base + "/login")
            page.fill("input[name=username]", "张伟")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_selector("#upload")
            page.set_input_files("#file", str(ROOT / "corpus/samples/ordos_智慧停车服务平台_可研.docx"))
            page.screenshot(path=str(ROOT / "docs/upload-page.png"), clip={"x": 0, "y": 0, "width": 1280, "height": 560})
            page.click("#upload button[type=submit]")
            page.wait_for_selector("#verdict")
            page.screenshot(path=str(ROOT / "docs/report-page.png"), full_page=False)
            browser.close()
        server.should_exit = True
    print("wrote docs/upload-page.png and docs/report-page.png")


if __name__ == "__main__":
    main()
