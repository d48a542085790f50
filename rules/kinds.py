"""Every check kind a pack may name, by name: the general kinds (checks.py) and the template kinds (template.py).
Loading (model.py), evaluation (engine.py) and the JSON Schema (schema.py) all read this one table."""

from __future__ import annotations

from .checks import CHECKS as _GENERAL
from .checks import Check
from .template import CHECKS as _TEMPLATE

CHECKS: dict[str, Check] = {**_GENERAL, **_TEMPLATE}
