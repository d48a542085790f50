"""Helpers for the web tests: a raw ASGI call (to stream a body chunk by chunk, or to come from another
address), sign-in with the CSRF cookie, and accounts created through the store the CLI uses."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from yushen.web.accounts import AccountStore

PASSWORD = "correct horse 9"


def asgi_request(app, method: str, path: str, headers: dict[str, str] | None = None,
                 chunks: Iterable[bytes] = (), client: tuple[str, int] = ("127.0.0.1", 40000)) -> dict:
    """Drive ``app`` with one HTTP request whose body arrives in ``chunks`` (no Content-Length unless given).
    Returns the status, headers, body and how much of the body the app pulled in."""
    chunks = list(chunks)
    pulled = {"calls": 0, "bytes": 0}
    sent: list[dict] = []
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
             "client": client, "server": ("127.0.0.1", 8000)}

    async def receive():
        i = pulled["calls"]
        pulled["calls"] += 1
        if i < len(chunks):
            pulled["bytes"] += len(chunks[i])
            return {"type": "http.request", "body": chunks[i], "more_body": i + 1 < len(chunks)}
        await asyncio.sleep(3600)  # a client that has sent everything waits for the answer
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    async def run():
        await asyncio.wait_for(app(scope, receive, send), timeout=120)

    asyncio.run(run())
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return {"status": start["status"], "headers": {k.decode(): v.decode() for k, v in start["headers"]},
            "body": body, **pulled}


def add_users(data_dir, **roles: str) -> AccountStore:
    store = AccountStore(data_dir)
    for name, role in roles.items():
        store.add_user(name, PASSWORD, role)
    return store


def login(client, name: str, password: str = PASSWORD, next_path: str = "/"):
    """Sign in through the page (fetches the form first for its CSRF cookie); returns the response."""
    client.get("/login")
    return client.post("/login", data={"username": name, "password": password, "next": next_path,
                                       "csrf": client.cookies.get("yushen_csrf") or ""})
