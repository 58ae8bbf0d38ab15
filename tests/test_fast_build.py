"""What the built fast engine's dispatch loop must be, checked on the build itself:
two properties whose loss made the loop 2-4x slower without changing its results, and
its dispatch, threaded by default and a C switch where asked for.

- `run`'s C code touches no Python number: a constant Cython cannot type as C (a Python
  module constant, or a literal above 2**31-1 written without a U/ULL suffix) turns an
  `==` or `&` into Python-object calls with temporaries and error paths.
- `run` starts on a 64-byte boundary (engine.pyx's `#pragma GCC optimize`), so that
  code added before it cannot shift the loop within cache lines: 7d8cb5c moved it by 16
  bytes and the same instructions ran 3-4x slower.

- The default build dispatches through a label table (gvm/_fast/gen_dispatch.py); one
  built with GVM_SWITCH_DISPATCH=1 in the environment dispatches with a C switch, the
  portable fallback, and must behave the same: it is built here, in a copy of the tree,
  and runs spec scripts and benchmarks, and Ctrl-C stops it (it polls by counting
  branches and calls, where the threaded build has a signal redirect its dispatch).

callgrind counts (benchmarks/callgrind_guard.py) see the first, never the second.
"""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import wat
from gvm.engines import fast_available
from test_fast_poll import EXPORTS as FORWARD_LOOPS, alarm_stops
from test_interrupt import SPIN, ctrl_c

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


def test_default_build_is_threaded():
    import gvm._fast.engine as engine
    assert engine.DISPATCH == "threaded"
    out = subprocess.run(["nm", str(_engine())], capture_output=True, text=True, check=True).stdout
    assert re.search(r" gvm_labels\b", out), "run()'s label table is not in the build"


def test_dispatch_table_is_current():
    from gvm._fast import gen_dispatch
    assert gen_dispatch.TARGET.read_text() == gen_dispatch.render(), \
        "gvm/_fast/dispatch.h is stale: run python -m gvm._fast.gen_dispatch and rebuild"


def test_dispatch_markers_must_match_their_arms():
    """gen_dispatch refuses an arm whose GVM_CASE names other opcodes than its condition."""
    from gvm._fast import gen_dispatch
    source = gen_dispatch.SOURCE.read_text()
    broken = source.replace("GVM_CASE(OP_I64_LOAD, OP_F64_LOAD)", "GVM_CASE(OP_I64_LOAD)", 1)
    assert broken != source
    arms = gen_dispatch.arms(broken)
    assert any(cond != marker for cond, marker in arms)
    assert all(cond == marker for cond, marker in gen_dispatch.arms(source))


ROOT = Path(__file__).resolve().parent.parent
SPEC_FILES = ["i32", "i64", "f32", "f64", "conversions", "memory", "address", "br_table",
              "call_indirect", "loop", "block", "select", "local_tee", "left-to-right",
              "memory_grow", "unreachable", "fac", "global", "return"]


@pytest.fixture(scope="module")
def switch_tree(tmp_path_factory):
    """A copy of the tree with the fast engine built GVM_SWITCH_DISPATCH=1 in place."""
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("a C compiler is needed to build the engine")
    tree = tmp_path_factory.mktemp("switch") / "tree"
    skip = shutil.ignore_patterns("*.so", "__pycache__", ".cache", "build")
    for name in ("gvm", "spec-tests", "benchmarks"):
        shutil.copytree(ROOT / name, tree / name, ignore=skip)
    for name in ("setup.py", "pyproject.toml"):
        shutil.copy2(ROOT / name, tree / name)
    env = dict(os.environ, GVM_SWITCH_DISPATCH="1")
    proc = subprocess.run([sys.executable, "setup.py", "-q", "build_ext", "--inplace"],
                          cwd=tree, env=env, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-3000:]
    # setup.py skips the engine quietly without Cython or a compiler: say so here.
    assert list((tree / "gvm" / "_fast").glob("engine*.so")), \
        "the switch build made no engine:\n" + (proc.stdout + proc.stderr)[-3000:]
    return tree


def test_switch_build_dispatches_with_a_switch(switch_tree):
    out = subprocess.run([sys.executable, "-c",
                          "import gvm._fast.engine as e; print(e.DISPATCH, e.__file__)"],
                         cwd=switch_tree, capture_output=True, text=True, check=True).stdout
    dispatch, path = out.split()
    assert dispatch == "switch"
    assert Path(path).is_relative_to(switch_tree)


def test_switch_build_passes_spec_scripts(switch_tree):
    from wast import spec_suite
    suite = spec_suite("2.0")
    if suite is None:
        pytest.skip("the 2.0 spec suite is not available ($GVM_SPEC_SUITE)")
    proc = subprocess.run([sys.executable, str(switch_tree / "spec-tests" / "run.py"),
                           "--engine", "fast", "--suite", str(suite), "-j", "1", *SPEC_FILES],
                          cwd=switch_tree, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    last = proc.stdout.strip().splitlines()[-1]
    assert re.search(r"\b0 failed, 0 skipped", last), last


def test_switch_build_runs_benchmarks_to_native_results(switch_tree, tmp_path):
    if shutil.which("gcc") is None:
        pytest.skip("gcc is needed for the native reference results")
    out = tmp_path / "results.json"
    names = "fib,loop,sieve,crc32,nbody,sha256,vm,tree,dispatch,xxhash,json"
    proc = subprocess.run(
        [sys.executable, str(switch_tree / "benchmarks" / "run.py"), "--quick", "--no-extras",
         "--engines", "gvm-fast", "--benchmarks", names, "--json", str(out)],
        cwd=switch_tree, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = [r for r in json.loads(out.read_text())["results"] if r["engine"] == "gvm-fast"]
    assert sorted(r["benchmark"] for r in results) == sorted(names.split(","))
    for r in results:
        assert r["status"] == "ok", f"{r['benchmark']}: {r['status']} {r['message']}"


@pytest.mark.parametrize("export", ["spin", "tail", "spin_calls"])
def test_switch_build_stops_on_ctrl_c(switch_tree, tmp_path, export):
    wasm = tmp_path / "spin.wasm"
    wasm.write_bytes(wat(SPIN))
    ctrl_c("fast", wasm, export, cwd=switch_tree)


@pytest.mark.parametrize("export", FORWARD_LOOPS)
def test_switch_build_alarm_stops_loops_of_forward_jumps(switch_tree, tmp_path, export):
    alarm_stops(tmp_path, export, cwd=switch_tree)
