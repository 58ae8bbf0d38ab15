"""Numeric instructions: WebAssembly spec section 4.3 "Numerics", one Python function per
instruction.

Each function is named after its opcode's `const_name` (`i32.add` is `I32_ADD`), takes
the operands in stack order (for `t.binop`, `(a, b)` with `b` popped first) and returns
the single result. Traps raise `Trap` with the spec interpreter's message. `NUMERIC`
maps every numeric opcode id of `gvm.opcodes` to its function.

Values follow gvm/values.py: integers are unsigned bit patterns, floats are Python floats,
and an f32 is the double holding its exact value (NaN payloads mapped to the top payload
bits). Consequences used throughout:

- An f32 operation is computed in double and rounded to f32 once. For add, sub, mul, div
  and sqrt this double rounding is harmless: 53 >= 2*24 + 2 bits (Figueroa 1995), so the
  result is the correctly rounded f32.
- Operations that cannot change an exact f32 value (comparisons, abs, neg, copysign, min,
  max, ceil, floor, trunc, nearest) are shared with f64: `F32_ABS is F64_ABS`.
- NaNs are left to the hardware (x86-64 SSE, and any IEEE 754 unit): an operation with
  a NaN operand returns that NaN quieted (an arithmetic NaN; a canonical input stays
  canonical), and an invalid operation on non-NaN operands (inf - inf, 0 / 0) returns the
  default NaN, which is canonical. Quieting sets the double's quiet bit, which is also the
  f32 quiet bit under the NaN mapping. Python raises where IEEE 754 returns a value
  (x / 0.0, sqrt(-1.0), float-to-f32 overflow); those cases are caught off the fast path.
"""
import struct
from math import ceil, copysign, floor, inf, nan, sqrt, trunc

from .. import opcodes, values
from ..errors import Trap

MASK32 = values.MASK32
MASK64 = values.MASK64
SIGN32 = 0x80000000
SIGN64 = 0x8000000000000000

_pack_f = struct.Struct("<f").pack
_unpack_f = struct.Struct("<f").unpack

_2P52 = 4503599627370496.0  # 2**52: every double at least this large is an integer


def _trap_divide_by_zero():
    return Trap("integer divide by zero")


def _trap_overflow():
    return Trap("integer overflow")


def _trap_trunc(x):
    """The trap of a non-saturating truncation whose operand `x` is out of range."""
    return Trap("invalid conversion to integer" if x != x else "integer overflow")


_round_f32 = values.round_f32


def _int_to_f32(v):
    """Round an integer to the nearest f32, ties to even, in one step.

    float(v) would round to 53 bits first, and rounding that to 24 bits can go the wrong
    way (2**60 + 2**36 + 1 is above the halfway point, float() puts it on it). So the
    integer is rounded to 24 significant bits here, after which float() is exact."""
    n = -v if v < 0 else v
    excess = n.bit_length() - 24
    if excess > 0:
        dropped = n & ((1 << excess) - 1)
        n >>= excess
        half = 1 << (excess - 1)
        if dropped > half or (dropped == half and n & 1):
            n += 1
        n <<= excess
    return -float(n) if v < 0 else float(n)


# --- i32 ----------------------------------------------------------------------------------
# Signed readings: `(a ^ SIGN32) - SIGN32` is the two's-complement value of `a`, and
# flipping the sign bit (`a ^ SIGN32`) maps signed order onto unsigned order.

def I32_EQZ(a):
    return 0 if a else 1


def I32_EQ(a, b):
    return 1 if a == b else 0


def I32_NE(a, b):
    return 1 if a != b else 0


def I32_LT_S(a, b):
    return 1 if a ^ SIGN32 < b ^ SIGN32 else 0


def I32_LT_U(a, b):
    return 1 if a < b else 0


def I32_GT_S(a, b):
    return 1 if a ^ SIGN32 > b ^ SIGN32 else 0


def I32_GT_U(a, b):
    return 1 if a > b else 0


def I32_LE_S(a, b):
    return 1 if a ^ SIGN32 <= b ^ SIGN32 else 0


def I32_LE_U(a, b):
    return 1 if a <= b else 0


def I32_GE_S(a, b):
    return 1 if a ^ SIGN32 >= b ^ SIGN32 else 0


def I32_GE_U(a, b):
    return 1 if a >= b else 0


def I32_CLZ(a):
    return 32 - a.bit_length()


def I32_CTZ(a):
    # a & -a isolates the lowest set bit.
    return (a & -a).bit_length() - 1 if a else 32


def I32_POPCNT(a):
    return a.bit_count()


def I32_ADD(a, b):
    return (a + b) & MASK32


def I32_SUB(a, b):
    return (a - b) & MASK32


def I32_MUL(a, b):
    return (a * b) & MASK32


def I32_DIV_S(a, b):
    if a < SIGN32 and 0 < b < SIGN32:
        return a // b  # both non-negative, the common case: floor is truncation
    if b == 0:
        raise _trap_divide_by_zero()
    if a == SIGN32 and b == MASK32:  # -2**31 / -1 = 2**31 is not representable
        raise _trap_overflow()
    a = (a ^ SIGN32) - SIGN32
    b = (b ^ SIGN32) - SIGN32
    # Python's // floors; the spec truncates toward zero, so divide the magnitudes.
    q = abs(a) // abs(b)
    return (-q if (a < 0) != (b < 0) else q) & MASK32


def I32_DIV_U(a, b):
    try:
        return a // b
    except ZeroDivisionError:
        raise _trap_divide_by_zero() from None


def I32_REM_S(a, b):
    if a < SIGN32 and 0 < b < SIGN32:
        return a % b
    if b == 0:
        raise _trap_divide_by_zero()
    a = (a ^ SIGN32) - SIGN32
    b = (b ^ SIGN32) - SIGN32
    # The remainder of truncating division has the sign of the dividend (Python's %
    # takes the divisor's). -2**31 rem -1 is 0, no trap.
    r = abs(a) % abs(b)
    return (-r if a < 0 else r) & MASK32


def I32_REM_U(a, b):
    try:
        return a % b
    except ZeroDivisionError:
        raise _trap_divide_by_zero() from None


def I32_AND(a, b):
    return a & b


def I32_OR(a, b):
    return a | b


def I32_XOR(a, b):
    return a ^ b


def I32_SHL(a, b):
    return (a << (b & 31)) & MASK32


def I32_SHR_S(a, b):
    return (((a ^ SIGN32) - SIGN32) >> (b & 31)) & MASK32


def I32_SHR_U(a, b):
    return a >> (b & 31)


def I32_ROTL(a, b):
    k = b & 31
    return ((a << k) | (a >> (32 - k))) & MASK32


def I32_ROTR(a, b):
    k = b & 31
    return ((a >> k) | (a << (32 - k))) & MASK32


# --- i64 ----------------------------------------------------------------------------------

def I64_EQZ(a):
    return 0 if a else 1


def I64_EQ(a, b):
    return 1 if a == b else 0


def I64_NE(a, b):
    return 1 if a != b else 0


def I64_LT_S(a, b):
    return 1 if a ^ SIGN64 < b ^ SIGN64 else 0


def I64_LT_U(a, b):
    return 1 if a < b else 0


def I64_GT_S(a, b):
    return 1 if a ^ SIGN64 > b ^ SIGN64 else 0


def I64_GT_U(a, b):
    return 1 if a > b else 0


def I64_LE_S(a, b):
    return 1 if a ^ SIGN64 <= b ^ SIGN64 else 0


def I64_LE_U(a, b):
    return 1 if a <= b else 0


def I64_GE_S(a, b):
    return 1 if a ^ SIGN64 >= b ^ SIGN64 else 0


def I64_GE_U(a, b):
    return 1 if a >= b else 0


def I64_CLZ(a):
    return 64 - a.bit_length()


def I64_CTZ(a):
    return (a & -a).bit_length() - 1 if a else 64


def I64_POPCNT(a):
    return a.bit_count()


def I64_ADD(a, b):
    return (a + b) & MASK64


def I64_SUB(a, b):
    return (a - b) & MASK64


def I64_MUL(a, b):
    return (a * b) & MASK64


def I64_DIV_S(a, b):
    if a < SIGN64 and 0 < b < SIGN64:
        return a // b
    if b == 0:
        raise _trap_divide_by_zero()
    if a == SIGN64 and b == MASK64:
        raise _trap_overflow()
    a = (a ^ SIGN64) - SIGN64
    b = (b ^ SIGN64) - SIGN64
    q = abs(a) // abs(b)
    return (-q if (a < 0) != (b < 0) else q) & MASK64


def I64_DIV_U(a, b):
    try:
        return a // b
    except ZeroDivisionError:
        raise _trap_divide_by_zero() from None


def I64_REM_S(a, b):
    if a < SIGN64 and 0 < b < SIGN64:
        return a % b
    if b == 0:
        raise _trap_divide_by_zero()
    a = (a ^ SIGN64) - SIGN64
    b = (b ^ SIGN64) - SIGN64
    r = abs(a) % abs(b)
    return (-r if a < 0 else r) & MASK64


def I64_REM_U(a, b):
    try:
        return a % b
    except ZeroDivisionError:
        raise _trap_divide_by_zero() from None


def I64_AND(a, b):
    return a & b


def I64_OR(a, b):
    return a | b


def I64_XOR(a, b):
    return a ^ b


def I64_SHL(a, b):
    return (a << (b & 63)) & MASK64


def I64_SHR_S(a, b):
    return (((a ^ SIGN64) - SIGN64) >> (b & 63)) & MASK64


def I64_SHR_U(a, b):
    return a >> (b & 63)


def I64_ROTL(a, b):
    k = b & 63
    return ((a << k) | (a >> (64 - k))) & MASK64


def I64_ROTR(a, b):
    k = b & 63
    return ((a >> k) | (a << (64 - k))) & MASK64


# --- f64, and the f32 operations that are the same on the f32's double -------------------

def F64_EQ(a, b):
    return 1 if a == b else 0


def F64_NE(a, b):
    return 1 if a != b else 0


def F64_LT(a, b):
    return 1 if a < b else 0


def F64_GT(a, b):
    return 1 if a > b else 0


def F64_LE(a, b):
    return 1 if a <= b else 0


def F64_GE(a, b):
    return 1 if a >= b else 0


def F64_ABS(x):
    return abs(x)  # fabs: clears the sign bit only, NaN payloads included


def F64_NEG(x):
    return -x  # flips the sign bit only, NaN payloads included


def F64_COPYSIGN(a, b):
    return copysign(a, b)


def F64_CEIL(x):
    if -_2P52 < x < _2P52:
        # ceil() returns an int, which has no -0: copysign restores it (ceil(-0.5) = -0).
        return copysign(float(ceil(x)), x)
    return x + 0.0  # already an integer, or ±inf, or a NaN (the addition quiets it)


def F64_FLOOR(x):
    if -_2P52 < x < _2P52:
        return copysign(float(floor(x)), x)
    return x + 0.0


def F64_TRUNC(x):
    if -_2P52 < x < _2P52:
        return copysign(float(trunc(x)), x)
    return x + 0.0


def F64_NEAREST(x):
    if -_2P52 < x < _2P52:
        # Between 2**52 and 2**53 the doubles are exactly the integers, so adding 2**52
        # rounds |x| to an integer, ties to even; the subtraction is exact.
        return copysign(abs(x) + _2P52 - _2P52, x)
    return x + 0.0


def F64_SQRT(x):
    try:
        return sqrt(x)
    except ValueError:  # x < 0 (sqrt(-0.0) is -0.0 and does not get here)
        return nan  # canonical


def F64_ADD(a, b):
    return a + b


def F64_SUB(a, b):
    return a - b


def F64_MUL(a, b):
    return a * b


def F64_DIV(a, b):
    try:
        return a / b
    except ZeroDivisionError:
        # For every a, a / ±0 equals a * ±inf: ±inf with the xor of the signs, a quieted
        # NaN for a NaN, and the default (canonical) NaN for 0 / 0.
        return a * copysign(inf, b)


def F64_MIN(a, b):
    if a < b:
        return a
    if b < a:
        return b
    if a == b:
        # Equal values are identical except +0 and -0, whose minimum is -0: -(-a - b)
        # is -0 unless both are +0.
        return a if a else -(-a - b)
    return a + b  # a NaN operand: return it quieted


def F64_MAX(a, b):
    if a > b:
        return a
    if b > a:
        return b
    if a == b:
        return a if a else a + b  # +0 unless both are -0
    return a + b


F32_EQ = F64_EQ
F32_NE = F64_NE
F32_LT = F64_LT
F32_GT = F64_GT
F32_LE = F64_LE
F32_GE = F64_GE
F32_ABS = F64_ABS
F32_NEG = F64_NEG
F32_COPYSIGN = F64_COPYSIGN
# The integer that ceil, floor, trunc or nearest makes of an f32 is an f32 again: either
# the operand itself (|x| >= 2**23 is integral) or an integer of at most 2**23.
F32_CEIL = F64_CEIL
F32_FLOOR = F64_FLOOR
F32_TRUNC = F64_TRUNC
F32_NEAREST = F64_NEAREST
F32_MIN = F64_MIN
F32_MAX = F64_MAX


# --- f32 arithmetic: computed in double, rounded once ------------------------------------
# The rounding of _round_f32 is written out in the four binary operations to save a call
# on the hot path. A quiet NaN survives the struct round trip unchanged: the casts keep
# the sign and the top 23 payload bits, which are all an f32 NaN has.

def F32_ADD(a, b):
    r = a + b
    try:
        return _unpack_f(_pack_f(r))[0]
    except OverflowError:
        return copysign(inf, r)


def F32_SUB(a, b):
    r = a - b
    try:
        return _unpack_f(_pack_f(r))[0]
    except OverflowError:
        return copysign(inf, r)


def F32_MUL(a, b):
    r = a * b
    try:
        return _unpack_f(_pack_f(r))[0]
    except OverflowError:
        return copysign(inf, r)


def F32_DIV(a, b):
    try:
        r = a / b
    except ZeroDivisionError:
        return a * copysign(inf, b)  # see F64_DIV; ±inf and NaNs need no rounding
    try:
        return _unpack_f(_pack_f(r))[0]
    except OverflowError:
        return copysign(inf, r)


def F32_SQRT(x):
    try:
        return _unpack_f(_pack_f(sqrt(x)))[0]  # sqrt of an f32 cannot overflow
    except ValueError:
        return nan


# --- Conversions --------------------------------------------------------------------------

def I32_WRAP_I64(a):
    return a & MASK32


# Non-saturating truncations. The bounds are exclusive bounds on x itself, so trunc(x)
# is in range exactly when the comparison holds (NaN fails every comparison). They are
# all doubles, so the same function serves f32 and f64 operands.

def I32_TRUNC_F64_S(x):
    if -2147483649.0 < x < 2147483648.0:
        return int(x) & MASK32  # int() truncates toward zero
    raise _trap_trunc(x)


def I32_TRUNC_F64_U(x):
    if -1.0 < x < 4294967296.0:
        return int(x)
    raise _trap_trunc(x)


def I64_TRUNC_F64_S(x):
    # -2**63 - 1 is not a double: the next double below -2**63 is -2**63 - 2048.
    if -9223372036854775808.0 <= x < 9223372036854775808.0:
        return int(x) & MASK64
    raise _trap_trunc(x)


def I64_TRUNC_F64_U(x):
    if -1.0 < x < 18446744073709551616.0:
        return int(x)
    raise _trap_trunc(x)


I32_TRUNC_F32_S = I32_TRUNC_F64_S
I32_TRUNC_F32_U = I32_TRUNC_F64_U
I64_TRUNC_F32_S = I64_TRUNC_F64_S
I64_TRUNC_F32_U = I64_TRUNC_F64_U


def I32_TRUNC_SAT_F64_S(x):
    if -2147483649.0 < x < 2147483648.0:
        return int(x) & MASK32
    if x != x:
        return 0
    return SIGN32 if x < 0 else 0x7FFFFFFF


def I32_TRUNC_SAT_F64_U(x):
    if -1.0 < x < 4294967296.0:
        return int(x)
    if x != x or x < 0:
        return 0
    return MASK32


def I64_TRUNC_SAT_F64_S(x):
    if -9223372036854775808.0 <= x < 9223372036854775808.0:
        return int(x) & MASK64
    if x != x:
        return 0
    return SIGN64 if x < 0 else 0x7FFFFFFFFFFFFFFF


def I64_TRUNC_SAT_F64_U(x):
    if -1.0 < x < 18446744073709551616.0:
        return int(x)
    if x != x or x < 0:
        return 0
    return MASK64


I32_TRUNC_SAT_F32_S = I32_TRUNC_SAT_F64_S
I32_TRUNC_SAT_F32_U = I32_TRUNC_SAT_F64_U
I64_TRUNC_SAT_F32_S = I64_TRUNC_SAT_F64_S
I64_TRUNC_SAT_F32_U = I64_TRUNC_SAT_F64_U


def I64_EXTEND_I32_S(a):
    return ((a ^ SIGN32) - SIGN32) & MASK64


def I64_EXTEND_I32_U(a):
    return a


def F32_CONVERT_I32_S(a):
    # A 32-bit integer is exact in a double, so the struct cast is the only rounding.
    return _unpack_f(_pack_f(float((a ^ SIGN32) - SIGN32)))[0]


def F32_CONVERT_I32_U(a):
    return _unpack_f(_pack_f(float(a)))[0]


def F32_CONVERT_I64_S(a):
    return _int_to_f32((a ^ SIGN64) - SIGN64)


def F32_CONVERT_I64_U(a):
    return _int_to_f32(a)


def F64_CONVERT_I32_S(a):
    return float((a ^ SIGN32) - SIGN32)


def F64_CONVERT_I32_U(a):
    return float(a)


def F64_CONVERT_I64_S(a):
    return float((a ^ SIGN64) - SIGN64)  # int to float rounds correctly, ties to even


def F64_CONVERT_I64_U(a):
    return float(a)


def F32_DEMOTE_F64(x):
    # The multiplication quiets a signalling NaN (and is exact otherwise): the cast in
    # struct quiets too, but Python 3.14 made struct keep signalling NaNs signalling.
    return _round_f32(x * 1.0)


def F64_PROMOTE_F32(x):
    # The f32's double is its promotion; only a signalling NaN must be quieted, which
    # multiplying by one does while leaving everything else, -0 included, exact.
    return x * 1.0


I32_REINTERPRET_F32 = values.f32_to_bits
I64_REINTERPRET_F64 = values.f64_to_bits
F32_REINTERPRET_I32 = values.f32_from_bits
F64_REINTERPRET_I64 = values.f64_from_bits


def I32_EXTEND8_S(a):
    return (((a & 0xFF) ^ 0x80) - 0x80) & MASK32


def I32_EXTEND16_S(a):
    return (((a & 0xFFFF) ^ 0x8000) - 0x8000) & MASK32


def I64_EXTEND8_S(a):
    return (((a & 0xFF) ^ 0x80) - 0x80) & MASK64


def I64_EXTEND16_S(a):
    return (((a & 0xFFFF) ^ 0x8000) - 0x8000) & MASK64


def I64_EXTEND32_S(a):
    return (((a & MASK32) ^ SIGN32) - SIGN32) & MASK64


# Built from the table so that a numeric row without a function fails at import.
NUMERIC = {op.id: globals()[op.const_name] for op in opcodes.OPCODES if op.is_numeric}
