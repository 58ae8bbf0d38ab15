"""Lowering belongs to the module, not the instance (gvm/runtime/lowered.py): each engine
lowers a function at most once per gvm.Module (per variant: with fuel, without
superinstructions), and every instance of the module runs that code on its own
functions, globals, memories, tables, tags and segments."""
import os

import pytest

import gvm
from gvm import types as T
from gvm.engines import fast_available
from gvm.pyjit.engine import Engine
from gvm.runtime import Global

HERE = os.path.dirname(__file__)

ENGINES = ["reference", "python"] + (["fast"] if fast_available() else [])
# The module's key of each engine's code, without fuel and with.
KEYS = {"fast": ("fast", "fast+fuel"), "reference": ("reference", "reference+unfused"),
        "python": ("python", "python+fuel")}

# Exported functions calling each other directly, through a table, and through an
# import; reading an imported global and one initialised from it; a memory, a mutable
# global, a tag, a data segment and a GC array that are each instance's own.
WAT = r"""
(module
  (import "env" "base" (global $base i32))
  (import "env" "host" (func $host (result i32)))
  (type $t (func (result i32)))
  (type $bytes (array (mut i8)))
  (memory 1)
  (global $counter (mut i32) (i32.const 0))
  (global $derived i32 (global.get $base))
  (global $seven i32 (i32.const 7))
  (table 2 funcref)
  (elem (i32.const 0) $inc $get)
  (tag $e (param i32))
  (data $d "\01\02\03\04")
  (func $inc (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.get $counter))
  (func $get (result i32) (i32.load (i32.const 0)))
  (func (export "store") (param i32) (i32.store (i32.const 0) (local.get 0)))
  (func (export "bump") (result i32) (call_indirect (type $t) (i32.const 0)))
  (func (export "load") (result i32) (call_indirect (type $t) (i32.const 1)))
  (func (export "total") (result i32)
    (i32.add (i32.add (call $inc) (call $get))
             (i32.add (i32.add (global.get $base) (global.get $derived))
                      (i32.add (global.get $seven) (call $host)))))
  (func (export "catch") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (throw $e (local.get 0)))
      (i32.const -1)))
  (func (export "init") (result i32)
    (memory.init $d (i32.const 100) (i32.const 0) (i32.const 4))
    (data.drop $d)
    (i32.load (i32.const 100)))
  (func (export "array") (result i32)
    (array.len (array.new_data $bytes $d (i32.const 0) (i32.const 4))))
)
"""


def instance(module, base, host, engine, fuel=None):
    imports = {"env": {"base": Global(T.GlobalType(T.I32, False), base),
                       "host": lambda: host}}
    return gvm.instantiate(module, imports, engine=engine, fuel=fuel)


def lowerings(module):
    return sum(module.lowered.counts.values())


def exercise(inst, stored):
    """Call every export; return the results."""
    e = inst.exports
    e.store(stored)
    return [e.total(), e.bump(), e.load(), e.catch(stored), e.array(), e.init()]


@pytest.mark.parametrize("fuel", [None, 10_000], ids=["no fuel", "fuel"])
@pytest.mark.parametrize("engine", ENGINES)
def test_second_instance_lowers_nothing(engine, fuel):
    module = gvm.Module(WAT)
    a = instance(module, 10, 100, engine, fuel)
    assert exercise(a, 5) == [1 + 5 + 10 + 10 + 7 + 100, 2, 5, 5, 4, 0x04030201]
    lowered = dict(module.lowered.counts)
    # Each function lowered once, under this engine's key only.
    assert lowered == {KEYS[engine][fuel is not None]: len(module.ast.funcs)}
    b = instance(module, 20, 200, engine, fuel)
    # B's own counter, memory, imports, tag and data segment (A dropped its own).
    assert exercise(b, 9) == [1 + 9 + 20 + 20 + 7 + 200, 2, 9, 9, 4, 0x04030201]
    assert dict(module.lowered.counts) == lowered
    # ... and A's are still A's.
    assert a.exports.bump() == 3 and a.exports.load() == 5
    assert a.exports.total() == 4 + 5 + 10 + 10 + 7 + 100
    with pytest.raises(gvm.Trap, match="out of bounds memory access"):
        a.exports.init()        # its segment is dropped; B's is not (above)
    assert dict(module.lowered.counts) == lowered


@pytest.mark.parametrize("engine", ENGINES)
def test_lowered_in_the_second_instance_reused_by_the_first(engine):
    module = gvm.Module(WAT)
    a = instance(module, 1, 2, engine)
    b = instance(module, 3, 4, engine)
    assert b.exports.load() == 0                    # lowers `load` and $get, in B
    assert lowerings(module) == 2
    a.exports.store(12)
    assert a.exports.load() == 12                   # A's memory, B's lowering
    assert lowerings(module) == 3                   # `store` only: A called it first
    assert b.exports.load() == 0


def test_fueled_engines_share_code_and_count_the_same():
    """Each fueled engine counts its own fuel but runs the module's code."""
    module = gvm.Module(WAT)
    spent = []
    for base in (1, 2):
        inst = instance(module, base, 0, "reference", fuel=1000)
        inst.exports.total()
        spent.append(1000 - inst.engine.fuel)
    assert spent[0] == spent[1] > 0
    assert dict(module.lowered.counts) == {"reference+unfused": 3}


def test_each_engine_lowers_its_own():
    """An engine never runs code another engine lowered, but for the python engine's
    tier (gvm/pyjit/tier.py), which interprets on the reference engine's code."""
    module = gvm.Module(WAT)
    results = [exercise(instance(module, 10, 100, engine), 5) for engine in ENGINES]
    assert all(r == results[0] for r in results)
    assert dict(module.lowered.counts) == {KEYS[e][0]: len(module.ast.funcs) for e in ENGINES}
    interpreting = exercise(instance(module, 10, 100, Engine(hot=10 ** 9)), 5)
    assert interpreting == results[0]
    assert dict(module.lowered.counts) == {KEYS[e][0]: len(module.ast.funcs) for e in ENGINES}


def test_a_node_runs_a_program_twice_lowering_it_once(tmp_path, monkeypatch):
    """A node keeps the gvm.Module of a program (gvm/dist/store.py): each run gets a new
    instance, and the second lowers nothing."""
    from gvm import cache
    from gvm.dist.execute import Executor
    from gvm.dist.protocol import ModuleRef
    from gvm.dist.store import Store

    # A cache of its own: code an earlier test kept would be loaded, not lowered.
    monkeypatch.setenv("GVM_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "_default", [])
    with open(os.path.join(HERE, "programs", "hello.wasm"), "rb") as f:
        data = f.read()
    executor = Executor(Store(), None)
    digest = executor.upload(data)
    outputs = []
    counts = []
    for _ in range(2):
        out = []
        status = executor.run((ModuleRef.HASH, digest), [b"hello"], [],
                              lambda fd, chunk: out.append(chunk))
        assert status == 0
        outputs.append(b"".join(out))
        counts.append(lowerings(executor.store.get(digest).module))
    assert outputs[0] == outputs[1] and outputs[0]
    assert counts[0] > 0 and counts[1] == counts[0]
