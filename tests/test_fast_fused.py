"""The fast engine's register-form operators (gvm/_fast/gen_fused.py): each form of each
operator is lowered where its wasm sequence occurs, and computes what the reference
engine computes one instruction at a time, on edge operands and constants (NaNs,
signed zeros and infinities for f32 and f64, compared bit for bit)."""
import itertools
import math
import re
import struct

import pytest

import gvm
from gvm import opcodes as O
from gvm.engines import fast_available
from conftest import wat

pytestmark = pytest.mark.skipif(not fast_available(), reason="the fast engine is not built")

I32_VALUES = [0, 1, 5, 31, 32, 33, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x12345678]
I64_VALUES = [0, 1, 63, 64, 65, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000,
              0xFFFFFFFFFFFFFFFF, 0x123456789ABCDEF0, 0xFFFFFFFF]
F32_VALUES = [0.0, -0.0, 1.5, -2.25, 3.4028234663852886e38, 1.401298464324817e-45,
              math.inf, -math.inf, math.nan]
F64_VALUES = [0.0, -0.0, 1.5, -2.25, 1e308, 5e-324, math.inf, -math.inf, math.nan]
VALUES = {"i32": I32_VALUES, "i64": I64_VALUES, "f32": F32_VALUES, "f64": F64_VALUES}
CONSTANTS = {"i32": [3, -1, 0x7FFFFFF0], "i64": [3, -1, 0x100000005],
             "f32": ["1.5", "-0", "0x1p-149"], "f64": ["1.5", "-0", "1e300"]}


def _bits(value):
    """A result as comparable bits (NaN == NaN, -0 != +0)."""
    return struct.pack("<d", value) if isinstance(value, float) else value


def _fused_table():
    import gvm._fast.engine as engine
    return engine.FUSED


def _body(t, op, form, dest, const):
    """A body of (param t t) (result t) (local t) in which `form`+`dest` of `op` is
    lowered: a `nop` keeps the S forms' first operand from fusing into an L form."""
    operand = "local.get 1" if form[1] == "L" else f"{t}.const {const}"
    head = f"local.get 0 {operand}" if form[0] == "L" else f"local.get 0 nop {operand}"
    tail = {"": "", "_SET": "local.set 2 local.get 2",
            "_TEE": f"local.tee 2 local.get 2 {t}.add"}[dest]
    return f"{head} {op} {tail}"


def _cases():
    table = _fused_table()
    for (opcode, form, dest), code in sorted(table.items()):
        name = O.OPCODES[opcode].name
        t = name[:3]
        for k, const in enumerate(CONSTANTS[t]):
            if form[1] != "C" and k:
                continue
            yield f"f{code}_{k}", t, name, form, dest, const, code


def test_every_register_form_lowers_and_matches_the_reference():
    cases = list(_cases())
    assert len(cases) > 200
    funcs = "\n".join(
        f'(func (export "{fname}") (param {t} {t}) (result {t}) (local {t}) '
        f'{_body(t, op, form, dest, const)})'
        for fname, t, op, form, dest, const, _code in cases)
    module = wat(f"(module {funcs})")
    fast = gvm.instantiate(module, engine="fast")
    reference = gvm.instantiate(module, engine="reference")
    for index, (fname, t, op, form, dest, const, code) in enumerate(cases):
        cells = fast.engine.lower(fast.funcs[index]).cells
        assert code in cells, f"{op} {form}{dest}: not lowered to its register form"
        values = VALUES[t]
        f_fast = getattr(fast.exports, fname)
        f_ref = getattr(reference.exports, fname)
        for a, b in itertools.product(values, values[::3]):
            assert _bits(f_fast(a, b)) == _bits(f_ref(a, b)), \
                f"{op} {form}{dest} const={const} ({a}, {b})"


def test_generated_register_forms_are_current():
    from gvm._fast import gen_fused
    assert gen_fused.PXI.read_text() == gen_fused.render_pxi(), \
        "gvm/_fast/fused.pxi is stale: run python -m gvm._fast.gen_fused and rebuild"
    assert gen_fused.ENGINE.read_text() == gen_fused.render_engine(), \
        "run()'s register-form arms are stale: run python -m gvm._fast.gen_fused and rebuild"


LOAD_TEE_BR_IF = """
(module
  (memory 1)
  (data (i32.const 0) "\\08\\00\\00\\00\\02\\00\\00\\00\\0c\\00\\00\\00\\00\\00\\00\\00")
  ;; local.get; i32.load; local.tee (X_I32_LOAD_L_TEE): the value stays on the stack and in the local
  (func (export "load_tee") (param i32) (result i32) (local i32)
    local.get 0 i32.load offset=4 local.tee 1 local.get 1 i32.mul local.get 1 i32.add)
  ;; local.tee; br_if (X_LOCAL_TEE_BR_IF), forward with a value, and backward: a walk of
  ;; a list of offsets in memory that ends at 0
  (func (export "tee_br_if") (param i32) (result i32) (local i32)
    (block $b (result i32)
      i32.const 7
      local.get 0 local.tee 1 br_if $b
      drop local.get 1 i32.const 100 i32.add))
  (func (export "walk") (param i32) (result i32) (local i32 i32)
    (loop $next
      local.get 2 i32.const 1 i32.add local.set 2
      local.get 0 i32.load local.tee 0 br_if $next)
    local.get 2))
"""


def test_load_tee_and_tee_br_if_match_the_reference():
    module = wat(LOAD_TEE_BR_IF)
    fast = gvm.instantiate(module, engine="fast")
    reference = gvm.instantiate(module, engine="reference")
    for name, args in [("load_tee", 0), ("load_tee", 8), ("load_tee", 65528),
                       ("tee_br_if", 0), ("tee_br_if", 5), ("walk", 0), ("walk", 8),
                       ("walk", 12)]:
        expected = getattr(reference.exports, name)(args)
        assert getattr(fast.exports, name)(args) == expected, (name, args)
    assert fast.exports.walk(0) == 3
    for engine in (fast, reference):
        with pytest.raises(gvm.Trap, match="out of bounds memory access"):
            engine.exports.load_tee(65530)
        with pytest.raises(gvm.Trap, match="out of bounds memory access"):
            engine.exports.walk(4)      # 4 -> 2 -> 0x20000, past the memory


def test_compare_with_a_local_and_branch_lowers_and_matches_the_reference():
    import gvm._fast.engine as engine
    table = sorted(engine.BRANCH_SL.items())
    assert len(table) == 10
    funcs = "\n".join(
        f'(func (export "b{k}") (param i32 i32) (result i32) '
        f'(block $done (result i32) i32.const 1 local.get 0 nop local.get 1 '
        f'{O.OPCODES[opcode].name} br_if $done drop i32.const 2))'
        for k, (opcode, _code) in enumerate(table))
    module = wat(f"(module {funcs})")
    fast = gvm.instantiate(module, engine="fast")
    reference = gvm.instantiate(module, engine="reference")
    for k, (opcode, code) in enumerate(table):
        assert code in fast.engine.lower(fast.funcs[k]).cells, O.OPCODES[opcode].name
        for a, b in itertools.product(I32_VALUES, I32_VALUES):
            assert getattr(fast.exports, f"b{k}")(a, b) == getattr(reference.exports, f"b{k}")(a, b)


CONST_OPERANDS = {"i32": (0, 1, 5, -1, 0x7FFFFFFF, -0x80000000),
                  "i64": (0, 1, 64, -1, 0x7FFFFFFFFFFFFFFF, -0x8000000000000000, 0x100000000)}


def _const_branch_body(opcode, form, kind, c):
    """A body of (param T) (result i32) in which comparison `opcode` of local 0 with
    constant c feeds a br_if or an if (1 when it holds, 2 when not); for the SC form a
    `nop` keeps local.get out of the fusion, so the first operand is on the stack."""
    name = O.OPCODES[opcode].name
    head = "local.get 0" + (" nop" if form == "SC" else "")
    test = f"{head} {name[:3]}.const {c} {name}"
    if kind == "br_if":
        return f"(block $done (result i32) i32.const 1 {test} br_if $done drop i32.const 2)"
    return f"{test} (if (result i32) (then i32.const 1) (else i32.const 2))"


def test_compare_with_a_constant_and_branch_lowers_and_matches_the_reference():
    """Every BRANCH_C form (gen_fused.py): an i32 or i64 comparison of a local (LC) or
    of the stack's top (SC) with a constant, feeding br_if or if, at the edges."""
    import gvm._fast.engine as engine
    table = sorted(engine.BRANCH_C.items())
    assert len(table) == 40
    cases = [(opcode, form, kind, code, c)
             for (opcode, form), codes in table
             for kind, code in zip(("br_if", "if"), codes)
             for c in CONST_OPERANDS[O.OPCODES[opcode].name[:3]]]
    funcs = "\n".join(f'(func (export "c{k}") (param {O.OPCODES[opcode].name[:3]}) (result i32) '
                      f'{_const_branch_body(opcode, form, kind, c)})'
                      for k, (opcode, form, kind, _code, c) in enumerate(cases))
    module = wat(f"(module {funcs})")
    fast = gvm.instantiate(module, engine="fast")
    reference = gvm.instantiate(module, engine="reference")
    for k, (opcode, form, kind, code, c) in enumerate(cases):
        name = O.OPCODES[opcode].name
        assert code in fast.engine.lower(fast.funcs[k]).cells, (name, form, kind)
        for a in VALUES[name[:3]]:
            assert getattr(fast.exports, f"c{k}")(a) == getattr(reference.exports, f"c{k}")(a), \
                (name, form, kind, c, a)


def test_a_constant_set_to_a_local_lowers_and_matches_the_reference():
    """`T.const c; local.set x` of every value type is one cell (CONST_TO_LOCAL:
    X_LOCAL_SET_C32 for i32 and f32 bits, X_LOCAL_SET_C64 for i64 and f64), NaN
    payloads and signs kept."""
    import gvm._fast.engine as engine
    constants = {"i32": ["-1", "0x80000000", "7"], "i64": ["-1", "0x8000000000000001", "7"],
                 "f32": ["-0.0", "nan:0x200001", "-inf", "1.5"],
                 "f64": ["-0.0", "nan:0x8000000000001", "inf", "-2.25"]}
    cases = [(t, c) for t in constants for c in constants[t]]
    funcs = "\n".join(f'(func (export "s{k}") (param {t}) (result {t}) '
                      f'{t}.const {c} local.set 0 local.get 0)' for k, (t, c) in enumerate(cases))
    module = wat(f"(module {funcs})")
    fast = gvm.instantiate(module, engine="fast")
    reference = gvm.instantiate(module, engine="reference")
    for k, (t, c) in enumerate(cases):
        code = engine.CONST_TO_LOCAL[O.BY_NAME[f"{t}.const"].id]
        assert code in fast.engine.lower(fast.funcs[k]).cells, (t, c)
        got, expected = (getattr(e.exports, f"s{k}")(VALUES[t][1]) for e in (fast, reference))
        assert _bits(got) == _bits(expected), (t, c)


def _memory_cases():
    """(name, wasm instruction, form, destination, instruction) of every load and store
    form of fused.pxi's MEM_FUSED."""
    import gvm._fast.engine as engine
    for k, ((opcode, form, dest), code) in enumerate(sorted(engine.MEM_FUSED.items())):
        yield f"m{k}", O.OPCODES[opcode], form, dest, code


def _memory_body(op, form, dest, offset):
    """A body of (param i32 T) (result T...) (local T) in which `form`+`dest` of load or
    store `op` is lowered: a load returns its value (and the local's, for _TEE), a store
    nothing. A `nop` keeps the S and C forms' operand from fusing into an L form. The C
    forms take 3 from the address (as an add of -3 or, with an offset, a sub of 3)."""
    access = f"{op.name} offset={offset}"
    if form in ("L", "LL"):
        head = "local.get 0" + (" local.get 1" if form == "LL" else "")
    elif "C" in form:
        head = "local.get 0" + (" nop " if form[0] == "C" else " ")
        head += "i32.const 3 i32.sub" if offset else "i32.const -3 i32.add"
        head += " local.get 1" if form.endswith("CL") else ""
    else:
        head = "local.get 0 nop" + (" local.get 1" if form == "SL" else "")
    tail = {"": "", "_SET": "local.set 2 local.get 2", "_TEE": "local.tee 2 local.get 2"}[dest]
    return f"{head} {access} {tail}"


def _value_type(op):
    """The type of the value a load produces or a store takes, as text."""
    from gvm import types as T
    return T.type_name(op.results[0] if op.results else op.params[1])


MEMORY_VALUES = {"i32": [0x89ABCDEF, 7], "i64": [0xFEDCBA9876543210, 1],
                 "f32": [-1.5, math.inf], "f64": [-2.25, 1e300]}


def test_every_load_and_store_form_lowers_and_matches_the_reference():
    """Loads and stores with a local operand or a constant added to the address: the
    value, the local, the bytes written, and the bounds check at the last bytes of memory
    (an access that starts in bounds and ends past it traps, and so does one whose offset
    wraps past 2**32, or whose address plus the constant wraps to near 2**32)."""
    cases = list(_memory_cases())
    assert len(cases) >= 60
    funcs = []
    for name, op, form, dest, _code in cases:
        t = _value_type(op)
        results = {"": f"(result {t})", "_SET": f"(result {t})",
                   "_TEE": f"(result {t} {t})"}[dest] if op.results else ""
        for k, offset in enumerate((0, 5)):
            funcs.append(f'(func (export "{name}_{k}") (param i32 {t}) {results} (local {t}) '
                         f'{_memory_body(op, form, dest, offset)})')
    data = bytes(range(1, 256)) * 257
    module = wat('(module (memory (export "mem") 1) (data (i32.const 0) "%s") %s)' % (
        "".join(f"\\{b:02x}" for b in data[:65536]), "\n".join(funcs)))
    fast = gvm.instantiate(module, engine="fast")
    reference = gvm.instantiate(module, engine="reference")
    for index, (name, op, form, dest, code) in enumerate(cases):
        assert code in fast.engine.lower(fast.funcs[2 * index]).cells, \
            f"{op.name} {form}{dest}: not lowered to its form"
        t = _value_type(op)
        bits = re.search(r"(?:load|store)(\d+)", op.name)
        width = int(bits.group(1)) // 8 if bits else (8 if t in ("i64", "f64") else 4)
        for k, offset in enumerate((0, 5)):
            fname = f"{name}_{k}"
            addresses = [0, 3, 65536 - width - offset, 65537 - width - offset,
                         0xFFFFFFFF - offset]
            if "C" in form:         # the same accesses 3 further up; below 3 it wraps
                addresses = [(a + 3) & 0xFFFFFFFF for a in addresses] + [0, 2]
            for address in addresses:
                for value in MEMORY_VALUES[t] if not op.results else [MEMORY_VALUES[t][0]]:
                    outcome = []
                    for engine in (fast, reference):
                        try:
                            got = getattr(engine.exports, fname)(address, value)
                        except gvm.Trap as trap:
                            got = ("trap", str(trap).splitlines()[0])
                        got = tuple(map(_bits, got)) if isinstance(got, (list, tuple)) else _bits(got)
                        outcome.append((got, bytes(engine.exports.mem.read(0, 65536))))
                    assert outcome[0] == outcome[1], (op.name, form + dest, offset, address)


def _switch(name, sequence):
    """A switch on param 0 through `sequence` (the index's computation): 10, 20 or 30
    by case, 40 by default: a forward jump table (X_BR_TABLE_JUMP_FWD, or its _C form
    when `sequence` adds a constant)."""
    return f"""
  (func (export "{name}") (param i32) (result i32)
    (block $d (block $c (block $b (block $a
      local.get 0 {sequence} br_table $a $b $c $d)
      i32.const 10 return)
      i32.const 20 return)
      i32.const 30 return)
    i32.const 40)"""


def _countdown(branch):
    """A loop counting param 0 down to 0 and its turns up in local 1, leaving through
    `branch` on the decremented count: a br_table with backward and forward targets
    (X_BR_TABLE_JUMP, or its _C form when `branch` adds a constant)."""
    return f"""
  (func (export "countdown") (param i32) (result i32) (local i32)
    (block $out
      (loop $top
        local.get 1 i32.const 1 i32.add local.set 1
        local.get 0 i32.const 1 i32.sub local.tee 0
        {branch}))
    local.get 1)"""


def _agree_with_the_reference(module, calls):
    """Instantiate `module` on both engines, check that each (export, args) call gives
    the reference engine's results (bit for bit), and return the fast instance."""
    fast = gvm.instantiate(module, engine="fast")
    reference = gvm.instantiate(module, engine="reference")
    for name, args in calls:
        expected = getattr(reference.exports, name)(*args)
        got = getattr(fast.exports, name)(*args)
        if isinstance(got, (list, tuple)):
            assert tuple(got) == tuple(expected), (name, args)
        else:
            assert _bits(got) == _bits(expected), (name, args)
    return fast


# a C switch: br_table forward to blocks that take no values (X_BR_TABLE_JUMP_FWD)
BR_TABLE_JUMPS = """
(module""" + _switch("switch", "") + """
""" + _countdown("i32.eqz br_table $top $out") + """
  ;; a label that takes a value: the br_table moves it (not a jump table)
  (func (export "carry") (param i32) (result i32)
    (block $b (result i32) (block $a (result i32)
      i32.const 5 local.get 0 br_table $a $b) i32.const 100 i32.add))
)
"""


def test_br_table_jumps_match_the_reference():
    calls = [("switch", k) for k in (0, 1, 2, 3, 4, 0xFFFFFFFF)] + \
        [("countdown", k) for k in (1, 2, 100, 70000)] + [("carry", k) for k in (0, 1, 9)]
    fast = _agree_with_the_reference(wat(BR_TABLE_JUMPS), [(name, (k,)) for name, k in calls])
    assert fast.exports.countdown(70000) == 70000


CONST_SWITCHES = """
(module""" + _switch("add", "i32.const -5 i32.add") + _switch("add_nop", "i32.const -5 nop i32.add") \
    + _switch("sub", "i32.const 7 i32.sub") + _switch("wrap", "i32.const 0x80000000 i32.add") + """
""" + _countdown("i32.const 1 i32.add br_table $out $top") + """
  ;; a label that takes a value: not a jump table, not fused
  (func (export "carry") (param i32) (result i32)
    (block $b (result i32) (block $a (result i32)
      i32.const 5 local.get 0 i32.const 1 i32.add br_table $a $b) i32.const 100 i32.add))
)
"""


def test_br_table_of_an_index_plus_a_constant_lowers_and_matches_the_reference():
    """`i32.const c; i32.add (or i32.sub); br_table` as one cell: the sum wraps at 32
    bits before the index is clamped to the default."""
    indices = [0, 1, 4, 5, 6, 7, 8, 9, 0x7FFFFFFF, 0x80000000, 0x80000005, 0xFFFFFFFF]
    calls = [(name, k) for name in ("add", "add_nop", "sub", "wrap") for k in indices] \
        + [("countdown", k) for k in (1, 2, 100, 70000)] + [("carry", k) for k in (0, 1, 9)]
    fast = _agree_with_the_reference(wat(CONST_SWITCHES), [(name, (k,)) for name, k in calls])
    cells = [len(fast.engine.lower(f).cells) for f in fast.funcs[:2]]
    assert cells[0] < cells[1]        # add (fused) against add_nop (not)
    assert fast.exports.countdown(70000) == 70001   # until the index -1 + 1 picks $out
    assert fast.exports.wrap(0x80000002) == 30


LOCAL_RETURNS = """
(module
  (func (export "ret") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.lt_u (if (then local.get 1 return)) local.get 0)
  (func (export "ret_nop") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.lt_u (if (then local.get 1 nop return)) local.get 0 nop)
  (func (export "f64") (param f64) (result f64) (local f64)
    local.get 0 f64.neg local.set 1 local.get 1)
  (func (export "i64") (param i64) (result i64) local.get 0 return)
  ;; two results: X_RETURN, not fused
  (func (export "two") (param i32 i32) (result i32 i32) local.get 1 local.get 0)
  ;; the final end is a branch target: not fused
  (func (export "target") (param i32) (result i32)
    local.get 0 local.get 0 br_if 0 drop local.get 0 i32.const 1 i32.add)
  (func $callee (param i32) (result i32) local.get 0 i32.const 3 i32.mul)
  (func (export "caller") (param i32) (result i32)
    local.get 0 call $callee local.get 0 call $callee i32.add)
)
"""


def test_local_return_lowers_and_matches_the_reference():
    """`local.get x; return` and `local.get x` before the function's final `end` as one
    cell, X_RETURN_L, for one-result functions."""
    fast = _agree_with_the_reference(wat(LOCAL_RETURNS), [
        ("ret", (1, 2)), ("ret", (2, 1)), ("ret_nop", (1, 2)), ("ret_nop", (2, 1)),
        ("f64", (1.5,)), ("f64", (-0.0,)), ("i64", (0xFFFFFFFFFFFFFFFF,)),
        ("two", (1, 2)), ("target", (0,)), ("target", (5,)), ("caller", (7,))])
    cells = [len(fast.engine.lower(f).cells) for f in fast.funcs[:2]]
    assert cells[0] < cells[1]        # ret (fused twice) against ret_nop (not)
