"""Numeric instructions (spec 4.3 "Numerics") as C expressions, for the native tier.

Operands are typed C values (i32 `uint32_t`, i64 `uint64_t`, f32 `float`, f64 `double`);
each template gives the result as an expression of `{a}` (and `{b}`), and the traps it
raises before it, as (C condition, status) pairs. The semantics with subtle cases (min
and max, the roundings, sqrt's NaN, the truncations and saturations) are numeric.h's
functions, which the fast engine's interpreter calls too: the two compute the same bits.
Every numeric opcode of gvm.opcodes has a template (tests/test_native.py checks it).
"""
from ... import opcodes as O
from ... import types as T

CTYPE = {T.I32: "uint32_t", T.I64: "uint64_t", T.F32: "float", T.F64: "double"}
SIGNED = {T.I32: "int32_t", T.I64: "int64_t"}
BITS = {T.I32: 32, T.I64: 64}
# Floats as bits, for the sign operations, which never touch a NaN's payload.
AS_BITS = {T.F32: ("gvm_f32_bits({})", "(uint32_t)", "gvm_f32({})", "0x80000000u"),
           T.F64: ("gvm_f64_bits({})", "", "gvm_f64({})", "0x8000000000000000ull")}


def _integer(t):
    u, s, bits = CTYPE[t], SIGNED[t], BITS[t]
    p = "I32" if t == T.I32 else "I64"
    smin = "0x80000000u" if bits == 32 else "0x8000000000000000ull"
    neg1 = "0xFFFFFFFFu" if bits == 32 else "0xFFFFFFFFFFFFFFFFull"
    zero = ("{b} == 0", "DIV_ZERO")
    w = "32" if bits == 32 else "64"
    popcount = "__builtin_popcount" if bits == 32 else "__builtin_popcountll"
    return {
        f"{p}_ADD": ("({u})({{a}} + {{b}})".format(u=u), ()),
        f"{p}_SUB": ("({u})({{a}} - {{b}})".format(u=u), ()),
        f"{p}_MUL": ("({u})({{a}} * {{b}})".format(u=u), ()),
        f"{p}_DIV_S": (f"({u})(({s}){{a}} / ({s}){{b}})",
                       (zero, (f"{{a}} == {smin} && {{b}} == {neg1}", "INT_OVERFLOW"))),
        f"{p}_DIV_U": ("{a} / {b}", (zero,)),
        f"{p}_REM_S": (f"({{b}} == {neg1} ? ({u})0 : ({u})(({s}){{a}} % ({s}){{b}}))", (zero,)),
        f"{p}_REM_U": ("{a} % {b}", (zero,)),
        f"{p}_AND": ("{a} & {b}", ()),
        f"{p}_OR": ("{a} | {b}", ()),
        f"{p}_XOR": ("{a} ^ {b}", ()),
        f"{p}_SHL": (f"({u})({{a}} << ({{b}} & {bits - 1}))", ()),
        f"{p}_SHR_U": (f"{{a}} >> ({{b}} & {bits - 1})", ()),
        f"{p}_SHR_S": (f"({u})(({s}){{a}} >> ({{b}} & {bits - 1}))", ()),
        f"{p}_ROTL": (f"gvm_rotl{w}({{a}}, {{b}})", ()),
        f"{p}_ROTR": (f"gvm_rotr{w}({{a}}, {{b}})", ()),
        f"{p}_CLZ": (f"({u})gvm_clz{w}({{a}})", ()),
        f"{p}_CTZ": (f"({u})gvm_ctz{w}({{a}})", ()),
        f"{p}_POPCNT": (f"({u}){popcount}({{a}})", ()),
        f"{p}_EQZ": ("(uint32_t)({a} == 0)", ()),
        f"{p}_EQ": ("(uint32_t)({a} == {b})", ()),
        f"{p}_NE": ("(uint32_t)({a} != {b})", ()),
        f"{p}_LT_U": ("(uint32_t)({a} < {b})", ()),
        f"{p}_GT_U": ("(uint32_t)({a} > {b})", ()),
        f"{p}_LE_U": ("(uint32_t)({a} <= {b})", ()),
        f"{p}_GE_U": ("(uint32_t)({a} >= {b})", ()),
        f"{p}_LT_S": (f"(uint32_t)(({s}){{a}} < ({s}){{b}})", ()),
        f"{p}_GT_S": (f"(uint32_t)(({s}){{a}} > ({s}){{b}})", ()),
        f"{p}_LE_S": (f"(uint32_t)(({s}){{a}} <= ({s}){{b}})", ()),
        f"{p}_GE_S": (f"(uint32_t)(({s}){{a}} >= ({s}){{b}})", ()),
    }


def _float(t):
    p, f = ("F32", "f") if t == T.F32 else ("F64", "")
    bits, cast, back, sign = AS_BITS[t]
    ops = {f"{p}_ADD": "{a} + {b}", f"{p}_SUB": "{a} - {b}", f"{p}_MUL": "{a} * {b}",
           f"{p}_DIV": "{a} / {b}", f"{p}_MIN": f"gvm_fmin{f}({{a}}, {{b}})",
           f"{p}_MAX": f"gvm_fmax{f}({{a}}, {{b}})",
           f"{p}_CEIL": f"gvm_ceil{f}({{a}})", f"{p}_FLOOR": f"gvm_floor{f}({{a}})",
           f"{p}_TRUNC": f"gvm_trunc{f}({{a}})", f"{p}_NEAREST": f"gvm_nearest{f}({{a}})",
           f"{p}_SQRT": f"gvm_sqrt{f}({{a}})",
           f"{p}_ABS": back.format(f"{cast}({bits.format('{a}')} & ~{sign})"),
           f"{p}_NEG": back.format(f"{cast}({bits.format('{a}')} ^ {sign})"),
           f"{p}_COPYSIGN": back.format(f"{cast}(({bits.format('{a}')} & ~{sign}) | "
                                        f"({bits.format('{b}')} & {sign}))"),
           f"{p}_EQ": "(uint32_t)({a} == {b})", f"{p}_NE": "(uint32_t)({a} != {b})",
           f"{p}_LT": "(uint32_t)({a} < {b})", f"{p}_GT": "(uint32_t)({a} > {b})",
           f"{p}_LE": "(uint32_t)({a} <= {b})", f"{p}_GE": "(uint32_t)({a} >= {b})"}
    return {name: (expr, ()) for name, expr in ops.items()}


def _conversions():
    out = {
        "I32_WRAP_I64": ("(uint32_t){a}", ()),
        "I64_EXTEND_I32_S": ("(uint64_t)(int64_t)(int32_t){a}", ()),
        "I64_EXTEND_I32_U": ("(uint64_t){a}", ()),
        "F32_DEMOTE_F64": ("(float){a}", ()),
        "F64_PROMOTE_F32": ("gvm_promote({a})", ()),
        "I32_REINTERPRET_F32": ("(uint32_t)gvm_f32_bits({a})", ()),
        "I64_REINTERPRET_F64": ("gvm_f64_bits({a})", ()),
        "F32_REINTERPRET_I32": ("gvm_f32({a})", ()),
        "F64_REINTERPRET_I64": ("gvm_f64({a})", ()),
        "I32_EXTEND8_S": ("(uint32_t)(int32_t)(int8_t){a}", ()),
        "I32_EXTEND16_S": ("(uint32_t)(int32_t)(int16_t){a}", ()),
        "I64_EXTEND8_S": ("(uint64_t)(int64_t)(int8_t){a}", ()),
        "I64_EXTEND16_S": ("(uint64_t)(int64_t)(int16_t){a}", ()),
        "I64_EXTEND32_S": ("(uint64_t)(int64_t)(int32_t){a}", ()),
    }
    for to, to_c in (("I32", "uint32_t"), ("I64", "uint64_t")):
        for src in ("F32", "F64"):
            for sign in ("S", "U"):
                fn = f"{to.lower()}_{sign.lower()}"
                # A trapping truncation is a statement (numeric.h returns the trap):
                # TRUNC marks it for the translator.
                out[f"{to}_TRUNC_{src}_{sign}"] = (f"gvm_trunc_{fn}", "TRUNC")
                out[f"{to}_TRUNC_SAT_{src}_{sign}"] = (f"({to_c})gvm_sat_{fn}({{a}})", ())
    for to, to_c in (("F32", "float"), ("F64", "double")):
        out[f"{to}_CONVERT_I32_S"] = (f"({to_c})(int32_t){{a}}", ())
        out[f"{to}_CONVERT_I32_U"] = (f"({to_c}){{a}}", ())
        out[f"{to}_CONVERT_I64_S"] = (f"({to_c})(int64_t){{a}}", ())
        out[f"{to}_CONVERT_I64_U"] = (f"({to_c}){{a}}", ())
    return out


TEMPLATES = {**_integer(T.I32), **_integer(T.I64), **_float(T.F32), **_float(T.F64),
             **_conversions()}

# opcode id -> (template, traps); every numeric instruction
BY_ID = {op.id: TEMPLATES[op.const_name] for op in O.OPCODES if op.is_numeric}
