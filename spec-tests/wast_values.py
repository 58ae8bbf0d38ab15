"""Values of the spec-test JSON and how an engine's results are checked against them.

`wasm-tools json-from-wast` writes every value as {"type": T, "value": V}:
- i32/i64: a decimal string, usually unsigned but sometimes negative (`-1`), so it is
  reduced modulo 2**N to GVM's unsigned representation (gvm.values);
- f32/f64: the decimal of the bit pattern, or "nan:canonical" / "nan:arithmetic" in an
  expected result;
- references: "null", or a host number (`ref.extern N`, and `ref.host N` typed anyref);
  an expected reference without "value" names only a type: the null types (`nullref`,
  `nullfuncref`, ..., and `refnull` for a bare `(ref.null)`) expect null, the others
  (`(ref.func)`, `(ref.array)`, ...) expect any non-null reference;
- v128: a list of lane strings with a "lane_type" (`i8` ... `i64`, `f32`, `f64`), each
  lane read as its scalar type is; GVM holds a v128 as one int of 128 bits
  (gvm.values), lane 0 in the low bits. An expected float lane may be a NaN class;
- "either" (relaxed SIMD): {"type": "either", "values": [...]}, matched by any one.
"""
from gvm.values import (
    MASK32, MASK64, ExternRef, f32_from_bits, f32_to_bits, f64_from_bits, f64_to_bits,
)

# Expected reference types that, given without a value, mean a null reference.
NULL_REF_TYPES = frozenset({
    "refnull", "nullref", "nullfuncref", "nullexternref", "nullexnref",
})

# Bit patterns of the NaN classes of the spec (section 4.3.2 "Floating-Point"):
# canonical = only the quiet bit in the payload, arithmetic = quiet bit set; any sign.
F32_SIGN, F32_CANONICAL = 0x80000000, 0x7FC00000
F64_SIGN, F64_CANONICAL = 0x8000000000000000, 0x7FF8000000000000


# Lane width in bits of each lane type of a v128 value.
LANE_BITS = {"i8": 8, "i16": 16, "i32": 32, "i64": 64, "f32": 32, "f64": 64}


def v128_lanes(value, lane_type):
    """The lanes of a 128-bit int as bit patterns, lane 0 first."""
    bits = LANE_BITS[lane_type]
    mask = (1 << bits) - 1
    return [(value >> (i * bits)) & mask for i in range(128 // bits)]


def _v128_from_json(arg):
    bits = LANE_BITS[arg["lane_type"]]
    mask = (1 << bits) - 1
    value = 0
    for i, lane in enumerate(arg["value"]):
        value |= (int(lane) & mask) << (i * bits)
    return value


def to_wasm(arg):
    """Convert an argument of an invoke from the JSON to GVM's representation."""
    kind, value = arg["type"], arg.get("value")
    if kind == "i32":
        return int(value) & MASK32
    if kind == "i64":
        return int(value) & MASK64
    if kind == "f32":
        return f32_from_bits(int(value) & MASK32)
    if kind == "f64":
        return f64_from_bits(int(value) & MASK64)
    if kind == "v128":
        return _v128_from_json(arg)
    if value == "null":
        return None
    if kind in ("externref", "anyref") and value is not None:
        # The host reference N; GVM wraps host values in ExternRef, internalised or not.
        return ExternRef(int(value))
    raise ValueError(f"unsupported argument {arg}")


def mismatch(expected, actual):
    """None when `actual` (a GVM value) matches the expected JSON value, else why not."""
    if expected["type"] == "either":
        reasons = [mismatch(alternative, actual) for alternative in expected["values"]]
        return None if None in reasons else f"expected one of {describe_all(expected['values'])}, got {actual!r}"
    check = _CHECKS.get(expected["type"], _check_ref)
    return check(expected, actual)


def results_mismatch(expected, actual):
    """None when the list of results matches the list of expected values, else why not."""
    if len(actual) != len(expected):
        return f"expected {len(expected)} results {describe_all(expected)}, got {len(actual)}: {actual!r}"
    for i, (want, got) in enumerate(zip(expected, actual)):
        reason = mismatch(want, got)
        if reason is not None:
            return reason if len(expected) == 1 else f"result {i}: {reason}"
    return None


def describe(value):
    """The expected JSON value as the reader of a failure wants it: `i32 42`, `f32 nan:canonical`."""
    if value["type"] == "either":
        return f"either {describe_all(value['values'])}"
    if "value" not in value:
        return "null" if value["type"] in NULL_REF_TYPES else f"non-null {value['type']}"
    if value["type"] == "v128":
        return f"v128 {value['lane_type']}x{len(value['value'])} {' '.join(value['value'])}"
    return f"{value['type']} {value['value']}"


def describe_all(values):
    return "[" + ", ".join(describe(v) for v in values) + "]"


def _check_int(mask):
    def check(expected, actual):
        want = int(expected["value"]) & mask
        if type(actual) is not int:
            return f"expected {describe(expected)}, got {type(actual).__name__} {actual!r}"
        if actual != want:
            return f"expected {describe(expected)}, got {actual}"
        return None
    return check


def _float_bits_match(want, bits, sign, canonical):
    """Whether float bits match an expected value: a bit pattern or a NaN class."""
    if want == "nan:canonical":
        return bits & ~sign == canonical
    if want == "nan:arithmetic":
        return bits & canonical == canonical
    return bits == int(want)


def _check_float(to_bits, sign, canonical, hex_digits):
    def check(expected, actual):
        if type(actual) is not float:
            return f"expected {describe(expected)}, got {type(actual).__name__} {actual!r}"
        bits = to_bits(actual)
        if _float_bits_match(expected["value"], bits, sign, canonical):
            return None
        return f"expected {describe(expected)}, got {actual!r} (bits {bits:#0{hex_digits + 2}x})"
    return check


def _check_ref(expected, actual):
    value = expected.get("value")
    if value == "null" or (value is None and expected["type"] in NULL_REF_TYPES):
        ok = actual is None
    elif value is None:
        ok = actual is not None
    else:
        ok = actual == ExternRef(int(value))
    return None if ok else f"expected {describe(expected)}, got {actual!r}"


def _lane_matches(lane_type, want, bits):
    if lane_type == "f32":
        return _float_bits_match(want, bits, F32_SIGN, F32_CANONICAL)
    if lane_type == "f64":
        return _float_bits_match(want, bits, F64_SIGN, F64_CANONICAL)
    return bits == int(want) & ((1 << LANE_BITS[lane_type]) - 1)


def _check_v128(expected, actual):
    if type(actual) is not int:
        return f"expected {describe(expected)}, got {type(actual).__name__} {actual!r}"
    lane_type = expected["lane_type"]
    lanes = v128_lanes(actual, lane_type)
    if all(_lane_matches(lane_type, want, got) for want, got in zip(expected["value"], lanes)):
        return None
    digits = LANE_BITS[lane_type] // 4
    shown = " ".join(f"{lane:#0{digits + 2}x}" for lane in lanes)
    return f"expected {describe(expected)}, got {lane_type} lanes {shown}"


_CHECKS = {
    "i32": _check_int(MASK32),
    "i64": _check_int(MASK64),
    "f32": _check_float(f32_to_bits, F32_SIGN, F32_CANONICAL, 8),
    "f64": _check_float(f64_to_bits, F64_SIGN, F64_CANONICAL, 16),
    "v128": _check_v128,
}
