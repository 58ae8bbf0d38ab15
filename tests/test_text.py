"""GVM's own text-format parser (gvm/text/, spec chapter 6): literals, every kind of
module field, the spec's error messages with their line and column, deep nesting, and the
embedding API for text modules. Binaries are checked against `wasm-tools parse`, the
reference the issue names."""
import random
import struct
import subprocess

import pytest

import gvm
from conftest import wasm_tools
from gvm.text import TextError, parse_module, parse_wat
from gvm.text.numbers import LiteralError, float_bits, integer

# --- Literals (6.3.2) ---------------------------------------------------------------------


@pytest.mark.parametrize("text, bits", [
    ("0x1p-149", 0x00000001),            # least subnormal
    ("0x1p-150", 0x00000000),            # half of it: ties to even, zero
    ("0x1.8p-149", 0x00000002),          # 1.5 subnormals: ties to even, 2
    ("1.17549435e-38", 0x00800000),      # least normal
    ("3.4028235e38", 0x7F7FFFFF),        # greatest finite
    ("340282356779733661637539395458142568447", 0x7F7FFFFF),  # just below the midpoint
    ("-0x1.fffffep127", 0xFF7FFFFF),
    ("1_000.5e-1_0", struct.unpack("<I", struct.pack("<f", 1000.5e-10))[0]),
    ("inf", 0x7F800000), ("-inf", 0xFF800000),
    ("nan", 0x7FC00000), ("-nan:0x200000", 0xFFA00000),
    # Rounding through a double first would give 0x3F800001 (double rounding).
    ("1.000000059604644775390625", 0x3F800000),
])
def test_f32_literals_round_once(text, bits):
    assert float_bits(text, 32) == bits


@pytest.mark.parametrize("text", ["1e39", "0x1p128", "3.4028236e38", "nan:0x0", "nan:0x800000"])
def test_f32_literals_out_of_range(text):
    with pytest.raises(LiteralError, match="constant out of range"):
        float_bits(text, 32)


def test_f64_literals_agree_with_python():
    rng = random.Random(12)
    for _ in range(2000):
        value = struct.unpack("<d", rng.randbytes(8))[0]
        if value != value or value in (float("inf"), float("-inf")):
            continue
        for text in (repr(value), value.hex()):
            assert float_bits(text, 64) == struct.unpack("<Q", struct.pack("<d", value))[0], text


@pytest.mark.parametrize("text, bits, value", [
    ("-1", 32, 0xFFFFFFFF), ("4294967295", 32, 0xFFFFFFFF), ("-0x8000_0000", 32, 0x80000000),
    ("+0x7fffffff", 32, 0x7FFFFFFF), ("18446744073709551615", 64, 2**64 - 1),
])
def test_integer_literals(text, bits, value):
    assert integer(text, bits) == value


@pytest.mark.parametrize("text", ["4294967296", "-2147483649", "+0x80000000"])
def test_integer_literals_out_of_range(text):
    with pytest.raises(LiteralError, match="constant out of range"):
        integer(text, 32)


# --- Modules, against wasm-tools --------------------------------------------------------

MODULES = {
    "fields": r'''
(module $m
  (type $t (func (param i32) (result i32)))
  (import "env" "f" (func $imp (param i32)))
  (import "env" "g" (global $ig i64))
  (memory $mem (export "mem") 1 2)
  (global $g (mut i32) (i32.const 42))
  (table $tab 2 funcref)
  (elem (i32.const 0) $fac $add)
  (elem $passive func $fac)
  (elem declare func $add)
  (data (i32.const 16) "hi\n\00\u{1F600}")
  (data $d "passive")
  (start $init)
  (func $init)
  (func $fac (export "fac") (type $t) (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 1))
      (else (i32.mul (local.get $n) (call $fac (i32.sub (local.get $n) (i32.const 1)))))))
  (func $add (param $a i64) (param $b i64) (result i64) (local $x f32) (local f64 f64)
    block $out (result i64)
      local.get $a
      local.get $b
      i64.add
      br $out
    end $out
    (drop (f32.const 0x1.8p3))
    (drop (f64.const -nan:0x1))
    (i64.store offset=8 align=4 (i32.const 0) (i64.const -1))
    (memory.init $d (i32.const 0) (i32.const 0) (i32.const 0))
    (data.drop $d)
    (br_table 0 0 0 (i32.const 1)))
  (export "tab" (table $tab))
)''',
    "blocks": '''
(module
  (func (param i32) (result i32 i32)
    (block $a (param i32) (result i32 i32) (i32.const 2))
    loop $l (param i32 i32) (result i32 i32) br_if 1 (i32.const 0) end
    drop
    (select (result i32) (i32.const 1) (i32.const 2) (local.get 0))
    (try_table (result i32) (catch_all 0) (i32.const 3)) drop)
  (tag $e (param i32))
  (func (throw $e (i32.const 1)))
)''',
    "memory64 and multi-memory": '''
(module
  (memory $a i64 1)
  (memory $b 1 (pagesize 65536))
  (func (param i64) (result i32)
    (i32.load $b offset=4 (i32.const 0))
    (i32.load8_u (local.get 0)) i32.add)
  (memory $c (data "abc"))
)''',
    "gc": '''
(module
  (rec (type $node (sub (struct (field $v i32) (field $next (ref null $node)))))
       (type $leaf (sub final $node (struct (field i32) (field (ref null $node))))))
  (type $arr (array (mut i8)))
  (func (param (ref $node)) (result i32)
    (struct.get $node $v (local.get 0)))
  (func (result anyref)
    (array.new_fixed $arr 2 (i32.const 1) (i32.const 2)))
  (func (param anyref) (result i32)
    (ref.test (ref null $node) (local.get 0)))
  (func (param anyref) (result (ref $node))
    (block $l (result (ref $node))
      (br_on_cast $l anyref (ref $node) (local.get 0)) drop unreachable))
)''',
    "simd": '''
(module
  (func (result v128)
    (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 -1)
    (v128.const f32x4 1.5 -0x1p-3 inf -nan)
    (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31)
    (v128.const i64x2 -1 0x7fff_ffff_ffff_ffff) i64x2.add
    (f64x2.splat (f64.const 1)) i64x2.sub
    (i32x4.replace_lane 3 (i32.const 7)))
)''',
}


def strip_custom(binary):
    """The module without custom sections (wasm-tools adds a `name` section; we do not)."""
    out, i = bytearray(binary[:8]), 8
    while i < len(binary):
        section_id, start = binary[i], i
        i += 1
        size = shift = 0
        while True:
            byte = binary[i]
            i += 1
            size |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        if section_id:
            out += binary[start:i + size]
        i += size
    return bytes(out)


def wasm_tools_parse(text):
    result = subprocess.run([wasm_tools(), "parse", "-", "-o", "/dev/stdout"],
                            input=text.encode(), capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


@pytest.mark.parametrize("name", MODULES)
def test_module_equals_wasm_tools(name):
    text = MODULES[name]
    if "pagesize" in text:   # custom page sizes: not WebAssembly 3.0, not ours
        text = text.replace(" (pagesize 65536)", "")
    assert strip_custom(parse_wat(text)) == strip_custom(wasm_tools_parse(text))


def test_module_runs():
    module = gvm.Module(MODULES["fields"].replace('(import "env" "g" (global $ig i64))', ""))
    imports = {"env": {"f": lambda x: None}}
    assert gvm.instantiate(module, imports).exports.fac(5) == 120


def test_binary_and_quoted_modules():
    binary = parse_wat(SQUARES_TEXT)
    escaped = "".join(f"\\{b:02x}" for b in binary)
    assert parse_wat(f'(module $m binary "{escaped[:39]}" "{escaped[39:]}")') == binary
    quoted = SQUARES_TEXT.replace('"', '\\"').replace("\n", "\\n")
    assert parse_wat(f'(module quote "{quoted[:30]}" "{quoted[30:]}")') == binary


def test_fields_alone_are_a_module():
    assert parse_wat("(func (export \"f\"))") == parse_wat("(module (func (export \"f\")))")


def test_comments_and_annotations_are_white_space():
    plain = parse_wat("(module (func (result i32) (i32.const 1)))")
    assert parse_wat("""(module ;; a comment
        (; a (; nested ;) block comment ;)
        (@custom "x" (nested (annotation)))
        (func (@a) (result i32) (i32.const 1)))""") == plain


# --- Errors (6.3, 6.6): DecodeErrors with the spec's messages and where ------------------

@pytest.mark.parametrize("text, message, line, column", [
    ("(module\n  (func (i32.const 1) (i32.foo)))", "unknown operator i32.foo", 2, 24),
    ("(module (func (i32.const 4294967296)))", "constant out of range", 1, 26),
    ("(module (func (f32.const 1e39)))", "constant out of range", 1, 26),
    ("(module (func (br $nowhere)))", "unknown label", 1, 19),
    ("(module (func block $a end $b))", "mismatching label", 1, 28),
    ("(module (type $t (func)) (func (type $t) (param i32)))", "inline function type", 1, 42),
    ("(module (func $f) (func $f))", "duplicate func", 1, 25),
    ("(module (func) (import \"m\" \"f\" (func)))", "import after function", 1, 17),
    ("(module (func (i32.load align=3 (i32.const 0))))", "alignment", 1, 25),
    ("(module (func (nop)", "unexpected end", 1, 20),
    ("(module (func) ))", "unexpected token", 1, 17),
    ("(module (func $))", "empty identifier", 1, 15),
    ('(module (func (export "\\ff")))', "malformed UTF-8 encoding", 1, 23),
    ("(module (func (@x (y)", "unclosed annotation", 1, 15),
    ('(module (func (export "x)))', "unclosed string", 1, 23),
    ("(module (memory 1) (data (i32.const 0) \"\\q\"))", "illegal escape", 1, 41),
    ("(module\n\n (func \x01))", "illegal character", 3, 8),
])
def test_errors_say_what_and_where(text, message, line, column):
    with pytest.raises(TextError) as caught:
        parse_wat(text, "prog.wat")
    error = caught.value
    assert isinstance(error, gvm.DecodeError)
    assert error.message.startswith(message)
    assert (error.line, error.column) == (line, column)
    assert str(error).startswith(f"prog.wat:{line}:{column}: {message}")


DEPTH = 10_000


@pytest.mark.parametrize("text", [
    "(module (func " + "(block " * DEPTH + ")" * DEPTH + "))",
    "(module (func " + "block " * DEPTH + "end " * DEPTH + "))",
    "(module (func (result i32) " + "(i32.add (i32.const 1) " * DEPTH + "(i32.const 0)"
    + ")" * DEPTH + "))",
])
def test_deep_nesting_parses(text):
    gvm.Module(text)


@pytest.mark.parametrize("text", [
    "(module " + "(" * DEPTH + ")" * DEPTH + ")",
    "(module (func " + "(block " * DEPTH,
    "(" * DEPTH,
])
def test_deep_nesting_fails_clearly(text):
    with pytest.raises(TextError):
        parse_wat(text)


# --- The embedding API --------------------------------------------------------------------

SQUARES = SQUARES_TEXT = '''(module
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1))))'''


def test_module_accepts_text(engine):
    module = gvm.Module(SQUARES)
    assert gvm.instantiate(module, engine=engine).exports.add(2, 3) == 5
    assert gvm.parse_wat(SQUARES) == module.source.binary


def test_instantiate_a_wat_file(tmp_path, engine):
    path = tmp_path / "add.wat"
    path.write_text(SQUARES)
    assert gvm.instantiate(str(path), engine=engine).exports.add(40, 2) == 42


def test_source_map_points_at_each_instruction():
    text = "(module\n  (func (result i32)\n    i32.const 1\n    (i32.const 2)\n    i32.add))"
    source = parse_module(text)
    module = gvm.Module(source.binary)
    body = module.ast.funcs[0].body
    assert [source.source_map[instr.offset] for instr in body] == [(3, 5), (4, 6), (5, 5), (5, 12)]


# --- Robustness: mutated text gives WasmErrors only ---------------------------------------

FUZZ_SEEDS = [MODULES["fields"], MODULES["blocks"], MODULES["gc"], MODULES["simd"]]
PIECES = ["(", ")", "$x", '"', "\\", "0x", "1e9999", "nan:0x", "i32.const", "block", "end",
          "(@a", "(;", ";)", ";;", "\x00", "é", "offset=", "align=3", "(type 99)", "-",
          "(param", "(result", "then", "else", "(module", "v128.const i8x16"]


def mutate(text, rng):
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(text) + 1)
        choice = rng.random()
        if choice < 0.4:
            text = text[:i] + rng.choice(PIECES) + text[i:]
        elif choice < 0.7:
            text = text[:i] + text[i + rng.randint(1, 8):]
        else:
            j = rng.randrange(len(text) + 1)
            text = text[:i] + text[j:j + 12] + text[i:]
    return text


def test_fuzz_mutated_text_raises_only_wasm_errors():
    rng = random.Random(20261203)
    outcomes = {"parsed": 0, "rejected": 0}
    for _ in range(3000):
        text = mutate(rng.choice(FUZZ_SEEDS), rng)
        try:
            gvm.Module(text)
        except gvm.WasmError:
            outcomes["rejected"] += 1
        else:
            outcomes["parsed"] += 1
    assert outcomes["parsed"] and outcomes["rejected"]   # the mutations reach both ends
