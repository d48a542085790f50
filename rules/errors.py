"""The one error a rule pack raises when it does not load: the message names the file, the rule and the key."""

from __future__ import annotations


class RulePackError(ValueError):
    """A rule pack that does not load (unknown key, unknown value, bad regex, missing regulation …)."""
