"""Vector instructions (spec section 4.3 "Numerics" on vectors, 4.4.3 "Vector
Instructions") for the reference engine: the spec's lane-wise definitions in Python.

A v128 is an int holding the 128-bit pattern, lane 0 in the low bits (gvm/values.py).
An instruction reads its operands as lanes of its shape (`lanes(v, shape)`), applies the
scalar operation to each lane and joins the lanes back. The lane-wise instructions are
not written one by one: `LANEWISE` and the tables below pair each operation name with a
lane function, and `SIMD` is built from them and the opcode table, one entry per
instruction; an instruction of the table without its function fails at import.

Float lanes use the scalar numeric functions (numeric.py), so that every NaN rule, every
rounding and every saturation is the scalar instruction's, as the spec defines them.
`SIMD` maps an opcode id to a function of the operands (in stack order), and for
instructions with a lane or shuffle immediate, of the operands then the immediate.
Memory instructions are in simd_memory.py.

Relaxed SIMD (WebAssembly 3.0) lets each of its instructions choose among results; GVM
makes the choices of wasmtime's deterministic mode (`relaxed_simd_deterministic`), the
same on both engines (see RELAXED below).
"""
import struct
from fractions import Fraction
from math import copysign

from .. import opcodes as O
from .. import values as V
from . import numeric as N

# shape -> (lane bits, lane count, float kind or None)
SHAPES = {
    "i8x16": (8, 16, None), "i16x8": (16, 8, None), "i32x4": (32, 4, None),
    "i64x2": (64, 2, None), "f32x4": (32, 4, "f32"), "f64x2": (64, 2, "f64"),
}
_STRUCTS = {8: struct.Struct("<16B"), 16: struct.Struct("<8H"),
            32: struct.Struct("<4I"), 64: struct.Struct("<2Q")}
MASK128 = (1 << 128) - 1


def lanes(v, bits):
    """The lanes of v128 `v` as unsigned ints of `bits` bits, lane 0 first."""
    return _STRUCTS[bits].unpack(v.to_bytes(16, "little"))


def join(values, bits):
    """The v128 made of `values` (ints, reduced modulo 2**bits), lane 0 first."""
    mask = (1 << bits) - 1
    return int.from_bytes(_STRUCTS[bits].pack(*[x & mask for x in values]), "little")


def signed(x, bits):
    sign = 1 << (bits - 1)
    return (x ^ sign) - sign


def saturate(x, bits, is_signed):
    """x clamped to the range of a signed or unsigned integer of `bits` bits."""
    if is_signed:
        low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    else:
        low, high = 0, (1 << bits) - 1
    return low if x < low else high if x > high else x


# Float lanes: an f32 lane as the Python float of gvm.values, an f64 lane as a double.
_FROM_BITS = {"f32": V.f32_from_bits, "f64": V.f64_from_bits}
_TO_BITS = {"f32": V.f32_to_bits, "f64": V.f64_to_bits}


def float_lanes(v, kind):
    bits = 32 if kind == "f32" else 64
    return [_FROM_BITS[kind](x) for x in lanes(v, bits)]


def join_floats(values, kind):
    return join([_TO_BITS[kind](x) for x in values], 32 if kind == "f32" else 64)


# --- Lane functions of the integer shapes: (a, b, bits) on unsigned lane values ---------

def _mask_of(truth, bits):
    return (1 << bits) - 1 if truth else 0


INT_BINARY = {
    "add": lambda a, b, n: a + b,
    "sub": lambda a, b, n: a - b,
    "mul": lambda a, b, n: a * b,
    "add_sat_s": lambda a, b, n: saturate(signed(a, n) + signed(b, n), n, True),
    "add_sat_u": lambda a, b, n: saturate(a + b, n, False),
    "sub_sat_s": lambda a, b, n: saturate(signed(a, n) - signed(b, n), n, True),
    "sub_sat_u": lambda a, b, n: saturate(a - b, n, False),
    "min_s": lambda a, b, n: a if signed(a, n) <= signed(b, n) else b,
    "min_u": lambda a, b, n: min(a, b),
    "max_s": lambda a, b, n: a if signed(a, n) >= signed(b, n) else b,
    "max_u": lambda a, b, n: max(a, b),
    "avgr_u": lambda a, b, n: (a + b + 1) >> 1,
    "q15mulr_sat_s": lambda a, b, n: saturate((signed(a, n) * signed(b, n) + 0x4000) >> 15, n, True),
    "eq": lambda a, b, n: _mask_of(a == b, n),
    "ne": lambda a, b, n: _mask_of(a != b, n),
    "lt_s": lambda a, b, n: _mask_of(signed(a, n) < signed(b, n), n),
    "lt_u": lambda a, b, n: _mask_of(a < b, n),
    "gt_s": lambda a, b, n: _mask_of(signed(a, n) > signed(b, n), n),
    "gt_u": lambda a, b, n: _mask_of(a > b, n),
    "le_s": lambda a, b, n: _mask_of(signed(a, n) <= signed(b, n), n),
    "le_u": lambda a, b, n: _mask_of(a <= b, n),
    "ge_s": lambda a, b, n: _mask_of(signed(a, n) >= signed(b, n), n),
    "ge_u": lambda a, b, n: _mask_of(a >= b, n),
}
INT_UNARY = {
    "abs": lambda a, n: abs(signed(a, n)),
    "neg": lambda a, n: -a,
    "popcnt": lambda a, n: bin(a).count("1"),
}
# Shifts take the count modulo the lane width (spec: ishl, ishr_s, ishr_u).
INT_SHIFT = {
    "shl": lambda a, k, n: a << (k % n),
    "shr_s": lambda a, k, n: signed(a, n) >> (k % n),
    "shr_u": lambda a, k, n: a >> (k % n),
}

# --- Lane functions of the float shapes: the scalar instructions ----------------------

FLOAT_BINARY = {
    "add": "ADD", "sub": "SUB", "mul": "MUL", "div": "DIV", "min": "MIN", "max": "MAX",
}
FLOAT_UNARY = {"ceil": "CEIL", "floor": "FLOOR", "trunc": "TRUNC", "nearest": "NEAREST",
               "sqrt": "SQRT"}
FLOAT_COMPARE = {"eq": "EQ", "ne": "NE", "lt": "LT", "gt": "GT", "le": "LE", "ge": "GE"}
# pmin and pmax return one operand unchanged, NaN bits included (spec: fpmin, fpmax).
FLOAT_PSEUDO = {
    "pmin": lambda a, b: b if b < a else a,
    "pmax": lambda a, b: b if a < b else a,
}
# abs and neg change the sign bit only, whatever the lane holds (a NaN included).
FLOAT_SIGN = {"abs": lambda x, sign: x & ~sign, "neg": lambda x, sign: x ^ sign}


def _scalar(kind, name):
    return getattr(N, f"{kind.upper()}_{name}")


# --- Builders: one v128 function from a lane function ----------------------------------

def _int_binary(bits, fn):
    def op(a, b):
        return join([fn(x, y, bits) for x, y in zip(lanes(a, bits), lanes(b, bits))], bits)
    return op


def _int_unary(bits, fn):
    return lambda a: join([fn(x, bits) for x in lanes(a, bits)], bits)


def _int_shift(bits, fn):
    return lambda a, k: join([fn(x, k, bits) for x in lanes(a, bits)], bits)


def _float_binary(kind, fn):
    return lambda a, b: join_floats(
        [fn(x, y) for x, y in zip(float_lanes(a, kind), float_lanes(b, kind))], kind)


def _float_unary(kind, fn):
    return lambda a: join_floats([fn(x) for x in float_lanes(a, kind)], kind)


def _float_compare_op(kind, fn):
    bits = 32 if kind == "f32" else 64
    return lambda a, b: join([_mask_of(fn(x, y), bits)
                              for x, y in zip(float_lanes(a, kind), float_lanes(b, kind))], bits)


def _float_sign(kind, fn):
    bits = 32 if kind == "f32" else 64
    sign = 1 << (bits - 1)
    return lambda a: join([fn(x, sign) for x in lanes(a, bits)], bits)


def _lanewise(shape, op):
    """The v128 function of a lane-wise instruction `shape.op`, or None."""
    bits, _, kind = SHAPES[shape]
    if kind is None:
        for table, build in ((INT_BINARY, _int_binary), (INT_UNARY, _int_unary),
                             (INT_SHIFT, _int_shift)):
            if op in table:
                return build(bits, table[op])
        return None
    if op in FLOAT_BINARY:
        return _float_binary(kind, _scalar(kind, FLOAT_BINARY[op]))
    if op in FLOAT_UNARY:
        return _float_unary(kind, _scalar(kind, FLOAT_UNARY[op]))
    if op in FLOAT_COMPARE:
        return _float_compare_op(kind, _scalar(kind, FLOAT_COMPARE[op]))
    if op in FLOAT_PSEUDO:
        return _float_binary(kind, FLOAT_PSEUDO[op])
    if op in FLOAT_SIGN:
        return _float_sign(kind, FLOAT_SIGN[op])
    return None


# --- Whole-vector instructions ----------------------------------------------------------

def _splat(bits, to_bits=None):
    return lambda x: join([to_bits(x) if to_bits else x] * (128 // bits), bits)


def _extract(bits, is_signed=False, from_bits=None):
    def op(v, lane):
        x = lanes(v, bits)[lane]
        if from_bits:
            return from_bits(x)
        return signed(x, bits) & V.MASK32 if is_signed else x
    return op


def _replace(bits, to_bits=None):
    def op(v, x, lane):
        values = list(lanes(v, bits))
        values[lane] = to_bits(x) if to_bits else x
        return join(values, bits)
    return op


def _all_true(bits):
    return lambda v: int(all(lanes(v, bits)))


def _bitmask(bits):
    return lambda v: sum(1 << i for i, x in enumerate(lanes(v, bits)) if x >> (bits - 1))


def _narrow(bits, is_signed):
    """`narrow` to lanes of `bits` bits from signed lanes of twice as many."""
    def op(a, b):
        wide = [signed(x, 2 * bits) for x in lanes(a, 2 * bits) + lanes(b, 2 * bits)]
        return join([saturate(x, bits, is_signed) for x in wide], bits)
    return op


def _extend(bits, half, is_signed):
    """`extend_low/high` to lanes of `bits` bits from the low or high half of lanes of
    half the width."""
    def op(v):
        source = lanes(v, bits // 2)
        count = len(source) // 2
        part = source[count * half:count * (half + 1)]
        return join([signed(x, bits // 2) if is_signed else x for x in part], bits)
    return op


def _extmul(bits, half, is_signed):
    widen = _extend(bits, half, is_signed)
    return lambda a, b: join([x * y for x, y in zip(lanes(widen(a), bits), lanes(widen(b), bits))], bits)


def _extadd_pairwise(bits, is_signed):
    def op(v):
        source = [signed(x, bits // 2) if is_signed else x for x in lanes(v, bits // 2)]
        return join([source[i] + source[i + 1] for i in range(0, len(source), 2)], bits)
    return op


def i32x4_dot_i16x8_s(a, b):
    products = [signed(x, 16) * signed(y, 16) for x, y in zip(lanes(a, 16), lanes(b, 16))]
    return join([products[i] + products[i + 1] for i in range(0, 8, 2)], 32)


def i8x16_shuffle(a, b, indices):
    both = lanes(a, 8) + lanes(b, 8)
    return join([both[i] for i in indices], 8)


def i8x16_swizzle(a, s):
    source = lanes(a, 8)
    return join([source[i] if i < 16 else 0 for i in lanes(s, 8)], 8)


def v128_bitselect(a, b, c):
    return (a & c) | (b & ~c & MASK128)


def _convert(source_kind, source_bits, target_kind, target_bits, fn, count=None, zero=False):
    """A conversion lane by lane: `count` lanes of the source (the low ones), the rest of
    the result zero when `zero`."""
    def op(v):
        if source_kind:
            values = float_lanes(v, source_kind)
        else:
            values = list(lanes(v, source_bits))
        values = [fn(x) for x in values[:count]]
        if target_kind:
            values = [_TO_BITS[target_kind](x) for x in values]
        if zero:
            values += [0] * (128 // target_bits - len(values))
        return join(values, target_bits)
    return op


_WHOLE = {
    "v128.not": lambda a: ~a & MASK128,
    "v128.and": lambda a, b: a & b,
    "v128.andnot": lambda a, b: a & ~b & MASK128,
    "v128.or": lambda a, b: a | b,
    "v128.xor": lambda a, b: a ^ b,
    "v128.bitselect": v128_bitselect,
    "v128.any_true": lambda a: int(a != 0),
    "i8x16.shuffle": i8x16_shuffle,
    "i8x16.swizzle": i8x16_swizzle,
    "i8x16.splat": _splat(8), "i16x8.splat": _splat(16), "i32x4.splat": _splat(32),
    "i64x2.splat": _splat(64),
    "f32x4.splat": _splat(32, V.f32_to_bits), "f64x2.splat": _splat(64, V.f64_to_bits),
    "i8x16.extract_lane_s": _extract(8, True), "i8x16.extract_lane_u": _extract(8),
    "i16x8.extract_lane_s": _extract(16, True), "i16x8.extract_lane_u": _extract(16),
    "i32x4.extract_lane": _extract(32), "i64x2.extract_lane": _extract(64),
    "f32x4.extract_lane": _extract(32, from_bits=V.f32_from_bits),
    "f64x2.extract_lane": _extract(64, from_bits=V.f64_from_bits),
    "i8x16.replace_lane": _replace(8), "i16x8.replace_lane": _replace(16),
    "i32x4.replace_lane": _replace(32), "i64x2.replace_lane": _replace(64),
    "f32x4.replace_lane": _replace(32, V.f32_to_bits),
    "f64x2.replace_lane": _replace(64, V.f64_to_bits),
    "i32x4.dot_i16x8_s": i32x4_dot_i16x8_s,
    "i32x4.trunc_sat_f32x4_s": _convert("f32", 32, None, 32, N.I32_TRUNC_SAT_F32_S),
    "i32x4.trunc_sat_f32x4_u": _convert("f32", 32, None, 32, N.I32_TRUNC_SAT_F32_U),
    "f32x4.convert_i32x4_s": _convert(None, 32, "f32", 32, N.F32_CONVERT_I32_S),
    "f32x4.convert_i32x4_u": _convert(None, 32, "f32", 32, N.F32_CONVERT_I32_U),
    "i32x4.trunc_sat_f64x2_s_zero": _convert("f64", 64, None, 32, N.I32_TRUNC_SAT_F64_S, zero=True),
    "i32x4.trunc_sat_f64x2_u_zero": _convert("f64", 64, None, 32, N.I32_TRUNC_SAT_F64_U, zero=True),
    "f64x2.convert_low_i32x4_s": _convert(None, 32, "f64", 64, N.F64_CONVERT_I32_S, count=2),
    "f64x2.convert_low_i32x4_u": _convert(None, 32, "f64", 64, N.F64_CONVERT_I32_U, count=2),
    "f32x4.demote_f64x2_zero": _convert("f64", 64, "f32", 32, N.F32_DEMOTE_F64, zero=True),
    "f64x2.promote_low_f32x4": _convert("f32", 32, "f64", 64, N.F64_PROMOTE_F32, count=2),
}
for _shape, _bits in (("i8x16", 8), ("i16x8", 16), ("i32x4", 32), ("i64x2", 64)):
    _WHOLE[f"{_shape}.all_true"] = _all_true(_bits)
    _WHOLE[f"{_shape}.bitmask"] = _bitmask(_bits)
for _shape, _bits, _source in (("i16x8", 16, "i8x16"), ("i32x4", 32, "i16x8"),
                               ("i64x2", 64, "i32x4")):
    for _sign in ("s", "u"):
        _is_signed = _sign == "s"
        for _half, _which in enumerate(("low", "high")):
            _WHOLE[f"{_shape}.extend_{_which}_{_source}_{_sign}"] = _extend(_bits, _half, _is_signed)
            _WHOLE[f"{_shape}.extmul_{_which}_{_source}_{_sign}"] = _extmul(_bits, _half, _is_signed)
        if _bits < 64:
            _WHOLE[f"{_shape}.extadd_pairwise_{_source}_{_sign}"] = _extadd_pairwise(_bits, _is_signed)
        _WHOLE[f"{_source}.narrow_{_shape}_{_sign}"] = _narrow(_bits // 2, _is_signed)
_WHOLE.pop("i32x4.narrow_i64x2_s")
_WHOLE.pop("i32x4.narrow_i64x2_u")


# --- Relaxed SIMD: the deterministic choices -------------------------------------------

def round_rational(q, mantissa, emin, emax):
    """The float nearest the rational `q` (ties to even) with `mantissa` significand
    bits and exponents from `emin` to `emax`: one rounding, so that a fused multiply-add
    is exact in f32 as in f64 (rounding to double first could round twice)."""
    if q == 0:
        return 0.0
    negative = q < 0
    q = -q if negative else q
    e = q.numerator.bit_length() - q.denominator.bit_length()
    if Fraction(2) ** e > q:
        e -= 1
    e = max(e, emin)                                  # subnormals share emin's scale
    scaled = q * Fraction(2) ** (mantissa - 1 - e)
    n, rest = divmod(scaled.numerator, scaled.denominator)
    twice = 2 * rest
    if twice > scaled.denominator or (twice == scaled.denominator and n & 1):
        n += 1
    if n >= 1 << mantissa:                            # rounded up to the next binade
        n >>= 1
        e += 1
    result = float("inf") if e > emax else float(Fraction(n) * Fraction(2) ** (e - mantissa + 1))
    return -result if negative else result


_CANONICAL_NAN = float("nan")
_FLOAT_FORMATS = {"f32": (24, -126, 127), "f64": (53, -1022, 1023)}


def fused_multiply_add(a, b, c, kind):
    """a * b + c rounded once (IEEE 754 fusedMultiplyAdd). A NaN result is the positive
    canonical NaN, whatever the operands' NaNs: the spec allows it, and it keeps both
    engines bit-identical without mirroring a libm's choice of NaN operand."""
    if all(x - x == 0 for x in (a, b, c)):            # all finite
        product = Fraction(a) * Fraction(b)
        exact = product + Fraction(c)
        if exact == 0:     # an exact zero is -0 only as -0 + -0
            negative = (product == 0 and c == 0
                        and copysign(1.0, a) * copysign(1.0, b) < 0 and copysign(1.0, c) < 0)
            return -0.0 if negative else 0.0
        return round_rational(exact, *_FLOAT_FORMATS[kind])
    result = a * b + c
    return _CANONICAL_NAN if result != result else result


def _madd(kind, negate):
    def op(a, b, c):
        return join_floats([fused_multiply_add(-x if negate else x, y, z, kind) for x, y, z in
                            zip(float_lanes(a, kind), float_lanes(b, kind), float_lanes(c, kind))],
                           kind)
    return op


def i16x8_relaxed_dot_i8x16_i7x16_s(a, b):
    products = [signed(x, 8) * signed(y, 8) for x, y in zip(lanes(a, 8), lanes(b, 8))]
    return join([products[i] + products[i + 1] for i in range(0, 16, 2)], 16)


def i32x4_relaxed_dot_i8x16_i7x16_add_s(a, b, c):
    pairs = _extadd_pairwise(32, True)(i16x8_relaxed_dot_i8x16_i7x16_s(a, b))
    return _int_binary(32, INT_BINARY["add"])(pairs, c)


# Each relaxed instruction as wasmtime computes it with relaxed_simd_deterministic: the
# non-relaxed instruction it relaxes where there is one (so out-of-range swizzle indices
# give 0, truncations saturate, NaN and -0 follow min/max, laneselect is bitselect);
# madd and nmadd fused (one rounding); the dot products signed times signed, wrapping.
RELAXED = {
    "i8x16.relaxed_swizzle": "i8x16.swizzle",
    "i32x4.relaxed_trunc_f32x4_s": "i32x4.trunc_sat_f32x4_s",
    "i32x4.relaxed_trunc_f32x4_u": "i32x4.trunc_sat_f32x4_u",
    "i32x4.relaxed_trunc_f64x2_s_zero": "i32x4.trunc_sat_f64x2_s_zero",
    "i32x4.relaxed_trunc_f64x2_u_zero": "i32x4.trunc_sat_f64x2_u_zero",
    "i8x16.relaxed_laneselect": "v128.bitselect", "i16x8.relaxed_laneselect": "v128.bitselect",
    "i32x4.relaxed_laneselect": "v128.bitselect", "i64x2.relaxed_laneselect": "v128.bitselect",
    "f32x4.relaxed_min": "f32x4.min", "f32x4.relaxed_max": "f32x4.max",
    "f64x2.relaxed_min": "f64x2.min", "f64x2.relaxed_max": "f64x2.max",
    "i16x8.relaxed_q15mulr_s": "i16x8.q15mulr_sat_s",
}
_WHOLE.update({
    "f32x4.relaxed_madd": _madd("f32", False), "f32x4.relaxed_nmadd": _madd("f32", True),
    "f64x2.relaxed_madd": _madd("f64", False), "f64x2.relaxed_nmadd": _madd("f64", True),
    "i16x8.relaxed_dot_i8x16_i7x16_s": i16x8_relaxed_dot_i8x16_i7x16_s,
    "i32x4.relaxed_dot_i8x16_i7x16_add_s": i32x4_relaxed_dot_i8x16_i7x16_add_s,
})


def _function(op):
    if op.name in RELAXED:
        return _function(O.BY_NAME[RELAXED[op.name]])
    if op.name in _WHOLE:
        return _WHOLE[op.name]
    shape, _, name = op.name.partition(".")
    fn = _lanewise(shape, name) if shape in SHAPES else None
    if fn is None:
        raise NotImplementedError(f"no reference implementation of {op.name}")
    return fn


def _is_vector_op(op):
    return op.prefix == 0xFD and op.imm not in (O.MEMARG, O.MEMARG_LANE, O.V128)


# Import fails if an instruction of the table has no function: nothing is left unsupported.
SIMD = {op.id: _function(op) for op in O.OPCODES if _is_vector_op(op)}
