"""Garbage collection (WebAssembly 3.0 GC) as a user meets it, on both engines: GC
structures and arrays built and walked by wasm code, references that live on in
tables, globals and host functions between calls, casts, i31, the memory cap on arrays,
how results show in the API and on the command line, and cross-module type identity
at link time."""
import subprocess
import sys
from pathlib import Path

import pytest

import gvm
from gvm.runtime.gc import Struct, Array, I31, show
from conftest import wat
from test_cli import gvm as run_gvm, assert_one_line_error

ROOT = Path(__file__).resolve().parent.parent

LIST = """
(module
  (type $node (sub (struct (field $v i32) (field $next (ref null $node)))))
  (type $tagged (sub $node (struct (field $v i32) (field $next (ref null $node))
                                   (field $tag i8))))
  (type $bytes (array (mut i8)))
  (type $refs (array (mut anyref)))
  (import "host" "echo" (func $echo (param anyref) (result anyref)))
  (global $keep (mut anyref) (ref.null any))
  (table $t 4 anyref)

  ;; a list n-1 ... 0, every third node tagged
  (func $build (export "build") (param $n i32) (result (ref null $node))
    (local $head (ref null $node)) (local $i i32)
    (block $done
      (loop $more
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.rem_u (local.get $i) (i32.const 3))
          (then (local.set $head (struct.new $node (local.get $i) (local.get $head))))
          (else (local.set $head (struct.new $tagged (local.get $i) (local.get $head)
                                                     (i32.const -1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $more)))
    (local.get $head))

  ;; sum of the values, and the count of tagged nodes (by cast) times 1000000
  (func $walk (export "walk") (param $l (ref null $node)) (result i32)
    (local $sum i32)
    (block $end
      (loop $next
        (br_if $end (ref.is_null (local.get $l)))
        (local.set $sum (i32.add (local.get $sum) (struct.get $node $v (local.get $l))))
        (if (ref.test (ref $tagged) (local.get $l))
          (then (local.set $sum (i32.add (local.get $sum) (i32.const 1000000)))))
        (local.set $l (struct.get $node $next (local.get $l)))
        (br $next)))
    (local.get $sum))

  (func (export "sum") (param $n i32) (result i32)
    (call $walk (call $build (local.get $n))))

  ;; the list survives in a global, a table and a host function's hands
  (func (export "stash") (param $n i32)
    (global.set $keep (call $echo (call $build (local.get $n))))
    (table.set $t (i32.const 1) (global.get $keep)))
  (func (export "walk_stash") (result i32)
    (call $walk (ref.cast (ref null $node) (table.get $t (i32.const 1)))))

  (func (export "tag_s") (result i32)
    (struct.get_s $tagged $tag (ref.cast (ref $tagged) (call $build (i32.const 1)))))
  (func (export "bad_cast") (result i32)
    (struct.get $tagged $v (ref.cast (ref $tagged) (call $build (i32.const 2)))))
  (func (export "bytes") (param $n i32) (result i32)
    (local $a (ref $bytes))
    (local.set $a (array.new $bytes (i32.const 200) (local.get $n)))
    (array.set $bytes (local.get $a) (i32.const 0) (i32.const 7))
    (i32.add (array.get_s $bytes (local.get $a) (i32.sub (local.get $n) (i32.const 1)))
             (array.len (local.get $a))))
  (func (export "huge") (result i32)
    (array.len (array.new_default $refs (i32.const -1))))
  (func (export "i31") (param i32) (result i32)
    (i31.get_s (ref.i31 (local.get 0))))
  (func (export "node") (result anyref)
    (struct.new $node (i32.const 5) (struct.new $node (i32.const 6) (ref.null $node))))
  (func (export "array") (result anyref)
    (array.new_fixed $bytes 3 (i32.const 1) (i32.const 2) (i32.const -1)))
)
"""


def _instance(engine, **kwargs):
    seen = []

    def echo(x):
        seen.append(x)
        return x
    inst = gvm.instantiate(wat(LIST), {"host": {"echo": echo}}, engine=engine, **kwargs)
    return inst, seen


def test_lists_built_walked_and_cast(engine):
    inst, _ = _instance(engine)
    n = 1000
    tagged = len(range(0, n, 3))
    assert inst.exports.sum(n) == sum(range(n)) + tagged * 1000000
    assert inst.exports.tag_s() == -1
    assert inst.exports.i31(-5) == -5
    assert inst.exports.i31(0x40000000) == -0x40000000
    assert inst.exports.bytes(3) == -56 + 3


def test_references_survive_calls_globals_tables_and_hosts(engine):
    inst, seen = _instance(engine)
    inst.exports.stash(10)
    assert isinstance(seen[0], Struct)
    for _ in range(3):   # the list outlives the invocation that built it
        assert inst.exports.walk_stash() == sum(range(10)) + 4 * 1000000


def test_cast_failure_is_a_trap(engine):
    inst, _ = _instance(engine)
    with pytest.raises(gvm.Trap, match="cast failure"):
        inst.exports.bad_cast()


def test_huge_array_is_exhaustion_not_memory_error(engine):
    inst, _ = _instance(engine)
    with pytest.raises(gvm.Exhaustion, match="array of 4294967295 elements"):
        inst.exports.huge()


def test_max_memory_caps_arrays(engine):
    inst, _ = _instance(engine, max_memory=1 << 20)
    assert inst.exports.bytes(1000) == -56 + 1000
    with pytest.raises(gvm.Exhaustion, match="max_memory"):
        inst.exports.bytes(1 << 20)


def test_results_show_their_type_and_fields(engine):
    inst, _ = _instance(engine)
    node = inst.exports.node()
    assert type(node) is Struct and node.fields[0] == 5
    assert show(node) == "struct $0{5, struct $0{6, null}}"
    assert str(inst.exports.array()) == "array $2[1, 2, 255]"
    assert show(I31(-3)) == "i31(-3)"


def test_command_line_prints_gc_results(tmp_path, engine):
    path = tmp_path / "list.wasm"
    path.write_bytes(wat(LIST.replace('(import "host" "echo" (func $echo (param anyref) (result anyref)))',
                                      '(func $echo (param anyref) (result anyref) (local.get 0))')))
    result = run_gvm("--invoke", "node", str(path), engine=engine)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().strip() == "struct $0{5, struct $0{6, null}}"
    result = run_gvm("--invoke", "huge", str(path), engine=engine)
    assert_one_line_error(result, "array of 4294967295 elements")


# --- type identity across modules -------------------------------------------------------------
EXPORTER = """
(module
  (rec (type $a (struct (field i32) (field (ref null $b)))) (type $b (struct (field i64))))
  (global (export "g") (ref null $a) (struct.new $a (i32.const 1) (ref.null $b)))
  (table (export "t") 1 (ref null $a))
  (func (export "f") (param (ref null $a)) (result i32) (i32.const 1)))
"""


@pytest.mark.parametrize("importer, links", [
    # the same recursion group, written in another module: the same types
    ("""(rec (type $x (struct (field i32) (field (ref null $y)))) (type $y (struct (field i64))))
        (import "m" "g" (global (ref null $x)))
        (import "m" "f" (func (param (ref null $x)) (result i32)))""", True),
    # the same shapes in separate groups: other types (iso-recursive equivalence)
    ("""(type $y (struct (field i64))) (type $x (struct (field i32) (field (ref null $y))))
        (import "m" "f" (func (param (ref null $x)) (result i32)))""", False),
    # at other type indices than in the exporter
    ("""(type (func)) (rec (type $x (struct (field i32) (field (ref null $y))))
                           (type $y (struct (field i64))))
        (import "m" "g" (global (ref null $x)))
        (import "m" "t" (table 1 (ref null $x)))""", True),
    # at the same type index, another type
    ("""(rec (type $y (struct (field i64))) (type $x (struct (field i32) (field (ref null $y)))))
        (import "m" "g" (global (ref null $y)))""", False),
    ("""(rec (type $y (struct (field i64))) (type $x (struct (field i32) (field (ref null $y)))))
        (import "m" "t" (table 1 (ref null $y)))""", False),
    # an immutable global may be of a subtype: a supertype's abstract type matches
    ("""(import "m" "g" (global structref))""", True),
    ("""(import "m" "g" (global arrayref))""", False),
])
def test_imports_match_types_iso_recursively(engine, importer, links):
    exporter = gvm.instantiate(wat(EXPORTER), engine=engine)
    module = wat(f"(module {importer})")
    if links:
        gvm.instantiate(module, {"m": exporter}, engine=engine)
    else:
        with pytest.raises(gvm.LinkError, match="incompatible import type"):
            gvm.instantiate(module, {"m": exporter}, engine=engine)


def test_bad_subtype_declaration_is_invalid():
    with pytest.raises(gvm.ValidationError, match="sub type 1 does not match super type 0"):
        gvm.Module(wat("""(module (type $a (sub (struct (field i32))))
                                  (type $b (sub $a (struct (field i64)))))"""))


# --- nodes ------------------------------------------------------------------------------------
def test_gc_reference_cannot_cross_to_another_node(tmp_path):
    """A real node (gpmd and `gvm node` processes): calling a function that returns a GC
    reference is refused with the reason, and the node keeps serving."""
    from test_dist import Cluster
    (tmp_path / "dist").mkdir()
    cluster = Cluster(tmp_path / "dist")
    try:
        cluster.start_node("alpha")
        cluster.wait_registered("alpha")
        (tmp_path / "gc.wasm").write_bytes(wat(LIST.replace(
            '(import "host" "echo" (func $echo (param anyref) (result anyref)))',
            '(func $echo (param anyref) (result anyref) (local.get 0))')))
        with cluster.connect("alpha", path=[str(tmp_path)]) as caller:
            with pytest.raises(gvm.dist.RemoteError,
                               match=r"anyref cannot travel between nodes: a GC reference"):
                caller.call("gc.node")
            assert caller.call("gc.sum", 10) == 45 + 4 * 1000000
    finally:
        cluster.close()


# --- garbage is given back during a call --------------------------------------------------------
CHURN = """
(module
  (type $big (array (mut i64)))
  (type $node (struct (field i32) (field (ref null $node))))
  ;; keeps a list of 1000 nodes live, makes n arrays of 1000 elements and drops them,
  ;; then sums the list: what is live must survive, what is dropped must be given back
  (func (export "churn") (param $n i32) (result i32)
    (local $list (ref null $node)) (local $i i32) (local $total i32)
    (loop $make
      (local.set $list (struct.new $node (local.get $i) (local.get $list)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $make (i32.lt_u (local.get $i) (i32.const 1000))))
    (loop $waste
      (drop (array.new_default $big (i32.const 1000)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $waste (local.get $n)))
    (loop $sum
      (local.set $total (i32.add (local.get $total) (struct.get $node 0 (local.get $list))))
      (local.set $list (struct.get $node 1 (local.get $list)))
      (br_if $sum (i32.eqz (ref.is_null (local.get $list)))))
    (local.get $total)))
"""


def test_dropped_objects_are_given_back_during_one_call(engine, tmp_path):
    """40,000 arrays of 8 KB each (320 MB if kept) made and dropped in one call: the
    process grows by far less, and the live list comes through intact."""
    path = tmp_path / "churn.wasm"
    path.write_bytes(wat(CHURN))
    script = f"""
import resource, sys
sys.path.insert(0, {str(ROOT)!r})
import gvm
inst = gvm.instantiate(open({str(path)!r}, 'rb').read(), engine={engine!r})
inst.exports.churn(1)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(inst.exports.churn(40000), (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    total, grown_mib = map(int, out.stdout.split())
    assert total == sum(range(1000))
    assert grown_mib < 150, f"grew by {grown_mib} MiB"


LIVE = """
(module
  (type $bytes (array (mut i8)))
  (global $kept (mut (ref null $bytes)) (ref.null $bytes))
  (func (export "keep") (param $n i32) (global.set $kept (array.new_default $bytes (local.get $n))))
  (func (export "drop_kept") (global.set $kept (ref.null $bytes)))
  (func (export "make") (param $n i32) (result i32) (array.len (array.new_default $bytes (local.get $n))))
  (func (export "make_many") (param $n i32) (param $times i32) (result i32)
    (local $total i32)
    (loop $again
      (local.set $total (i32.add (local.get $total)
                                 (array.len (array.new_default $bytes (local.get $n)))))
      (local.set $times (i32.sub (local.get $times) (i32.const 1)))
      (br_if $again (local.get $times)))
    (local.get $total)))
"""


def test_max_memory_counts_live_arrays(engine):
    """The cap counts the arrays still alive, not only the one being made."""
    inst = gvm.instantiate(wat(LIVE), engine=engine, max_memory=1 << 20)
    inst.exports.keep(100_000)                  # 800,000 bytes counted, kept in a global
    with pytest.raises(gvm.Exhaustion, match="beside .* of live arrays"):
        inst.exports.make(50_000)
    inst.exports.drop_kept()                    # given back: room again
    assert inst.exports.make(100_000) == 100_000
    for _ in range(20):                         # dropped arrays do not pile up
        assert inst.exports.make(100_000) == 100_000
    assert inst.exports.make_many(100_000, 20) == 2_000_000     # nor within one call
