"""FastAPI app, server-rendered (Jinja2), every asset served by the app itself (no CDN, no build step).

Who may do what: with no account configured the app serves this machine only (loopback clients, acting as the
local administrator; ``yushen serve`` refuses a public address then). Once an account exists every page asks
for a sign-in. A reviewer sees and works on all reviews of the centre (the front desk is shared: a colleague
picks up a resubmission); an administrator also sees the audit trail. The API (``/api/v1``) always needs a
Bearer token issued with ``yushen users token NAME``.

No ``from __future__ import annotations`` here: FastAPI reads the endpoint annotations at run time.
"""

import hmac
import ipaddress
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..core.errors import ErrorCode, YushenError
from ..core.report import SCHEMA_VERSION, Report
from ..core.vocab import notices, rule_facts_lines, zh_reason
from ..extract.sniff import sniff_format
from ..rules.registry import names as pack_names
from .accounts import AccountStore, User, utcnow
from .diff import review_diff
from .middleware import LOG, BodyLimit, ErrorBoundary
from .store import ReviewStore, waiver_reason

HERE = Path(__file__).resolve().parent
ACCEPTED = {"pdf", "docx", "doc", "wps", "txt", "md", "rtf", "html"}
CSRF_COOKIE = "yushen_csrf"
SESSION_COOKIE = "yushen_session"
LOCAL_USER = User("local", "admin")  # the person at this machine when no account exists
FORM_SLACK = 64 * 1024  # multipart headers and the other form fields around the file
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
INTERNAL = "internal_error"
ACTION_ZH = {"review": "提交审查", "review_failed": "审查失败（文件已保存）", "waive": "豁免", "unwaive": "取消豁免",
             "download": "下载", "api_get": "接口读取", "login": "登录", "login_failed": "登录失败",
             "login_locked": "登录被暂停（失败过多）", "user_add": "新建账号", "user_disable": "停用账号", "token_issue": "签发 token",
             "purge": "到期删除上传文件"}


@dataclass(frozen=True)
class WebSettings:
    data_dir: Path
    inventory: "Path | None" = None
    rules: str = "auto"
    max_upload_mb: int = 50
    packs: dict = field(default_factory=lambda: {"auto": "自动识别地区", **pack_names()})  # id → display name
    retention_days: "int | None" = None  # stored uploads older than this are deleted (None: kept)
    now: Callable[[], datetime] = utcnow  # injected in tests (retention, sessions)


class Refused(Exception):
    """Raised by the access checks; turned into a redirect to the sign-in page, an error page or a JSON error."""

    def __init__(self, status: int, code: str, message: str):
        self.status, self.code, self.message = status, code, message


class InternalError(Exception):
    def __init__(self, incident: str):
        self.incident = incident


def is_loopback(host: str | None) -> bool:
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address((host or "").strip("[]")).is_loopback
    except ValueError:
        return False


def _apply_waivers(report_json: dict, waivers: dict) -> Report:
    """The report as it stands, waivers applied; a waiver's text names who granted it and when, so every
    download (DOCX, HTML, Markdown) carries it."""
    report = Report.from_json(report_json)
    for f in report.findings:
        w = waivers.get(f.rule) if f.status in ("fail", "warn") else None
        reason = waiver_reason(w) if w else None
        if reason and isinstance(w, dict) and w.get("by"):
            reason = f"{reason}（{w['by']}，{w.get('at', '')}）"
        f.waived = reason
    return report


def _report_json(rec: dict) -> dict:
    """Contract JSON of a stored review with its waivers; ``waived`` keeps the reason alone plus by / at."""
    js = _apply_waivers(rec["report"], rec["waivers"]).to_json()
    for f in js["findings"]:
        w = rec["waivers"].get(f["rule"])
        if "waived" in f:
            f["waived"] = {"reason": waiver_reason(w), **({"by": w.get("by"), "at": w.get("at")}
                                                         if isinstance(w, dict) else {})}
    js["document"]["path"] = rec["filename"]
    return js


def create_app(settings: WebSettings) -> FastAPI:
    from ..analyze.model_store import load_model
    from ..core.vocab import CLASS_ZH, DOC_TYPE_ZH, LABEL_ZH, SEVERITY_ZH
    from ..pipeline import review_file

    store = ReviewStore(settings.data_dir, now=settings.now)
    accounts = AccountStore(settings.data_dir, now=settings.now)
    model = load_model()
    index = None
    if settings.inventory:
        from ..pipeline.inventory_index import load_index

        index = load_index(settings.inventory)
    if settings.retention_days is not None:
        store.purge_uploads(settings.retention_days)
    app = FastAPI(title="预审 Yushen API", version="1",
                  description="政务信息化项目文件预审。接口以 `Authorization: Bearer <token>` 认证，token 由"
                              " `yushen users token NAME` 签发。结果为报告契约 JSON（report contract）。",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(DOC_TYPE_ZH=DOC_TYPE_ZH, CLASS_ZH=CLASS_ZH, SEVERITY_ZH=SEVERITY_ZH, LABEL_ZH=LABEL_ZH,
                                 ACTION_ZH=ACTION_ZH, PACK_ZH=settings.packs)
    templates.env.filters.update(zh_reason=zh_reason, rule_facts_lines=rule_facts_lines, notices=notices)
    templates.env.filters["who"] = lambda name: "本机" if name == LOCAL_USER.name else (name or "—")
    limit = settings.max_upload_mb * 1024 * 1024
    too_large = f"文件超过 {settings.max_upload_mb} MB 上限。"

    # --- answers ---------------------------------------------------------------------------------------------
    def token(request: Request) -> str:
        return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)

    def page(request: Request, name: str, ctx: dict, status: int = 200):
        tok = token(request)
        user = getattr(request.state, "user", None)
        resp = templates.TemplateResponse(request, name, {**ctx, "csrf": tok, "user": user,
                                                          "accounts_on": accounts.has_accounts()},
                                          status_code=status)
        resp.set_cookie(CSRF_COOKIE, tok, httponly=True, samesite="strict")
        return resp

    def error_page(request: Request, code: str, message: str, status: int = 422):
        return page(request, "error.html", {"code": code, "message": message}, status)

    def api_error(code: str, message: str, status: int, headers: dict | None = None, **extra):
        return JSONResponse({**extra, "status": "error", "error": {"code": code, "message": message}},
                            status_code=status, headers=headers)

    def respond(scope: dict, code: str, message: str, status: int):
        """Used by the middlewares, which have no route: JSON under /api, an HTML page elsewhere."""
        if scope.get("path", "").startswith("/api/"):
            return api_error(code, message, status)
        return error_page(Request(scope), code, message, status)

    def internal_message(incident: str) -> str:
        return (f"审查时发生内部错误（事件编号 {incident}）。上传的文件已保存并记入日志，管理员可按编号查找；"
                "请稍后重试，或把编号告诉管理员。")

    @app.exception_handler(Refused)
    def refused(request: Request, exc: Refused):
        if request.url.path.startswith("/api/"):
            headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
            return api_error(exc.code, exc.message, exc.status, headers)
        if exc.status == 401:
            back = request.url.path if request.method == "GET" else "/"
            return RedirectResponse("/login?next=" + quote(back), status_code=303)
        return error_page(request, exc.code, exc.message, exc.status)

    @app.exception_handler(InternalError)
    def internal(request: Request, exc: InternalError):
        if request.url.path.startswith("/api/"):
            return api_error(INTERNAL, internal_message(exc.incident), 500)
        return error_page(request, INTERNAL, internal_message(exc.incident), 500)

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException):
        """Starlette's own 404 / 405 answers, in the same coded form as everything else."""
        code, message = {400: ("bad_request", "请求格式有误，无法解析。"), 404: ("not_found", "没有这个页面。"),
                         405: ("method_not_allowed", "不支持这种请求方式。")}.get(
            exc.status_code, ("http_error", f"请求无法完成（HTTP {exc.status_code}）。"))
        return respond(request.scope, code, message, exc.status_code)

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, exc: RequestValidationError):
        fields = "、".join(str(e.get("loc", ["", "?"])[-1]) for e in exc.errors())
        return respond(request.scope, "bad_request", f"请求缺少或填错了字段：{fields}", 400)

    # --- who is asking -------------------------------------------------------------------------------------
    def signed_in(request: Request) -> User:
        if accounts.has_accounts():
            user = accounts.session_user(request.cookies.get(SESSION_COOKIE))
            if user is None:
                raise Refused(401, "login_required", "请先登录。")
        elif is_loopback(request.client.host if request.client else None):
            user = LOCAL_USER
        else:
            raise Refused(403, "no_accounts", "本服务尚未建立账号，只接受本机访问（管理员请用 yushen users add 建立账号）。")
        request.state.user = user
        return user

    def admin_only(user: User = Depends(signed_in)) -> User:
        if not user.is_admin:
            raise Refused(403, "forbidden", "只有管理员可以查看此页。")
        return user

    bearer = HTTPBearer(auto_error=False, description="`yushen users token NAME` 签发的 API token")

    def api_user(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> User:
        user = accounts.token_user(creds.credentials) if creds else None
        if user is None:
            raise Refused(401, "unauthorized", "需要有效的 API token（Authorization: Bearer …）。")
        return user

    def csrf_ok(request: Request, form_token: str) -> bool:
        cookie = request.cookies.get(CSRF_COOKIE) or ""
        return bool(cookie) and hmac.compare_digest(cookie, form_token or "")

    # --- the review itself, shared by the page and the API ------------------------------------------------
    def run_review(upload: UploadFile | None, pack: str, use_index: bool, user: User) -> tuple[str, dict]:
        if upload is None or not upload.filename:
            raise Refused(400, "no_file", "请先选择要审查的文件。")
        if pack not in settings.packs:
            raise Refused(400, "unknown_ruleset", f"未知的规则包：{pack}")
        data = upload.file.read(limit + 1)
        name = Path(upload.filename).name
        if len(data) > limit:
            raise YushenError(ErrorCode.TOO_LARGE, too_large, path=name)
        fmt = sniff_format(data, name)
        if fmt not in ACCEPTED:
            raise YushenError(ErrorCode.UNSUPPORTED_FORMAT if fmt != "image" else ErrorCode.NO_TEXT_LAYER, path=name)
        stored = store.upload_path(fmt)
        stored.write_bytes(data)
        try:
            report = review_file(stored, model, pack if pack != "auto" else settings.rules,
                                 index=index if use_index else None, plans=False)
        except YushenError as err:
            stored.unlink(missing_ok=True)  # unreadable, and the reviewer was told so: nothing to keep
            err.path = name
            raise
        except MemoryError:
            # serve --max-memory-mb caps the process: a pathological file costs its own review, not the server
            stored.unlink(missing_ok=True)
            accounts.log(user.name, "review_failed", detail={"file": name, "error": "memory_limit"})
            raise YushenError(ErrorCode.MEMORY_LIMIT, "处理该文件时超过内存上限，已放弃；请检查文件或联系管理员",
                              path=name) from None
        except Exception as exc:
            # kept, not lost: the stored copy stays under its generated name, the audit says which one it is
            incident = secrets.token_hex(4)
            LOG.exception("internal error %s reviewing %s (stored as %s)", incident, name, stored.name)
            accounts.log(user.name, "review_failed", detail={"file": name, "stored_as": stored.name,
                                                             "incident": incident, "error": repr(exc)[:300]})
            raise InternalError(incident) from exc
        js = report.to_json()
        js["document"]["path"] = name  # as the reviewer knows it; the stored name stays internal
        rid = store.add(name, stored, js, user=user.name)
        accounts.log(user.name, "review", rid, detail={"file": name, "ruleset": js.get("ruleset")})
        if settings.retention_days is not None:
            for gone in store.purge_uploads(settings.retention_days):
                accounts.log("system", "purge", detail={"stored_as": gone, "days": settings.retention_days})
        return rid, js

    # --- pages -----------------------------------------------------------------------------------------------
    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, next: str = "/"):
        if not accounts.has_accounts():
            return RedirectResponse("/", status_code=303)
        return page(request, "login.html", {"next": _local(next), "failed": False})

    @app.post("/login", include_in_schema=False)
    def login(request: Request, username: str = Form(""), password: str = Form(""), csrf: str = Form(""),
              next: str = Form("/")):
        if not csrf_ok(request, csrf):
            return error_page(request, "csrf", "表单已过期，请刷新页面后重新提交。", 403)
        if accounts.locked(username.strip()):
            accounts.log(username.strip()[:64] or "?", "login_locked")
            return page(request, "login.html", {"next": _local(next), "failed": True, "locked": True}, 429)
        user = accounts.authenticate(username.strip(), password)
        if user is None:
            accounts.log(username.strip()[:64] or "?", "login_failed")
            return page(request, "login.html", {"next": _local(next), "failed": True}, 401)
        accounts.log(user.name, "login")
        resp = RedirectResponse(_local(next), status_code=303)
        resp.set_cookie(SESSION_COOKIE, accounts.new_session(user), httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", max_age=12 * 3600)
        return resp

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf: str = Form("")):
        if csrf_ok(request, csrf):
            accounts.end_session(request.cookies.get(SESSION_COOKIE))
        resp = RedirectResponse("/login", status_code=303)
        resp.delete_cookie(SESSION_COOKIE)
        return resp

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index_page(request: Request, user: User = Depends(signed_in)):
        return page(request, "index.html", {"recent": store.recent(), "packs": settings.packs,
                                            "max_mb": settings.max_upload_mb, "default_rules": settings.rules})

    @app.post("/review", include_in_schema=False)
    def review(request: Request, file: UploadFile | None = File(None), rules: str = Form("auto"),
               csrf: str = Form(""), user: User = Depends(signed_in)):
        if not csrf_ok(request, csrf):
            return error_page(request, "csrf", "表单已过期，请刷新页面后重新提交。", 403)
        try:
            rid, _ = run_review(file, rules, True, user)
        except YushenError as err:
            return error_page(request, err.code.value, err.message, 413 if err.code == ErrorCode.TOO_LARGE else 422)
        return RedirectResponse(f"/r/{rid}", status_code=303)

    def load(rid: str):
        rec = store.get(rid)
        if rec is None:
            raise Refused(404, "not_found", "没有这条审查记录。")
        return rec, _apply_waivers(rec["report"], rec["waivers"])

    @app.get("/r/{rid}", response_class=HTMLResponse, include_in_schema=False)
    def report_page(request: Request, rid: str, user: User = Depends(signed_in)):
        rec, report = load(rid)
        prev = store.previous(rec)
        diff = review_diff(prev["report"], rec["report"]) if prev else None
        order = {"fail": 0, "warn": 1, "pass": 2, "not_applicable": 3}
        sev = {"blocker": 0, "major": 1, "minor": 2, "info": 3}
        findings = sorted(report.findings, key=lambda f: (order[f.status], sev[f.severity]))
        t = report.tally()  # unwaived failures by severity, unwaived warnings, passes
        counts = {"blockers": t["blocker"], "majors": t["major"], "passes": t["pass"], "warns": t["warn"]}
        waivers = {r: (w if isinstance(w, dict) else {"reason": w}) for r, w in rec["waivers"].items()}
        return page(request, "report.html", {"rec": rec, "report": report, "findings": findings, "counts": counts,
                                             "prev": prev, "diff": diff, "facts": rec["report"].get("facts", {}),
                                             "waivers": waivers,
                                             "trail": accounts.audit(50, rid) if user.is_admin else []})

    @app.post("/r/{rid}/waive", include_in_schema=False)
    def waive(request: Request, rid: str, rule: str = Form(...), reason: str = Form(""), csrf: str = Form(""),
              user: User = Depends(signed_in)):
        if not csrf_ok(request, csrf):
            return error_page(request, "csrf", "表单已过期，请刷新页面后重新提交。", 403)
        load(rid)
        store.set_waiver(rid, rule, reason.strip() or None, user=user.name)
        accounts.log(user.name, "waive" if reason.strip() else "unwaive", rid, {"rule": rule, "reason": reason.strip()})
        return RedirectResponse(f"/r/{rid}#{rule}", status_code=303)

    def download(rec: dict, report: Report, kind: str) -> Response:
        stem = Path(rec["filename"]).stem
        if kind == "json":
            return JSONResponse(_report_json(rec), headers=_attachment(f"{stem}.预审.json"))
        if kind == "html":
            from ..report.html import render_html

            return HTMLResponse(render_html(report), headers=_attachment(f"{stem}.预审.html"))
        if kind == "md":
            from ..report.markdown import render_markdown

            return Response(render_markdown(report), media_type="text/markdown; charset=utf-8",
                            headers=_attachment(f"{stem}.预审.md"))
        from ..report.docx_opinion import render_docx

        return Response(render_docx(report, filename=rec["filename"]), media_type=DOCX_TYPE,
                        headers=_attachment(f"{stem}.预审意见书.docx"))

    @app.get("/r/{rid}/download/{kind}", include_in_schema=False)
    def download_route(rid: str, kind: str, user: User = Depends(signed_in)):
        if kind not in ("json", "html", "md", "docx"):
            raise Refused(404, "not_found", "没有这种下载格式。")
        rec, report = load(rid)
        accounts.log(user.name, "download", rid, {"format": kind})
        return download(rec, report, kind)

    @app.get("/audit", response_class=HTMLResponse, include_in_schema=False)
    def audit_page(request: Request, user: User = Depends(admin_only)):
        return page(request, "audit.html", {"entries": accounts.audit(500), "users": accounts.users()})

    # --- API -------------------------------------------------------------------------------------------------
    file_error = {"description": "文件无法审查：报告契约的错误记录（status=error, error.code）"}

    @app.post("/api/v1/reviews", status_code=201, tags=["reviews"],
              summary="提交一份文件预审，返回报告契约 JSON",
              responses={401: {"description": "缺少或无效的 token"}, 413: file_error, 422: file_error,
                         400: {"description": "参数错误（未知规则包、未知比对库、缺文件）"}})
    def api_review(file: UploadFile | None = File(None, description="PDF / DOCX / DOC / WPS / TXT"),
                   pack: str = Form("auto", description="规则包：auto 或 " + " / ".join(list(settings.packs)[1:])),
                   inventory: str = Form("default", description="default：与本服务配置的已建系统清单比对；"
                                                                "none：不做重复建设比对"),
                   user: User = Depends(api_user)):
        if inventory not in ("default", "none"):
            raise Refused(400, "unknown_inventory", f"inventory 只能是 default 或 none，收到：{inventory}")
        try:
            rid, js = run_review(file, pack, inventory == "default", user)
        except YushenError as err:
            return api_error(err.code.value, err.message, 413 if err.code == ErrorCode.TOO_LARGE else 422,
                             schema_version=SCHEMA_VERSION,
                             document={"path": Path(file.filename or "").name if file else "", "sha256": None})
        return JSONResponse({**js, "review_id": rid}, status_code=201, headers={"Location": f"/api/v1/reviews/{rid}"})

    @app.get("/api/v1/reviews/{rid}", tags=["reviews"], summary="按编号取审查结果（报告契约 JSON，含豁免）",
             responses={401: {"description": "缺少或无效的 token"}, 404: {"description": "没有这条审查记录"}})
    def api_get(rid: str, user: User = Depends(api_user)):
        rec, _ = load(rid)
        accounts.log(user.name, "api_get", rid)
        return {**_report_json(rec), "review_id": rid}

    @app.get("/api/v1/reviews/{rid}/opinion.docx", tags=["reviews"], summary="按编号下载预审意见书（DOCX）",
             response_class=Response,
             responses={200: {"content": {DOCX_TYPE: {}}}, 401: {"description": "缺少或无效的 token"},
                        404: {"description": "没有这条审查记录"}})
    def api_opinion(rid: str, user: User = Depends(api_user)):
        rec, report = load(rid)
        accounts.log(user.name, "download", rid, {"format": "docx", "via": "api"})
        return download(rec, report, "docx")

    # outermost last: the boundary sees everything, the limit runs before any route reads the body
    app.add_middleware(BodyLimit, limit=limit + FORM_SLACK, respond=respond, message=too_large)
    app.add_middleware(ErrorBoundary, respond=respond)
    return app


def _local(target: str) -> str:
    """Only a path on this site may follow a sign-in (no open redirect to another host)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _attachment(name: str) -> dict[str, str]:
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

