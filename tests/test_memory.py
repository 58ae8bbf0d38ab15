"""Linear memory instances (gvm/runtime/memory.py) and the untouched zero pages they
start with when the fast extension is built (gvm/_fast/pages.pyx)."""
import os
import subprocess
import sys

import pytest

from gvm import types as T
from gvm.engines import fast_available
from gvm.runtime import Memory

PAGES = 1024    # 64 MiB


def test_memory_starts_zeroed_and_grows_zeroed():
    memory = Memory(T.MemType(T.Limits(PAGES, PAGES + 2)))
    assert type(memory.data) is bytearray and memory.pages == PAGES
    assert memory.data.count(0) == PAGES * T.PAGE_SIZE
    memory.write(PAGES * T.PAGE_SIZE - 4, b"\x01\x02\x03\x04")
    assert memory.grow(2) == PAGES and memory.grow(1) == -1
    assert memory.read(PAGES * T.PAGE_SIZE - 4, 8) == b"\x01\x02\x03\x04\x00\x00\x00\x00"
    assert memory.data.count(0) == (PAGES + 2) * T.PAGE_SIZE - 4


@pytest.mark.skipif(not fast_available() or not os.path.exists("/proc/self/statm"),
                    reason="needs the fast extension and Linux's /proc")
def test_unused_pages_cost_no_memory():
    """A 64 MiB memory of which the program touches one page adds far less than 64 MiB
    to the process (bytearray(n) would write every byte)."""
    probe = f"""
import os
from gvm import types as T
from gvm.runtime import Memory
def resident():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
before = resident()
memory = Memory(T.MemType(T.Limits({PAGES}, None)))
memory.data[12345] = 1
print(resident() - before)
"""
    grown = int(subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True,
                               env={**os.environ, "GVM_PUREPYTHON": "1"}).stdout)
    assert grown < PAGES * T.PAGE_SIZE // 8
