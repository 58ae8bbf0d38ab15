"""SIMD (spec 4.3 and 4.4.3, vector instructions) as a user meets it: modules built from
WAT, called through the embedding API on every engine. The spec suite's simd/ and
relaxed-simd/ folders test each instruction in depth (spec-tests/run.py); these pin the
pieces around them: v128 values at the API, globals, validation, traps, and a kernel
that mixes loads, lane arithmetic and reductions the way compiled C does."""
import os
import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

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


# --- compiled C: clang's vectoriser, through the command line -----------------------------------
ROOT = Path(__file__).resolve().parent.parent
PROGRAM = ROOT / "tests" / "programs" / "simd.wasm"
VECTOR_OP = re.compile(r"^\s+\d+ [0-9a-f]{8}  (v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\.", re.M)


def wasmtime_stdout(path):
    wasmtime = pytest.importorskip("wasmtime", exc_type=ImportError)
    with tempfile.TemporaryDirectory() as scratch:
        config = wasmtime.WasiConfig()
        config.argv = [path.name]
        config.stdout_file = os.path.join(scratch, "out")
        engine = wasmtime.Engine()
        store = wasmtime.Store(engine)
        store.set_wasi(config)
        linker = wasmtime.Linker(engine)
        linker.define_wasi()
        instance = linker.instantiate(store, wasmtime.Module.from_file(engine, str(path)))
        instance.exports(store)["_start"](store)
        return Path(scratch, "out").read_bytes()


def test_a_c_program_built_with_simd128_runs_as_under_wasmtime(engine):
    """tests/programs/simd.c, built by zig's clang with -O3 -msimd128: the same output as
    wasmtime's, with v128 instructions executed (counted in the trace)."""
    gvm_cmd = [sys.executable, "-m", "gvm", "--engine", engine]
    run = subprocess.run([*gvm_cmd, str(PROGRAM)], capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr.decode()
    assert run.stdout == wasmtime_stdout(PROGRAM)
    assert b"VECTORISED LOOPS" in run.stdout
    traced = subprocess.run([*gvm_cmd, "--trace", str(PROGRAM)], capture_output=True,
                            text=True, timeout=300)
    assert traced.stdout.encode() == run.stdout
    assert len(VECTOR_OP.findall(traced.stderr)) > 500


def test_the_simd_benchmark_build_agrees_and_does_less_work(engine):
    """benchmarks/wasm/blur_simd.wasm is blur.wasm's source built with -msimd128: the same
    checksum, with a fraction of the instructions (counted with fuel)."""
    checksums, executed = {}, {}
    for name in ("blur", "blur_simd"):
        fuel = 10 ** 9
        inst = gvm.instantiate(ROOT / "benchmarks" / "wasm" / f"{name}.wasm", engine=engine,
                               fuel=fuel)
        function = getattr(inst.exports, name)
        checksums[name] = function(8192)
        executed[name] = fuel - function.engine.fuel
    assert checksums["blur"] == checksums["blur_simd"]
    assert executed["blur_simd"] * 3 < executed["blur"]


# --- v128 at the API, on the command line and in the debugger ----------------------------------
LANES = """
(module
  (func (export "add") (param v128 v128) (result v128) (i32x4.add (local.get 0) (local.get 1)))
  (func (export "scale") (param $v v128) (result v128)
    (local $t v128)
    (local.set $t (f32x4.mul (local.get $v) (f32x4.splat (f32.const 0.5))))
    (local.get $t)))
"""


@pytest.fixture
def lanes_wasm(tmp_path):
    path = tmp_path / "lanes.wasm"
    path.write_bytes(wat(LANES))
    return path


def test_the_api_takes_ints_or_16_bytes_and_has_lane_views(engine, lanes_wasm):
    from gvm.values import format_v128, parse_v128, v128_from_lanes, v128_lanes
    add = gvm.instantiate(lanes_wasm, engine=engine).exports.add
    one_to_four = v128_from_lanes("i32x4", [1, 2, 3, 4])
    result = add(one_to_four, struct.pack("<4i", 10, 20, 30, -40))
    assert v128_lanes(result, "i32x4") == [11, 22, 33, -36]
    assert format_v128(result) == "i32x4:11,22,33,-36"
    assert parse_v128("i32x4:11,22,33,-36") == result == parse_v128(hex(result))
    assert v128_lanes(parse_v128("f32x4:0.5,-1,inf,2.5"), "f32x4") == [0.5, -1.0, float("inf"), 2.5]
    for bad in ("x", b"short", 1 << 128, 1.5):
        with pytest.raises((TypeError, OverflowError)):
            add(bad, 0)


def test_the_command_line_reads_and_prints_lanes(engine, lanes_wasm):
    cmd = [sys.executable, "-m", "gvm", "--engine", engine, "--invoke"]
    run = subprocess.run([*cmd, "add", str(lanes_wasm), "i32x4:1,2,3,4", "i8x16:" + ",".join(["1"] * 16)],
                         capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stdout) == (0, "i32x4:16843010,16843011,16843012,16843013\n")
    run = subprocess.run([*cmd, "scale", str(lanes_wasm), "f32x4:1,-3,0.25,1e10"],
                         capture_output=True, text=True, timeout=60)
    assert run.stdout == f"i32x4:{','.join(str(x) for x in struct.unpack('<4i', struct.pack('<4f', 0.5, -1.5, 0.125, 5e9)))}\n"
    run = subprocess.run([*cmd, "add", str(lanes_wasm), "i32x4:1,2", "0"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert "argument 1 must be a v128 such as i32x4:1,2,3,4" in run.stderr


def test_the_debugger_shows_v128_in_any_lane_view(lanes_wasm):
    script = "s\ns\ns\ns\nlocals\nv128 f32x4\nstack\nlocals\nv128 i64x2\np 1\nc\n"
    run = subprocess.run([sys.executable, "-m", "gvm", "debug", "--invoke", "scale",
                          str(lanes_wasm), "f32x4:1,2,3,4"],
                         input=script, capture_output=True, text=True, timeout=60)
    out = run.stdout
    assert "v128:i32x4:1065353216,1073741824,1077936128,1082130432  (param)" in out
    assert "v128:f32x4:0.5,1.0,1.5,2.0" in out
    assert "v128 values shown as i64x2" in out
    assert "local 1 = v128:i64x2:" in out or "= v128:i64x2:" in out
