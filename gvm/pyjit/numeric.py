"""Numeric instructions (spec 4.3 "Numerics") as Python expression templates for the
python engine. Every operation keeps gvm.values' representation (unsigned bit patterns,
floats, f32 as its exact double): an instruction that can overflow masks its result.

Instructions without a template here call the reference engine's function of the same
name (gvm.interp.numeric), which is then the one definition of their semantics;
`TRAPPING` lists those that can raise a Trap, which must run in program order.

`Facts` gathers what the translation reads of one opcode (its kind, which picks its
handler in translate.py, its width, mask and templates), once per opcode.
"""
import operator
import struct

from .. import opcodes as O
from ..interp import numeric as N

M32, M64 = "0xFFFFFFFF", "0xFFFFFFFFFFFFFFFF"
S32, S64 = 0x80000000, 0x8000000000000000


def _int_table(p, mask, sign, bits):
    t = {
        "SHR_U": "({a} >> ({b} & %d))" % (bits - 1),
        "SHR_S": "(((({a} ^ %d) - %d) >> ({b} & %d)) & %s)" % (sign, sign, bits - 1, mask),
    }
    conds = {
        "EQ": "({a} == {b})", "NE": "({a} != {b})",
        "LT_U": "({a} < {b})", "GT_U": "({a} > {b})", "LE_U": "({a} <= {b})", "GE_U": "({a} >= {b})",
        "LT_S": "(({a} ^ %d) < ({b} ^ %d))" % (sign, sign),
        "GT_S": "(({a} ^ %d) > ({b} ^ %d))" % (sign, sign),
        "LE_S": "(({a} ^ %d) <= ({b} ^ %d))" % (sign, sign),
        "GE_S": "(({a} ^ %d) >= ({b} ^ %d))" % (sign, sign),
    }
    out = {f"{p}_{k}": (v, False) for k, v in t.items()}
    out.update({f"{p}_{k}": (v, True) for k, v in conds.items()})
    return out


def _lazy_table(p, mask, bits):
    """Operations right modulo 2**bits on operands right modulo 2**bits: the mask waits."""
    return {f"{p}_ADD": "({a} + {b})", f"{p}_SUB": "({a} - {b})", f"{p}_MUL": "({a} * {b})",
            f"{p}_AND": "({a} & {b})", f"{p}_OR": "({a} | {b})", f"{p}_XOR": "({a} ^ {b})",
            f"{p}_SHL": "({a} << ({b} & %d))" % (bits - 1)}


# const_name -> template of the result before its mask
LAZY = {**_lazy_table("I32", M32, 32), **_lazy_table("I64", M64, 64)}
MASKS = {"I32": M32, "I64": M64}
SHIFTS = {f"{p}_{k}" for p in ("I32", "I64") for k in ("SHL", "SHR_U", "SHR_S", "ROTL", "ROTR")}


# const_name -> (template, is_condition). A condition is a Python bool: `if`, `br_if`,
# `select` and `eqz` use it as it is, anything else reads it as 1 or 0.
TEMPLATES = {
    **_int_table("I32", M32, S32, 32),
    **_int_table("I64", M64, S64, 64),
    "I32_WRAP_I64": ("({a} & %s)" % M32, False),
    "I64_EXTEND_I32_U": ("{a}", False),
    "I64_EXTEND_I32_S": ("((({a} ^ %d) - %d) & %s)" % (S32, S32, M64), False),
    "F64_ADD": ("({a} + {b})", False), "F64_SUB": ("({a} - {b})", False),
    "F64_MUL": ("({a} * {b})", False), "F64_NEG": ("(-{a})", False),
    "F64_ABS": ("abs({a})", False), "F32_NEG": ("(-{a})", False), "F32_ABS": ("abs({a})", False),
    "F64_CONVERT_I32_U": ("float({a})", False), "F64_CONVERT_I64_U": ("float({a})", False),
}
# f64 division by a constant other than zero cannot divide by zero
F64_DIV_CONST = "({a} / {b})"
# Python's operator where it gives the IEEE result, the reference's function where
# it would raise instead (a division by zero, the root of a negative number); {t} is a
# name of the expression's own.
GUARDED = {
    "F64_DIV": "({a} / {t} if ({t} := {b}) else F64_DIV({a}, {t}))",
    "F64_SQRT": "(_sqrt({t}) if ({t} := {a}) >= 0.0 else F64_SQRT({t}))",
}
# sign extensions of the low `n` bits, as the reference's functions compute them
for _p, _mask in MASKS.items():
    for _n in (8, 16, 32)[:3 if _p == "I64" else 2]:
        TEMPLATES[f"{_p}_EXTEND{_n}_S"] = (
            "(((({a} & %d) ^ %d) - %d) & %s)" % ((1 << _n) - 1, 1 << (_n - 1), 1 << (_n - 1), _mask),
            False)
TEMPLATES["F64_CONVERT_I32_S"] = ("float(({a} ^ %d) - %d)" % (S32, S32), False)
TEMPLATES["F64_CONVERT_I64_S"] = ("float(({a} ^ %d) - %d)" % (S64, S64), False)
# f64 bits through struct's C functions, without the reference's Python function around
# them (gvm.values: a double's pack and unpack keep a NaN's payload)
TEMPLATES["F64_REINTERPRET_I64"] = ("_ud8(_pQ8({a}))[0]", False)
TEMPLATES["I64_REINTERPRET_F64"] = ("_uQ8(_pd8({a}))[0]", False)
BITS = {"_ud8": struct.Struct("<d").unpack, "_pQ8": struct.Struct("<Q").pack,
        "_uQ8": struct.Struct("<Q").unpack, "_pd8": struct.Struct("<d").pack}

for _t in ("F32", "F64"):
    for _k, _op in (("EQ", "=="), ("NE", "!="), ("LT", "<"), ("GT", ">"), ("LE", "<="), ("GE", ">=")):
        TEMPLATES[f"{_t}_{_k}"] = ("({a} %s {b})" % _op, True)

# f32 results computed exactly (or rounded once) as doubles, then rounded to f32 by a
# store to the namespace's scratch float32 memoryview `_F32` and read back, as C casts
# double to float (inf past the largest f32, a NaN's payload kept), which is what
# gvm.interp.numeric's struct round trip does too.
F32_ROUNDED = {
    "F32_ADD": "({a} + {b})", "F32_SUB": "({a} - {b})", "F32_MUL": "({a} * {b})",
    "F32_DEMOTE_F64": "({a} * 1.0)",    # the product quiets a signalling NaN
    "F32_CONVERT_I32_U": "{a}", "F32_CONVERT_I32_S": "(({a} ^ %d) - %d)" % (S32, S32),
}

EQZ = ("I32_EQZ", "I64_EQZ")

TRAPPING = {name for name in (
    "I32_DIV_S", "I32_DIV_U", "I32_REM_S", "I32_REM_U",
    "I64_DIV_S", "I64_DIV_U", "I64_REM_S", "I64_REM_U",
    "I32_TRUNC_F32_S", "I32_TRUNC_F32_U", "I32_TRUNC_F64_S", "I32_TRUNC_F64_U",
    "I64_TRUNC_F32_S", "I64_TRUNC_F32_U", "I64_TRUNC_F64_S", "I64_TRUNC_F64_U")}

# Division by a constant that is neither 0 nor -1 cannot trap: plain Python operators
# then (unsigned, or signed with a positive divisor and a non-negative dividend test).
DIVISION = {"I32_DIV_U": "//", "I64_DIV_U": "//", "I32_REM_U": "%", "I64_REM_U": "%"}

# The functions numeric instructions call, bound in every namespace under their names.
FUNCTIONS = {O.OPCODES[op_id].const_name: fn for op_id, fn in N.NUMERIC.items()}
FUNCTIONS.update(BITS)

# const_name -> the low zero bits known of a binary integer operation's result from
# its operands' (before the cap at its width); a shift left by a constant adds its count
# to its operand's, and a wrap or a zero extension keeps its operand's.
ALIGNMENT = {f"{p}_{k}": rule for p in MASKS for k, rule in (
    ("ADD", min), ("SUB", min), ("OR", min), ("XOR", min), ("AND", max), ("MUL", operator.add))}
SHIFTS_LEFT = ("I32_SHL", "I64_SHL")
KEEPS_ALIGNMENT = ("I32_WRAP_I64", "I64_EXTEND_I32_U")

SIGNED_COMPARISONS = {f"{p}_{k}" for p in MASKS for k in ("LT_S", "GT_S", "LE_S", "GE_S")}


def kind(name):
    """The kind of numeric instruction `name`, which picks its handler (translate.py)."""
    if name in EQZ:
        return "eqz"
    if name[:3] in MASKS and name[4:] in ("ADD", "SUB"):
        return "additive"
    if name in SIGNED_COMPARISONS:
        return "signed"
    if name in SHIFTS:
        return "shift"
    if name in LAZY:
        return "bitwise"        # and, or, xor, mul
    if name == "F64_DIV":
        return "f64_div"
    if name in GUARDED:
        return "guarded"
    if name in F32_ROUNDED:
        return "f32_rounded"
    if name in KEEPS_ALIGNMENT:
        return "resized"
    if name in TEMPLATES:
        return "templated"
    if name in DIVISION:
        return "division"
    return "call"


class Facts:
    """What the translation of numeric instruction `op` reads of it, worked out once,
    when its handler is made (translate._handler), not at each instruction."""
    __slots__ = ("name", "kind", "nparams", "op", "bits", "modulus", "mask", "sign",
                 "lazy", "template", "counted", "cond", "align", "call", "trapping")

    def __init__(self, op):
        name = self.name = op.const_name
        self.kind = kind(name)
        self.nparams = len(op.params)
        self.op = name[4:]          # I32_SHL: SHL
        self.bits = bits = 32 if name.startswith("I32") else 64    # of an integer's
        self.modulus = 1 << bits
        self.mask = MASKS.get(name[:3])
        self.sign = 1 << (bits - 1)
        self.lazy = LAZY.get(name)
        self.template, self.cond = TEMPLATES.get(name, (
            DIVISION.get(name) and "({a} %s {b})" % DIVISION[name], False))
        # a shift by a constant count: the count's mask folded (the count is reduced)
        text = self.lazy or self.template
        self.counted = text and text.replace("({b} & 31)", "{b}").replace("({b} & 63)", "{b}")
        self.align = ALIGNMENT.get(name)
        self.call = name + "(" + ", ".join("{%s}" % "ab"[k] for k in range(self.nparams)) + ")"
        self.trapping = name in TRAPPING
