"""What the gate tests assert of a file: gated as no proposal (with the error, for its message), or reviewed."""

from __future__ import annotations

import pytest

from yushen.core.errors import YushenError
from yushen.pipeline import review_file


def gated(path, model) -> YushenError:
    with pytest.raises(YushenError) as err:
        review_file(path, model)
    assert err.value.code == "not_a_proposal"
    return err.value


def reviewed(path, model):
    report = review_file(path, model)
    assert not any(e["code"] == "not_a_proposal" for e in report.errors)
    return report
