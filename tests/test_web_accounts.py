"""Front-desk accounts: argon2 hashes and hashed tokens only, sign-in required once an account exists, roles
(a reviewer sees the centre's reviews, only an admin the audit trail), who-and-when on reviews, waivers and
downloads, the users CLI, serve refusing a public address without accounts, and upload retention."""

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("argon2")

from typer.testing import CliRunner  # noqa: E402

from yushen.cli import app as cli  # noqa: E402
from yushen.web.accounts import AccountError, AccountStore  # noqa: E402
from yushen.web.app import WebSettings, create_app, is_loopback, serve_in_thread  # noqa: E402
from yushen.web.store import ReviewStore  # noqa: E402

from .builders import build_docx  # noqa: E402
from .proposals import BREAKAGES, complete  # noqa: E402
from .web_helpers import PASSWORD, add_users, asgi_request, login  # noqa: E402


def _db_bytes(data_dir) -> bytes:
    return b"".join(p.read_bytes() for p in data_dir.glob("accounts.db*"))


def test_passwords_are_argon2_hashes_and_tokens_are_kept_only_as_hashes(tmp_path):
    store = AccountStore(tmp_path)
    store.add_user("zhang", PASSWORD, "reviewer")
    token = store.new_token("zhang")
    with sqlite3.connect(tmp_path / "accounts.db") as con:
        (pw_hash,) = con.execute("SELECT pw_hash FROM users").fetchone()
    assert pw_hash.startswith("$argon2id$")
    raw = _db_bytes(tmp_path)
    assert PASSWORD.encode() not in raw and token.encode() not in raw
    assert store.authenticate("zhang", PASSWORD).role == "reviewer"
    assert store.authenticate("zhang", "wrong password") is None
    assert store.authenticate("nobody", PASSWORD) is None
    assert store.token_user(token).name == "zhang" and store.token_user(token + "x") is None
    sid = store.new_session(store.user("zhang"))
    assert store.session_user(sid).name == "zhang"
    store.disable("zhang")  # no sign-in, sessions ended, tokens revoked
    assert store.authenticate("zhang", PASSWORD) is None
    assert store.session_user(sid) is None and store.token_user(token) is None
    for bad in (("a b", PASSWORD, "reviewer"), ("li", "short", "reviewer"), ("li", PASSWORD, "boss")):
        with pytest.raises(AccountError):
            store.add_user(*bad)


def test_repeated_failed_sign_ins_lock_the_name_for_a_while(tmp_path):
    clock = [datetime(2026, 1, 1, 8, tzinfo=UTC)]
    store = AccountStore(tmp_path, now=lambda: clock[0])
    store.add_user("zhang", PASSWORD)
    for _ in range(4):
        store.log("zhang", "login_failed")
    assert not store.locked("zhang")
    store.log("zhang", "login_failed")
    assert store.locked("zhang") and not store.locked("li")
    clock[0] += timedelta(minutes=16)
    assert not store.locked("zhang")


def test_sessions_expire(tmp_path):
    clock = [datetime(2026, 1, 1, 8, tzinfo=UTC)]
    store = AccountStore(tmp_path, now=lambda: clock[0])
    store.add_user("zhang", PASSWORD)
    sid = store.new_session(store.user("zhang"))
    clock[0] += timedelta(hours=11)
    assert store.session_user(sid) is not None
    clock[0] += timedelta(hours=2)
    assert store.session_user(sid) is None


@pytest.fixture(scope="module")
def front_desk(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("desk")
    data = tmp / "data"
    add_users(data, rev="reviewer", rev2="reviewer", boss="admin")
    base, srv = serve_in_thread(create_app(WebSettings(data_dir=data)))
    yield base, tmp, data
    srv.should_exit = True


def test_history_needs_sign_in_and_audit_needs_an_admin(front_desk, tmp_path):
    import httpx

    base, _, data = front_desk
    title, items = complete("nmg")
    breaker, rule_id = BREAKAGES["nmg"]
    proposal = build_docx(tmp_path / "水务可研.docx", breaker(items), title_page=title).read_bytes()
    with httpx.Client(base_url=base) as anon:
        for path in ("/", "/audit", "/r/abc", "/r/abc/download/json"):
            r = anon.get(path)
            assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
        anon.get("/login")
        forged = anon.post("/login", data={"username": "rev", "password": PASSWORD, "csrf": "x"})
        assert forged.status_code == 403
        wrong = login(anon, "rev", "not the password")
        assert wrong.status_code == 401 and "用户名或密码错误" in wrong.text and "yushen_session" not in anon.cookies
        assert anon.post("/review", files={"file": ("a.txt", b"x")}).status_code == 303  # to the sign-in page

    with httpx.Client(base_url=base) as rev:
        r = login(rev, "rev", next_path="//evil.example/")
        assert r.status_code == 303 and r.headers["location"] == "/"  # no open redirect
        cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("yushen_session="))
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
        r = rev.post("/review", files={"file": ("水务可研.docx", proposal)}, data={"csrf": rev.cookies["yushen_csrf"]})
        assert r.status_code == 303
        rid = r.headers["location"].rsplit("/", 1)[1]
        r = rev.post(f"/r/{rid}/waive", data={"rule": rule_id, "reason": "已在合同中约定两年免费运维",
                                              "csrf": rev.cookies["yushen_csrf"]})
        assert r.status_code == 303
        page = rev.get(f"/r/{rid}").text
        assert "提交人 rev" in page and "已豁免：已在合同中约定两年免费运维" in page and "（rev，" in page
        js = rev.get(f"/r/{rid}/download/json").json()
        waived = next(f for f in js["findings"] if f["rule"] == rule_id)["waived"]
        assert waived["reason"] == "已在合同中约定两年免费运维" and waived["by"] == "rev" and waived["at"]
        assert rev.get(f"/r/{rid}/download/docx").status_code == 200
        denied = rev.get("/audit")
        assert denied.status_code == 403 and "forbidden" in denied.text and "操作记录" not in denied.text
        assert 'id="trail"' not in page  # the per-review trail is for admins too

    with httpx.Client(base_url=base) as rev2:  # decided: a reviewer sees every review of the centre
        login(rev2, "rev2")
        assert f"/r/{rid}" in rev2.get("/").text and rev2.get(f"/r/{rid}").status_code == 200

    with httpx.Client(base_url=base) as boss:
        login(boss, "boss")
        audit = boss.get("/audit")
        assert audit.status_code == 200
        rows = [(e["user"], e["action"]) for e in AccountStore(data).audit(review_id=rid)]
        assert ("rev", "review") in rows and ("rev", "waive") in rows and ("rev", "download") in rows
        for who_what in ("提交审查", "豁免", "下载", "登录失败"):
            assert who_what in audit.text
        assert f"/r/{rid}" in audit.text and 'id="trail"' in boss.get(f"/r/{rid}").text
        boss.post("/logout", data={"csrf": boss.cookies["yushen_csrf"]})
        assert boss.get("/").status_code == 303


def test_disabling_an_account_ends_its_session(front_desk):
    import httpx

    base, _, data = front_desk
    AccountStore(data).add_user("temp", PASSWORD)
    with httpx.Client(base_url=base) as c:
        login(c, "temp")
        assert c.get("/").status_code == 200
        AccountStore(data).disable("temp")
        assert c.get("/").status_code == 303
        assert login(c, "temp").status_code == 401


def test_sign_in_page_refuses_a_name_after_repeated_failures(front_desk):
    import httpx

    base, _, data = front_desk
    AccountStore(data).add_user("guessed", PASSWORD)
    with httpx.Client(base_url=base) as c:
        for _ in range(5):
            assert login(c, "guessed", "wrong guess 123").status_code == 401
        r = login(c, "guessed")  # the right password, but too late
        assert r.status_code == 429 and "失败次数过多" in r.text and "yushen_session" not in c.cookies
    assert ("guessed", "login_locked") in [(e["user"], e["action"]) for e in AccountStore(data).audit()]


def test_without_accounts_only_this_machine_is_served(tmp_path):
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20") and not is_loopback("desk.example")
    app = create_app(WebSettings(data_dir=tmp_path / "data"))
    here = asgi_request(app, "GET", "/", client=("127.0.0.1", 5000))
    assert here["status"] == 200 and "本机" in here["body"].decode()
    other = asgi_request(app, "GET", "/", client=("10.20.30.40", 5000))
    assert other["status"] == 403 and "no_accounts" in other["body"].decode()


def test_serve_refuses_a_public_address_without_accounts(tmp_path, monkeypatch):
    import uvicorn

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.append(kw))
    runner = CliRunner()
    r = runner.invoke(cli, ["serve", "--host", "0.0.0.0", "--data-dir", str(tmp_path)])
    assert r.exit_code == 2 and started == []
    assert r.output.strip().count("\n") == 0 and "error[no_accounts]" in r.output
    r = runner.invoke(cli, ["serve", "--host", "127.0.0.1", "--data-dir", str(tmp_path), "--port", "8123"])
    assert r.exit_code == 0 and started[-1]["host"] == "127.0.0.1"
    add_users(tmp_path, boss="admin")
    r = runner.invoke(cli, ["serve", "--host", "0.0.0.0", "--data-dir", str(tmp_path), "--retention-days", "30"])
    assert r.exit_code == 0 and started[-1]["host"] == "0.0.0.0"


def test_users_cli_add_list_disable_token(tmp_path):
    runner = CliRunner()
    d = ["--data-dir", str(tmp_path)]
    r = runner.invoke(cli, ["users", "add", "wang", "--role", "admin", "--password-stdin", *d], input=PASSWORD + "\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["users", "add", "li", *d], input=f"{PASSWORD}\n{PASSWORD}\n")  # prompted twice
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["users", "add", "li", "--password-stdin", *d], input=PASSWORD + "\n")
    assert r.exit_code == 2 and "error[user_exists]" in r.output
    r = runner.invoke(cli, ["users", "add", "zhao", "--password-stdin", *d], input="short\n")
    assert r.exit_code == 2 and "error[weak_password]" in r.output
    store = AccountStore(tmp_path)
    assert store.authenticate("wang", PASSWORD).role == "admin" and store.authenticate("li", PASSWORD).role == "reviewer"
    r = runner.invoke(cli, ["users", "token", "li", *d])
    token = r.output.strip()
    assert r.exit_code == 0 and store.token_user(token).name == "li"
    listing = runner.invoke(cli, ["users", "list", *d]).output
    assert "wang\tadmin\t在用" in listing and "li\treviewer\t在用" in listing
    assert runner.invoke(cli, ["users", "disable", "li", *d]).exit_code == 0
    assert "li\treviewer\t已停用" in runner.invoke(cli, ["users", "list", *d]).output
    assert store.token_user(token) is None
    r = runner.invoke(cli, ["users", "disable", "nobody", *d])
    assert r.exit_code == 2 and "error[user_not_found]" in r.output


def test_retention_deletes_stored_uploads_after_n_days(tmp_path):
    import os

    day0 = datetime(2026, 3, 1, 9, tzinfo=UTC)
    clock = [day0]
    data = tmp_path / "data"
    store = ReviewStore(data, now=lambda: clock[0])
    report = {"schema_version": "1", "status": "ok", "ruleset": "national", "sections": [], "findings": [],
              "duplicates": [], "errors": [],
              "document": {"path": "x.pdf", "sha256": "0" * 64, "format": "pdf", "pages": 1, "doc_type": "other",
                           "project_name": "某平台", "owner": "某局", "investment_wan": None, "project_class": None,
                           "jurisdiction": None}}
    old = store.upload_path("pdf")
    old.write_bytes(b"%PDF old")
    old_id = store.add("旧.pdf", old, report)
    clock[0] = day0 + timedelta(days=5)
    new = store.upload_path("pdf")
    new.write_bytes(b"%PDF new")
    new_id = store.add("新.pdf", new, report)
    orphan = store.upload_path("docx")  # a review that failed: kept for the admin, then aged out by its mtime
    orphan.write_bytes(b"PK")
    os.utime(orphan, (day0.timestamp(), day0.timestamp()))

    assert store.purge_uploads(7, now=day0 + timedelta(days=6)) == []
    gone = store.purge_uploads(7, now=day0 + timedelta(days=8))
    assert sorted(gone) == sorted([old.name, orphan.name])
    assert not old.exists() and not orphan.exists() and new.exists()
    assert store.get(old_id)["purged"] and store.get(old_id)["report"]["document"]["project_name"] == "某平台"
    assert store.get(new_id)["purged"] is None

    # wired into the app: purged at start-up with the app's clock, the report page says so
    app = create_app(WebSettings(data_dir=data, retention_days=7, now=lambda: day0 + timedelta(days=13)))
    assert not new.exists()
    page = asgi_request(app, "GET", f"/r/{new_id}")
    assert page["status"] == 200 and "原文件已按保存期限删除" in page["body"].decode()
