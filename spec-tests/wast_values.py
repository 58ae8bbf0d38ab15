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
- v128: a list of lane strings with a "lane_type"; GVM has no SIMD yet, so commands
  using one are skipped (see `uses_v128`);
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


def uses_v128(command):
    """Whether the command passes or expects a v128 value (GVM has no SIMD yet)."""
    values = list(command.get("action", {}).get("args", ()))
    for expected in command.get("expected", ()):
        values.extend(expected.get("values", (expected,)))
    return any(v["type"] == "v128" for v in values)


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


def _check_float(to_bits, sign, canonical, hex_digits):
    def check(expected, actual):
        if type(actual) is not float:
            return f"expected {describe(expected)}, got {type(actual).__name__} {actual!r}"
        bits = to_bits(actual)
        want = expected["value"]
        if want == "nan:canonical":
            ok = bits & ~sign == canonical
        elif want == "nan:arithmetic":
            ok = bits & canonical == canonical
        else:
            ok = bits == int(want)
        if ok:
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


_CHECKS = {
    "i32": _check_int(MASK32),
    "i64": _check_int(MASK64),
    "f32": _check_float(f32_to_bits, F32_SIGN, F32_CANONICAL, 8),
    "f64": _check_float(f64_to_bits, F64_SIGN, F64_CANONICAL, 16),
}
