"""FastAPI app, server-rendered (Jinja2), every asset served by the app itself (no CDN, no build step).

No ``from __future__ import annotations`` here: FastAPI reads the endpoint annotations at run time.
"""

import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..core.errors import ErrorCode, YushenError
from ..core.report import Report
from ..extract.sniff import sniff_format
from ..rules.registry import names as pack_names
from .diff import review_diff
from .store import ReviewStore

HERE = Path(__file__).resolve().parent
ACCEPTED = {"pdf", "docx", "doc", "wps", "txt", "md", "rtf", "html"}
CSRF_COOKIE = "yushen_csrf"


@dataclass(frozen=True)
class WebSettings:
    data_dir: Path
    inventory: "Path | None" = None
    rules: str = "auto"
    max_upload_mb: int = 50
    packs: dict = field(default_factory=lambda: {"auto": "自动识别地区", **pack_names()})  # id → display name


def _apply_waivers(report_json: dict, waivers: dict[str, str]) -> Report:
    report = Report.from_json(report_json)
    for f in report.findings:
        f.waived = waivers.get(f.rule) if f.status in ("fail", "warn") else None
    return report


def create_app(settings: WebSettings) -> FastAPI:
    from ..analyze.model_store import load_model
    from ..pipeline import review_file
    from ..report.html import LABEL_ZH
    from ..report.text import CLASS_ZH, DOC_TYPE_ZH, SEVERITY_ZH

    store = ReviewStore(settings.data_dir)
    model = load_model()
    index = None
    if settings.inventory:
        from ..pipeline.inventory_index import load_index

        index = load_index(settings.inventory)
    app = FastAPI(title="预审 Yushen", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(DOC_TYPE_ZH=DOC_TYPE_ZH, CLASS_ZH=CLASS_ZH, SEVERITY_ZH=SEVERITY_ZH, LABEL_ZH=LABEL_ZH)

    def token(request: Request) -> str:
        return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)

    def page(request: Request, name: str, ctx: dict, status: int = 200):
        tok = token(request)
        resp = templates.TemplateResponse(request, name, {**ctx, "csrf": tok}, status_code=status)
        resp.set_cookie(CSRF_COOKIE, tok, httponly=True, samesite="strict")
        return resp

    def csrf_ok(request: Request, form_token: str) -> bool:
        cookie = request.cookies.get(CSRF_COOKIE) or ""
        return bool(cookie) and hmac.compare_digest(cookie, form_token or "")

    def error_page(request: Request, code: str, message: str, status: int = 422):
        return page(request, "error.html", {"code": code, "message": message}, status)

    @app.get("/", response_class=HTMLResponse)
    def index_page(request: Request):
        return page(request, "index.html", {"recent": store.recent(), "packs": settings.packs,
                                            "max_mb": settings.max_upload_mb, "default_rules": settings.rules})

    @app.post("/review")
    def review(request: Request, file: UploadFile = File(...), rules: str = Form("auto"), csrf: str = Form("")):
        if not csrf_ok(request, csrf):
            return error_page(request, "csrf", "表单已过期，请刷新页面后重新提交。", 403)
        if rules not in settings.packs:
            return error_page(request, "unknown_ruleset", f"未知的规则包：{rules}", 400)
        limit = settings.max_upload_mb * 1024 * 1024
        data = file.file.read(limit + 1)
        if len(data) > limit:
            return error_page(request, ErrorCode.TOO_LARGE.value, f"文件超过 {settings.max_upload_mb} MB 上限。", 413)
        name = Path(file.filename or "upload").name
        try:
            fmt = sniff_format(data, name)
            if fmt not in ACCEPTED:
                raise YushenError(ErrorCode.UNSUPPORTED_FORMAT if fmt != "image" else ErrorCode.NO_TEXT_LAYER)
            stored = store.upload_path(fmt)
            stored.write_bytes(data)
            report = review_file(stored, model, rules if rules != "auto" else settings.rules, index=index)
        except YushenError as err:
            return error_page(request, err.code.value, err.message)
        js = report.to_json()
        js["document"]["path"] = name  # as the reviewer knows it; the stored name stays internal
        rid = store.add(name, stored, js)
        return RedirectResponse(f"/r/{rid}", status_code=303)

    def load(rid: str):
        rec = store.get(rid)
        if rec is None:
            return None, None
        return rec, _apply_waivers(rec["report"], rec["waivers"])

    @app.get("/r/{rid}", response_class=HTMLResponse)
    def report_page(request: Request, rid: str):
        rec, report = load(rid)
        if rec is None:
            return error_page(request, "not_found", "没有这条审查记录。", 404)
        prev = store.previous(rec)
        diff = review_diff(prev["report"], rec["report"]) if prev else None
        order = {"fail": 0, "warn": 1, "pass": 2, "not_applicable": 3}
        sev = {"blocker": 0, "major": 1, "minor": 2, "info": 3}
        findings = sorted(report.findings, key=lambda f: (order[f.status], sev[f.severity]))
        counts = {"blockers": sum(1 for f in report.findings if f.status == "fail" and f.severity == "blocker" and not f.waived),
                  "majors": sum(1 for f in report.findings if f.status == "fail" and f.severity == "major" and not f.waived),
                  "passes": sum(1 for f in report.findings if f.status == "pass"),
                  "warns": sum(1 for f in report.findings if f.status == "warn" and not f.waived)}
        return page(request, "report.html", {"rec": rec, "report": report, "findings": findings, "counts": counts,
                                             "prev": prev, "diff": diff, "facts": rec["report"].get("facts", {})})

    @app.post("/r/{rid}/waive")
    def waive(request: Request, rid: str, rule: str = Form(...), reason: str = Form(""), csrf: str = Form("")):
        if not csrf_ok(request, csrf):
            return error_page(request, "csrf", "表单已过期，请刷新页面后重新提交。", 403)
        if store.get(rid) is None:
            return error_page(request, "not_found", "没有这条审查记录。", 404)
        store.set_waiver(rid, rule, reason.strip() or None)
        return RedirectResponse(f"/r/{rid}#{rule}", status_code=303)

    def download(rid: str, kind: str):
        rec, report = load(rid)
        if rec is None:
            return Response("not found", status_code=404)
        stem = Path(rec["filename"]).stem
        if kind == "json":
            return JSONResponse(report.to_json(), headers=_attachment(f"{stem}.预审.json"))
        if kind == "html":
            from ..report.html import render_html

            return HTMLResponse(render_html(report), headers=_attachment(f"{stem}.预审.html"))
        if kind == "md":
            from ..report.markdown import render_markdown

            return Response(render_markdown(report), media_type="text/markdown; charset=utf-8",
                            headers=_attachment(f"{stem}.预审.md"))
        from ..report.docx_opinion import render_docx

        return Response(render_docx(report, filename=rec["filename"]),
                        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        headers=_attachment(f"{stem}.预审意见书.docx"))

    @app.get("/r/{rid}/download/{kind}")
    def download_route(rid: str, kind: str):
        if kind not in ("json", "html", "md", "docx"):
            return Response("unknown format", status_code=404)
        return download(rid, kind)

    return app


def _attachment(name: str) -> dict[str, str]:
    from urllib.parse import quote

    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}


def serve_in_thread(app: FastAPI, host: str = "127.0.0.1"):
    """Start ``app`` on a free loopback port in a daemon thread; returns (base_url, server). Used by the browser
    tests, the benchmark and the screenshot script; stop with ``server.should_exit = True``."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as s:
        s.bind((host, 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    return f"http://{host}:{port}", server
