"""Re-entry: wasm calling a host function that calls back into wasm shares one call-stack
budget (gvm/runtime/stack.py) with the invocation it came from, on both engines. Deep
re-entry is gvm.Exhaustion, whatever Python's recursion limit: never a RecursionError,
never a crash (each case runs in its own process, so a crash fails the test)."""
import subprocess
import sys

import pytest

from conftest import wat
from gvm.runtime.stack import MAX_CALL_DEPTH, REENTRY_FRAMES

# f(n): n == 0 -> 0, else back(n - 1) + 1, where the host's back(x) calls f(x) again.
# deep(n, k): recurse k frames deep in wasm, then call back(n) at the bottom.
REENTER = """
(module
  (import "host" "back" (func $back (param i32) (result i32)))
  (func $f (export "f") (param i32) (result i32)
    local.get 0
    i32.eqz
    if (result i32)
      i32.const 0
    else
      local.get 0 i32.const 1 i32.sub call $back i32.const 1 i32.add
    end)
  (func $deep (export "deep") (param i32 i32) (result i32)
    local.get 1
    i32.eqz
    if (result i32)
      local.get 0 call $back
    else
      local.get 0 local.get 1 i32.const 1 i32.sub call $deep
    end))
"""

SCRIPT = """
import sys
import gvm
path, engine, limit, export, *args = sys.argv[1:]
sys.setrecursionlimit(int(limit))
inst = None
def back(x):
    return inst.exports.f(x)
inst = gvm.instantiate(path, imports={"host": {"back": back}}, engine=engine)
try:
    print(getattr(inst.exports, export)(*map(int, args)))
except gvm.WasmError as e:
    print(type(e).__name__, e)
"""


@pytest.fixture(scope="module")
def reenter_wasm(tmp_path_factory):
    path = tmp_path_factory.mktemp("reentry") / "reenter.wasm"
    path.write_bytes(wat(REENTER))
    return path


def run(path, engine, limit, export, *args):
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(path), engine, str(limit),
                           export, *map(str, args)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr[-2000:]}"
    return proc.stdout.strip()


@pytest.mark.parametrize("limit", [1000, 1_000_000])
def test_deep_reentry_is_exhaustion(engine, reenter_wasm, limit):
    assert run(reenter_wasm, engine, limit, "f", 100_000) == "Exhaustion call stack exhausted"


def test_moderate_reentry_runs(engine, reenter_wasm):
    assert run(reenter_wasm, engine, 10_000, "f", 100) == "100"


def test_nested_invocation_gets_what_the_outer_leaves(engine, reenter_wasm):
    """An outer invocation MAX_CALL_DEPTH - REENTRY_FRAMES - 9 frames deep leaves the
    invocation nested in it 9 frames: enough for f(0), not for f(1), whose own re-entry
    holds REENTRY_FRAMES more; 100 frames shallower, f(1) fits too."""
    deep = MAX_CALL_DEPTH - REENTRY_FRAMES - 10
    assert run(reenter_wasm, engine, 100_000, "deep", 0, deep) == "0"
    assert run(reenter_wasm, engine, 100_000, "deep", 1, deep) == "Exhaustion call stack exhausted"
    assert run(reenter_wasm, engine, 100_000, "deep", 1, deep - 100) == "1"
