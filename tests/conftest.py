from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__import__("os").environ.get("YUSHEN_SHARED", REPO.parent / "shared"))
DEVSET = SHARED / "devset"
REGULATIONS = SHARED / "regulations"


def _need_shared() -> None:
    if not (DEVSET / "truth.json").exists():
        pytest.skip("../shared/devset is not beside the checkout")


@pytest.fixture(scope="session")
def truth() -> dict:
    _need_shared()
    return json.loads((DEVSET / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def devset_dir() -> Path:
    _need_shared()
    return DEVSET


@pytest.fixture(scope="session")
def regulations_dir() -> Path:
    _need_shared()
    return REGULATIONS
