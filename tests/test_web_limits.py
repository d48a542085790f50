"""Web app limits and the error boundary: a body over the limit is refused while it streams in (before the
upload is stored), and an unexpected exception anywhere becomes a readable coded internal_error, logged with
its traceback, the upload kept."""

import logging

import pytest

pytest.importorskip("fastapi")

from yushen.web.app import FORM_SLACK, WebSettings, create_app, serve_in_thread  # noqa: E402

from .builders import build_docx  # noqa: E402
from .proposals import complete  # noqa: E402
from .web_helpers import asgi_request, login  # noqa: E402

BOUNDARY = "----yushenboundary"


def _multipart_chunks(total: int, chunk: int = 256 * 1024):
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()
    yield head
    sent = 0
    while sent < total:
        yield "项目建设内容".encode() * (chunk // 18)
        sent += chunk


def _stored(data_dir):
    uploads = data_dir / "uploads"
    return sorted(p.name for p in uploads.iterdir()) if uploads.exists() else []


def test_streamed_over_limit_upload_is_refused_before_it_is_stored(tmp_path):
    data = tmp_path / "data"
    app = create_app(WebSettings(data_dir=data, max_upload_mb=1))
    # chunked: no Content-Length to trust, 20 MB offered against a 1 MB limit
    res = asgi_request(app, "POST", "/review", {"content-type": f"multipart/form-data; boundary={BOUNDARY}",
                                                "transfer-encoding": "chunked"},
                       _multipart_chunks(20 * 1024 * 1024))
    assert res["status"] == 413
    assert "too_large" in res["body"].decode() and "1 MB" in res["body"].decode()
    # it stopped reading at the first chunk over the limit, long before the 20 MB were in
    assert res["bytes"] <= 1024 * 1024 + FORM_SLACK + 256 * 1024
    assert _stored(data) == []

    # the API answers the same limit as coded JSON
    res = asgi_request(app, "POST", "/api/v1/reviews", {"content-type": f"multipart/form-data; boundary={BOUNDARY}"},
                       _multipart_chunks(20 * 1024 * 1024))
    assert res["status"] == 413 and b'"code":"too_large"' in res["body"].replace(b" ", b"")
    assert _stored(data) == []


def test_declared_content_length_over_limit_is_refused_unread(tmp_path):
    app = create_app(WebSettings(data_dir=tmp_path / "data", max_upload_mb=1))
    res = asgi_request(app, "POST", "/review", {"content-type": f"multipart/form-data; boundary={BOUNDARY}",
                                                "content-length": str(30 * 1024 * 1024)},
                       _multipart_chunks(30 * 1024 * 1024))
    assert res["status"] == 413 and res["calls"] == 0  # not one byte of the body was pulled in
    bogus = asgi_request(app, "POST", "/review", {"content-length": "12abc"}, [b"x"])
    assert bogus["status"] == 413


def test_within_limit_streamed_upload_still_reviewed(tmp_path):
    """The limit counts bytes, it does not break an ordinary chunked upload."""
    data = tmp_path / "data"
    app = create_app(WebSettings(data_dir=data, max_upload_mb=1))
    res = asgi_request(app, "GET", "/")
    csrf = res["headers"]["set-cookie"].split("yushen_csrf=")[1].split(";")[0]
    body = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
            "第一章 项目概况\n本项目为某市政务服务平台建设项目。\n"
            f"\r\n--{BOUNDARY}--\r\n").encode()
    res = asgi_request(app, "POST", "/review", {"content-type": f"multipart/form-data; boundary={BOUNDARY}",
                                                "cookie": f"yushen_csrf={csrf}"},
                       [body[:40], body[40:]])
    assert res["status"] == 303 and res["headers"]["location"].startswith("/r/")
    assert len(_stored(data)) == 1


@pytest.fixture()
def broken_pipeline(monkeypatch):
    import yushen.pipeline

    def boom(*args, **kwargs):
        raise RuntimeError("boom: an unforeseen bug in a stage")

    monkeypatch.setattr(yushen.pipeline, "review_file", boom)


def test_unexpected_exception_in_review_is_a_coded_page_and_the_upload_is_kept(tmp_path, broken_pipeline, caplog):
    import httpx

    from .web_helpers import add_users

    data = tmp_path / "data"
    accounts = add_users(data, ann="admin")
    token = accounts.new_token("ann")
    title, items = complete("nmg")
    proposal = build_docx(tmp_path / "p.docx", items, title_page=title).read_bytes()
    base, srv = serve_in_thread(create_app(WebSettings(data_dir=data)))
    try:
        with caplog.at_level(logging.ERROR, logger="yushen.web"), httpx.Client(base_url=base) as c:
            login(c, "ann")
            page = c.post("/review", files={"file": ("可研.docx", proposal)},
                          data={"csrf": c.cookies.get("yushen_csrf")})
            api = c.post("/api/v1/reviews", files={"file": ("可研.docx", proposal)},
                         headers={"Authorization": f"Bearer {token}"})
    finally:
        srv.should_exit = True
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "internal_error" in page.text and "服务器内部错误" in page.text and "文件已保存" in page.text
    assert "Traceback" not in page.text and "boom" not in page.text
    assert api.status_code == 500 and api.json()["error"]["code"] == "internal_error"
    # not lost silently: both copies are kept, the audit names them, the log has the traceback
    kept = _stored(data)
    assert len(kept) == 2
    failed = [e for e in accounts.audit() if e["action"] == "review_failed"]
    assert sorted(name for e in failed for name in kept if name in e["detail"]) == kept
    assert any("Traceback" in r.exc_text and "boom" in r.exc_text for r in caplog.records if r.exc_text)


def test_unexpected_exception_in_any_route_is_a_coded_page(tmp_path, monkeypatch, caplog):
    import sqlite3

    from yushen.web.store import ReviewStore

    app = create_app(WebSettings(data_dir=tmp_path / "data"))

    def broken(self, limit=20):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(ReviewStore, "recent", broken)
    with caplog.at_level(logging.ERROR, logger="yushen.web"):
        res = asgi_request(app, "GET", "/")
    assert res["status"] == 500
    text = res["body"].decode()
    assert "internal_error" in text and "事件编号" in text and "malformed" not in text
    assert any("malformed" in (r.exc_text or "") for r in caplog.records)


def test_streamed_over_limit_upload_over_a_real_socket(tmp_path):
    """The same through uvicorn: a chunked upload with no Content-Length gets the coded 413, nothing stored."""
    import httpx

    from .web_helpers import add_users

    data = tmp_path / "data"
    token = add_users(data, platform="reviewer").new_token("platform")
    base, srv = serve_in_thread(create_app(WebSettings(data_dir=data, max_upload_mb=1)))
    try:
        with httpx.Client(base_url=base, timeout=60) as c:
            r = c.post("/api/v1/reviews", content=_multipart_chunks(8 * 1024 * 1024),
                       headers={"content-type": f"multipart/form-data; boundary={BOUNDARY}",
                                "authorization": f"Bearer {token}"})
    finally:
        srv.should_exit = True
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
    assert _stored(data) == []


def test_a_review_past_the_memory_cap_is_a_coded_answer_and_the_server_stays_up(tmp_path, monkeypatch):
    import httpx

    import yushen.pipeline

    from .web_helpers import add_users

    real = yushen.pipeline.review_file
    calls = []

    def hungry_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise MemoryError  # what RLIMIT_AS (serve --max-memory-mb) turns an oversized allocation into
        return real(*args, **kwargs)

    monkeypatch.setattr(yushen.pipeline, "review_file", hungry_once)
    data = tmp_path / "data"
    accounts = add_users(data, ann="admin")
    token = accounts.new_token("ann")
    title, items = complete("nmg")
    proposal = build_docx(tmp_path / "p.docx", items, title_page=title).read_bytes()
    base, srv = serve_in_thread(create_app(WebSettings(data_dir=data)))
    try:
        with httpx.Client(base_url=base, timeout=120) as c:
            api = c.post("/api/v1/reviews", files={"file": ("可研.docx", proposal)},
                         headers={"Authorization": f"Bearer {token}"})
            again = c.post("/api/v1/reviews", files={"file": ("可研.docx", proposal)},
                           headers={"Authorization": f"Bearer {token}"})
    finally:
        srv.should_exit = True
    assert api.json()["error"]["code"] == "memory_limit" and api.status_code in (413, 422, 500, 503)
    assert again.status_code == 201 and again.json()["status"] == "ok"
