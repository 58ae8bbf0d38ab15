"""The vector (SIMD, 0xFD prefix) rows of the opcode table, in the format of opcodes.py:
(prefix, code, name, immediate kind, signature). Spec section 5.4.8 "Vector
Instructions" for the 236 instructions of WebAssembly 2.0, plus the relaxed SIMD
instructions of 3.0 (codes 0x100 - 0x113). Codes missing from the sequence are unused.

Execution of these comes later; the decoder already reads them so that SIMD modules
decode. The immediate kinds are spelled out as in gvm.opcodes, which imports this
module and so cannot be imported from here.
"""

NONE = ""
MEMARG = "memarg"
MEMARG_LANE = "memarg_lane"
V128 = "v128"
SHUFFLE = "shuffle"
LANE = "lane"

UNARY = "v128 -> v128"
BINARY = "v128 v128 -> v128"
TERNARY = "v128 v128 v128 -> v128"
SHIFT = "v128 i32 -> v128"
TEST = "v128 -> i32"    # all_true, any_true, bitmask

SIMD_ROWS = []


def _ops(first, imm, sig, names):
    """Rows for consecutive codes sharing an immediate kind and signature."""
    for i, name in enumerate(names.split()):
        SIMD_ROWS.append((0xFD, first + i, name, imm, sig))


def _lanewise(first, shape, sig, ops):
    """Consecutive codes of one shape: `_lanewise(0x23, "i8x16", BINARY, "eq ne")`."""
    _ops(first, NONE, sig, " ".join(f"{shape}.{op}" for op in ops.split()))


# --- Memory ---------------------------------------------------------------------------
_ops(0x00, MEMARG, "a -> v128",
     "v128.load v128.load8x8_s v128.load8x8_u v128.load16x4_s v128.load16x4_u "
     "v128.load32x2_s v128.load32x2_u v128.load8_splat v128.load16_splat v128.load32_splat "
     "v128.load64_splat")
_ops(0x0B, MEMARG, "a v128 ->", "v128.store")

# --- Constants, shuffles, splats and lanes --------------------------------------------
_ops(0x0C, V128, "-> v128", "v128.const")
_ops(0x0D, SHUFFLE, BINARY, "i8x16.shuffle")
_ops(0x0E, NONE, BINARY, "i8x16.swizzle")
_ops(0x0F, NONE, "i32 -> v128", "i8x16.splat i16x8.splat i32x4.splat")
_ops(0x12, NONE, "i64 -> v128", "i64x2.splat")
_ops(0x13, NONE, "f32 -> v128", "f32x4.splat")
_ops(0x14, NONE, "f64 -> v128", "f64x2.splat")
_ops(0x15, LANE, "v128 -> i32", "i8x16.extract_lane_s i8x16.extract_lane_u")
_ops(0x17, LANE, "v128 i32 -> v128", "i8x16.replace_lane")
_ops(0x18, LANE, "v128 -> i32", "i16x8.extract_lane_s i16x8.extract_lane_u")
_ops(0x1A, LANE, "v128 i32 -> v128", "i16x8.replace_lane")
_ops(0x1B, LANE, "v128 -> i32", "i32x4.extract_lane")
_ops(0x1C, LANE, "v128 i32 -> v128", "i32x4.replace_lane")
_ops(0x1D, LANE, "v128 -> i64", "i64x2.extract_lane")
_ops(0x1E, LANE, "v128 i64 -> v128", "i64x2.replace_lane")
_ops(0x1F, LANE, "v128 -> f32", "f32x4.extract_lane")
_ops(0x20, LANE, "v128 f32 -> v128", "f32x4.replace_lane")
_ops(0x21, LANE, "v128 -> f64", "f64x2.extract_lane")
_ops(0x22, LANE, "v128 f64 -> v128", "f64x2.replace_lane")

# --- Comparisons ----------------------------------------------------------------------
_INT_COMPARE = "eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u"
_FLOAT_COMPARE = "eq ne lt gt le ge"
_lanewise(0x23, "i8x16", BINARY, _INT_COMPARE)
_lanewise(0x2D, "i16x8", BINARY, _INT_COMPARE)
_lanewise(0x37, "i32x4", BINARY, _INT_COMPARE)
_lanewise(0x41, "f32x4", BINARY, _FLOAT_COMPARE)
_lanewise(0x47, "f64x2", BINARY, _FLOAT_COMPARE)

# --- Bitwise operations ---------------------------------------------------------------
_ops(0x4D, NONE, UNARY, "v128.not")
_ops(0x4E, NONE, BINARY, "v128.and v128.andnot v128.or v128.xor")
_ops(0x52, NONE, TERNARY, "v128.bitselect")
_ops(0x53, NONE, TEST, "v128.any_true")

# --- Lane loads and stores, zero-extending loads --------------------------------------
_ops(0x54, MEMARG_LANE, "a v128 -> v128",
     "v128.load8_lane v128.load16_lane v128.load32_lane v128.load64_lane")
_ops(0x58, MEMARG_LANE, "a v128 ->",
     "v128.store8_lane v128.store16_lane v128.store32_lane v128.store64_lane")
_ops(0x5C, MEMARG, "a -> v128", "v128.load32_zero v128.load64_zero")
_ops(0x5E, NONE, UNARY, "f32x4.demote_f64x2_zero f64x2.promote_low_f32x4")

# --- i8x16 (interleaved with some float rounding, as numbered by the spec) ------------
_lanewise(0x60, "i8x16", UNARY, "abs neg popcnt")
_lanewise(0x63, "i8x16", TEST, "all_true bitmask")
_lanewise(0x65, "i8x16", BINARY, "narrow_i16x8_s narrow_i16x8_u")
_lanewise(0x67, "f32x4", UNARY, "ceil floor trunc nearest")
_lanewise(0x6B, "i8x16", SHIFT, "shl shr_s shr_u")
_lanewise(0x6E, "i8x16", BINARY, "add add_sat_s add_sat_u sub sub_sat_s sub_sat_u")
_lanewise(0x74, "f64x2", UNARY, "ceil floor")
_lanewise(0x76, "i8x16", BINARY, "min_s min_u max_s max_u")
_lanewise(0x7A, "f64x2", UNARY, "trunc")
_lanewise(0x7B, "i8x16", BINARY, "avgr_u")
_lanewise(0x7C, "i16x8", UNARY, "extadd_pairwise_i8x16_s extadd_pairwise_i8x16_u")
_lanewise(0x7E, "i32x4", UNARY, "extadd_pairwise_i16x8_s extadd_pairwise_i16x8_u")

# --- i16x8 ----------------------------------------------------------------------------
_lanewise(0x80, "i16x8", UNARY, "abs neg")
_lanewise(0x82, "i16x8", BINARY, "q15mulr_sat_s")
_lanewise(0x83, "i16x8", TEST, "all_true bitmask")
_lanewise(0x85, "i16x8", BINARY, "narrow_i32x4_s narrow_i32x4_u")
_lanewise(0x87, "i16x8", UNARY,
          "extend_low_i8x16_s extend_high_i8x16_s extend_low_i8x16_u extend_high_i8x16_u")
_lanewise(0x8B, "i16x8", SHIFT, "shl shr_s shr_u")
_lanewise(0x8E, "i16x8", BINARY, "add add_sat_s add_sat_u sub sub_sat_s sub_sat_u")
_lanewise(0x94, "f64x2", UNARY, "nearest")
_lanewise(0x95, "i16x8", BINARY, "mul min_s min_u max_s max_u")
_lanewise(0x9B, "i16x8", BINARY,
          "avgr_u extmul_low_i8x16_s extmul_high_i8x16_s extmul_low_i8x16_u "
          "extmul_high_i8x16_u")

# --- i32x4 ----------------------------------------------------------------------------
_lanewise(0xA0, "i32x4", UNARY, "abs neg")
_lanewise(0xA3, "i32x4", TEST, "all_true bitmask")
_lanewise(0xA7, "i32x4", UNARY,
          "extend_low_i16x8_s extend_high_i16x8_s extend_low_i16x8_u extend_high_i16x8_u")
_lanewise(0xAB, "i32x4", SHIFT, "shl shr_s shr_u")
_lanewise(0xAE, "i32x4", BINARY, "add")
_lanewise(0xB1, "i32x4", BINARY, "sub")
_lanewise(0xB5, "i32x4", BINARY, "mul min_s min_u max_s max_u dot_i16x8_s")
_lanewise(0xBC, "i32x4", BINARY,
          "extmul_low_i16x8_s extmul_high_i16x8_s extmul_low_i16x8_u extmul_high_i16x8_u")

# --- i64x2 ----------------------------------------------------------------------------
_lanewise(0xC0, "i64x2", UNARY, "abs neg")
_lanewise(0xC3, "i64x2", TEST, "all_true bitmask")
_lanewise(0xC7, "i64x2", UNARY,
          "extend_low_i32x4_s extend_high_i32x4_s extend_low_i32x4_u extend_high_i32x4_u")
_lanewise(0xCB, "i64x2", SHIFT, "shl shr_s shr_u")
_lanewise(0xCE, "i64x2", BINARY, "add")
_lanewise(0xD1, "i64x2", BINARY, "sub")
_lanewise(0xD5, "i64x2", BINARY, "mul eq ne lt_s gt_s le_s ge_s")
_lanewise(0xDC, "i64x2", BINARY,
          "extmul_low_i32x4_s extmul_high_i32x4_s extmul_low_i32x4_u extmul_high_i32x4_u")

# --- f32x4 and f64x2 ------------------------------------------------------------------
_lanewise(0xE0, "f32x4", UNARY, "abs neg")
_lanewise(0xE3, "f32x4", UNARY, "sqrt")
_lanewise(0xE4, "f32x4", BINARY, "add sub mul div min max pmin pmax")
_lanewise(0xEC, "f64x2", UNARY, "abs neg")
_lanewise(0xEF, "f64x2", UNARY, "sqrt")
_lanewise(0xF0, "f64x2", BINARY, "add sub mul div min max pmin pmax")

# --- Conversions ----------------------------------------------------------------------
_ops(0xF8, NONE, UNARY,
     "i32x4.trunc_sat_f32x4_s i32x4.trunc_sat_f32x4_u f32x4.convert_i32x4_s "
     "f32x4.convert_i32x4_u i32x4.trunc_sat_f64x2_s_zero i32x4.trunc_sat_f64x2_u_zero "
     "f64x2.convert_low_i32x4_s f64x2.convert_low_i32x4_u")

# --- Relaxed SIMD (WebAssembly 3.0) ---------------------------------------------------
_ops(0x100, NONE, BINARY, "i8x16.relaxed_swizzle")
_ops(0x101, NONE, UNARY,
     "i32x4.relaxed_trunc_f32x4_s i32x4.relaxed_trunc_f32x4_u "
     "i32x4.relaxed_trunc_f64x2_s_zero i32x4.relaxed_trunc_f64x2_u_zero")
_ops(0x105, NONE, TERNARY,
     "f32x4.relaxed_madd f32x4.relaxed_nmadd f64x2.relaxed_madd f64x2.relaxed_nmadd "
     "i8x16.relaxed_laneselect i16x8.relaxed_laneselect i32x4.relaxed_laneselect "
     "i64x2.relaxed_laneselect")
_ops(0x10D, NONE, BINARY,
     "f32x4.relaxed_min f32x4.relaxed_max f64x2.relaxed_min f64x2.relaxed_max "
     "i16x8.relaxed_q15mulr_s i16x8.relaxed_dot_i8x16_i7x16_s")
_ops(0x113, NONE, TERNARY, "i32x4.relaxed_dot_i8x16_i7x16_add_s")
