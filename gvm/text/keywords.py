"""The keywords of the text format (spec section 6.3.1 "Tokens"): every instruction
mnemonic of the opcode table and the words of the grammar of chapter 6. A keyword token
that is none of these is an "unknown operator", as the spec interpreter's lexer says."""
from .. import opcodes as O
from .types import HEAP_TYPES, NUM_VEC_TYPES, PACKED, REF_ABBREVIATIONS

GRAMMAR = frozenset("""
    module binary quote definition instance type rec sub final func struct array field mut
    param result local import export table memory global tag elem data start declare item
    offset ref null then else end block loop if try_table catch catch_ref catch_all
    catch_all_ref i8x16 i16x8 i32x4 i64x2 f32x4 f64x2 inf nan either
    nan:canonical nan:arithmetic
    register invoke get assert_return assert_trap assert_exhaustion assert_exception
    assert_malformed assert_invalid assert_unlinkable assert_uninstantiable
    """.split())
KEYWORDS = (GRAMMAR | {op.name for op in O.OPCODES if " " not in op.name}
            | set(HEAP_TYPES) | set(NUM_VEC_TYPES) | set(PACKED) | set(REF_ABBREVIATIONS)) - {"select_t"}


def is_keyword(word):
    return word in KEYWORDS or word.startswith(("offset=", "align=", "ref."))
