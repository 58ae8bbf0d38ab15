"""WebAssembly feature sets: which proposals a module may use.

The spec tests of WebAssembly 2.0 and 3.0 disagree on a few encodings (2.0 requires a
zero byte where 3.0's multiple memories put a memory index), so the decoder and
validator take the feature set as a parameter. The default is everything GVM runs.
"""

WASM_2_0 = frozenset({
    "mutable_globals", "sign_extension", "saturating_float_to_int", "multi_value",
    "bulk_memory", "reference_types", "simd",
})
WASM_3_0 = WASM_2_0 | frozenset({
    "tail_call", "extended_const", "multi_memory", "memory64", "exceptions",
    "function_references", "gc", "relaxed_simd",
})
PRESETS = {"2.0": WASM_2_0, "3.0": WASM_3_0}
DEFAULT = WASM_3_0


def resolve(features):
    """Accept a preset name ("2.0", "3.0"), a set of feature names, or None (default)."""
    if features is None:
        return DEFAULT
    if isinstance(features, str):
        try:
            return PRESETS[features]
        except KeyError:
            raise ValueError(f"unknown feature preset {features!r}; use one of {sorted(PRESETS)}")
    return frozenset(features)
