"""How WebAssembly values are represented in Python (spec section 4.2.1 "Values").

- i32, i64: ints holding the unsigned bit pattern (0 <= v < 2**N); signed readings are
  made where an instruction needs them.
- f64: Python floats. A float is an IEEE double, so every f64 bit pattern, NaN payloads
  and signalling NaNs included, is held exactly (struct packs and unpacks them as is).
- f32: Python floats holding the exact f32 value. Converting an f32 to a double with the
  C cast quiets signalling NaNs, so NaNs are mapped by hand: the f32 payload sits in the
  top bits of the double payload, which keeps the mapping exact in both directions and
  leaves neg/abs/copysign (sign-bit operations on the double) exact too.
- v128: an int holding the 128-bit pattern, lane 0 in the low bits. The embedding API
  also takes 16 bytes (little endian, as in memory); `v128_lanes`, `v128_from_lanes`,
  `format_v128` and `parse_v128` give the lane views (`i8x16` ... `f64x2`), and the
  text form `i32x4:1,2,3,4` that the command line reads and prints.
- references: None for null, otherwise the referenced object (a function instance, or
  the host value of an externref wrapped in `ExternRef`).
"""
import struct

from .types import I32, I64, F32, F64, V128, EXTERNREF, TYPE_NAMES, RefType, type_name

_pack_I = struct.Struct("<I").pack
_unpack_I = struct.Struct("<I").unpack
_pack_Q = struct.Struct("<Q").pack
_unpack_Q = struct.Struct("<Q").unpack
_pack_f = struct.Struct("<f").pack
_unpack_f = struct.Struct("<f").unpack
_pack_d = struct.Struct("<d").pack
_unpack_d = struct.Struct("<d").unpack

MASK32 = 0xFFFFFFFF
MASK64 = 0xFFFFFFFFFFFFFFFF
MASK128 = (1 << 128) - 1
F32_EXP = 0x7F800000
F64_EXP = 0x7FF0000000000000
_F32_TO_F64_SHIFT = 52 - 23


def f64_from_bits(bits):
    return _unpack_d(_pack_Q(bits))[0]


def f64_to_bits(x):
    return _unpack_Q(_pack_d(x))[0]


def f32_from_bits(bits):
    if bits & F32_EXP == F32_EXP and bits & 0x7FFFFF:
        sign = bits >> 31
        payload = bits & 0x7FFFFF
        return f64_from_bits(sign << 63 | F64_EXP | payload << _F32_TO_F64_SHIFT)
    return _unpack_f(_pack_I(bits))[0]


def f32_to_bits(x):
    if x != x:
        bits = f64_to_bits(x)
        payload = (bits >> _F32_TO_F64_SHIFT) & 0x7FFFFF or 0x400000
        return (bits >> 63) << 31 | F32_EXP | payload
    try:
        return _unpack_I(_pack_f(x))[0]
    except OverflowError:  # only reachable for non-f32 input; rounding lives in numeric
        return 0xFF800000 if x < 0 else 0x7F800000


def signed32(v):
    return v - 0x100000000 if v & 0x80000000 else v


def signed64(v):
    return v - 0x10000000000000000 if v & 0x8000000000000000 else v


class ExternRef:
    """A non-null externref: a host value travelling through wasm untouched."""
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return type(other) is ExternRef and other.value == self.value

    def __hash__(self):
        return hash(self.value)

    def __repr__(self):
        return f"ExternRef({self.value!r})"


def round_f32(x):
    """Round a double to the nearest f32 (ties to even). The C cast inside struct rounds
    correctly; Python only refuses finite values that round to infinity, which is exactly
    the case where the correct result is infinity (|x| >= 2**128 - 2**103)."""
    try:
        return _unpack_f(_pack_f(x))[0]
    except OverflowError:
        return float("-inf") if x < 0 else float("inf")


_DEFAULTS = {I32: 0, I64: 0, V128: 0, F32: 0.0, F64: 0.0}


def default(t):
    """The default value of a type (spec 4.2.1): zero, or a null reference."""
    return _DEFAULTS.get(t)


def from_python(t, value):
    """A Python value as the embedding API takes it, in the internal representation."""
    if t == I32 or t == I64:
        bits = 32 if t == I32 else 64
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"expected an integer for {TYPE_NAMES[t]}, got {value!r}")
        if not -(1 << (bits - 1)) <= value < (1 << bits):
            raise OverflowError(f"{value} does not fit in {TYPE_NAMES[t]}")
        return value & ((1 << bits) - 1)
    if t == F32 or t == F64:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"expected a number for {TYPE_NAMES[t]}, got {value!r}")
        return round_f32(float(value)) if t == F32 else float(value)
    if t == V128:
        if isinstance(value, (bytes, bytearray)) and len(value) == 16:
            return int.from_bytes(value, "little")
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"expected an integer or 16 bytes for v128, got {value!r}")
        if not -(1 << 127) <= value < (1 << 128):
            raise OverflowError(f"{value} does not fit in v128")
        return value & MASK128
    if t == EXTERNREF:
        return None if value is None else (value if isinstance(value, ExternRef) else ExternRef(value))
    if value is None and type(t) is RefType and not t.nullable:
        raise TypeError(f"null given for {type_name(t)}, a non-nullable reference")
    return value


def to_python(t, value):
    """A value in the internal representation as the embedding API shows it."""
    if t == I32:
        return signed32(value)
    if t == I64:
        return signed64(value)
    if t == EXTERNREF and isinstance(value, ExternRef):
        return value.value
    return value


# --- Converters of one type, for the embedding API's calls ------------------------------
# Calls across the host boundary convert every argument and result; a converter chosen
# once per signature skips from_python's and to_python's tests of the type, and its
# common case (an int in range, a float) is one test.

def _i32_in(value):
    if type(value) is int and -0x80000000 <= value <= 0xFFFFFFFF:
        return value & 0xFFFFFFFF
    return from_python(I32, value)


def _i64_in(value):
    if type(value) is int and -0x8000000000000000 <= value <= 0xFFFFFFFFFFFFFFFF:
        return value & 0xFFFFFFFFFFFFFFFF
    return from_python(I64, value)


def _f64_in(value):
    return value if type(value) is float else from_python(F64, value)


def _same(value):
    return value


def python_in(t):
    """from_python(t, .) as a function of one value."""
    fast = {I32: _i32_in, I64: _i64_in, F64: _f64_in}.get(t)
    return fast if fast is not None else (lambda value: from_python(t, value))


def python_out(t):
    """to_python(t, .) as a function of one value."""
    if t == I32:
        return signed32
    if t == I64:
        return signed64
    return (lambda value: to_python(t, value)) if t == EXTERNREF else _same


# --- v128 lane views ----------------------------------------------------------------------
V128_SHAPES = {"i8x16": 8, "i16x8": 16, "i32x4": 32, "i64x2": 64, "f32x4": 32, "f64x2": 64}


def _shape_bits(shape):
    if shape not in V128_SHAPES:
        raise ValueError(f"unknown v128 shape {shape!r} (one of {', '.join(V128_SHAPES)})")
    return V128_SHAPES[shape]


def v128_lanes(value, shape="i32x4"):
    """The lanes of a v128, lane 0 first: signed ints, or floats for f32x4 and f64x2."""
    bits = _shape_bits(shape)
    mask = (1 << bits) - 1
    raw = [(value >> (i * bits)) & mask for i in range(128 // bits)]
    if shape == "f32x4":
        return [f32_from_bits(x) for x in raw]
    if shape == "f64x2":
        return [f64_from_bits(x) for x in raw]
    sign = 1 << (bits - 1)
    return [(x ^ sign) - sign for x in raw]


def v128_from_lanes(shape, lanes):
    """The v128 of `lanes` (ints, signed or not, or floats for f32x4 and f64x2)."""
    bits = _shape_bits(shape)
    if len(lanes) != 128 // bits:
        raise ValueError(f"{shape} takes {128 // bits} lanes, not {len(lanes)}")
    mask = (1 << bits) - 1
    value = 0
    for i, lane in enumerate(lanes):
        if shape == "f32x4":
            lane = f32_to_bits(round_f32(float(lane)))
        elif shape == "f64x2":
            lane = f64_to_bits(float(lane))
        elif not -(1 << (bits - 1)) <= lane <= mask:
            raise OverflowError(f"{lane} does not fit in a lane of {shape}")
        value |= (lane & mask) << (i * bits)
    return value


def format_v128(value, shape="i32x4"):
    """`i32x4:1,2,3,4`: a v128 in one lane view, as parse_v128 reads it back."""
    return f"{shape}:" + ",".join(repr(x) if isinstance(x, float) else str(x)
                                  for x in v128_lanes(value, shape))


def parse_v128(text):
    """A v128 from `SHAPE:LANE,LANE,...` (e.g. `i32x4:1,2,3,-4`, `f32x4:0.5,1,nan,inf`;
    integer lanes in decimal or hex) or from one integer (`0x...`). ValueError if not."""
    shape, colon, rest = text.partition(":")
    if not colon:
        return from_python(V128, int(text, 0))
    lanes = []
    for part in rest.split(","):
        part = part.strip()
        if shape in ("f32x4", "f64x2"):
            lanes.append(float.fromhex(part) if part.lower().lstrip("+-").startswith("0x") else float(part))
        else:
            lanes.append(int(part, 0))
    return v128_from_lanes(shape, lanes)
