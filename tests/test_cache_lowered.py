"""Engines' code kept in the module cache (gvm/cache/, issue 13): the run that lowers
(fast engine) or translates (python engine) a function writes its code into the module's
entry, and later runs load it instead, unless another build wrote it or it is not the
engine's."""
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

import gvm
import gvm.pyjit.engine
import gvm.pyjit.tier
from gvm import cache
from gvm.cache import store as S

needs_fast = pytest.mark.skipif(not gvm.engines.fast_available(),
                                reason="the fast engine is not built")
ENGINES = [pytest.param("fast", marks=needs_fast), "python"]

ROOT = Path(__file__).resolve().parent.parent
# the python engine translating every function at its first call (its tier keeps only
# what gets hot: test_the_tier_keeps_what_got_hot...)
TRANSLATING = gvm.pyjit.engine.Engine(hot=0)
PROGRAMS = ROOT / "tests" / "programs"
HELLO = str(PROGRAMS / "hello.wasm")
FIB = str(PROGRAMS / "fib.wasm")
TRAP = str(PROGRAMS / "trap.wasm")

# Runs the command line with the engines' lowering and translation made to fail:
# whatever it prints ran on code from the cache, or it fails saying so.
NO_LOWER = """
import sys
import gvm.engines, gvm.pyjit.runtime
def refuse(*args):
    raise RuntimeError("lowered again")
if gvm.engines.fast_available():
    import gvm._fast.engine
    gvm._fast.engine._LOWER = refuse
gvm.pyjit.runtime.Namespaces.translate = refuse
from gvm.cli import main
sys.exit(main(sys.argv[1:]))
"""


def run(cache_dir, *args, code=None, hot="0"):
    """The command line with `args`; the python engine translating every function at its
    first call (GVM_PYTHON_HOT=0), unless `hot` says otherwise."""
    command = [sys.executable, *(["-c", code] if code else ["-m", "gvm"]), *args]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GVM_")}
    environment.update(GVM_CACHE_DIR=str(cache_dir), PYTHONPATH=str(ROOT), GVM_TRACEBACK="1",
                       GVM_PYTHON_HOT=hot)
    return subprocess.run(command, capture_output=True, env=environment, timeout=120)


def kept(cache_dir):
    """{engine key: (build, {function index: record})} of the only entry."""
    [path] = [p for p in Path(cache_dir).iterdir() if p.name.endswith(S.SUFFIX)]
    header, contents = marshal.loads(path.read_bytes()[len(S.MAGIC) + 32:])
    return contents["lowered"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_run_keeps_what_it_lowered_and_the_next_lowers_nothing(tmp_path, engine):
    first = run(tmp_path, "--engine", engine, HELLO)
    assert (first.returncode, first.stdout) == (0, b"Hello, world!\n"), first.stderr
    build, records = kept(tmp_path)[engine]
    assert build and records
    second = run(tmp_path, "--engine", engine, HELLO, code=NO_LOWER)
    assert (second.returncode, second.stdout, second.stderr) == (0, first.stdout, b"")
    # Without the cache the same run lowers, and so fails here: the check can fail.
    uncached = run(tmp_path, "--engine", engine, "--no-cache", HELLO, code=NO_LOWER)
    assert uncached.returncode != 0 and b"lowered again" in uncached.stderr


@pytest.mark.parametrize("engine", ENGINES)
def test_functions_a_later_run_calls_are_added(tmp_path, engine):
    assert run(tmp_path, "--engine", engine, "--invoke", "fib", FIB, "10").stdout == b"55\n"
    before = set(kept(tmp_path)[engine][1])
    assert run(tmp_path, "--engine", engine, "--invoke", "add64", FIB, "2", "3").stdout == b"5\n"
    after = set(kept(tmp_path)[engine][1])
    assert before < after
    for args, out in ((("fib", "20"), b"6765\n"), (("add64", "-1", "3"), b"2\n")):
        again = run(tmp_path, "--engine", engine, "--invoke", args[0], FIB, *args[1:],
                    code=NO_LOWER)
        assert (again.returncode, again.stdout) == (0, out), again.stderr


def test_the_tier_keeps_what_got_hot_and_the_next_run_starts_translated(tmp_path):
    """With the python engine's default tier, a run translates (and keeps) only the
    functions that got hot: of the recursive fib benchmark, the recursion and not the
    export calling it once. The next run links that at its first call, translating
    nothing, and interprets the export again."""
    fib = str(ROOT / "benchmarks" / "wasm" / "fib.wasm")
    hot = str(gvm.pyjit.tier.HOT)
    first = run(tmp_path, "--engine", "python", "--invoke", "fib", fib, "20", hot=hot)
    assert first.stdout == b"6765\n", first.stderr
    assert len(kept(tmp_path)["python"][1]) == 1
    again = run(tmp_path, "--engine", "python", "--invoke", "fib", fib, "20", hot=hot,
                code=NO_LOWER)
    assert (again.returncode, again.stdout) == (0, b"6765\n"), again.stderr
    uncached = run(tmp_path, "--engine", "python", "--no-cache", "--invoke", "fib", fib, "20",
                   hot=hot, code=NO_LOWER)
    assert uncached.returncode != 0 and b"lowered again" in uncached.stderr


def test_each_engines_code_stays_kept_when_another_runs(tmp_path):
    engines = ["python", "fast"] if gvm.engines.fast_available() else ["python"]
    for engine in engines:
        assert run(tmp_path, "--engine", engine, HELLO).returncode == 0
    assert sorted(kept(tmp_path)) == sorted(engines)


@pytest.mark.parametrize("engine", ENGINES)
def test_kept_code_traps_with_the_same_backtrace(tmp_path, engine):
    first = run(tmp_path, "--engine", engine, TRAP)
    assert first.returncode == 134 and b"at divide (trap.wasm+0x" in first.stderr
    again = run(tmp_path, "--engine", engine, TRAP, code=NO_LOWER)
    assert (again.returncode, again.stdout, again.stderr) == (134, first.stdout, first.stderr)


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


@needs_fast
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
    # The run that lowered it again writes its code in place of the bad record.
    cache.keep_lowered(module)
    module, result = _load_and_call(store, data, 15)
    assert (result, module.lowered.counts["fast"], module.lowered.loaded["fast"]) == (610, 0, 1)


@pytest.mark.parametrize("engine", ENGINES)
def test_code_lowered_with_fuel_is_not_kept(tmp_path, engine):
    data = Path(FIB).read_bytes()
    store = S.Store(str(tmp_path / "c"))
    module = cache.load_module(data, store=store)
    instance = gvm.instantiate(module, engine=engine, fuel=10 ** 6)
    assert instance.exports["fib"](10) == 55
    cache.keep_lowered(module)
    assert cache.load_module(data, store=store).lowered.kept == {}


@needs_fast
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


PY_BAD_RECORDS = {
    "another build": lambda b, r: ("0" * 32, r),
    "not a code object": lambda b, r: (b, {i: (b"\x00garbage", *rec[1:]) for i, rec in r.items()}),
    "marshal data of another kind": lambda b, r: (b, {i: (marshal.dumps(7), *rec[1:])
                                                      for i, rec in r.items()}),
    "constants the codec refuses": lambda b, r: (b, {i: (*rec[:3], (99, 1), rec[4])
                                                     for i, rec in r.items()}),
    "cut short": lambda b, r: (b, {i: (rec[0][:9], *rec[1:]) for i, rec in r.items()}),
    "offsets not numbers": lambda b, r: (b, {i: (*rec[:2], ("x",) * len(rec[2]), *rec[3:])
                                             for i, rec in r.items()}),
    "too short": lambda b, r: (b, {i: rec[:-1] for i, rec in r.items()}),
}


@pytest.mark.parametrize("bad", PY_BAD_RECORDS)
def test_kept_translations_that_are_not_this_builds_are_translated_again(tmp_path, bad):
    data = Path(FIB).read_bytes()
    store = S.Store(str(tmp_path / "c"))

    def load_and_call():
        module = cache.load_module(data, store=store)
        result = gvm.instantiate(module, engine=TRANSLATING).exports["fib"](15)
        return module, result, module.lowered.counts["python"], module.lowered.loaded["python"]

    module, *got = load_and_call()
    cache.keep_lowered(module)
    assert load_and_call()[1:] == (610, 0, 1)
    module = cache.load_module(data, store=store)
    build, records = module.lowered.kept["python"]
    slot = module.cache_slot
    from gvm.cache.entry import contents
    store.save(slot[1], slot[2], contents(module, data, {"python": PY_BAD_RECORDS[bad](build, records)}))
    module, *got = load_and_call()
    assert got == [610, 1, 0]
    cache.keep_lowered(module)      # the translation made again replaces the bad record
    assert load_and_call()[1:] == (610, 0, 1)
