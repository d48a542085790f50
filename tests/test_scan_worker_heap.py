"""A scan worker's heap after the warm-up (``scan.worker.freeze_heap``): the long-lived objects out of the cyclic
collector's way, and, in a process started with glibc's ``MALLOC_TRIM_THRESHOLD_`` (as a Dask nanny starts its
workers), large buffers reused instead of mapped and page-faulted afresh each time; ``thaw_heap`` gives both back."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_FAULTS = """
import resource, sys
from yushen.scan.worker import freeze_heap, thaw_heap

def faults():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(40):
        block = b"x" * (1 << 20)  # a large buffer, written through (a file's bytes, a report)
        del block
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

faults()
plain = faults()
freeze_heap()
settled = faults()
thaw_heap()
print(plain, settled, faults())
"""


def _run(code: str, **env) -> list[int]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300,
                         env={**{k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}, **env})
    return [int(x) for x in out.stdout.split()[-3:]]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_large_buffers_reused_in_a_worker_started_like_a_dask_nanny_starts_it():
    plain, settled, thawed = _run(_FAULTS, MALLOC_TRIM_THRESHOLD_="65536")
    # 40 buffers of 256 pages each: mapped afresh every time before, reused from the heap once settled.
    assert plain > 40 * 200 and settled < 40 * 20, (plain, settled)
    assert thawed > 40 * 200, thawed  # the nanny's setting given back after the scan


def test_a_process_without_the_variable_keeps_glibcs_own_thresholds():
    plain, settled, thawed = _run(_FAULTS)
    assert plain < 40 * 20 and settled < 40 * 20 and thawed < 40 * 20, (plain, settled, thawed)


def test_pool_worker_warm_up_freezes_its_heap():
    """A pool worker's warm-up (``start_worker``) leaves the modules, model and packs frozen: a full collection
    then walks only what the files create."""
    code = ("import gc\nfrom yushen.scan.worker import start_worker\nstart_worker(None)\n"
            "print(gc.get_freeze_count(), len(gc.get_objects()), 0)")
    frozen, tracked, _ = _run(code)
    assert frozen > 10_000 and tracked < frozen // 5, (frozen, tracked)
