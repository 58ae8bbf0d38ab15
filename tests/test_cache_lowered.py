"""The fast engine's lowered code kept in the module cache (gvm/cache/, issue 13): the
run that lowers a function writes its code into the module's entry, and later runs load
it instead of lowering again, unless another build wrote it or it is not the engine's."""
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

import gvm
from gvm import cache
from gvm.cache import store as S

pytestmark = pytest.mark.skipif(not gvm.engines.fast_available(),
                                reason="the fast engine is not built")

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "tests" / "programs"
HELLO = str(PROGRAMS / "hello.wasm")
FIB = str(PROGRAMS / "fib.wasm")

# Runs the command line with the fast engine's lowering made to fail: whatever it
# prints ran on code from the cache, or it fails saying so.
NO_LOWER = """
import sys
import gvm._fast.engine as engine
def refuse(func):
    raise RuntimeError("lowered again")
engine._LOWER = refuse
from gvm.cli import main
sys.exit(main(sys.argv[1:]))
"""


def run(cache_dir, *args, code=None):
    command = [sys.executable, *(["-c", code] if code else ["-m", "gvm"]), *args]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GVM_")}
    environment.update(GVM_CACHE_DIR=str(cache_dir), PYTHONPATH=str(ROOT), GVM_TRACEBACK="1")
    return subprocess.run(command, capture_output=True, env=environment, timeout=120)


def kept(cache_dir):
    """{engine key: (build, {function index: record})} of the only entry."""
    [path] = [p for p in Path(cache_dir).iterdir() if p.name.endswith(S.SUFFIX)]
    header, contents = marshal.loads(path.read_bytes()[len(S.MAGIC) + 32:])
    return contents["lowered"]


def test_a_run_keeps_what_it_lowered_and_the_next_lowers_nothing(tmp_path):
    first = run(tmp_path, HELLO)
    assert (first.returncode, first.stdout) == (0, b"Hello, world!\n"), first.stderr
    build, records = kept(tmp_path)["fast"]
    assert build == gvm._fast.engine.BUILD_ID != "" and records
    second = run(tmp_path, HELLO, code=NO_LOWER)
    assert (second.returncode, second.stdout, second.stderr) == (0, first.stdout, b"")
    # Without the cache the same run lowers, and so fails here: the check can fail.
    uncached = run(tmp_path, "--no-cache", HELLO, code=NO_LOWER)
    assert uncached.returncode != 0 and b"lowered again" in uncached.stderr


def test_functions_a_later_run_calls_are_added(tmp_path):
    assert run(tmp_path, "--invoke", "fib", FIB, "10").stdout == b"55\n"
    before = set(kept(tmp_path)["fast"][1])
    assert run(tmp_path, "--invoke", "add64", FIB, "2", "3").stdout == b"5\n"
    after = set(kept(tmp_path)["fast"][1])
    assert before < after
    for args, out in ((("fib", "20"), b"6765\n"), (("add64", "-1", "3"), b"2\n")):
        again = run(tmp_path, "--invoke", args[0], FIB, *args[1:], code=NO_LOWER)
        assert (again.returncode, again.stdout) == (0, out), again.stderr


def _load_and_call(store, data, n):
    module = cache.load_module(data, store=store)
    instance = gvm.instantiate(module, engine="fast")
    return module, instance.exports["fib"](n)


def _tamper(store, data, change):
    """Rewrite the entry of `data` with each kept record changed by `change`."""
    module = cache.load_module(data, store=store)
    build, records = module.lowered.kept["fast"]
    slot = module.cache_slot
    lowered = {"fast": change(build, records)}
    from gvm.cache.entry import contents
    store.save(slot[1], slot[2], contents(module, data, lowered))


BAD_RECORDS = {
    "another build": lambda b, r: ("0" * 32, r),
    "too short": lambda b, r: (b, {i: rec[:-1] for i, rec in r.items()}),
    "cells and pcs apart": lambda b, r: (b, {i: (rec[0] + b"\0\0\0\0", *rec[1:])
                                             for i, rec in r.items()}),
    "locals of another function": lambda b, r: (b, {i: (*rec[:2], rec[2] + 7, *rec[3:])
                                                    for i, rec in r.items()}),
    "a negative slot": lambda b, r: (b, {i: (*rec[:4], (-1,), *rec[5:]) for i, rec in r.items()}),
    "a catch outside the code": lambda b, r: (b, {i: (*rec[:8], ((0, 1, ((0, None, 1 << 30, 0),)),),
                                                      rec[9]) for i, rec in r.items()}),
    "not a tuple": lambda b, r: (b, {i: list(rec) for i, rec in r.items()}),
}


@pytest.mark.parametrize("bad", BAD_RECORDS)
def test_kept_code_that_is_not_this_builds_is_lowered_again(tmp_path, bad):
    data = Path(FIB).read_bytes()
    store = S.Store(str(tmp_path / "c"))
    module, result = _load_and_call(store, data, 15)
    cache.keep_lowered(module)
    module, result = _load_and_call(store, data, 15)
    assert (result, module.lowered.counts["fast"], module.lowered.loaded["fast"]) == (610, 0, 1)
    _tamper(store, data, BAD_RECORDS[bad])
    module, result = _load_and_call(store, data, 15)
    assert (result, module.lowered.counts["fast"], module.lowered.loaded["fast"]) == (610, 1, 0)


def test_code_lowered_with_fuel_is_not_kept(tmp_path):
    data = Path(FIB).read_bytes()
    store = S.Store(str(tmp_path / "c"))
    module = cache.load_module(data, store=store)
    instance = gvm.instantiate(module, engine="fast", fuel=10 ** 6)
    assert instance.exports["fib"](10) == 55
    cache.keep_lowered(module)
    assert cache.load_module(data, store=store).lowered.kept == {}


def test_a_node_keeps_what_a_program_lowered_for_its_next_start(tmp_path, monkeypatch):
    from gvm.dist.execute import Executor
    from gvm.dist.protocol import ModuleRef
    from gvm.dist.store import Store
    monkeypatch.setenv("GVM_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "_default", [])
    data = Path(HELLO).read_bytes()
    counts = []
    for _ in range(2):          # two nodes, one after the other, on one device
        executor = Executor(Store(), None)
        digest = executor.upload(data)
        out = []
        assert executor.run((ModuleRef.HASH, digest), [b"hello"], [],
                            lambda fd, chunk: out.append(chunk)) == 0
        assert b"".join(out) == b"Hello, world!\n"
        shared = executor.store.get(digest).module.lowered
        counts.append((shared.counts["fast"], shared.loaded["fast"]))
    assert counts[0][0] > 0 and counts[1] == (0, counts[0][0])
