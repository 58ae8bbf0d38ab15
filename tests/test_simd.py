"""SIMD (spec 4.3 and 4.4.3, vector instructions) as a user meets it: modules built from
WAT, called through the embedding API on every engine. The spec suite's simd/ and
relaxed-simd/ folders test each instruction in depth (spec-tests/run.py); these pin the
pieces around them: v128 values at the API, globals, validation, traps, and a kernel
that mixes loads, lane arithmetic and reductions the way compiled C does."""
import struct

import pytest

import gvm
from conftest import wat

DOT = """
(module
  (memory (export "memory") 1)
  ;; sum of a[i] * b[i] over n f32s (n a multiple of 4), 4 lanes at a time
  (func (export "dot") (param $a i32) (param $b i32) (param $n i32) (result f32)
    (local $acc v128)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (f32x4.add (local.get $acc)
          (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $n (i32.sub (local.get $n) (i32.const 4)))
        (br $next)))
    (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
             (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
  (global $g (export "g") v128 (v128.const i32x4 1 2 3 4))
  (func (export "add_g") (param v128) (result v128)
    (i32x4.add (local.get 0) (global.get $g)))
  (func (export "shuffle") (param v128 v128) (result v128)
    (i8x16.shuffle 31 0 30 1 29 2 28 3 27 4 26 5 25 6 24 7 (local.get 0) (local.get 1)))
  (func (export "sat") (param v128 v128) (result v128)
    (i8x16.add_sat_s (local.get 0) (local.get 1)))
  (func (export "load_lane") (param i32 v128) (result v128)
    (v128.load32_lane 3 (local.get 0) (local.get 1)))
  (func (export "bitmask") (param v128) (result i32) (i16x8.bitmask (local.get 0)))
  (func (export "min") (param v128 v128) (result v128) (f64x2.min (local.get 0) (local.get 1)))
)
"""


def i32x4(*lanes):
    return int.from_bytes(struct.pack("<4I", *[x & 0xFFFFFFFF for x in lanes]), "little")


def i8x16(*lanes):
    return int.from_bytes(bytes(x & 0xFF for x in lanes), "little")


@pytest.fixture
def inst(engine):
    return gvm.instantiate(wat(DOT), engine=engine)


def test_a_vectorised_dot_product(inst):
    n = 64
    a = [float(i) for i in range(n)]
    b = [0.5 * (n - i) for i in range(n)]
    inst.exports.memory.write(0, struct.pack(f"<{n}f", *a))
    inst.exports.memory.write(1024, struct.pack(f"<{n}f", *b))
    assert inst.exports.dot(0, 1024, n) == sum(x * y for x, y in zip(a, b))


def test_v128_globals_arguments_and_results(inst):
    assert inst.exports.g.value == i32x4(1, 2, 3, 4)
    assert inst.exports.add_g(i32x4(10, 20, 30, -1)) == i32x4(11, 22, 33, 3)


def test_lane_instructions(inst):
    a, b = i8x16(*range(16)), i8x16(*range(16, 32))
    assert inst.exports.shuffle(a, b) == i8x16(31, 0, 30, 1, 29, 2, 28, 3, 27, 4, 26, 5, 25, 6, 24, 7)
    assert inst.exports.sat(i8x16(100, -100, 5, *[0] * 13), i8x16(100, -100, -10, *[0] * 13)) == \
        i8x16(127, -128, -5, *[0] * 13)
    assert inst.exports.bitmask(int.from_bytes(struct.pack("<8h", -1, 1, -5, 0, 0, 0, 0, -32768), "little")) \
        == 0b10000101


def test_lane_loads_are_bounds_checked(inst):
    inst.exports.memory.write(8, struct.pack("<I", 0xDEADBEEF))
    assert inst.exports.load_lane(8, i32x4(1, 2, 3, 4)) == i32x4(1, 2, 3, 0xDEADBEEF)
    with pytest.raises(gvm.Trap, match="out of bounds memory access"):
        inst.exports.load_lane(65533, 0)


def test_float_lanes_follow_the_scalar_nan_and_zero_rules(inst):
    def f64x2(x, y):
        return int.from_bytes(struct.pack("<2d", x, y), "little")
    result = inst.exports.min(f64x2(0.0, float("nan")), f64x2(-0.0, 1.0))
    low, high = struct.unpack("<2Q", result.to_bytes(16, "little"))
    assert low == 1 << 63                       # min(+0, -0) is -0
    assert high & 0x7FF8000000000000 == 0x7FF8000000000000   # a NaN, quiet


@pytest.mark.parametrize("body, lanes", [
    ("(i8x16.extract_lane_s 16 (v128.const i64x2 0 0))", 16),
    ("(i64x2.replace_lane 2 (v128.const i64x2 0 0) (i64.const 1))", 2),
    ("(i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 32 (v128.const i64x2 0 0) (v128.const i64x2 0 0))", 32),
    ("(v128.load16_lane 8 (i32.const 0) (v128.const i64x2 0 0))", 8),
])
def test_out_of_range_lanes_are_invalid(body, lanes):
    source = f"(module (memory 1) (func {body} drop))"
    with pytest.raises(gvm.ValidationError, match="invalid lane index"):
        gvm.Module(wat(source))
