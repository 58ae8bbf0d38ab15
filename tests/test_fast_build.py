"""What the built fast engine's dispatch loop must be, checked on the build itself:
two properties whose loss made the loop 2-4x slower without changing its results.

- `run`'s C code touches no Python number: a constant Cython cannot type as C (a Python
  module constant, or a literal above 2**31-1 written without a U/ULL suffix) turns an
  `==` or `&` into Python-object calls with temporaries and error paths.
- `run` starts on a 64-byte boundary (engine.pyx's `#pragma GCC optimize`), so that
  code added before it cannot shift the loop within cache lines: 7d8cb5c moved it by 16
  bytes and the same instructions ran 3-4x slower.

callgrind counts (benchmarks/callgrind_guard.py) see the first, never the second.
"""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gvm.engines import fast_available

pytestmark = pytest.mark.skipif(not fast_available(), reason="the fast engine is not built")

RUN = "__pyx_f_3gvm_5_fast_6engine_run"
# Cython's helpers for arithmetic and comparisons on Python objects, and module lookups.
PYTHON_NUMBERS = re.compile(r"__Pyx_PyNumber_\w+|__Pyx_PyObject_Compare\w*|PyObject_RichCompare"
                            r"|__Pyx_PyInt_\w+ObjC|__Pyx_GetModuleGlobalName")


def _engine():
    import gvm._fast.engine as engine
    return Path(engine.__file__)


def _run_source():
    c_file = Path(__file__).resolve().parent.parent / "gvm" / "_fast" / "engine.c"
    assert c_file.exists(), f"{c_file} is missing: the fast engine was not built from this tree"
    m = re.search(rf"^static int {RUN}\(.*?^}}", c_file.read_text(), re.S | re.M)
    assert m, f"{RUN} not found in {c_file}"
    return m.group(0)


def test_run_computes_on_c_values_only():
    found = sorted(set(PYTHON_NUMBERS.findall(_run_source())))
    assert not found, f"run() operates on Python objects: {found}"


def test_run_has_python_number_detector():
    """The pattern above finds what it is meant to find."""
    assert PYTHON_NUMBERS.search("t = __Pyx_PyNumber_And_int_int(a, b);")
    assert PYTHON_NUMBERS.search("__Pyx_PyObject_CompareBoolEq_int_int(t, c, Py_EQ)")
    assert not PYTHON_NUMBERS.search("sp[-1] = (sp[-1] & 0x7FFFFFFFU);")


def test_run_starts_on_a_cache_line():
    nm = shutil.which("nm")
    if nm is None:
        pytest.fail("nm (binutils) is needed to read the engine's symbol table")
    out = subprocess.run([nm, str(_engine())], capture_output=True, text=True, check=True).stdout
    addresses = [int(line.split()[0], 16) for line in out.splitlines()
                 if line.endswith(" " + RUN)]
    assert addresses, f"{RUN} not in the symbol table of {_engine()}"
    assert addresses[0] % 64 == 0, f"run() starts at {addresses[0]:#x}, not on a 64-byte line"
