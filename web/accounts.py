"""Front-desk accounts: users (argon2 password hashes), server-side sessions, API tokens and the audit trail.

One SQLite file (``accounts.db``) in the app's data folder, shared by ``yushen serve`` and ``yushen users``.
Session ids and API tokens are random 256-bit strings; only their SHA-256 is stored, so a copy of the database
does not let anyone sign in. Passwords are hashed with argon2id (argon2-cffi's defaults).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES = ("reviewer", "admin")
MIN_PASSWORD = 8
SESSION_HOURS = 12
LOCKOUT_FAILURES, LOCKOUT_MINUTES = 5, 15  # failed sign-ins per name before it is refused for a while

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, role TEXT NOT NULL, pw_hash TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    id_hash TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES users(name), created TEXT NOT NULL, expires TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_tokens (
    token_hash TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES users(name), created TEXT NOT NULL, last_used TEXT
);
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL,
    review_id TEXT, detail TEXT
);
"""


class AccountError(ValueError):
    """A refused account operation; ``code`` is stable, the message is for the person at the keyboard."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}")


@dataclass(frozen=True)
class User:
    name: str
    role: str
    active: bool = True

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def utcnow() -> datetime:
    return datetime.now(UTC)


class AccountStore:
    def __init__(self, data_dir: Path, now=utcnow):
        self.dir = Path(data_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.db = self.dir / "accounts.db"
        self.now = now
        self._ph = PasswordHasher()
        # verified against when the user does not exist, so a wrong name costs as much time as a wrong password
        self._dummy = self._ph.hash(secrets.token_hex(16))
        with self._con() as con:
            con.executescript(SCHEMA)

    def _con(self) -> sqlite3.Connection:
        con = sqlite3.connect(str(self.db), timeout=30)
        con.execute("PRAGMA journal_mode=WAL")
        return con

    # --- users -------------------------------------------------------------------------------------------
    def add_user(self, name: str, password: str, role: str = "reviewer") -> User:
        name = name.strip()
        if not name or len(name) > 64 or any(c.isspace() for c in name):
            raise AccountError("bad_user_name", "用户名不能为空、不能含空格，最长 64 个字符")
        if role not in ROLES:
            raise AccountError("bad_role", f"角色只能是 {' / '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise AccountError("weak_password", f"密码至少 {MIN_PASSWORD} 个字符")
        try:
            with self._con() as con:
                con.execute("INSERT INTO users (name, role, pw_hash, created) VALUES (?,?,?,?)",
                            (name, role, self._ph.hash(password), _stamp(self.now())))
        except sqlite3.IntegrityError:
            raise AccountError("user_exists", f"用户 {name} 已存在") from None
        self.log("system", "user_add", detail=f"{name} ({role})")
        return User(name, role)

    def users(self) -> list[dict]:
        with self._con() as con:
            rows = con.execute("SELECT u.name, u.role, u.active, u.created,"
                               " (SELECT COUNT(*) FROM api_tokens t WHERE t.user = u.name)"
                               " FROM users u ORDER BY u.name").fetchall()
        return [{"name": n, "role": r, "active": bool(a), "created": c, "tokens": t} for n, r, a, c, t in rows]

    def has_accounts(self) -> bool:
        """Whether any active account exists: without one the app only serves this machine (see serve)."""
        with self._con() as con:
            return con.execute("SELECT 1 FROM users WHERE active = 1 LIMIT 1").fetchone() is not None

    def user(self, name: str) -> User | None:
        with self._con() as con:
            row = con.execute("SELECT name, role, active FROM users WHERE name = ?", (name,)).fetchone()
        return User(row[0], row[1], bool(row[2])) if row else None

    def disable(self, name: str) -> None:
        """Disable an account: it can no longer sign in, its sessions end and its API tokens are revoked."""
        with self._con() as con:
            if con.execute("UPDATE users SET active = 0 WHERE name = ?", (name,)).rowcount == 0:
                raise AccountError("user_not_found", f"没有用户 {name}")
            con.execute("DELETE FROM sessions WHERE user = ?", (name,))
            con.execute("DELETE FROM api_tokens WHERE user = ?", (name,))
        self.log("system", "user_disable", detail=name)

    def authenticate(self, name: str, password: str) -> User | None:
        with self._con() as con:
            row = con.execute("SELECT name, role, active, pw_hash FROM users WHERE name = ?", (name,)).fetchone()
        try:
            self._ph.verify(row[3] if row else self._dummy, password)
        except (VerificationError, InvalidHashError):
            return None
        if not row or not row[2]:
            return None
        if self._ph.check_needs_rehash(row[3]):
            with self._con() as con:
                con.execute("UPDATE users SET pw_hash = ? WHERE name = ?", (self._ph.hash(password), name))
        return User(row[0], row[1], True)

    def locked(self, name: str) -> bool:
        """Too many failed sign-ins for this name lately: refuse without checking the password (slows guessing;
        the audit trail keeps the failures)."""
        since = _stamp(self.now() - timedelta(minutes=LOCKOUT_MINUTES))
        with self._con() as con:
            (n,) = con.execute("SELECT COUNT(*) FROM audit WHERE user = ? AND action = 'login_failed' AND at >= ?"
                               " AND seq > COALESCE((SELECT MAX(seq) FROM audit WHERE user = ? AND action = 'login'), 0)",
                               (name, since, name)).fetchone()
        return n >= LOCKOUT_FAILURES

    # --- sessions ----------------------------------------------------------------------------------------
    def new_session(self, user: User) -> str:
        sid = secrets.token_urlsafe(32)
        now = self.now()
        with self._con() as con:
            con.execute("DELETE FROM sessions WHERE expires < ?", (_stamp(now),))
            con.execute("INSERT INTO sessions VALUES (?,?,?,?)",
                        (_sha(sid), user.name, _stamp(now), _stamp(now + timedelta(hours=SESSION_HOURS))))
        return sid

    def session_user(self, sid: str | None) -> User | None:
        if not sid:
            return None
        with self._con() as con:
            row = con.execute("SELECT u.name, u.role FROM sessions s JOIN users u ON u.name = s.user"
                              " WHERE s.id_hash = ? AND s.expires > ? AND u.active = 1",
                              (_sha(sid), _stamp(self.now()))).fetchone()
        return User(row[0], row[1]) if row else None

    def end_session(self, sid: str | None) -> None:
        if sid:
            with self._con() as con:
                con.execute("DELETE FROM sessions WHERE id_hash = ?", (_sha(sid),))

    # --- API tokens --------------------------------------------------------------------------------------
    def new_token(self, name: str) -> str:
        """Issue an API token for ``name``; the token itself is shown once and never stored."""
        user = self.user(name)
        if user is None or not user.active:
            raise AccountError("user_not_found", f"没有可用的用户 {name}")
        token = "ys_" + secrets.token_urlsafe(32)
        with self._con() as con:
            con.execute("INSERT INTO api_tokens (token_hash, user, created) VALUES (?,?,?)",
                        (_sha(token), name, _stamp(self.now())))
        self.log("system", "token_issue", detail=name)
        return token

    def token_user(self, token: str | None) -> User | None:
        if not token:
            return None
        with self._con() as con:
            row = con.execute("SELECT u.name, u.role FROM api_tokens t JOIN users u ON u.name = t.user"
                              " WHERE t.token_hash = ? AND u.active = 1", (_sha(token),)).fetchone()
            if row:
                con.execute("UPDATE api_tokens SET last_used = ? WHERE token_hash = ?",
                            (_stamp(self.now()), _sha(token)))
        return User(row[0], row[1]) if row else None

    # --- audit -------------------------------------------------------------------------------------------
    def log(self, user: str, action: str, review_id: str | None = None, detail: str | dict | None = None) -> None:
        if isinstance(detail, dict):
            detail = json.dumps(detail, ensure_ascii=False)
        with self._con() as con:
            con.execute("INSERT INTO audit (at, user, action, review_id, detail) VALUES (?,?,?,?,?)",
                        (_stamp(self.now()), user, action, review_id, detail))

    def audit(self, limit: int = 500, review_id: str | None = None) -> list[dict]:
        sql = "SELECT seq, at, user, action, review_id, detail FROM audit"
        args: tuple = ()
        if review_id:
            sql, args = sql + " WHERE review_id = ?", (review_id,)
        with self._con() as con:
            rows = con.execute(sql + " ORDER BY seq DESC LIMIT ?", (*args, limit)).fetchall()
        keys = ("seq", "at", "user", "action", "review_id", "detail")
        return [dict(zip(keys, r, strict=True)) for r in rows]
