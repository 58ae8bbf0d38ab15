"""Tests of gvm/interp/numeric.py, the numeric instructions (spec section 4.3).

Three oracles:
- hand-picked edge cases with their spec results (traps, boundaries of every truncation,
  signed zeros, NaN bit patterns, int-to-f32 rounding, f32 overflow);
- a small C program compiled with gcc at test time: C `float`/`double` arithmetic on
  x86-64 SSE, libm rounding functions and C casts are IEEE 754 operations, compared on
  thousands of random operands per instruction (skipped without gcc);
- the official spec tests: every function of the numeric .wast files whose body is one
  numeric instruction over its parameters, with its assert_return/assert_trap commands
  (skipped without wasm-tools or the suite).

NaN results are checked against the spec's rule rather than bit for bit (section 4.3.3):
a result NaN must be canonical when every NaN operand is canonical, else arithmetic
(quiet bit set). abs, neg, copysign and reinterpret are compared bit for bit, NaNs too.
"""
import functools
import inspect
import math
import os
import random
import re
import shutil
import subprocess
from fractions import Fraction

import pytest

from gvm import opcodes, types
from gvm.errors import Trap
from gvm.interp import numeric as N
from gvm.interp.numeric import NUMERIC
from gvm.values import f32_from_bits, f32_to_bits, f64_from_bits, f64_to_bits

from wast import convert, spec_suite, wasm_tools

NUMERIC_OPS = [opcodes.OPCODES[i] for i in NUMERIC]
F32_MAX = f32_from_bits(0x7F7FFFFF)
F32_NAN_BITS = {  # name -> bit pattern
    "canonical": 0x7FC00000, "-canonical": 0xFFC00000, "quiet payload": 0x7FC12345,
    "-quiet payload": 0xFFE00001, "signalling": 0x7F800001, "-signalling": 0xFFA00000,
}
F64_NAN_BITS = {
    "canonical": 0x7FF8000000000000, "-canonical": 0xFFF8000000000000,
    "quiet payload": 0x7FF8000012345678, "-quiet payload": 0xFFFC000000000001,
    "signalling": 0x7FF0000000000001, "-signalling": 0xFFF4000000000000,
}
BITS_OF = {types.I32: lambda v: v, types.I64: lambda v: v,
           types.F32: f32_to_bits, types.F64: f64_to_bits}
FROM_BITS = {types.I32: lambda v: v, types.I64: lambda v: v,
             types.F32: f32_from_bits, types.F64: f64_from_bits}
WIDTH = {types.I32: 32, types.I64: 64, types.F32: 32, types.F64: 64}
# Operations whose spec definition is bitwise, so NaN results are compared exactly.
BITWISE = {"abs", "neg", "copysign", "reinterpret_f32", "reinterpret_f64",
           "reinterpret_i32", "reinterpret_i64"}
TRAP_MESSAGES = {"Z": "integer divide by zero", "O": "integer overflow",
                 "I": "invalid conversion to integer"}


def f32(bits):
    return f32_from_bits(bits)


def f64(bits):
    return f64_from_bits(bits)


def f32_round(x):
    """The f32 nearest to a double, to build f32 test operands."""
    return f32_from_bits(f32_to_bits(x))


def is_nan_bits(t, bits):
    if t == types.F32:
        return bits & 0x7F800000 == 0x7F800000 and bits & 0x7FFFFF != 0
    return bits & 0x7FF0000000000000 == 0x7FF0000000000000 and bits & 0xFFFFFFFFFFFFF != 0


def is_canonical_bits(t, bits):
    if t == types.F32:
        return bits & 0x7FFFFFFF == 0x7FC00000
    return bits & 0x7FFFFFFFFFFFFFFF == 0x7FF8000000000000


def is_arithmetic_bits(t, bits):
    quiet = 0x7FC00000 if t == types.F32 else 0x7FF8000000000000
    return bits & quiet == quiet


def is_f32_value(x):
    """Whether a Python float is a valid f32 representation (gvm/values.py)."""
    if type(x) is not float:
        return False
    if x != x:  # the f32 payload lives in the top 23 bits of the double payload
        return f64_to_bits(x) & ((1 << 29) - 1) == 0
    return f64_to_bits(f32_from_bits(f32_to_bits(x))) == f64_to_bits(x)


def check_nan_rule(op, operand_bits, result_bits):
    """Section 4.3.3: a NaN result is canonical if all NaN operands are canonical (or
    there are none), else it is at least arithmetic."""
    t = op.results[0]
    nan_operands = [(pt, b) for pt, b in zip(op.params, operand_bits) if pt in
                    (types.F32, types.F64) and is_nan_bits(pt, b)]
    if all(is_canonical_bits(pt, b) for pt, b in nan_operands):
        assert is_canonical_bits(t, result_bits), \
            f"{op.name}{tuple(map(hex, operand_bits))} = {result_bits:#x}: not canonical"
    else:
        assert is_arithmetic_bits(t, result_bits), \
            f"{op.name}{tuple(map(hex, operand_bits))} = {result_bits:#x}: not arithmetic"


def run_op(op, operand_bits):
    """Apply an instruction to operands given as bit patterns. Returns ('value', bits)
    or ('trap', message), checking the representation of the result on the way."""
    args = [FROM_BITS[t](b) for t, b in zip(op.params, operand_bits)]
    try:
        result = NUMERIC[op.id](*args)
    except Trap as trap:
        return "trap", trap.message
    t = op.results[0]
    if t in (types.I32, types.I64):
        assert type(result) is int and 0 <= result < 1 << WIDTH[t], \
            f"{op.name}{tuple(map(hex, operand_bits))} = {result!r}"
    elif t == types.F32:
        assert is_f32_value(result), f"{op.name}{tuple(map(hex, operand_bits))} = {result!r}"
    else:
        assert type(result) is float
    return "value", BITS_OF[t](result)


def op_by_name(name):
    return opcodes.BY_NAME[name]


def call(name, *args):
    return getattr(N, op_by_name(name).const_name)(*args)


def same(x, y):
    """Bit-identical floats (distinguishes -0.0 from 0.0 and NaN payloads)."""
    return f64_to_bits(x) == f64_to_bits(y)


# --- The table ----------------------------------------------------------------------------

def test_every_numeric_row_has_a_function():
    first, last = opcodes.BY_NAME["i32.eqz"].id, opcodes.BY_NAME["i64.extend32_s"].id
    expected = {op.name for op in opcodes.OPCODES[first:last + 1]}
    expected |= {f"{r}.trunc_sat_{a}_{s}" for r in ("i32", "i64") for a in ("f32", "f64")
                 for s in "su"}
    assert {op.name for op in NUMERIC_OPS} == expected
    assert len(NUMERIC) == 136
    for op in NUMERIC_OPS:
        function = NUMERIC[op.id]
        assert function is getattr(N, op.const_name)
        assert len(inspect.signature(function).parameters) == len(op.params), op.name


def test_is_numeric_leaves_out_other_instructions():
    for name in ("i32.const", "f64.const", "nop", "drop", "memory.size", "i32.load",
                 "data.drop", "ref.i31", "ref.is_null"):
        assert not opcodes.BY_NAME[name].is_numeric, name


# --- Integer edge cases -------------------------------------------------------------------

M32, M64 = 0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF


@pytest.mark.parametrize("name, a, b, expected", [
    ("i32.div_s", 7, 2, 3),
    ("i32.div_s", -7 & M32, 2, -3 & M32),            # toward zero, not -4
    ("i32.div_s", 7, -2 & M32, -3 & M32),
    ("i32.div_s", -7 & M32, -2 & M32, 3),
    ("i32.div_s", 0x80000000, 2, 0xC0000000),
    ("i32.div_s", 0x80000000, 1, 0x80000000),
    ("i32.div_s", 0x7FFFFFFF, M32, 0x80000001),
    ("i32.div_u", M32, 2, 0x7FFFFFFF),
    ("i32.rem_s", -7 & M32, 2, M32),                 # sign of the dividend
    ("i32.rem_s", 7, -2 & M32, 1),
    ("i32.rem_s", 0x80000000, M32, 0),               # no trap
    ("i32.rem_s", 0x80000000, 2, 0),
    ("i32.rem_u", M32, 10, 5),
    ("i64.div_s", -7 & M64, 2, -3 & M64),
    ("i64.div_s", 0x8000000000000000, 2, 0xC000000000000000),
    ("i64.div_s", 0x7FFFFFFFFFFFFFFF, M64, 0x8000000000000001),
    ("i64.div_s", (-(10**18) - 1) & M64, 10**9, -(10**9) & M64),  # exact beyond doubles
    ("i64.rem_s", -7 & M64, 2, M64),
    ("i64.rem_s", 0x8000000000000000, M64, 0),
    ("i64.div_u", M64, 3, 0x5555555555555555),
    ("i64.rem_u", M64, 10, 5),
    ("i32.shl", 1, 33, 2), ("i32.shl", 1, 31, 0x80000000), ("i32.shl", M32, 32, M32),
    ("i32.shr_s", 0x80000000, 31, M32), ("i32.shr_s", 0x80000000, 32, 0x80000000),
    ("i32.shr_u", 0x80000000, 31, 1), ("i32.shr_u", 0x80000000, 0xFFFFFFE1, 0x40000000),
    ("i32.rotl", 0x80000001, 1, 3), ("i32.rotl", 0x12345678, 32, 0x12345678),
    ("i32.rotr", 3, 1, 0x80000001), ("i32.rotr", 0x12345678, 4, 0x81234567),
    ("i64.shl", 1, 65, 2), ("i64.shr_s", 1 << 63, 63, M64), ("i64.shr_u", 1 << 63, 127, 1),
    ("i64.rotl", 1 << 63, 1, 1), ("i64.rotr", 1, 65, 1 << 63), ("i64.rotl", 5, 64, 5),
    ("i32.lt_s", M32, 0, 1), ("i32.lt_u", M32, 0, 0), ("i32.gt_s", 0x7FFFFFFF, 0x80000000, 1),
    ("i32.le_s", 0x80000000, 0x80000000, 1), ("i32.ge_u", 0, M32, 0),
    ("i64.lt_s", M64, 0, 1), ("i64.gt_u", M64, 0, 1), ("i64.ge_s", 0, 1 << 63, 1),
    ("i32.add", M32, 1, 0), ("i32.sub", 0, 1, M32), ("i32.mul", 0x10000, 0x10000, 0),
    ("i64.add", M64, 2, 1), ("i64.sub", 0, 1, M64), ("i64.mul", 1 << 32, 1 << 32, 0),
    ("i64.mul", M64, M64, 1),
])
def test_integer_binary(name, a, b, expected):
    result = call(name, a, b)
    assert type(result) is int and result == expected


@pytest.mark.parametrize("name, a, expected", [
    ("i32.eqz", 0, 1), ("i32.eqz", 1 << 31, 0), ("i64.eqz", 0, 1), ("i64.eqz", 1 << 32, 0),
    ("i32.clz", 0, 32), ("i32.clz", 1, 31), ("i32.clz", M32, 0),
    ("i32.ctz", 0, 32), ("i32.ctz", 0x80000000, 31), ("i32.ctz", 6, 1),
    ("i32.popcnt", 0, 0), ("i32.popcnt", M32, 32),
    ("i64.clz", 0, 64), ("i64.clz", 1, 63), ("i64.ctz", 0, 64), ("i64.ctz", 1 << 63, 63),
    ("i64.popcnt", M64, 64),
    ("i32.wrap_i64", 0x123456789, 0x23456789),
    ("i64.extend_i32_s", 0x80000000, 0xFFFFFFFF80000000), ("i64.extend_i32_s", 5, 5),
    ("i64.extend_i32_u", 0x80000000, 0x80000000),
    ("i32.extend8_s", 0x80, 0xFFFFFF80), ("i32.extend8_s", 0x1237F, 0x7F),
    ("i32.extend16_s", 0x8000, 0xFFFF8000), ("i32.extend16_s", 0x17FFF, 0x7FFF),
    ("i64.extend8_s", 0xFF, M64), ("i64.extend16_s", 0x12348000, 0xFFFFFFFFFFFF8000),
    ("i64.extend32_s", 0x80000000, 0xFFFFFFFF80000000),
    ("i64.extend32_s", 0xFFFFFFFF7FFFFFFF, 0x7FFFFFFF),
])
def test_integer_unary(name, a, expected):
    result = call(name, a)
    assert type(result) is int and result == expected


@pytest.mark.parametrize("name, a, b, message", [
    ("i32.div_s", 1, 0, "integer divide by zero"),
    ("i32.div_u", 1, 0, "integer divide by zero"),
    ("i32.rem_s", 1, 0, "integer divide by zero"),
    ("i32.rem_u", 1, 0, "integer divide by zero"),
    ("i32.div_s", 0x80000000, 0, "integer divide by zero"),
    ("i32.div_s", 0x80000000, M32, "integer overflow"),
    ("i64.div_s", 1, 0, "integer divide by zero"),
    ("i64.div_u", 1, 0, "integer divide by zero"),
    ("i64.rem_s", 1, 0, "integer divide by zero"),
    ("i64.rem_u", 1, 0, "integer divide by zero"),
    ("i64.div_s", 1 << 63, M64, "integer overflow"),
])
def test_integer_traps(name, a, b, message):
    with pytest.raises(Trap) as info:
        call(name, a, b)
    assert info.value.message == message
    assert info.value.__suppress_context__ or info.value.__context__ is None


def test_integer_results_are_ints_not_bools():
    for op in NUMERIC_OPS:
        if op.results[0] in (types.I32, types.I64):
            args = [1.0 if t in (types.F32, types.F64) else 1 for t in op.params]
            assert type(NUMERIC[op.id](*args)) is int, op.name


# --- f32 rounding and overflow ------------------------------------------------------------

OVERFLOW_EDGE = 2.0 ** 128 - 2.0 ** 103  # rounds to inf under ties-to-even


def test_round_f32_overflow_boundary():
    below = math.nextafter(OVERFLOW_EDGE, 0)
    for sign in (1, -1):
        assert N.F32_DEMOTE_F64(sign * OVERFLOW_EDGE) == sign * math.inf
        assert N.F32_DEMOTE_F64(sign * below) == sign * F32_MAX
        assert N.F32_DEMOTE_F64(sign * 1e300) == sign * math.inf
        assert N.F32_DEMOTE_F64(sign * F32_MAX) == sign * F32_MAX
        # Through the arithmetic: the exact double sum sits on the boundary or below it.
        assert N.F32_ADD(sign * F32_MAX, sign * 2.0 ** 103) == sign * math.inf
        assert N.F32_ADD(sign * F32_MAX, sign * 2.0 ** 102) == sign * F32_MAX
        assert N.F32_SUB(sign * F32_MAX, -sign * 2.0 ** 103) == sign * math.inf
        assert N.F32_MUL(sign * F32_MAX, 2.0) == sign * math.inf
        assert N.F32_MUL(sign * F32_MAX, 1 + 2.0 ** -23) == sign * math.inf
        assert N.F32_DIV(sign * F32_MAX, 0.5) == sign * math.inf
        assert N.F32_DIV(sign * F32_MAX, f32_round(1 - 2 ** -24)) == sign * math.inf


def test_round_f32_subnormals_and_underflow():
    tiny = 2.0 ** -149  # least positive f32
    assert N.F32_DEMOTE_F64(tiny / 2) == 0.0                  # tie to even: zero
    assert same(N.F32_DEMOTE_F64(-tiny / 2), -0.0)
    assert N.F32_DEMOTE_F64(math.nextafter(tiny / 2, 1)) == tiny
    assert N.F32_DEMOTE_F64(tiny * 1.5) == tiny * 2           # tie to even: up
    assert N.F32_DEMOTE_F64(tiny * 2.5) == tiny * 2           # tie to even: down
    assert same(N.F32_DEMOTE_F64(-1e-300), -0.0)
    assert N.F32_MUL(tiny, 0.5) == 0.0
    assert N.F32_DIV(tiny * 3, 2.0) == tiny * 2
    assert N.F32_DEMOTE_F64(1 + 2.0 ** -24) == 1.0            # tie to even: down
    assert N.F32_DEMOTE_F64(1 + 3 * 2.0 ** -24) == 1 + 2.0 ** -22
    assert N.F32_ADD(1.0, 2.0 ** -24) == 1.0
    assert N.F32_ADD(1.0, f32_round(2.0 ** -24 + 2.0 ** -40)) == 1 + 2.0 ** -23


# --- NaNs ---------------------------------------------------------------------------------

def canonical_producing_cases():
    inf = math.inf
    for width in ("f32", "f64"):
        yield width, "add", (inf, -inf)
        yield width, "sub", (inf, inf)
        yield width, "mul", (0.0, inf)
        yield width, "mul", (-inf, 0.0)
        yield width, "div", (0.0, 0.0)
        yield width, "div", (-0.0, 0.0)
        yield width, "div", (inf, -inf)
        yield width, "sqrt", (-1.0,)
        yield width, "sqrt", (-inf,)
        yield width, "sqrt", (-(2.0 ** -149),)


@pytest.mark.parametrize("width, name, args", list(canonical_producing_cases()))
def test_invalid_operations_give_canonical_nan(width, name, args):
    op = op_by_name(f"{width}.{name}")
    t = op.results[0]
    kind, bits = run_op(op, [BITS_OF[t](x) for x in args])
    assert kind == "value" and is_canonical_bits(t, bits), hex(bits)


NAN_PROPAGATING = ["add", "sub", "mul", "div", "min", "max", "sqrt", "ceil", "floor",
                   "trunc", "nearest"]


@pytest.mark.parametrize("width", ["f32", "f64"])
@pytest.mark.parametrize("name", NAN_PROPAGATING)
def test_nan_operands_give_arithmetic_or_canonical_nans(width, name):
    op = op_by_name(f"{width}.{name}")
    nans = F32_NAN_BITS if width == "f32" else F64_NAN_BITS
    t = op.results[0]
    others = [BITS_OF[t](x) for x in (0.0, -0.0, 1.5, -math.inf, math.inf)]
    for nan_bits in nans.values():
        if len(op.params) == 1:
            cases = [(nan_bits,)]
        else:
            cases = [(nan_bits, o) for o in others] + [(o, nan_bits) for o in others]
            cases += [(nan_bits, n2) for n2 in nans.values()]
        for operands in cases:
            kind, bits = run_op(op, operands)
            assert kind == "value" and is_nan_bits(t, bits)
            check_nan_rule(op, operands, bits)


def test_nan_payload_survives_arithmetic():
    # Not required by the spec (any arithmetic NaN would do), but the hardware keeps
    # the payload and the f32 mapping must not lose it on the way.
    assert f32_to_bits(N.F32_ADD(f32(0x7FA12345), 1.0)) == 0x7FE12345
    assert f32_to_bits(N.F32_SQRT(f32(0xFF812345))) == 0xFFC12345
    assert f64_to_bits(N.F64_MUL(2.0, f64(0x7FF0000000000123))) == 0x7FF8000000000123


@pytest.mark.parametrize("width", ["f32", "f64"])
def test_sign_operations_are_bit_exact_on_nans(width):
    nans = F32_NAN_BITS if width == "f32" else F64_NAN_BITS
    sign = 1 << 31 if width == "f32" else 1 << 63
    t = types.F32 if width == "f32" else types.F64
    frm, to = FROM_BITS[t], BITS_OF[t]
    for bits in nans.values():
        x = frm(bits)
        assert to(call(f"{width}.neg", x)) == bits ^ sign
        assert to(call(f"{width}.abs", x)) == bits & ~sign
        assert to(call(f"{width}.copysign", x, -1.0)) == bits | sign
        assert to(call(f"{width}.copysign", x, 1.0)) == bits & ~sign
        assert to(call(f"{width}.copysign", 2.0, x)) == to(2.0) | (bits & sign)
        assert to(call(f"{width}.copysign", x, frm(0xFFC00000 if width == "f32"
                                                        else 0xFFF8000000000000))) == bits | sign
    for x, y in ((0.0, -0.0), (-0.0, 0.0), (math.inf, -math.inf)):
        assert same(call(f"{width}.neg", x), y)
    assert same(call(f"{width}.abs", -0.0), 0.0)
    assert same(call(f"{width}.copysign", 1.0, -0.0), -1.0)


def test_promote_and_demote_nans():
    for name, bits in F32_NAN_BITS.items():
        result = f64_to_bits(N.F64_PROMOTE_F32(f32(bits)))
        # Promotion quiets and keeps sign and payload (payload in the top bits).
        assert result == ((bits >> 31) << 63 | 0x7FF8000000000000 | (bits & 0x3FFFFF) << 29), name
    for name, bits in F64_NAN_BITS.items():
        op = op_by_name("f32.demote_f64")
        kind, result = run_op(op, [bits])
        assert is_nan_bits(types.F32, result), name
        check_nan_rule(op, [bits], result)
        assert result >> 31 == bits >> 63  # the sign survives
    assert same(N.F64_PROMOTE_F32(-0.0), -0.0)
    assert same(N.F32_DEMOTE_F64(-0.0), -0.0)
    assert N.F64_PROMOTE_F32(f32(0x00000001)) == 2.0 ** -149


# --- Division by zero, min/max, rounding to integers ------------------------------------

@pytest.mark.parametrize("width", ["f32", "f64"])
def test_division_by_zero(width):
    div = getattr(N, f"{width.upper()}_DIV")
    assert same(div(1.0, 0.0), math.inf)
    assert same(div(1.0, -0.0), -math.inf)
    assert same(div(-1.0, 0.0), -math.inf)
    assert same(div(-1.0, -0.0), math.inf)
    assert same(div(-math.inf, 0.0), -math.inf)
    assert same(div(0.0, math.inf), 0.0)
    assert same(div(-0.0, math.inf), -0.0)
    assert same(div(1.0, -math.inf), -0.0)
    assert div(0.0, 0.0) != div(0.0, 0.0)


MIN_MAX_CASES = [  # a, b, min, max
    (0.0, -0.0, -0.0, 0.0), (-0.0, 0.0, -0.0, 0.0), (0.0, 0.0, 0.0, 0.0),
    (-0.0, -0.0, -0.0, -0.0), (1.0, 2.0, 1.0, 2.0), (-math.inf, math.inf, -math.inf, math.inf),
    (3.5, 3.5, 3.5, 3.5), (-1.0, -0.0, -1.0, -0.0),
]


@pytest.mark.parametrize("width", ["f32", "f64"])
@pytest.mark.parametrize("a, b, lo, hi", MIN_MAX_CASES)
def test_min_max(width, a, b, lo, hi):
    fmin, fmax = getattr(N, f"{width.upper()}_MIN"), getattr(N, f"{width.upper()}_MAX")
    assert same(fmin(a, b), lo) and same(fmin(b, a), lo)
    assert same(fmax(a, b), hi) and same(fmax(b, a), hi)


ROUNDING_CASES = [  # x, ceil, floor, trunc, nearest
    (0.5, 1.0, 0.0, 0.0, 0.0),
    (-0.5, -0.0, -1.0, -0.0, -0.0),
    (-0.4, -0.0, -1.0, -0.0, -0.0),
    (1.5, 2.0, 1.0, 1.0, 2.0),
    (2.5, 3.0, 2.0, 2.0, 2.0),
    (-2.5, -2.0, -3.0, -2.0, -2.0),
    (-3.5, -3.0, -4.0, -3.0, -4.0),
    (0.0, 0.0, 0.0, 0.0, 0.0),
    (-0.0, -0.0, -0.0, -0.0, -0.0),
    (2.0 ** -149, 1.0, 0.0, 0.0, 0.0),
    (-(2.0 ** -149), -0.0, -1.0, -0.0, -0.0),
    (8388607.5, 8388608.0, 8388607.0, 8388607.0, 8388608.0),
    (8388609.0, 8388609.0, 8388609.0, 8388609.0, 8388609.0),
    (-8388607.5, -8388607.0, -8388608.0, -8388607.0, -8388608.0),
    (math.inf, math.inf, math.inf, math.inf, math.inf),
    (-math.inf, -math.inf, -math.inf, -math.inf, -math.inf),
    (F32_MAX, F32_MAX, F32_MAX, F32_MAX, F32_MAX),
]
F64_ROUNDING_CASES = [
    (4503599627370495.5, 4503599627370496.0, 4503599627370495.0, 4503599627370495.0,
     4503599627370496.0),
    (4503599627370494.5, 4503599627370495.0, 4503599627370494.0, 4503599627370494.0,
     4503599627370494.0),
    (-4503599627370495.5, -4503599627370495.0, -4503599627370496.0, -4503599627370495.0,
     -4503599627370496.0),
    (4503599627370497.0, 4503599627370497.0, 4503599627370497.0, 4503599627370497.0,
     4503599627370497.0),
    (0.49999999999999994, 1.0, 0.0, 0.0, 0.0),
    (1e300, 1e300, 1e300, 1e300, 1e300),
]


@pytest.mark.parametrize("width, case", [("f32", c) for c in ROUNDING_CASES]
                         + [("f64", c) for c in ROUNDING_CASES + F64_ROUNDING_CASES])
def test_rounding_to_integers(width, case):
    x, *expected = case
    for name, want in zip(("ceil", "floor", "trunc", "nearest"), expected):
        assert same(call(f"{width}.{name}", x), want), (name, x)


# --- Truncation to integers ---------------------------------------------------------------

def f32_below(x):
    return f32_from_bits(f32_to_bits(x) - 1) if x > 0 else f32_from_bits(f32_to_bits(x) + 1)


def f32_beyond(x):
    """The next f32 further from zero."""
    return f32_from_bits(f32_to_bits(x) + 1)


def f64_below(x):
    return math.nextafter(x, 0)


def f64_beyond(x):
    return math.nextafter(x, math.copysign(math.inf, x))


def trunc_boundaries():
    """(source, target, signed, [(x, result, or None for the overflow trap)]): the
    extreme operands that truncate into range, and their neighbours outside it."""
    for src in ("f32", "f64"):
        toward0, away = (f32_below, f32_beyond) if src == "f32" else (f64_below, f64_beyond)
        for dst, bits in (("i32", 32), ("i64", 64)):
            lo, hi, top = -2.0 ** (bits - 1), 2.0 ** (bits - 1), 2.0 ** bits
            if (src, dst) == ("f64", "i32"):
                # Doubles above -2**31 - 1 truncate to -2**31: the range ends there.
                lowest, outside = toward0(lo - 1), lo - 1
            else:
                lowest, outside = lo, away(lo)
            yield src, dst, True, [
                (lo, 1 << (bits - 1)), (lowest, 1 << (bits - 1)), (outside, None),
                (toward0(hi), int(toward0(hi))), (hi, None), (-0.9, 0), (-0.0, 0), (0.9, 0),
                (-1.5, (1 << bits) - 1), (1e30, None), (-1e30, None)]
            yield src, dst, False, [
                (-0.9, 0), (-0.0, 0), (-1.0, None), (toward0(top), int(toward0(top))),
                (top, None), (1.9, 1), (-1e30, None)]


@pytest.mark.parametrize("src, dst, signed, cases", list(trunc_boundaries()))
def test_trunc_boundaries(src, dst, signed, cases):
    suffix = "s" if signed else "u"
    trunc = getattr(N, f"{dst}_TRUNC_{src}_{suffix}".upper())
    sat = getattr(N, f"{dst}_TRUNC_SAT_{src}_{suffix}".upper())
    bits = 32 if dst == "i32" else 64
    mask = (1 << bits) - 1
    smin, smax = (1 << (bits - 1), mask >> 1) if signed else (0, mask)
    for x, want in cases:
        if src == "f32":
            x = f32_round(x)
        if want is None:
            with pytest.raises(Trap, match="^integer overflow$"):
                trunc(x)
            assert sat(x) == (smin if x < 0 else smax), x
        else:
            assert trunc(x) == want, x
            assert sat(x) == want, x
    for special, sat_result in ((math.inf, smax), (-math.inf, smin)):
        with pytest.raises(Trap, match="^integer overflow$"):
            trunc(special)
        assert sat(special) == sat_result
    nans = F32_NAN_BITS if src == "f32" else F64_NAN_BITS
    for nan_bits in nans.values():
        x = (f32_from_bits if src == "f32" else f64_from_bits)(nan_bits)
        with pytest.raises(Trap, match="^invalid conversion to integer$"):
            trunc(x)
        assert sat(x) == 0


# --- Conversions from integers ------------------------------------------------------------

@pytest.mark.parametrize("name, a, expected", [
    ("f32.convert_i32_s", 0x80000000, -2.0 ** 31),
    ("f32.convert_i32_s", M32, -1.0),
    ("f32.convert_i32_s", 2 ** 24 + 1, 2.0 ** 24),                 # tie to even: down
    ("f32.convert_i32_s", 2 ** 24 + 3, 2.0 ** 24 + 4),             # tie to even: up
    ("f32.convert_i32_s", -(2 ** 24 + 1) & M32, -2.0 ** 24),
    ("f32.convert_i32_s", 0x7FFFFFFF, 2.0 ** 31),
    ("f32.convert_i32_u", M32, 2.0 ** 32),
    ("f32.convert_i32_u", 0x80000080, 2.0 ** 31),                  # tie to even: down
    ("f32.convert_i32_u", 0x80000181, 2.0 ** 31 + 512),
    ("f32.convert_i64_s", 2 ** 53 + 1, 2.0 ** 53),
    ("f32.convert_i64_s", 2 ** 63 - 1, 2.0 ** 63),
    ("f32.convert_i64_s", 1 << 63, -2.0 ** 63),
    ("f32.convert_i64_s", M64, -1.0),
    # 2**60 + 2**36 + 1 is just above the f32 halfway point between 2**60 and 2**60 +
    # 2**37, but rounds to that halfway point as a double: float() then f32 goes down.
    ("f32.convert_i64_s", 2 ** 60 + 2 ** 36 + 1, 2.0 ** 60 + 2.0 ** 37),
    ("f32.convert_i64_s", -(2 ** 60 + 2 ** 36 + 1) & M64, -(2.0 ** 60 + 2.0 ** 37)),
    ("f32.convert_i64_s", 2 ** 60 + 2 ** 36, 2.0 ** 60),
    ("f32.convert_i64_s", 2 ** 60 + 3 * 2 ** 36, 2.0 ** 60 + 2.0 ** 38),
    ("f32.convert_i64_s", 0x0020000020000001, 9007200328482816.0),  # from conversions.wast
    ("f32.convert_i64_u", M64, 2.0 ** 64),
    ("f32.convert_i64_u", 2 ** 63 + 2 ** 39, 2.0 ** 63),
    ("f32.convert_i64_u", 2 ** 63 + 2 ** 39 + 1, 2.0 ** 63 + 2.0 ** 40),
    ("f32.convert_i64_u", 0xFFFFFF7FFFFFFFFF, 2.0 ** 64 - 2.0 ** 40),
    ("f32.convert_i64_u", 0, 0.0),
    ("f64.convert_i32_s", 0x80000000, -2.0 ** 31),
    ("f64.convert_i32_u", M32, 4294967295.0),
    ("f64.convert_i64_s", 2 ** 53 + 1, 2.0 ** 53),
    ("f64.convert_i64_s", 2 ** 53 + 3, 2.0 ** 53 + 4),
    ("f64.convert_i64_s", 1 << 63, -2.0 ** 63),
    ("f64.convert_i64_s", 2 ** 63 - 1, 2.0 ** 63),
    ("f64.convert_i64_u", M64, 2.0 ** 64),
    ("f64.convert_i64_u", 2 ** 63 + 1025, 2.0 ** 63 + 2048),
])
def test_convert(name, a, expected):
    result = call(name, a)
    assert same(result, expected), (result, expected)
    if name.startswith("f32"):
        assert is_f32_value(result)


def test_int_to_f32_rounding_exhaustively_near_ties():
    # Every rounding position 1..40 bits, at and around exact ties, both signs: the
    # reference rounds with exact rational arithmetic.
    for shift in range(1, 41):
        for mantissa in (0x800000, 0x800001, 0xFFFFFF, 0xABCDEF):
            for offset in (-1, 0, 1):
                n = (mantissa << shift) + (1 << (shift - 1)) + offset
                lower = (n >> shift) << shift
                upper = lower + (1 << shift)
                if n - lower != upper - n:
                    want = lower if n - lower < upper - n else upper
                else:
                    want = lower if (lower >> shift) % 2 == 0 else upper
                assert Fraction(N.F32_CONVERT_I64_U(n)) == want, n
                if n < 1 << 63:
                    assert Fraction(N.F32_CONVERT_I64_S(-n & M64)) == -want, n


def test_reinterpret_round_trips_every_bit_pattern_class():
    rng = random.Random(7)
    patterns32 = list(F32_NAN_BITS.values()) + [0, 0x80000000, 0x7F800000, 0xFF800000, 1]
    patterns32 += [rng.getrandbits(32) for _ in range(2000)]
    for bits in patterns32:
        assert N.I32_REINTERPRET_F32(N.F32_REINTERPRET_I32(bits)) == bits
    patterns64 = list(F64_NAN_BITS.values()) + [rng.getrandbits(64) for _ in range(2000)]
    for bits in patterns64:
        assert N.I64_REINTERPRET_F64(N.F64_REINTERPRET_I64(bits)) == bits


# --- Random operands against C ------------------------------------------------------------

C_ORACLE = r"""
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint32_t u32; typedef int32_t i32; typedef uint64_t u64; typedef int64_t i64;

static float F(u64 b) { u32 x = (u32)b; float f; memcpy(&f, &x, 4); return f; }
static double D(u64 b) { double d; memcpy(&d, &b, 8); return d; }
static u64 BF(float f) { u32 x; memcpy(&x, &f, 4); return x; }
static u64 BD(double d) { u64 x; memcpy(&x, &d, 8); return x; }

/* min/max per the spec: NaN if either is NaN, -0 below +0. */
#define MINMAX(T, name, less) static T name(T x, T y) { \
    if (x != x || y != y) return x + y; \
    if (x == y) return (signbit(x) == less) ? x : y; /* zeros of different sign */ \
    return (x < y) == less ? x : y; }
MINMAX(float, min32, 1) MINMAX(float, max32, 0) MINMAX(double, min64, 1) MINMAX(double, max64, 0)

#define A32 ((u32)a)
#define B32 ((u32)b)
#define OP(name, body) static int name(u64 a, u64 b, u64 *r) { (void)a; (void)b; body; return 0; }

#define INT_OPS(N, U, S, W) \
OP(N##_EQZ, *r = (U)a == 0) \
OP(N##_EQ, *r = (U)a == (U)b) OP(N##_NE, *r = (U)a != (U)b) \
OP(N##_LT_S, *r = (S)a < (S)b) OP(N##_LT_U, *r = (U)a < (U)b) \
OP(N##_GT_S, *r = (S)a > (S)b) OP(N##_GT_U, *r = (U)a > (U)b) \
OP(N##_LE_S, *r = (S)a <= (S)b) OP(N##_LE_U, *r = (U)a <= (U)b) \
OP(N##_GE_S, *r = (S)a >= (S)b) OP(N##_GE_U, *r = (U)a >= (U)b) \
OP(N##_POPCNT, *r = __builtin_popcountll((U)a)) \
OP(N##_ADD, *r = (U)((U)a + (U)b)) OP(N##_SUB, *r = (U)((U)a - (U)b)) \
OP(N##_MUL, *r = (U)((U)a * (U)b)) \
OP(N##_DIV_S, if (!(U)b) return 'Z'; \
    if ((S)a == (S)((U)1 << (W - 1)) && (S)b == -1) return 'O'; *r = (U)((S)a / (S)b)) \
OP(N##_DIV_U, if (!(U)b) return 'Z'; *r = (U)a / (U)b) \
OP(N##_REM_S, if (!(U)b) return 'Z'; *r = (S)b == -1 ? 0 : (U)((S)a % (S)b)) \
OP(N##_REM_U, if (!(U)b) return 'Z'; *r = (U)a % (U)b) \
OP(N##_AND, *r = (U)a & (U)b) OP(N##_OR, *r = (U)a | (U)b) OP(N##_XOR, *r = (U)a ^ (U)b) \
OP(N##_SHL, *r = (U)((U)a << ((U)b % W))) \
OP(N##_SHR_S, *r = (U)((S)a >> ((U)b % W))) \
OP(N##_SHR_U, *r = (U)a >> ((U)b % W)) \
OP(N##_ROTL, *r = (U)(((U)a << ((U)b % W)) | ((U)a >> ((W - (U)b % W) % W)))) \
OP(N##_ROTR, *r = (U)(((U)a >> ((U)b % W)) | ((U)a << ((W - (U)b % W) % W))))
INT_OPS(I32, u32, i32, 32)
INT_OPS(I64, u64, i64, 64)
OP(I32_CLZ, *r = A32 ? __builtin_clz(A32) : 32)
OP(I32_CTZ, *r = A32 ? __builtin_ctz(A32) : 32)
OP(I64_CLZ, *r = a ? __builtin_clzll(a) : 64)
OP(I64_CTZ, *r = a ? __builtin_ctzll(a) : 64)

#define FLOAT_OPS(N, T, GET, PUT, SUF, MIN, MAX) \
OP(N##_EQ, *r = GET(a) == GET(b)) OP(N##_NE, *r = GET(a) != GET(b)) \
OP(N##_LT, *r = GET(a) < GET(b)) OP(N##_GT, *r = GET(a) > GET(b)) \
OP(N##_LE, *r = GET(a) <= GET(b)) OP(N##_GE, *r = GET(a) >= GET(b)) \
OP(N##_ABS, *r = PUT(fabs##SUF(GET(a)))) OP(N##_NEG, *r = PUT(-GET(a))) \
OP(N##_CEIL, *r = PUT(ceil##SUF(GET(a)))) OP(N##_FLOOR, *r = PUT(floor##SUF(GET(a)))) \
OP(N##_TRUNC, *r = PUT(trunc##SUF(GET(a)))) \
OP(N##_NEAREST, *r = PUT(nearbyint##SUF(GET(a)))) \
OP(N##_SQRT, *r = PUT(sqrt##SUF(GET(a)))) \
OP(N##_ADD, *r = PUT(GET(a) + GET(b))) OP(N##_SUB, *r = PUT(GET(a) - GET(b))) \
OP(N##_MUL, *r = PUT(GET(a) * GET(b))) OP(N##_DIV, *r = PUT(GET(a) / GET(b))) \
OP(N##_MIN, *r = PUT(MIN(GET(a), GET(b)))) OP(N##_MAX, *r = PUT(MAX(GET(a), GET(b)))) \
OP(N##_COPYSIGN, *r = PUT(copysign##SUF(GET(a), GET(b))))
FLOAT_OPS(F32, float, F, BF, f, min32, max32)
FLOAT_OPS(F64, double, D, BD, , min64, max64)

/* trunc(x) must lie in [lo, hi); the result is cast through the signed type T. */
#define TRUNC(name, GET, lo, hi, T, U) OP(name, double x = GET(a); if (x != x) return 'I'; \
    double t = trunc(x); if (!(t >= lo && t < hi)) return 'O'; *r = (U)(T)t)
#define SAT(name, GET, lo, hi, T, U, LOW, HIGH) OP(name, double x = GET(a); double t = trunc(x); \
    *r = x != x ? 0 : t < lo ? (U)(T)LOW : t >= hi ? (U)(T)HIGH : (U)(T)t)
#define TRUNCS(SRC, GET) \
TRUNC(I32_TRUNC_##SRC##_S, GET, -2147483648.0, 2147483648.0, i32, u32) \
TRUNC(I32_TRUNC_##SRC##_U, GET, 0.0, 4294967296.0, u32, u32) \
TRUNC(I64_TRUNC_##SRC##_S, GET, -9223372036854775808.0, 9223372036854775808.0, i64, u64) \
TRUNC(I64_TRUNC_##SRC##_U, GET, 0.0, 18446744073709551616.0, u64, u64) \
SAT(I32_TRUNC_SAT_##SRC##_S, GET, -2147483648.0, 2147483648.0, i32, u32, INT32_MIN, INT32_MAX) \
SAT(I32_TRUNC_SAT_##SRC##_U, GET, 0.0, 4294967296.0, u32, u32, 0, UINT32_MAX) \
SAT(I64_TRUNC_SAT_##SRC##_S, GET, -9223372036854775808.0, 9223372036854775808.0, i64, u64, \
    INT64_MIN, INT64_MAX) \
SAT(I64_TRUNC_SAT_##SRC##_U, GET, 0.0, 18446744073709551616.0, u64, u64, 0, UINT64_MAX)
TRUNCS(F32, F)
TRUNCS(F64, D)

OP(I32_WRAP_I64, *r = A32)
OP(I64_EXTEND_I32_S, *r = (u64)(i64)(i32)A32)
OP(I64_EXTEND_I32_U, *r = A32)
OP(F32_CONVERT_I32_S, *r = BF((float)(i32)A32))
OP(F32_CONVERT_I32_U, *r = BF((float)A32))
OP(F32_CONVERT_I64_S, *r = BF((float)(i64)a))
OP(F32_CONVERT_I64_U, *r = BF((float)a))
OP(F64_CONVERT_I32_S, *r = BD((double)(i32)A32))
OP(F64_CONVERT_I32_U, *r = BD((double)A32))
OP(F64_CONVERT_I64_S, *r = BD((double)(i64)a))
OP(F64_CONVERT_I64_U, *r = BD((double)a))
OP(F32_DEMOTE_F64, *r = BF((float)D(a)))
OP(F64_PROMOTE_F32, *r = BD((double)F(a)))
OP(I32_REINTERPRET_F32, *r = A32)
OP(I64_REINTERPRET_F64, *r = a)
OP(F32_REINTERPRET_I32, *r = A32)
OP(F64_REINTERPRET_I64, *r = a)
OP(I32_EXTEND8_S, *r = (u32)(i32)(int8_t)A32)
OP(I32_EXTEND16_S, *r = (u32)(i32)(int16_t)A32)
OP(I64_EXTEND8_S, *r = (u64)(i64)(int8_t)a)
OP(I64_EXTEND16_S, *r = (u64)(i64)(int16_t)a)
OP(I64_EXTEND32_S, *r = (u64)(i64)(i32)a)

static const struct { const char *name; int (*fn)(u64, u64, u64 *); } OPS[] = {
/*TABLE*/
};

/* stdin: lines "NAME a b" (hex bit patterns). stdout: the result in hex, or the trap
   letter: Z (divide by zero), O (overflow), I (invalid conversion). */
int main(void) {
    char name[64];
    unsigned long long a, b;
    while (scanf("%63s %llx %llx", name, &a, &b) == 3) {
        size_t i = 0;
        while (strcmp(OPS[i].name, name)) i++;
        u64 r = 0;
        int trap = OPS[i].fn(a, b, &r);
        if (trap) printf("%c\n", trap); else printf("%llx\n", (unsigned long long)r);
    }
    return 0;
}
"""


@pytest.fixture(scope="module")
def c_oracle(tmp_path_factory):
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.skip("gcc not available")
    table = ",\n".join(f'    {{"{op.const_name}", {op.const_name}}}' for op in NUMERIC_OPS)
    directory = tmp_path_factory.mktemp("numeric_oracle")
    source = directory / "oracle.c"
    source.write_text(C_ORACLE.replace("/*TABLE*/", table))
    binary = directory / "oracle"
    # No -ffast-math, no contraction into FMA: plain IEEE operations.
    subprocess.run([gcc, "-O2", "-std=gnu11", "-ffp-contract=off", "-o", str(binary),
                    str(source), "-lm"], check=True)

    def run(lines):
        out = subprocess.run([str(binary)], input="".join(lines), capture_output=True,
                             text=True, check=True).stdout.split()
        assert len(out) == len(lines)
        return out
    return run


@functools.cache
def special_floats(t):
    values = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -2.5, 0.49999997, math.inf, -math.inf,
              F32_MAX, -F32_MAX, 2.0 ** -149, -(2.0 ** -126), 2.0 ** 23, 8388607.5,
              2.0 ** 24 + 2, 2.0 ** 31, -(2.0 ** 31), 2.0 ** 31 - 128, 2.0 ** 32, 2.0 ** 63,
              -(2.0 ** 63), 2.0 ** 64, 2.0 ** 64 - 2.0 ** 40, 4294967040.0, -0.99999994]
    if t == types.F32:
        return [f32_to_bits(v) for v in values] + list(F32_NAN_BITS.values())
    values += [1e300, -1e-300, 5e-324, 2.0 ** 52 - 0.5, 2.0 ** 53 + 2, -2147483648.9,
               -2147483649.0, 2147483647.9, 4294967295.9, 2.0 ** 63 - 1024,
               2.0 ** 64 - 2048, OVERFLOW_EDGE, math.nextafter(OVERFLOW_EDGE, 0),
               0.49999999999999994, 1e-46, 3e-45]
    return [f64_to_bits(v) for v in values] + list(F64_NAN_BITS.values())


def random_float_bits(rng, t):
    """A mix that reaches every behaviour: specials, uniformly random bit patterns, small
    values with fractions, and magnitudes around the integer ranges (2**-3 .. 2**66)."""
    specials = special_floats(t)
    mant_bits, bias, total = (23, 127, 32) if t == types.F32 else (52, 1023, 64)
    k = rng.random()
    if k < 0.1:
        return rng.choice(specials)
    if k < 0.4:
        return rng.getrandbits(total)
    sign = rng.getrandbits(1) << (total - 1)
    if k < 0.65:
        value = rng.randint(-4000, 4000) / rng.choice((1, 2, 4, 8, 3, 10))
        return BITS_OF[t](f32_round(value) if t == types.F32 else value)
    exponent = bias + rng.randint(-3, 66)
    return sign | exponent << mant_bits | rng.getrandbits(mant_bits)


def random_int(rng, width):
    k = rng.random()
    mask = (1 << width) - 1
    if k < 0.1:
        return rng.choice([0, 1, 2, 3, mask, mask - 1, mask >> 1, (mask >> 1) + 1, width - 1,
                           width, width + 1, 0x80, 0xFF, 0x8000, 0x7FFF, 0x80000000])
    if k < 0.4:
        return rng.getrandbits(width)
    if k < 0.6:
        return rng.randint(-100, 100) & mask
    if k < 0.8:  # near rounding ties of int-to-float conversions
        shift = rng.randint(1, width - 24)
        n = (rng.getrandbits(24) | 1 << 23) << shift | 1 << (shift - 1)
        return (n + rng.randint(-1, 1)) & mask
    n = rng.getrandbits(rng.randint(1, width))
    return (-n if rng.getrandbits(1) else n) & mask


def random_operands(rng, op):
    operands = []
    for t in op.params:
        if t in (types.I32, types.I64):
            operands.append(random_int(rng, WIDTH[t]))
        elif operands and rng.random() < 0.3:
            # Near the first operand: cancellation, ties and equal values.
            first = operands[0]
            exponent_step = 1 << (23 if t == types.F32 else 52)
            nearby = first + rng.randint(-3, 3) + rng.randint(-30, 30) * exponent_step
            operands.append(nearby % (1 << WIDTH[t]))
        else:
            operands.append(random_float_bits(rng, t))
    return operands


CASES_PER_OP = int(os.environ.get("GVM_NUMERIC_CASES", "3000"))


def test_against_c(c_oracle):
    rng = random.Random(int(os.environ.get("GVM_NUMERIC_SEED", "20261122")))
    inputs = []
    for op in NUMERIC_OPS:
        specials = ([special_floats(op.params[0])] if op.params[0] in (types.F32, types.F64)
                    else [])
        for value in (specials[0] if specials else []):
            inputs.append((op, [value] * len(op.params)))
        for _ in range(CASES_PER_OP):
            inputs.append((op, random_operands(rng, op)))
    lines = [f"{op.const_name} {ops[0]:x} {ops[1] if len(ops) > 1 else 0:x}\n"
             for op, ops in inputs]
    expected = c_oracle(lines)
    failures = []
    for (op, operands), want in zip(inputs, expected):
        kind, got = run_op(op, operands)
        where = f"{op.name}{tuple(hex(o) for o in operands)}"
        if want in TRAP_MESSAGES:
            if (kind, got) != ("trap", TRAP_MESSAGES[want]):
                failures.append(f"{where}: {kind} {got!r}, expected trap {want}")
            continue
        want = int(want, 16)
        t = op.results[0]
        if kind == "trap":
            failures.append(f"{where}: trap {got!r}, expected {want:#x}")
        elif (t in (types.F32, types.F64) and is_nan_bits(t, want)
              and op.name.split(".")[1] not in BITWISE):
            if not is_nan_bits(t, got):
                failures.append(f"{where}: {got:#x}, expected a NaN")
            else:
                check_nan_rule(op, operands, got)
        elif got != want:
            failures.append(f"{where}: {got:#x}, expected {want:#x}")
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:30])


# --- The official spec tests --------------------------------------------------------------

SPEC_FILES = ["i32", "i64", "f32", "f64", "f32_cmp", "f64_cmp", "f32_bitwise", "f64_bitwise",
              "conversions", "float_misc"]


FUNC_HEADER = re.compile(r"^\s*\(func \(;(\d+);\)(.*)$")
PARAM = re.compile(r"\(param((?: \$\S+)? [^()]*)\)")
EXPORT = re.compile(r'^\s*\(export "([^"]*)" \(func (\d+)\)\)')


def single_instruction_exports(wat):
    """export name -> opcode, for functions whose body is `local.get` of each parameter
    in order followed by one numeric instruction."""
    numeric_names = {op.name: op for op in NUMERIC_OPS}
    bodies, exports = {}, {}
    lines = wat.splitlines()
    for i, line in enumerate(lines):
        if m := EXPORT.match(line):
            exports[m.group(1)] = int(m.group(2))
        elif m := FUNC_HEADER.match(line):
            params = []
            for p in PARAM.findall(m.group(2)):
                words = p.split()
                params += [words[0]] if words[0].startswith("$") else words
            body = []
            for body_line in lines[i + 1:]:
                if body_line.strip() == ")":
                    break
                body.append(body_line.strip())
            wanted = [f"local.get {p if p.startswith('$') else n}" for n, p in enumerate(params)]
            if body[:-1] == wanted and body and body[-1] in numeric_names:
                bodies[int(m.group(1))] = numeric_names[body[-1]]
    return {name: bodies[index] for name, index in exports.items() if index in bodies}


def spec_value(t, text):
    if text.startswith("nan:"):
        return text
    return int(text) & ((1 << WIDTH[t]) - 1)


TYPE_OF = {"i32": types.I32, "i64": types.I64, "f32": types.F32, "f64": types.F64}


@pytest.mark.parametrize("name", SPEC_FILES)
def test_spec_suite(name):
    suite, tool = spec_suite("2.0"), wasm_tools()
    if suite is None or tool is None:
        pytest.skip("spec suite or wasm-tools not available")
    commands, wasm_dir = convert(suite / f"{name}.wast")
    exports, checked, failures = {}, 0, []
    for command in commands:
        if command["type"] == "module":
            wat = subprocess.run([tool, "print", str(wasm_dir / command["filename"])],
                                 check=True, capture_output=True, text=True).stdout
            exports = single_instruction_exports(wat)
            continue
        if command["type"] not in ("assert_return", "assert_trap"):
            continue
        action = command["action"]
        op = exports.get(action["field"])
        if action["type"] != "invoke" or op is None or "module" in action:
            continue
        operands = [spec_value(TYPE_OF[arg["type"]], arg["value"]) for arg in action["args"]]
        kind, got = run_op(op, operands)
        where = f"line {command['line']}: {op.name}{tuple(map(hex, operands))}"
        checked += 1
        if command["type"] == "assert_trap":
            if (kind, got) != ("trap", command["text"]):
                failures.append(f"{where}: {kind} {got!r}, expected trap {command['text']!r}")
            continue
        t = op.results[0]
        want = spec_value(t, command["expected"][0]["value"])
        if kind == "trap":
            failures.append(f"{where}: trap {got!r}")
        elif want == "nan:canonical" and not is_canonical_bits(t, got):
            failures.append(f"{where}: {got:#x}, expected a canonical NaN")
        elif want == "nan:arithmetic" and not is_arithmetic_bits(t, got):
            failures.append(f"{where}: {got:#x}, expected an arithmetic NaN")
        elif isinstance(want, int) and got != want:
            failures.append(f"{where}: {got:#x}, expected {want:#x}")
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:30])
    assert checked > 300, f"only {checked} assertions were single numeric instructions"
