"""The module-level validator's shortcuts (gvm/validate/module.py) against the general
path they stand in for: constant expressions of one instruction checked without a
BodyValidator (`_check_single`), and Locals shared between functions (`_func_infos`).
Each verdict (accepted, or the error's class, message and text with its offset) must be
the one the general path gives."""
import pytest

import gvm
import gvm.validate.module as VM
from gvm import types as T
from gvm.errors import DecodeError, ValidationError


def verdict(binary, features):
    try:
        gvm.Module(binary, features=features)
    except (DecodeError, ValidationError) as e:
        return type(e).__name__, e.message, str(e)
    return "ok", None, None


def both_ways(text, features=None):
    """The verdict on a text module (encoded with every feature, validated with
    `features`), checked to be the same without the one-instruction shortcut (every
    constant expression through a BodyValidator)."""
    binary = gvm.parse_wat(text)
    fast = verdict(binary, features)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(VM, "_SINGLE", frozenset())
        slow = verdict(binary, features)
    assert fast == slow
    return fast[:2]


OK = ("ok", None)
MISMATCH = ("ValidationError", "type mismatch")
CONSTANT = ("ValidationError", "constant expression required")

# (module text, features, expected verdict): every instruction the shortcut takes, in
# each place a constant expression appears, accepted and refused.
CASES = [
    # ref.func elements: the function must exist, and match the element type
    ("(table 2 funcref) (func $f) (elem (i32.const 0) $f $f)", None, OK),
    ("(table 2 funcref) (func $f) (elem (i32.const 0) func 0 1)", None,
     ("ValidationError", "unknown function 1")),
    ("(table 1 funcref) (func $f) (elem (i32.const 0) funcref (ref.func $f))", None, OK),
    ("(table 1 externref) (func $f) (elem (i32.const 0) externref (ref.func $f))", None,
     MISMATCH),
    ("(func $f) (elem externref (ref.func $f))", "2.0", MISMATCH),
    ("(func $f) (elem declare func $f)", None, OK),
    ("(func $f) (elem declare funcref (ref.func 3))", None,
     ("ValidationError", "unknown function 3")),
    # typed function references: ref.func is (ref $t) of its own type, a subtype of
    # (ref null $t) and of funcref but not of (ref $u)
    ("(type $t (func)) (type $u (func (param i32))) (func $f (type $t))"
     " (elem (ref $t) (ref.func $f))", None, OK),
    ("(type $t (func)) (type $u (func (param i32))) (func $f (type $t))"
     " (elem (ref null $t) (ref.func $f))", None, OK),
    ("(type $t (func)) (type $u (func (param i32))) (func $f (type $t))"
     " (elem (ref $u) (ref.func $f))", None, MISMATCH),
    ("(type $t (func)) (type $u (func (param i32))) (func $f (type $t))"
     " (elem (ref null $u) (ref.func $f))", None, MISMATCH),
    ("(type $t (func)) (func $f (type $t)) (elem (ref func) (ref.func $f))", None, OK),
    ("(type $t (func)) (func $f (type $t)) (elem (ref any) (ref.func $f))", None, MISMATCH),
    # global initial values: numbers of the global's type only
    ("(global i32 (i32.const 1)) (global i64 (i64.const 1))"
     " (global f32 (f32.const 1)) (global f64 (f64.const 1))", None, OK),
    ("(global i64 (i32.const 1))", None, MISMATCH),
    ("(global i32 (i64.const 1))", None, MISMATCH),
    ("(global f64 (f32.const 1))", None, MISMATCH),
    ("(global f32 (f64.const 1))", None, MISMATCH),
    ("(global funcref (i32.const 1))", None, MISMATCH),
    ("(func $f) (global funcref (ref.func $f))", None, OK),
    ("(func $f) (global externref (ref.func $f))", None, MISMATCH),
    ("(func $f) (global (ref null func) (ref.func 1))", None,
     ("ValidationError", "unknown function 1")),
    # global.get: of a visible, immutable global of the right type
    ('(import "m" "g" (global i32)) (global i32 (global.get 0))', None, OK),
    ('(import "m" "g" (global i32)) (global i64 (global.get 0))', None, MISMATCH),
    ('(import "m" "g" (global (mut i32))) (global i32 (global.get 0))', None, CONSTANT),
    ('(import "m" "g" (global i32)) (global i32 (global.get 1))', None,
     ("ValidationError", "unknown global 1")),
    ("(global i32 (i32.const 0)) (global i32 (global.get 0))", "2.0",
     ("ValidationError", "unknown global 0")),
    ("(global i32 (i32.const 0)) (global i32 (global.get 0))", None, OK),
    ("(global (mut i32) (i32.const 0)) (global i32 (global.get 0))", None, CONSTANT),
    ("(global i32 (global.get 0))", None, ("ValidationError", "unknown global 0")),
    ('(import "m" "g" (global funcref)) (global (ref null func) (global.get 0))', None, OK),
    ('(import "m" "g" (global funcref)) (global (ref func) (global.get 0))', None, MISMATCH),
    # offsets: of the table's or memory's address type
    ("(memory 1) (data (i32.const 0) \"a\")", None, OK),
    ("(memory 1) (data (i64.const 0) \"a\")", None, MISMATCH),
    ("(memory i64 1) (data (i64.const 0) \"a\")", None, OK),
    ("(memory i64 1) (data (i32.const 0) \"a\")", None, MISMATCH),
    ("(memory 1) (data (f32.const 0) \"a\")", None, MISMATCH),
    ('(import "m" "g" (global i32)) (memory 1) (data (global.get 0) "a")', None, OK),
    ('(import "m" "g" (global (mut i32))) (memory 1) (data (global.get 0) "a")', None,
     CONSTANT),
    ('(import "m" "g" (global i64)) (memory 1) (data (global.get 0) "a")', None, MISMATCH),
    ("(table 1 funcref) (func $f) (elem (i64.const 0) $f)", None, MISMATCH),
    ("(table i64 1 funcref) (func $f) (elem (i64.const 0) $f)", None, OK),
    # expressions of more than one instruction take the general path, which still
    # agrees with itself, and ones the shortcut does not know
    ("(global i32 (i32.add (i32.const 1) (i32.const 2)))", None, OK),
    ("(global i32 (i32.add (i32.const 1) (i32.const 2)))", "2.0", CONSTANT),
    ("(global funcref (ref.null func))", None, OK),
    ("(global externref (ref.null func))", None, MISMATCH),
    ("(global v128 (v128.const i32x4 0 0 0 0))", None, OK),
    ("(global i32 (i32.const 1) (drop) (i32.const 1))", None, CONSTANT),
    ("(global i32 (i32.const 1) (i32.const 2))", None, MISMATCH),
]


@pytest.mark.parametrize("text, features, expected", CASES)
def test_single_instruction_constants_as_the_general_path(text, features, expected):
    assert both_ways(f"(module {text})", features) == expected


def test_single_instruction_errors_carry_the_general_paths_offset():
    """An error of the instruction names its offset; a type mismatch, the `end`'s."""
    binary = gvm.parse_wat("(module (func $f) (global externref (ref.func $f)))")
    with pytest.raises(ValidationError) as fast:
        gvm.Module(binary)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(VM, "_SINGLE", frozenset())
        with pytest.raises(ValidationError) as slow:
            gvm.Module(binary)
    assert fast.value.offset is not None and fast.value.offset == slow.value.offset
    assert str(fast.value) == str(slow.value)


def test_functions_of_one_shape_share_their_locals():
    """Same parameters and declared locals: one Locals, even across type indices
    (and so one list of initial values at instantiation); otherwise each its own."""
    module = gvm.Module(gvm.parse_wat("""(module
      (type $a (func (param i32) (result i32)))
      (type $b (func (param i32)))
      (func (type $a) (local i64) (local.get 0))
      (func (type $b) (local i64))
      (func (type $a) (local i64 f32) (local.get 0))
      (func (type $a) (local.get 0))
      (func (type $a) (local i64) (local.get 0)))"""))
    infos = module.func_infos
    assert [info.type.results for info in infos] == [(T.I32,), (), (T.I32,), (T.I32,), (T.I32,)]
    assert infos[0].locals is infos[1].locals is infos[4].locals
    assert len({id(info.locals) for info in infos}) == 3
    assert list(infos[2].locals.flat) == [T.I32, T.I64, T.F32]
    assert list(infos[3].locals.flat) == [T.I32]
    inst = gvm.instantiate(module)
    assert inst.funcs[0].zeros is inst.funcs[4].zeros == [0]
