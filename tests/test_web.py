"""Front-desk web app, end to end in a real headless Chromium (Debian's, driven by Playwright): upload a generated
proposal through the Chinese file picker after signing in, wait for the report, check the verdict, a cited
article, the duplicate candidate, a waiver with who granted it, the DOCX 预审意见书, and that only an admin sees the
audit trail. Plus, without a browser, the safety limits and the local mode (no accounts, this machine only)."""

import shutil

import pytest

pytest.importorskip("fastapi")

from yushen.web.app import WebSettings, create_app, serve_in_thread  # noqa: E402

from .builders import build_docx  # noqa: E402
from .proposals import BREAKAGES, complete  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
INVENTORY_CSV = ("系统编号,系统名称,所属部门,主要功能,状态\n"
                 "XT-9001,内蒙古自治区智慧水务监管系统,内蒙古自治区水利厅,"
                 "开发取水监管子系统和水资源监测子系统，实现取水许可监管、水资源监测和统计分析。,在用\n"
                 "XT-9002,内蒙古自治区河湖长制平台,内蒙古自治区水利厅,河湖长巡河、问题交办和考核。,在用\n")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("web")
    inv = tmp / "inventory.csv"
    inv.write_text(INVENTORY_CSV, encoding="utf-8")
    base, srv = serve_in_thread(create_app(WebSettings(data_dir=tmp / "data", inventory=inv, max_upload_mb=5)))
    yield base, tmp
    srv.should_exit = True


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """The same app with accounts: a reviewer and an administrator."""
    from .web_helpers import add_users

    tmp = tmp_path_factory.mktemp("desk")
    inv = tmp / "inventory.csv"
    inv.write_text(INVENTORY_CSV, encoding="utf-8")
    add_users(tmp / "data", 张伟="reviewer", boss="admin")
    base, srv = serve_in_thread(create_app(WebSettings(data_dir=tmp / "data", inventory=inv, max_upload_mb=5)))
    yield base
    srv.should_exit = True


def _sign_in(page, base, name):
    from .web_helpers import PASSWORD

    page.goto(base + "/")
    assert "/login" in page.url  # history and uploads are for signed-in users only
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#who")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)")
def test_upload_report_and_docx_in_a_real_browser(desk, tmp_path):
    from playwright.sync_api import sync_playwright

    base = desk
    title, items = complete("nmg")
    breaker, rule_id = BREAKAGES["nmg"]
    proposal = build_docx(tmp_path / "智慧水务可研.docx", breaker(items), title_page=title)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic", "--lang=en-US"])
        # an English browser: its native file control would say "Choose File" / "No file chosen"
        page = browser.new_page(accept_downloads=True, viewport={"width": 1200, "height": 900}, locale="en-US")
        page.goto(base + "/login")
        page.fill("input[name=username]", "张伟")
        page.fill("input[name=password]", "not the password")
        page.click("button[type=submit]")
        assert "用户名或密码错误" in page.inner_text("#login-failed")
        _sign_in(page, base, "张伟")
        assert "张伟（审查员）" in page.inner_text("#who") and "操作记录" not in page.inner_text("#who")

        # the upload control: a Chinese button, the native input hidden, the chosen name shown
        body = page.inner_text("body")
        assert "Choose File" not in body and "No file chosen" not in body and "Browse" not in body
        assert not page.is_visible("#file") and page.is_visible("#pick")
        assert page.inner_text("#pick") == "选择文件" and page.inner_text("#chosen") == "未选择文件"
        page.click("#upload button[type=submit]")  # nothing chosen: asked for a file, nothing sent
        assert page.inner_text("#chosen") == "请先选择文件" and page.url.rstrip("/") == base
        with page.expect_file_chooser() as chooser:
            page.focus("#pick")
            page.keyboard.press("Enter")  # reachable without a mouse
        chooser.value.set_files(str(proposal))
        assert page.inner_text("#chosen") == "已选择：智慧水务可研.docx"
        page.click("#upload button[type=submit]")
        page.wait_for_selector("#verdict", timeout=60_000)
        verdict = page.inner_text("#verdict")
        assert "重要问题 2 项" in verdict  # 免费运维期 and the duplicate of XT-9001
        finding = page.locator(f"[id='{rule_id}']")
        assert "第二十七条" in finding.inner_text()
        assert "免费运维期原则上自项目竣工验收合格之日起不得少于1年" in finding.inner_text()
        dup = page.inner_text("#duplicates")
        assert "XT-9001" in dup and "疑似重复建设" in dup
        finding.locator("input[name=reason]").fill("合同已约定两年免费运维")
        finding.locator("button[type=submit]").click()
        page.wait_for_selector(f"[id='{rule_id}'] .waived-note")
        assert "（张伟，" in page.inner_text(f"[id='{rule_id}'] .waived-note")
        with page.expect_download() as dl:
            page.click("text=预审意见书（DOCX）")
        path = tmp_path / "opinion.docx"
        dl.value.save_as(path)
        assert dl.value.suggested_filename.endswith("预审意见书.docx")
        page.goto(base + "/audit")  # a reviewer is not shown the audit trail
        assert "只有管理员可以查看此页" in page.inner_text("body") and not page.is_visible("#audit")
        page.click("#who button")  # sign out
        page.wait_for_url("**/login")
        _sign_in(page, base, "boss")
        page.click("text=操作记录")
        audit = page.inner_text("#audit")
        for action in ("提交审查", "豁免", "下载"):
            assert any(action in line and "张伟" in line for line in audit.splitlines()), action
        browser.close()
    import docx

    text = "\n".join(par.text for par in docx.Document(path).paragraphs)
    assert "政务信息化项目预审意见书" in text and "必须补正" in text and "XT-9001" in text
    assert "预审结论" in text and "合同已约定两年免费运维（张伟，" in text  # the waiver, with who granted it


def test_limits_and_errors_without_a_browser(server, tmp_path):
    import httpx

    base, tmp = server
    with httpx.Client(base_url=base) as c:
        home = c.get("/")
        assert home.status_code == 200
        token = c.cookies.get("yushen_csrf")
        assert token and 'name="csrf"' in home.text
        forged = c.post("/review", files={"file": ("a.txt", "一、项目概况\n内容".encode())}, data={"csrf": "x"})
        assert forged.status_code == 403
        big = c.post("/review", files={"file": ("big.txt", b"a" * (6 * 1024 * 1024))}, data={"csrf": token})
        assert big.status_code == 413 and "MB" in big.text
        junk = c.post("/review", files={"file": ("../../etc/passwd.pdf", bytes(range(256)) * 20)}, data={"csrf": token})
        assert junk.status_code == 422 and "unsupported_format" in junk.text and "Traceback" not in junk.text
        broken = c.post("/review", files={"file": ("x.pdf", b"%PDF-1.4\n%%EOF")}, data={"csrf": token})
        assert broken.status_code == 422 and "corrupt_file" in broken.text
        nothing = c.post("/review", data={"csrf": token})  # the form sent without a file: a page, not JSON
        assert nothing.status_code == 400 and "no_file" in nothing.text and "请先选择" in nothing.text
        for path in ("/no/such/page", "/r/nosuch"):
            missing = c.get(path)
            assert missing.status_code == 404 and "not_found" in missing.text and "没有这" in missing.text
        wrong = c.get("/review")
        assert wrong.status_code == 405 and "method_not_allowed" in wrong.text and "Method" not in wrong.text
    uploads = list((tmp / "data" / "uploads").iterdir())
    assert all(len(p.stem) == 32 for p in uploads)  # generated names only, never the user's path


def test_resubmission_shows_fixed_still_open_and_new(server, tmp_path):
    import re

    import httpx

    base, _ = server
    title, items = complete("nmg")
    breaker, rule_id = BREAKAGES["nmg"]
    v1 = build_docx(tmp_path / "v1.docx", breaker(items), title_page=title)
    v2 = build_docx(tmp_path / "v2.docx", items, title_page=title)
    with httpx.Client(base_url=base, follow_redirects=True) as c:
        token = c.get("/") and c.cookies.get("yushen_csrf")
        c.post("/review", files={"file": ("v1.docx", v1.read_bytes())}, data={"csrf": token})
        page = c.post("/review", files={"file": ("v2.docx", v2.read_bytes())}, data={"csrf": token}).text
    assert "与上次提交" in page
    assert re.search(r"已整改 1", page) and "已整改：免费运维期不少于1年" in page
