"""Linear memory instances (gvm/runtime/memory.py) and the untouched zero pages they
start and grow with when the fast extension is built (gvm/_fast/pages.pyx); the host's
limits on memories and tables (gvm/runtime/limits.py), on both engines."""
import os
import subprocess
import sys
import time

import pytest

import gvm
from conftest import wat
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


def _resident_probe(setup, action):
    """Run `setup` then `action` in a fresh Python on the fast extension's pages; print
    the resident memory `action` added, in bytes, and the seconds it took."""
    return f"""
import os, time
from gvm import types as T
from gvm.runtime import Memory
def resident():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
{setup}
before, start = resident(), time.perf_counter()
{action}
print(resident() - before, time.perf_counter() - start)
"""


@pytest.mark.skipif(not fast_available() or not os.path.exists("/proc/self/statm"),
                    reason="needs the fast extension and Linux's /proc")
def test_growth_maps_pages_lazily():
    """memory.grow by 65,535 pages (to 4 GiB) neither writes 4 GiB of zeros nor takes
    seconds; the bytes the program wrote before are still there, the new ones zero."""
    probe = _resident_probe(
        "memory = Memory(T.MemType(T.Limits(1, None))); memory.data[100] = 7",
        "assert memory.grow(65535) == 1 and memory.pages == 65536\n"
        "assert memory.data[100] == 7 and memory.data[-1] == 0 and memory.data[65536] == 0")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            env={**os.environ, "GVM_PUREPYTHON": "1"})
    assert result.returncode == 0, result.stderr
    grown, seconds = result.stdout.split()
    assert int(grown) < 64 << 20 and float(seconds) < 1.0, result.stdout


def test_growth_in_steps_keeps_contents_and_zeroes():
    """Many small growths (a C program's sbrk) keep what was written and add zeros, also
    after a growth was taken back by shrinking the bytearray (the debugger's undo)."""
    memory = Memory(T.MemType(T.Limits(1, None)))
    for i in range(1, 200):
        assert memory.grow(1) == i
        memory.data[i * T.PAGE_SIZE - 1] = i
    assert all(memory.data[i * T.PAGE_SIZE - 1] == i for i in range(1, 200))
    assert memory.data.count(0) == len(memory.data) - 199
    memory.data[-5] = 9
    del memory.data[199 * T.PAGE_SIZE:]          # undo the last growth
    assert memory.grow(1) == 199 and memory.data[-5] == 0


# --- the host's limits at instantiation and growth (gvm/runtime/limits.py) ------------------
def _limit_error(engine, source, **limits):
    started = time.perf_counter()
    with pytest.raises(gvm.LinkError) as raised:
        gvm.instantiate(wat(source), engine=engine, **limits)
    assert time.perf_counter() - started < 2, "a limit is checked before allocating"
    return str(raised.value)


def test_initial_memory_above_max_memory_is_refused(engine):
    message = _limit_error(engine, "(module (memory 65536))", max_memory=64 << 20)
    assert message == ("memory 0 of 65536 pages (4 GiB) exceeds the limit of 1024 pages "
                       "(64 MiB) set by max_memory")
    assert gvm.instantiate(wat("(module (memory 1024))"), engine=engine, max_memory=64 << 20)


def test_every_memory_is_checked(engine):
    """The second of multiple memories, a 64-bit memory beyond the implementation's
    4 GiB, an imported memory larger than this instance may have."""
    assert "memory 1 of 3 pages" in _limit_error(
        engine, "(module (memory 1) (memory 3))", max_memory=2 * 65536)
    assert _limit_error(engine, "(module (memory i64 65537))") == (
        "memory 0 of 65537 pages (4096.06 MiB) exceeds the limit of 65536 pages (4 GiB) "
        "of this implementation")
    assert "of this implementation" in _limit_error(engine, "(module (memory i64 0x1_0000_0000))")
    big = gvm.Memory(T.MemType(T.Limits(3, None)))
    with pytest.raises(gvm.LinkError, match="imported memory env.mem of 3 pages"):
        gvm.instantiate(wat('(module (import "env" "mem" (memory 1)))'), engine=engine,
                        imports={"env": {"mem": big}}, max_memory=2 * 65536)


def test_huge_tables_fail_fast_and_cleanly(engine):
    """A 45-byte module asking for 400 million entries (3 GiB) or 2^32-1 is refused at
    once with a LinkError, never a MemoryError."""
    for size in (400_000_000, 2**32 - 1):
        assert _limit_error(engine, f"(module (table {size} funcref))") == (
            f"table 0 of {size} entries exceeds the limit of 10000000 entries set by max_table")
    assert "table 0 of 1099511627776 entries" in _limit_error(
        engine, "(module (table i64 0x100_0000_0000 funcref))")


def test_max_table_is_configurable(engine):
    source = ('(module (table (export "t") 20 funcref)'
              ' (func (export "grow") (param i32) (result i32)'
              '   ref.null func local.get 0 table.grow 0))')
    assert "set by max_table" in _limit_error(engine, source, max_table=10)
    inst = gvm.instantiate(wat(source), engine=engine, max_table=30)
    assert inst.exports.grow(10) == 20 and inst.exports.grow(1) == -1
    assert inst.exports.grow(-1) == -1      # 2^32-1 entries: refused, not attempted
    small = gvm.Table(T.TableType(T.Limits(20, None), T.FUNCREF))
    with pytest.raises(gvm.LinkError, match="imported table env.t of 20 entries"):
        gvm.instantiate(wat('(module (import "env" "t" (table 1 funcref)))'), engine=engine,
                        imports={"env": {"t": small}}, max_table=10)


def test_growth_stays_within_max_memory(engine):
    """memory.grow from wasm and from the host, 32- and 64-bit, never passes the limit."""
    inst = gvm.instantiate(wat(
        '(module (memory (export "m") 1) (memory $m64 (export "m64") i64 1)'
        ' (func (export "grow") (param i32) (result i32) local.get 0 memory.grow 0)'
        ' (func (export "grow64") (param i64) (result i64) local.get 0 memory.grow $m64))'),
        engine=engine, max_memory=4 * 65536)
    assert inst.exports.grow(3) == 1 and inst.exports.grow(1) == -1
    assert inst.exports.grow64(2**40) == -1 and inst.exports.grow64(-1) == -1
    assert inst.exports.grow64(3) == 1 and inst.exports.m64.grow(1) == -1
    assert inst.exports.m.pages == inst.exports.m64.pages == 4
