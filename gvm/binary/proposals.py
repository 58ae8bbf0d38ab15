"""Which feature introduced each instruction (spec section 5.4 "Instructions", read with
the feature sets of gvm.features).

A module decoded with a feature set may only use the instructions of those features:
any other opcode is an "illegal opcode", exactly as for the WebAssembly 2.0 decoder,
which does not know them.
"""
from functools import lru_cache

from .. import opcodes

_INTRODUCED_BY = {
    "sign_extension":
        "i32.extend8_s i32.extend16_s i64.extend8_s i64.extend16_s i64.extend32_s",
    "saturating_float_to_int":
        "i32.trunc_sat_f32_s i32.trunc_sat_f32_u i32.trunc_sat_f64_s i32.trunc_sat_f64_u "
        "i64.trunc_sat_f32_s i64.trunc_sat_f32_u i64.trunc_sat_f64_s i64.trunc_sat_f64_u",
    "bulk_memory":
        "memory.init data.drop memory.copy memory.fill table.init elem.drop table.copy",
    "reference_types":
        "ref.null ref.is_null ref.func table.get table.set table.grow table.size table.fill "
        "select_t",
    "tail_call": "return_call return_call_indirect",
    "function_references":
        "call_ref return_call_ref ref.as_non_null br_on_null br_on_non_null",
    "exceptions": "throw throw_ref try_table",
    "gc": "ref.eq",
}
_FEATURE_OF_NAME = {name: feature
                    for feature, names in _INTRODUCED_BY.items() for name in names.split()}


def feature_of(op):
    """The feature an instruction belongs to, or None for those of WebAssembly 1.0."""
    if op.prefix == 0xFB:
        return "gc"
    if op.prefix == 0xFD:
        return "relaxed_simd" if "relaxed" in op.name else "simd"
    return _FEATURE_OF_NAME.get(op.name)


def available(op, features):
    feature = feature_of(op)
    return feature is None or feature in features


class OpcodeTable:
    """The instructions available under one feature set, by (prefix, code)."""

    def __init__(self, features):
        self.by_code = {(op.prefix, op.code): op for op in opcodes.OPCODES
                        if available(op, features)}
        # A prefix byte with none of its instructions available is itself illegal.
        self.prefixes = frozenset(prefix for prefix, _ in self.by_code if prefix)
        # By first byte: the Opcode of a single-byte instruction, None for a prefix or
        # an illegal byte.
        self.single_byte = [self.by_code.get((0, b)) for b in range(256)]


@lru_cache(maxsize=None)
def opcode_table(features):
    return OpcodeTable(features)
