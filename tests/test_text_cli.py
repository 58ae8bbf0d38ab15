"""Text modules on the command line (`python -m gvm` in a subprocess): running a .wat,
MODULE.FUNC finding MODULE.wat, .wasm winning over .wat with --verbose saying which,
`gvm wat2wasm`, and one-line errors naming the line and column."""
import shutil

from test_cli import PROGRAMS, assert_one_line_error, gvm
from gvm.text import parse_wat

SQUARES = PROGRAMS / "squares.wat"


def test_run_a_wat_file(engine):
    result = gvm("--invoke", "sum_squares", str(SQUARES), "5", engine=engine)
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"30\n"


def test_module_func_finds_the_wat(engine):
    result = gvm("--verbose", "--path", str(PROGRAMS), "squares.divide", "7", "2",
                 engine=engine, cwd=PROGRAMS.parent)
    assert result.stdout == b"3\n", result.stderr
    assert f"loading {SQUARES}" in result.stderr.decode()


def test_wasm_wins_over_wat_and_verbose_says_so(tmp_path):
    (tmp_path / "m.wat").write_text(
        '(module (func (export "which") (result i32) (i32.const 1)))')
    (tmp_path / "m.wasm").write_bytes(parse_wat(
        '(module (func (export "which") (result i32) (i32.const 2)))'))
    result = gvm("--verbose", "m.which", cwd=tmp_path)
    assert result.stdout == b"2\n", result.stderr
    assert "loading m.wasm" in result.stderr.decode()
    (tmp_path / "m.wasm").unlink()
    result = gvm("--verbose", "m.which", cwd=tmp_path)
    assert result.stdout == b"1\n", result.stderr
    assert "loading m.wat" in result.stderr.decode()


def test_wat2wasm(tmp_path):
    source = tmp_path / "squares.wat"
    shutil.copy(SQUARES, source)
    result = gvm("wat2wasm", str(source), "-o", str(tmp_path / "out.wasm"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.wasm").read_bytes() == parse_wat(SQUARES.read_text())
    result = gvm("wat2wasm", str(source))         # beside it by default
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "squares.wasm").read_bytes() == parse_wat(SQUARES.read_text())
    assert gvm("--invoke", "sum_squares", str(tmp_path / "squares.wasm"), "3").stdout == b"5\n"


def test_malformed_text_is_one_line_with_its_place(tmp_path):
    (tmp_path / "bad.wat").write_text("(module\n  (func (i32.const 1) (i32.frob)))\n")
    for args in (["bad.wat"], ["wat2wasm", "bad.wat"], ["bad.f"]):
        assert_one_line_error(gvm(*args, cwd=tmp_path), "bad.wat:2:24: unknown operator i32.frob")


def test_invalid_text_module_is_one_line(tmp_path):
    (tmp_path / "bad.wat").write_text("(module (func (result i32) (i64.const 1)))")
    assert_one_line_error(gvm("wat2wasm", "bad.wat", cwd=tmp_path), "invalid WebAssembly module",
                          "type mismatch")
    assert not (tmp_path / "bad.wasm").exists()


def test_inspect_and_disasm_read_text():
    result = gvm("inspect", str(SQUARES))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert f"{SQUARES}: {len(parse_wat(SQUARES.read_text()))} bytes" in out
    assert "code" in out and "sum_squares" in out
    result = gvm("disasm", str(SQUARES), "--func", "square")
    assert result.stdout.decode().splitlines()[0].startswith("(func $square")


HELLO = r'''(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from wat\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 15))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 40)))))'''


def test_a_wasi_program_in_text(tmp_path, engine):
    (tmp_path / "hello.wat").write_text(HELLO)
    result = gvm("hello.wat", "arg", cwd=tmp_path, engine=engine)
    assert (result.returncode, result.stdout) == (0, b"hello from wat\n"), result.stderr
