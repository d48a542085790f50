"""The API for the centres' own platforms (/api/v1): a token client posts a proposal and gets the report
contract JSON (validated against the schema), reads it back by id, downloads the DOCX opinion; a bad file gets
the coded error record; no token, a wrong one or a revoked one is refused 401; the OpenAPI description is
served."""

import io
import json
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
jsonschema = pytest.importorskip("jsonschema")

from yushen.web.app import WebSettings, create_app, serve_in_thread  # noqa: E402

from .builders import build_docx  # noqa: E402
from .proposals import BREAKAGES, complete  # noqa: E402
from .test_web import INVENTORY_CSV  # noqa: E402
from .web_helpers import add_users, login  # noqa: E402

SCHEMA = json.loads((Path(__file__).parent / "report_schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    import httpx

    tmp = tmp_path_factory.mktemp("api")
    inv = tmp / "inventory.csv"
    inv.write_text(INVENTORY_CSV, encoding="utf-8")
    accounts = add_users(tmp / "data", platform="reviewer", other="reviewer")
    token = accounts.new_token("platform")
    base, srv = serve_in_thread(create_app(WebSettings(data_dir=tmp / "data", inventory=inv, max_upload_mb=2)))
    title, items = complete("nmg")
    breaker, rule_id = BREAKAGES["nmg"]
    proposal = build_docx(tmp / "智慧水务可研.docx", breaker(items), title_page=title).read_bytes()
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120) as client:
        yield client, proposal, rule_id, accounts
    srv.should_exit = True


def test_token_client_posts_a_proposal_and_gets_the_contract(api):
    client, proposal, rule_id, accounts = api
    r = client.post("/api/v1/reviews", files={"file": ("智慧水务可研.docx", proposal)}, data={"pack": "auto"})
    assert r.status_code == 201, r.text
    js = r.json()
    jsonschema.validate(js, SCHEMA)
    assert js["status"] == "ok" and js["document"]["path"] == "智慧水务可研.docx" and js["ruleset"] == "nmg"
    assert any(f["rule"] == rule_id and f["status"] == "fail" for f in js["findings"])
    assert any(d["inventory_id"] == "XT-9001" for d in js["duplicates"])
    rid = js["review_id"]
    assert r.headers["location"] == f"/api/v1/reviews/{rid}"

    again = client.get(f"/api/v1/reviews/{rid}")
    assert again.status_code == 200
    jsonschema.validate(again.json(), SCHEMA)
    assert again.json()["findings"] == js["findings"]

    docx_resp = client.get(f"/api/v1/reviews/{rid}/opinion.docx")
    assert docx_resp.status_code == 200 and "wordprocessingml" in docx_resp.headers["content-type"]
    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(docx_resp.content)).paragraphs)
    assert "预审意见书" in text and "第二十七条" in text
    trail = [(e["user"], e["action"]) for e in accounts.audit(review_id=rid)]
    assert ("platform", "review") in trail and ("platform", "download") in trail

    assert client.get("/api/v1/reviews/nosuchid").json()["error"]["code"] == "not_found"


def test_pack_and_inventory_choices(api):
    client, proposal, _, _ = api
    r = client.post("/api/v1/reviews", files={"file": ("p.docx", proposal)},
                    data={"pack": "national", "inventory": "none"})
    assert r.status_code == 201 and r.json()["ruleset"] == "national" and r.json()["duplicates"] == []
    bad_pack = client.post("/api/v1/reviews", files={"file": ("p.docx", proposal)}, data={"pack": "atlantis"})
    assert bad_pack.status_code == 400 and bad_pack.json()["error"]["code"] == "unknown_ruleset"
    bad_inv = client.post("/api/v1/reviews", files={"file": ("p.docx", proposal)}, data={"inventory": "other"})
    assert bad_inv.status_code == 400 and bad_inv.json()["error"]["code"] == "unknown_inventory"
    missing = client.post("/api/v1/reviews", data={"pack": "auto"})
    assert missing.status_code == 400 and missing.json()["error"]["code"] in ("no_file", "bad_request")


def test_bad_files_get_the_coded_error_record(api):
    client, _, _, _ = api
    for name, data, code, status in (("x.pdf", b"%PDF-1.4\n%%EOF", "corrupt_file", 422),
                                     ("junk.docx", bytes(range(256)) * 20, "unsupported_format", 422),
                                     ("big.txt", b"a" * (3 * 1024 * 1024), "too_large", 413)):
        r = client.post("/api/v1/reviews", files={"file": (name, data)})
        assert r.status_code == status and r.headers["content-type"].startswith("application/json"), name
        js = r.json()
        assert js["status"] == "error" and js["error"]["code"] == code and "Traceback" not in r.text
        if status == 422:  # the same error record a batch scan writes, valid under the contract
            jsonschema.validate(js, SCHEMA)
            assert js["document"]["path"] == name


def test_requests_without_a_valid_token_are_refused(api):
    import httpx

    client, proposal, _, accounts = api
    base = str(client.base_url)
    with httpx.Client(base_url=base) as anon:
        for headers in ({}, {"Authorization": "Bearer ys_not-a-token"}, {"Authorization": "Basic cGxhdGZvcm06eA=="}):
            r = anon.post("/api/v1/reviews", files={"file": ("p.docx", proposal)}, headers=headers)
            assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
            assert r.headers["www-authenticate"] == "Bearer"
        assert anon.get("/api/v1/reviews/anything").status_code == 401
        assert anon.get("/api/v1/reviews/anything/opinion.docx").status_code == 401
        # a signed-in page session is not an API credential, and a revoked token stops working
        assert login(anon, "platform").status_code == 303 and "yushen_session" in anon.cookies
        assert anon.get("/api/v1/reviews/x").status_code == 401
        other = accounts.new_token("other")
        assert anon.get("/api/v1/reviews/x", headers={"Authorization": f"Bearer {other}"}).status_code == 404
        accounts.disable("other")
        assert anon.get("/api/v1/reviews/x", headers={"Authorization": f"Bearer {other}"}).status_code == 401


def test_openapi_describes_the_api(api):
    client, _, _, _ = api
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert set(paths) == {"/api/v1/reviews", "/api/v1/reviews/{rid}", "/api/v1/reviews/{rid}/opinion.docx"}
    post = paths["/api/v1/reviews"]["post"]
    form = next(iter(post["requestBody"]["content"].values()))["schema"]
    if "$ref" in form:
        form = spec["components"]["schemas"][form["$ref"].rsplit("/", 1)[1]]
    assert {"file", "pack", "inventory"} <= set(form["properties"])
    assert {"401", "413", "422"} <= set(post["responses"])
    assert any(s.get("scheme") == "bearer" for s in spec["components"]["securitySchemes"].values())
