"""The disassembler (gvm/disasm.py). Its output must be text `wasm-tools parse` turns
back into the same module: compared, names stripped, as `wasm-tools print` shows them.
Then the pieces the debugger uses on their own: one instruction, a function's lines."""
import subprocess
from pathlib import Path

import pytest

import gvm
from gvm import binary, disasm
from gvm import opcodes as O
from gvm.module import Instr

from conftest import wasm_tools, wat

PROGRAMS = Path(__file__).resolve().parent / "programs"

MODULES = {
    "control": """
    (module
      (type $binop (func (param i32 i32) (result i32)))
      (table $t 2 funcref)
      (memory $m 1 2)
      (global $g (mut i64) (i64.const -5))
      (func $add (type $binop) local.get 0 local.get 1 i32.add)
      (func $labels (param $x i32) (result i32) (local $y f64) (local i64 i64)
        block $outer
          loop $again
            local.get $x
            br_table $again $outer 0
          end
        end
        i32.const 1
        if (result i32) i32.const 2 else i32.const 3 end)
      (func (export "indirect") (param i32) (result i32)
        i32.const 1 i32.const 2 local.get 0 call_indirect $t (type $binop)
        i32.const 0 i32.const 1 local.get 0 select (result i32) i32.const 1 select
        drop i32.const 7)
      (func $memory (param i32)
        local.get 0 i32.load8_u offset=3 align=1 drop
        local.get 0 i64.load32_s offset=8 drop
        local.get 0 local.get 0 f64.load align=4 f64.store offset=16
        memory.size memory.grow drop
        i32.const 0 i32.const 0 i32.const 0 memory.copy
        i32.const 0 i32.const 0 i32.const 0 memory.fill
        i32.const 0 i32.const 0 i32.const 0 memory.init $d
        data.drop $d)
      (func $constants
        f32.const nan f32.const -nan:0x200000 f32.const 0.1 f32.const -inf
        f64.const nan:0x4 f64.const 1e300 f64.const -0x1.8p-3 f64.const 0
        i64.const -9223372036854775808 i32.const -2147483648
        drop drop drop drop drop drop drop drop drop drop)
      (func $tables
        i32.const 0 ref.func $add table.set $t
        i32.const 0 table.get $t ref.is_null drop
        ref.null func i32.const 1 table.grow $t drop table.size $t drop
        i32.const 0 i32.const 0 i32.const 0 table.init $t $e
        elem.drop $e)
      (elem $e func $add $labels)
      (elem (i32.const 0) func $add)
      (data $d "bytes\\00\\ff\\"")
      (data (i32.const 8) "at eight")
      (start $tables)
      (export "add" (func $add))
      (export "g" (global $g)))""",
    "exceptions and tail calls": """
    (module
      (tag $oops (param i32))
      (func $f (param i32) (result i32)
        block $handler (result i32)
          try_table (result i32) (catch $oops $handler) (catch_all 1)
            local.get 0 throw $oops
          end
        end)
      (func $g (param i32) (result i32) local.get 0 return_call $f))""",
    "gc": """
    (module
      (rec (type $node (sub (struct (field $value i32) (field $next (ref null $node)))))
           (type $tree (struct (field (ref null $node)) (field (ref null $tree)))))
      (type $bytes (array (mut i8)))
      (type $leaf (sub final $node (struct (field i32) (field (ref null $node)))))
      (func (param $n (ref null $node)) (result i32)
        block $b (result (ref $node))
          local.get $n br_on_non_null $b
          i32.const 0 ref.null $node struct.new $node
        end
        struct.get $node $value)
      (func (result anyref)
        i32.const 3 i32.const 1 array.new $bytes
        ref.cast (ref null array) ref.test (ref $bytes) drop
        i32.const 7 ref.i31))""",
    "function references": """
    (module
      (type $f (func (result i32)))
      (func $one (type $f) i32.const 1)
      (table $t 2 (ref $f) (ref.func $one))
      (elem declare func $one)
      (func (result i32) i32.const 0 table.get $t call_ref $f))""",
    "simd": """
    (module (memory 1)
      (func (result v128)
        v128.const i32x4 1 2 3 0xffffffff
        v128.const i64x2 5 6
        i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31
        i32.const 0 v128.load offset=16
        i32x4.add
        i32.const 0 v128.load8_lane 3
        i32x4.extract_lane 2 drop))""",
}


def printed_without_names(data):
    stripped = subprocess.run([wasm_tools(), "strip", "--all", "-", "-o", "/dev/stdout"],
                              input=data, capture_output=True, check=True).stdout
    return subprocess.run([wasm_tools(), "print", "-"], input=stripped,
                          capture_output=True, check=True).stdout.decode()


def assert_round_trips(data):
    text = disasm.disassemble_module(binary.decode(data))
    again = wat(text)
    assert printed_without_names(again) == printed_without_names(data), text


@pytest.mark.parametrize("name", sorted(MODULES))
def test_round_trip_of_handwritten_modules(name):
    assert_round_trips(wat(MODULES[name]))


@pytest.mark.parametrize("program", ["hello", "files", "fib", "words"])
def test_round_trip_of_compiled_programs(program):
    assert_round_trips((PROGRAMS / f"{program}.wasm").read_bytes())


def test_every_immediate_kind_has_a_format():
    kinds = {op.imm for op in O.OPCODES}
    # Memory arguments need the opcode (its natural alignment) and are formatted apart.
    assert kinds - set(disasm.IMMEDIATES) == {O.MEMARG, O.MEMARG_LANE}


def test_names_come_from_the_name_section():
    module = gvm.Module(wat(MODULES["control"]))
    text = disasm.disassemble_function(module, disasm.function_index(module, "labels"))
    assert text.splitlines() == [
        "(func $labels (;1;) (type 1) (param $x i32) (result i32)",
        "  (local $y f64)",
        "  (local i64 i64)",
        "  block $outer",
        "    loop $again",
        "      local.get $x",
        "      br_table $again $outer $again",
        "    end",
        "  end",
        "  i32.const 1",
        "  if (result i32)",
        "    i32.const 2",
        "  else",
        "    i32.const 3",
        "  end)",
    ]


def test_function_lines_carry_offsets_and_depths():
    module = gvm.Module(wat(MODULES["control"]))
    lines = disasm.function_lines(module, 0)
    assert [(line.depth, line.text) for line in lines] == [
        (0, "local.get 0"), (0, "local.get 1"), (0, "i32.add")]
    assert lines[0].offset < lines[1].offset < lines[2].offset


def test_one_instruction():
    module = gvm.Module(wat(MODULES["control"]))
    call = Instr(O.CALL, 0, 0)
    assert disasm.instruction_text(module, call) == "call $add"
    assert disasm.instruction_text(module, Instr(O.LOCAL_GET, 0, 0), func_index=1) == \
        "local.get $x"
    assert disasm.instruction_text(module, Instr(O.I32_LOAD, (2, 4, 0), 0)) == \
        "i32.load offset=4"
    assert disasm.instruction_text(module, Instr(O.I32_LOAD, (0, 0, 0), 0)) == \
        "i32.load align=1"
    assert disasm.instruction_text(module, Instr(O.BR, 1, 0), labels=["$a", None]) == "br $a"


@pytest.mark.parametrize("value, bits, text", [
    (0.1, 64, "0.1"), (gvm.values.round_f32(0.1), 32, "0.1"), (3.0, 32, "3.0"),
    (float("inf"), 32, "inf"), (float("-inf"), 64, "-inf"), (-0.0, 64, "-0.0"),
    (float("nan"), 64, "nan"), (gvm.values.f64_from_bits(0xFFF0000000000001), 64, "-nan:0x1"),
    (gvm.values.f32_from_bits(0x7FA00000), 32, "nan:0x200000"),
    (gvm.values.f32_from_bits(0x00000001), 32, "1e-45"),
])
def test_float_text(value, bits, text):
    assert disasm.float_text(value, bits) == text


def test_shared_names_are_told_apart():
    data = wat('(module (func $same) (func $same2) (func $other))')
    ast = binary.decode(data)
    ast.names.funcs = {0: "same", 1: "same", 2: "other"}
    namer = disasm.Namer(ast)
    assert [namer.func(i) for i in range(3)] == ["$same", "$same#1", "$other"]
