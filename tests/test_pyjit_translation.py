"""How the python engine's translation is driven (gvm/pyjit/translate.py's translator,
settle.py, align.py): what it costs and that the cheaper ways give the same code."""
import os
from pathlib import Path

import pytest

import gvm
from conftest import wat
from gvm.pyjit import translate as T

ROOT = Path(__file__).resolve().parent.parent
WASM = ROOT / "benchmarks" / "wasm"

NESTED = """(module (memory 1)
  (func (export "f") (param i32) (result i32) (local i32 i32 i32 i32)
    ;; local 1 steps by 8 (aligned); local 2 by 1 (not, after one iteration); local 3
    ;; copies local 2 in the inner loop, so its head only falls once local 2's has:
    ;; settled pass by pass, that is three translations
    (loop $outer
      (local.set 3 (i32.const 0))
      (loop $inner
        (local.set 4 (i32.add (local.get 4)
          (i32.add (i32.load (local.get 1)) (i32.load (local.get 3)))))
        (i64.store (local.get 1) (i64.extend_i32_u (local.get 4)))
        (local.set 3 (i32.add (local.get 3) (i32.add (local.get 2) (i32.const 4))))
        (br_if $inner (i32.lt_u (local.get 3) (i32.const 64))))
      (local.set 1 (i32.add (local.get 1) (i32.const 8)))
      (local.set 2 (i32.add (local.get 2) (i32.const 1)))
      (br_if $outer (i32.lt_u (local.get 2) (local.get 0))))
    (local.get 4)))"""


def _functions(inst):
    return [f for f in inst.funcs if hasattr(f, "func")]


def _translate(func, monkeypatch, settled, follows=None, stops=None):
    """(source, passes, settle's walks) of `func`, with the heads settled or by passes
    alone (as for a body settle.py does not follow, unless `follows`). `stops` gets, for
    each pass, whether it stopped at a head too high."""
    from gvm.pyjit import settle as S
    walks, settles = [], []
    walk, settle_walk = T.Translator.walk, S._walk

    def counted(self):
        walks.append(1)
        try:
            result = walk(self)
        except T.TooHigh:
            stops is None or stops.append(True)
            raise
        stops is None or stops.append(False)
        return result
    with monkeypatch.context() as m:
        m.setattr(T.Translator, "walk", counted)
        m.setattr(S, "_walk", lambda *args: settles.append(1) or settle_walk(*args))
        if not settled:
            m.setattr(T, "settle", lambda *args: None)
            if not follows:
                m.setattr(T, "follows", lambda ops: False)
        source, _offsets = T.translator(func, False).translate()
    return source, len(walks), len(settles)


def test_loop_heads_settled_after_a_first_pass_give_two_passes_and_the_same_code(monkeypatch):
    inst = gvm.instantiate(wat(NESTED), engine="python")
    ref = gvm.instantiate(wat(NESTED), engine="reference")
    (func,) = _functions(inst)
    by_passes, passes, _ = _translate(func, monkeypatch, settled=False)
    assert passes == 3
    stops = []
    source, passes, settles = _translate(func, monkeypatch, settled=True, stops=stops)
    assert (passes, settles) == (2, 3) and source == by_passes
    assert stops == [True, False]   # the first pass ends with the inner loop
    assert "VI0[" in source and "WI0[l3 & 3][" in source   # local 1 aligned, 3 not known
    for n in (1, 2, 5):
        assert inst.exports.f(n) == ref.exports.f(n)


def test_a_first_pass_stopped_where_settling_then_gives_up_is_translated_again_whole(
        monkeypatch):
    """settle.py gives up on a body it follows after a limit: the passes start again
    from the first, whole, and settle where they would have without the stop."""
    inst = gvm.instantiate(wat(NESTED), engine="python")
    (func,) = _functions(inst)
    by_passes, _, _ = _translate(func, monkeypatch, settled=False)
    stops = []
    source, passes, _ = _translate(func, monkeypatch, settled=False, follows=True, stops=stops)
    assert source == by_passes and stops == [True, False, False, False]


HOLDING = """(module (memory 1)
  (func (export "f") (param i32 i32) (result i32) (local i32 i32)
    ;; local 2 starts a multiple of 4 and steps by 4: the alignment its entry brings
    ;; holds at the head
    (local.set 2 (i32.shl (local.get 0) (i32.const 2)))
    (loop $l
      (local.set 3 (i32.add (local.get 3) (i32.load (local.get 2))))
      (local.set 2 (i32.add (local.get 2) (i32.const 4)))
      (br_if $l (i32.lt_u (local.get 2) (local.get 1))))
    (local.get 3)))"""


def test_loop_heads_that_hold_as_first_assumed_need_no_settling_walk(monkeypatch):
    """A function whose loop heads hold with the state their entry brings (most of them)
    is translated once, and settle.py does not walk it at all."""
    inst = gvm.instantiate(wat(HOLDING), engine="python")
    (func,) = _functions(inst)
    source, passes, settles = _translate(func, monkeypatch, settled=True)
    assert (passes, settles) == (1, 0)
    assert "VI0[" in source                 # the load indexes the view: local 1 aligned
    assert inst.exports.f(1, 64) == 0


@pytest.mark.parametrize("name", ["sieve", "nbody", "matmul_f32", "base64", "lz77", "json",
                                  "quicksort", "tree"])
def test_benchmarks_translate_in_at_most_two_passes_to_the_code_passes_settle_at(
        name, monkeypatch):
    inst = gvm.instantiate(str(WASM / f"{name}.wasm"), engine="python")
    for func in _functions(inst):
        by_passes, first, _ = _translate(func, monkeypatch, settled=False)
        source, passes, settles = _translate(func, monkeypatch, settled=True)
        assert source == by_passes
        assert passes == 1 and settles == 0 if first == 1 else passes == 2


def test_a_module_not_from_the_cache_runs_without_the_keeping_machinery():
    """keep.py works out the build of its records by reading the directories of the
    sources: a cold run of a module the cache did not give has no use for it."""
    import subprocess
    import sys
    script = ("import sys, gvm; m = gvm.instantiate(sys.argv[1], engine='python');"
              "print(m.exports.sieve(100), 'gvm.pyjit.keep' in sys.modules,"
              " 'gvm.cache.store' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script, str(WASM / "sieve.wasm")],
                         capture_output=True, text=True, timeout=120, cwd=ROOT,
                         env={**os.environ, "GVM_PYTHON_HOT": "0"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[1:] == ["False", "False"]


def _cold(*args):
    import subprocess
    import sys
    pytest.importorskip("pwasm")
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "cold.py"), "--repeat", "1",
                          "--benchmarks", "fib", *args],
                         capture_output=True, text=True, timeout=1200, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "results differ" not in out.stdout
    rows = [line.split("|")[1:-1] for line in out.stdout.splitlines()
            if line.startswith("| fib |")]
    return out.stdout, {row[2].strip(): [c.strip() for c in row] for row in rows}


def test_cold_runs_at_a_scaled_size_on_both_engines():
    _text, rows = _cold("--scale", "3")
    assert set(rows) == {"gvm-python", "pwasm-compile"}
    assert rows["gvm-python"][1] == rows["pwasm-compile"][1] == "17"   # fib: +2 is 2.6x work
    assert "(2 functions)" in rows["gvm-python"][7]


@pytest.mark.skipif(not __import__("shutil").which("valgrind"), reason="needs valgrind")
def test_cold_runs_counted_by_callgrind():
    text, rows = _cold("--callgrind")
    assert text.startswith("CPython instructions, millions (callgrind)")
    load, first, warm, cold = (float(rows["gvm-python"][k]) for k in (3, 4, 5, 6))
    assert cold == pytest.approx(load + first, abs=0.2) and 0 < warm < first


def test_translations_compile_without_the_compile_builtin():
    """compile() makes CPython create all its AST classes on a process's first call
    (about 9 million instructions); the python engine compiles through exec instead, and
    its code still names the function's file for backtraces."""
    import subprocess
    import sys
    script = ("import builtins, sys, gvm\n"
              "def refuse(*args, **kw): raise AssertionError('compile() called')\n"
              "m = gvm.instantiate(sys.argv[1], engine='python')\n"
              "builtins.compile = refuse\n"
              "print(m.exports.sieve(100))\n"
              "f = m.exports.sieve.extern.compiled['python'].call\n"
              "print(f.__code__.co_filename)\n")
    out = subprocess.run([sys.executable, "-c", script, str(WASM / "sieve.wasm")],
                         capture_output=True, text=True, timeout=120, cwd=ROOT,
                         env={**os.environ, "GVM_PYTHON_HOT": "0"})
    assert out.returncode == 0, out.stderr
    result, filename = out.stdout.split("\n")[:2]
    ref = gvm.instantiate(str(WASM / "sieve.wasm"), engine="reference")
    assert int(result) == ref.exports.sieve(100)
    assert filename.startswith("<wasm ")


@pytest.mark.skipif(not __import__("shutil").which("valgrind"), reason="needs valgrind")
def test_cold_callgrind_reports_the_error_of_an_engine_that_cannot_load_a_module(monkeypatch):
    pytest.importorskip("pwasm")
    import importlib.util
    import sys
    monkeypatch.setattr(sys, "path", list(sys.path))     # cold.py changes both
    monkeypatch.setenv("PWASM_CACHE_DIR", "")
    spec = importlib.util.spec_from_file_location("cold", ROOT / "benchmarks" / "cold.py")
    cold = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cold)
    out = cold.child("pwasm-compile", "blur_simd", 8192, "run", callgrind=True)
    assert "DecodeError" in out["error"] and not out["error"].startswith("==")


BRANCHES = """(module (tag $t (param i32)) (type $s (struct))
  (func $throw (param i32) (throw $t (local.get 0)))
  (func (export "f") (param i32 anyref) (result i32)
    (block $out (result i32)
      (block $h (result i32)
        (try_table (catch $t $h)
          (loop $l
            (br_if $l (i32.gt_u (local.get 0) (i32.const 100)))
            (block $a (block $b (br_table $a $b $b (local.get 0))))
            (drop (block $c (result (ref $s))
              (br_on_cast $c anyref (ref $s) (local.get 1)) (drop) (struct.new $s)))
            (if (local.get 0) (then (call $throw (local.get 0))))
            (br $out (i32.const 5))))
        (i32.const 1))))
  (func (export "g") (result i32)
    (block $x (try_table (catch_all $x) (call $throw (i32.const 1))))
    (i32.const 9)))"""


def _targets(side, handlers):
    """The targets of a side table's branch entries (if/else entries have none)."""
    out = {}
    for pc, entry in side.items():
        labels = entry if type(entry) is tuple else (entry,)
        found = [label.target for label in labels if hasattr(label, "target")]
        if found:
            out[pc] = found
    clauses = [(start, end, [(kind, tag, label.target) for kind, tag, label in c])
               for start, end, c in handlers]
    return list(out.items()), clauses


@pytest.mark.parametrize("module", ["json", "dispatch", "vm", "lz77", "BRANCHES"])
def test_labels_found_from_the_body_are_the_validators_side_table(module):
    """translate.py finds where branches land from the decoded body (labels.py) instead
    of asking the validator to walk the body again: the same targets, in the same order."""
    from gvm.pyjit.labels import Labels
    from gvm.pyjit.control import block_ends
    source = wat(BRANCHES) if module == "BRANCHES" else str(WASM / f"{module}.wasm")
    inst = gvm.instantiate(source, engine="python")
    for func in _functions(inst):
        body = func.func.body.decode()
        labels = Labels(body)
        assert labels.ends == block_ends(body)
        assert _targets(labels.side, labels.handlers) == _targets(func.info.side,
                                                                  func.info.handlers)
    if module == "BRANCHES":
        assert _targets(labels.side, labels.handlers)[1]    # the try_table's clauses
        assert (inst.exports.f(0, None), inst.exports.f(7, None), inst.exports.g()) == (5, 7, 9)


@pytest.mark.parametrize("template", [
    "({a} + {b})", "({a} % {b})", "({b} - {a})", "({a} if {a} else 0)", "(True)",
    "{{{a}}}", "({a} == 0)", "I32_ROTL({a}, {b})", "(%d <= {a} < 5)"])
def test_combine_fills_a_template_as_str_format_does(template):
    """combine's cached %-formats (stack._form) are only a faster str.format: operands
    used twice, b before a, a literal % or braces give the same text."""
    from gvm.pyjit.stack import Val, combine, var
    a, b = var("l0"), Val("(l1 + 1)", frozenset(("l1",)), size=1, lazy="0xFFFFFFFF")
    args = [a, b] if "{b}" in template else [a]
    for options in ({}, {"raw": True}, {"lazy": "0xFFFFFFFF"}, {"cond": True}):
        raw = options.get("raw") or options.get("lazy")
        fields = {k: v.raw() if raw else v.int() for k, v in zip("ab", args)}
        for _ in range(2):      # made, then from the cache
            assert combine(template, args, **options).x == template.format(**fields)


def test_every_numeric_instruction_has_a_handler_of_its_kind():
    from gvm import opcodes as O
    from gvm.pyjit import numeric as NUM
    kinds = {NUM.Facts(op).kind for op in O.OPCODES if op.is_numeric}
    assert kinds == {"eqz", "additive", "signed", "shift", "bitwise", "f64_div", "guarded",
                     "f32_rounded", "resized", "templated", "division", "call"}
    for op in O.OPCODES:
        if op.is_numeric:
            assert callable(T._handler(op))


@pytest.mark.parametrize("name, aligns, count, bits", [
    ("I32_ADD", (3, 2), None, 2), ("I64_SUB", (3, 0), None, 0), ("I32_AND", (3, 1), None, 3),
    ("I32_MUL", (20, 20), None, 32), ("I64_MUL", (2, 3), None, 5), ("I32_OR", (4, 5), None, 4),
    ("I32_SHL", (1, 0), "35", 4), ("I64_SHL", (0, 0), "3", 3), ("I32_SHL", (2, 0), None, 0),
    ("I32_WRAP_I64", (40,), None, 32), ("I64_EXTEND_I32_U", (5,), None, 5),
    ("I32_SHR_U", (4, 0), "1", 0), ("I32_EQ", (4, 4), None, 0), ("F64_ADD", (3, 3), None, 0)])
def test_int_align_of_each_rule(name, aligns, count, bits):
    """The low zero bits known of a result (NUM.ALIGNMENT's rules), as settle.py and
    the walk read them: the shift count is taken modulo the width."""
    from gvm.pyjit.stack import Val
    args = []
    for k, align in enumerate(aligns):
        v = Val(count if k == 1 and count else f"l{k}")
        v.align = align
        args.append(v)
    assert T.int_align(name, args) == bits
