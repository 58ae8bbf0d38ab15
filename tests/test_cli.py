"""The command line, run for real (`python -m gvm` in a subprocess) on the programs of
tests/programs/: running WASI commands, calling functions, inspect, disasm, and every
error, which must be one line on stderr with a non-zero status, never a traceback."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import wat

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "tests" / "programs"


def gvm(*args, engine=None, stdin=b"", cwd=PROGRAMS, env=None):
    """Run `python -m gvm [--engine ENGINE] ARGS...` and return the CompletedProcess."""
    command = [sys.executable, "-m", "gvm", *(["--engine", engine] if engine else []), *args]
    environment = {k: v for k, v in os.environ.items() if k not in ("GVM_PATH", "GVM_TRACEBACK")}
    environment.update(PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run(command, input=stdin, capture_output=True, cwd=cwd,
                          env=environment, timeout=120)


def assert_one_line_error(result, *fragments):
    """A failure as the command line must report it: status != 0, one line on stderr
    starting with "gvm", containing each of `fragments`, and no traceback."""
    stderr = result.stderr.decode()
    assert result.returncode != 0
    assert "Traceback" not in stderr
    assert stderr.count("\n") == 1 and stderr.startswith("gvm"), stderr
    for fragment in fragments:
        assert fragment in stderr, stderr


@pytest.fixture
def sandbox(tmp_path):
    """A directory to preopen, with a file inside and a file just outside it."""
    box = tmp_path / "box"
    (box / "inner").mkdir(parents=True)
    (box / "inside.txt").write_text("inside")
    (tmp_path / "outside.txt").write_text("ESCAPED")
    return box


# --- running WASI commands ------------------------------------------------------------------------
def test_hello(engine):
    result = gvm("hello.wasm", engine=engine)
    assert (result.stdout, result.stderr, result.returncode) == (b"Hello, world!\n", b"", 0)


def test_arguments_environment_and_exit_status(engine):
    result = gvm("--env", "GREETING=hi there", "--env", "EMPTY=", "argv_env.wasm",
                 "one", "two words", "--three", engine=engine, env={"LEAKED": "no"})
    assert result.stdout.decode().splitlines() == [
        "argc=4", "argv[0]=argv_env.wasm", "argv[1]=one", "argv[2]=two words",
        "argv[3]=--three", "env GREETING=hi there", "env EMPTY=", "GREETING=hi there"]
    assert result.returncode == 3       # the program exits with argc - 1


def test_no_host_environment_leaks(engine):
    result = gvm("argv_env.wasm", engine=engine, env={"GREETING": "from the host"})
    assert b"env " not in result.stdout and b"GREETING=(unset)" in result.stdout


def test_standard_streams_and_poll(engine):
    result = gvm("stdio.wasm", "7", engine=engine, stdin=b"one\ntwo\nthree\n")
    assert result.stdout == b"poll: 1 readable\nONE\nTWO\nTHREE\n"
    assert result.stderr == b"14 bytes, 3 lines\n"
    assert result.returncode == 7


def test_clocks_and_randomness(engine):
    result = gvm("clocks.wasm", engine=engine)
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 8 and all(line.endswith(": ok") for line in lines), lines
    assert result.returncode == 0


def test_files_in_a_preopened_directory(engine, sandbox):
    result = gvm("--dir", f"{sandbox}::/sandbox", "files.wasm", "/sandbox", engine=engine)
    assert result.stdout == (PROGRAMS / "files.stdout").read_bytes()
    assert result.returncode == 0
    assert sorted(os.listdir(sandbox)) == ["inner", "inside.txt"]


def test_escape_attempts_are_refused(engine, sandbox):
    result = gvm("--dir", f"{sandbox}::/sandbox", "escape.wasm", "/sandbox", engine=engine)
    assert result.stdout == (PROGRAMS / "escape.stdout").read_bytes()
    assert result.returncode == 0
    assert sorted(os.listdir(sandbox.parent)) == ["box", "outside.txt"]


def test_links_with_trailing_slashes(engine, sandbox):
    """The WASI test suite's path_link and path_symlink_trailing_slashes cases: a new
    link's path ending in "/" is refused with the errno the suite expects, and nothing
    is made, not even where a dangling symlink points."""
    result = gvm("--dir", f"{sandbox}::/sandbox", "links.wasm", "/sandbox", engine=engine)
    assert result.stdout == (PROGRAMS / "links.stdout").read_bytes()
    assert result.returncode == 0
    assert sorted(os.listdir(sandbox)) == ["inner", "inside.txt"]


def test_preopen_under_its_own_name(engine, sandbox):
    result = gvm("--dir", str(sandbox), "files.wasm", str(sandbox), engine=engine)
    assert result.stdout == (PROGRAMS / "files.stdout").read_bytes()
    assert result.returncode == 0


def test_cplusplus(engine):
    result = gvm("words.wasm", "to", "be", "or", "not", "to", "be", engine=engine)
    assert result.stdout == b"2 be\n2 to\n1 not\n1 or\n"


def test_trap_prints_message_and_backtrace(engine):
    result = gvm("trap.wasm", engine=engine)
    assert result.stdout == b"about to divide\n"
    assert result.returncode == 134
    lines = result.stderr.decode().splitlines()
    assert lines[0] == "gvm: trap: integer divide by zero"
    functions = [line.split()[1] for line in lines[1:]]
    assert functions[:3] == ["divide", "average", "main"] and functions[-1] == "_start"
    assert all(line.startswith("    at ") and "(trap.wasm+0x" in line for line in lines[1:])


def test_fuel_runs_out(engine):
    result = gvm("--fuel", "1000", "clocks.wasm", engine=engine)
    assert_one_line_error(result, "fuel exhausted")


# --- calling functions ---------------------------------------------------------------------------
@pytest.mark.parametrize("target, args, output", [
    ("fib.fib", ["20"], "6765"),
    ("fib.add64", ["-5", "0x10"], "11"),
    ("fib.add64", ["9223372036854775807", "1"], "-9223372036854775808"),
    ("fib.mulf", ["1.5", "2"], "3.0"),
    ("fib.scale", ["nan", "2"], "nan"),
    ("fib.scale", ["-0", "1"], "-0.0"),
    ("fib.scale", ["inf", "-1"], "-inf"),
    ("fib.scale", ["0x1.8p1", "1e3"], "3000.0"),
    ("fib.hypotenuse", ["3", "4"], "5.0"),
    ("fib.all_ones", [], "-1"),
    ("fib.get_base", [], "100"),        # set by a constructor: _initialize ran
])
def test_call_exported_function(engine, target, args, output):
    result = gvm(target, *args, engine=engine)
    assert (result.stdout.decode(), result.stderr, result.returncode) == (output + "\n", b"", 0)


def test_call_with_invoke(engine):
    assert gvm("--invoke", "fib", "fib.wasm", "10", engine=engine).stdout == b"55\n"


def test_module_search_path(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "mathlib.wasm").write_bytes((PROGRAMS / "fib.wasm").read_bytes())
    assert gvm("--path", "lib", "mathlib.fib", "10", cwd=tmp_path).stdout == b"55\n"
    assert gvm("lib/mathlib.fib", "11", cwd=tmp_path).stdout == b"89\n"
    found = gvm("mathlib.fib", "12", cwd=tmp_path, env={"GVM_PATH": f"/nonexistent:{tmp_path / 'lib'}"})
    assert found.stdout == b"144\n"
    assert_one_line_error(gvm("mathlib.fib", "12", cwd=tmp_path), "no module mathlib.wasm")


def test_max_memory(tmp_path):
    grower = tmp_path / "grow.wasm"
    grower.write_bytes(wat('(module (memory (export "memory") 1)'
                           ' (func (export "grow") (param i32) (result i32)'
                           ' local.get 0 memory.grow))'))
    assert gvm("--max-memory", "128K", "--invoke", "grow", str(grower), "1").stdout == b"1\n"
    assert gvm("--max-memory", "128K", "--invoke", "grow", str(grower), "2").stdout == b"-1\n"


def test_trap_in_called_function(engine):
    result = gvm("fib.divide", "1", "0", engine=engine)
    assert result.returncode == 134
    assert result.stderr.decode().splitlines() == [
        "gvm: trap: integer divide by zero", "    at divide (fib.wasm+0x1ac)"]


# --- errors: one line each ------------------------------------------------------------------------
def invalid_module(tmp_path):
    path = tmp_path / "invalid.wasm"
    path.write_bytes(wat("(module (func (result i32)))"))
    return path


def unlinkable_module(tmp_path):
    path = tmp_path / "needs.wasm"
    path.write_bytes(wat('(module (import "env" "missing" (func)) (func (export "_start")))'))
    return path


def truncated_module(tmp_path):
    path = tmp_path / "truncated.wasm"
    path.write_bytes((PROGRAMS / "hello.wasm").read_bytes()[:100])
    return path


@pytest.mark.parametrize("args, fragments", [
    (["missing.wasm"], ["missing.wasm: no such file"]),
    (["build.py"], ["build.py: not a WebAssembly module"]),
    (["nosuch.func"], ["no module nosuch.wasm"]),
    (["fib.nope"], ["no exported function 'nope'", "fib"]),
    (["fib.fib"], ["fib takes 1 argument (i32), 0 given"]),
    (["fib.fib", "1", "2"], ["fib takes 1 argument (i32), 2 given"]),
    (["fib.fib", "ten"], ["argument 1 must be an i32, not 'ten'"]),
    (["fib.fib", "4294967296"], ["must be an i32"]),
    (["fib.scale", "1", "x"], ["argument 2 must be an f64, not 'x'"]),
    (["fib.wasm"], ["exports no _start"]),
    (["--dir", "/nonexistent/dir", "hello.wasm"], ["/nonexistent/dir"]),
    (["--fuel", "lots", "hello.wasm"], ["--fuel"]),
    (["--engine", "turbo", "hello.wasm"], ["--engine"]),
    (["--env", "NOVALUE", "hello.wasm"], ["NAME=VALUE"]),
    (["--max-memory", "64X", "hello.wasm"], ["--max-memory", "64M"]),
    (["--bogus", "hello.wasm"], ["unrecognized option --bogus"]),
    (["--trace=yes", "hello.wasm"], ["--trace takes no value"]),
    (["--fuel"], ["--fuel expects N"]),
    ([], ["nothing to run"]),
    (["debug"], ["what should be debugged?"]),
    (["debug", "fib.wasm"], ["exports no _start", "gvm debug fib.FUNC"]),
    (["disasm", "fib.wasm", "--func", "nope"], ["no function 'nope'"]),
    (["inspect"], ["FILE.wasm"]),
])
def test_error_is_one_line(args, fragments):
    assert_one_line_error(gvm(*args), *fragments)


@pytest.mark.parametrize("make, fragments", [
    (invalid_module, ["invalid.wasm: invalid WebAssembly module"]),
    (unlinkable_module, ["needs.wasm", "env.missing"]),
    (truncated_module, ["truncated.wasm: malformed WebAssembly module"]),
])
def test_bad_module_is_one_line(tmp_path, make, fragments):
    assert_one_line_error(gvm(str(make(tmp_path))), *fragments)


# --- version, inspect, disasm ----------------------------------------------------------------------
def test_version():
    from gvm import __version__, default_engine_name
    result = gvm("--version")
    assert result.stdout.decode() == f"gvm {__version__} (engine: {default_engine_name()})\n"


def test_inspect():
    out = gvm("inspect", "hello.wasm").stdout.decode()
    assert out.startswith(f"hello.wasm: {(PROGRAMS / 'hello.wasm').stat().st_size} bytes\n")
    assert "\n  code " in out and '\n  custom "name" ' in out
    lines = [" ".join(line.split()) for line in out.splitlines()]   # columns aside
    assert "wasi_snapshot_preview1.fd_write (func (param i32 i32 i32 i32) (result i32))" in lines
    assert "_start (func)" in lines
    assert lines[-1] == "features: bulk_memory"


def test_disasm_module_and_function():
    whole = gvm("disasm", "fib.wasm").stdout.decode()
    assert whole.startswith("(module $fib.wasm\n") and '(export "fib" (func $fib))' in whole
    one = gvm("disasm", "fib.wasm", "--func", "add64").stdout.decode()
    assert one == ("(func $add64 (;4;) (type 3) (param i64 i64) (result i64)\n"
                   "  local.get 1\n  local.get 0\n  i64.add)\n")
    with_offsets = gvm("disasm", "fib.wasm", "--func", "divide", "--offsets").stdout.decode()
    assert "000001ac:   i32.div_s)" in with_offsets.splitlines()


def test_running_imports_only_what_it_needs():
    """Start-up stays lean: running a program loads neither the disassembler, nor
    the subcommands, nor wasmtime."""
    probe = ("import sys; from gvm.cli import main; main(['hello.wasm']); "
             "print(sorted(m for m in sys.modules if m.startswith(('gvm', 'wasmtime', 'argparse'))))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, cwd=PROGRAMS,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    loaded = result.stdout.decode()
    assert "'gvm.cli.run'" in loaded
    for heavy in ("gvm.disasm", "gvm.cli.inspect", "gvm.cli.disasm", "gvm.cli.call", "wasmtime",
                  "argparse"):
        assert f"'{heavy}'" not in loaded


def test_help_lists_every_option():
    from gvm.cli.options import OPTIONS
    result = gvm("--help")
    assert result.returncode == 0 and result.stdout.startswith(b"usage: gvm [OPTIONS] FILE.wasm")
    for option in OPTIONS:
        assert f"  {option.flag}".encode() in result.stdout


def test_option_spellings():
    """`--fuel=N` and `--fuel N` are the same; `--` ends the options, so a program may be
    called like one; everything after the target is the program's, options or not."""
    assert gvm("--fuel=100000", "hello.wasm").stdout == b"Hello, world!\n"
    assert gvm("--fuel", "100000", "--", "hello.wasm").stdout == b"Hello, world!\n"
    result = gvm("--env=A=1", "argv_env.wasm", "--env", "B=2")
    assert b"argv[1]=--env\nargv[2]=B=2\nenv A=1\n" in result.stdout
    assert b"env B=2" not in result.stdout


# --- limits, arguments, the debugger's options (issue 17) ------------------------------------------
def test_max_memory_applies_at_instantiation(tmp_path):
    """A module declaring 4 GiB does not run under --max-memory 64M: it is refused at
    once, naming the option, before anything is allocated."""
    big = tmp_path / "big.wasm"
    big.write_bytes(wat('(module (memory 65536) (func (export "_start")))'))
    assert_one_line_error(gvm("--max-memory", "64M", str(big)), "big.wasm: memory 0 of 65536 pages "
                          "(4 GiB) exceeds the limit of 1024 pages (64 MiB) set by --max-memory")
    table = tmp_path / "table.wasm"
    table.write_bytes(wat('(module (table 400000000 funcref) (func (export "_start")))'))
    assert_one_line_error(gvm(str(table)), "table 0 of 400000000 entries", "set by --max-table")
    assert_one_line_error(gvm("--max-table", "5", str(table)), "exceeds the limit of 5 entries")


def test_failed_growth_under_max_memory_gets_a_hint(engine):
    """A program whose malloc fails under --max-memory says so its own way, and gvm adds
    one line naming the cause; without the limit it runs."""
    result = gvm("--max-memory", "16M", "alloc.wasm", "32", engine=engine)
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 1 and lines[0] == "alloc: out of memory" and len(lines) == 2
    assert lines[1].startswith("gvm: hint: memory.grow to ") and "--max-memory 16 MiB" in lines[1]
    assert gvm("alloc.wasm", "32", engine=engine).stdout == b"allocated 32 MiB, last byte 1\n"
    assert gvm("--max-memory", "64M", "alloc.wasm", "16", engine=engine).stderr == b""


@pytest.mark.parametrize("text", ["abc", "1_0", "infinity", "\uff11", "0x", "1e", ".", "0xp1", ""])
def test_float_arguments_are_decimal_inf_nan_or_hex_only(text):
    """`abc` is not read as hex (2748.0), nor anything else Python's readers accept."""
    result = gvm("fib.scale", text, "1")
    assert_one_line_error(result, f"argument 1 must be an f64, not {text!r}")
    assert result.returncode == 2 and result.stdout == b""


@pytest.mark.parametrize("args, output", [
    (["fib.scale", "-0.0", "1"], "-0.0"), (["fib.scale", "NaN", "1"], "nan"),
    (["fib.scale", "+inf", "1"], "inf"), (["fib.scale", ".5", "1e-1"], "0.05"),
    (["fib.scale", "-0x1p-3", "8"], "-1.0"), (["fib.add64", "007", "-0x10"], "-9"),
    (["fib.add64", "--", "-5", "3"], "-2"), (["--", "fib.add64", "--", "-5", "--3"], None),
])
def test_arguments_and_double_dash(args, output):
    """`--` ends gvm's options, before the target and before a function's arguments."""
    result = gvm(*args)
    if output is None:
        assert_one_line_error(result, "argument 2 must be an i64, not '--3'")
    else:
        assert (result.stdout.decode(), result.returncode) == (output + "\n", 0)


def test_debugger_honours_fuel():
    """The fuel runs out in the debugger as on any engine, stepping or continuing."""
    result = gvm("debug", "--fuel", "60", "fib.fib", "25", stdin=b"c\nc\n")
    assert b"Trap: fuel exhausted" in result.stdout and result.returncode == 134
    assert b"fib returned" not in result.stdout
    unlimited = gvm("debug", "fib.fib", "10", stdin=b"c\n")
    assert b"fib returned i32:55." in unlimited.stdout and unlimited.returncode == 0


def test_debugger_help_lists_only_what_applies():
    from gvm.debug.cli import APPLICABLE
    result = gvm("debug", "--help")
    assert result.returncode == 0 and result.stdout.startswith(b"usage: gvm debug")
    listed = {line.split()[0] for line in result.stdout.decode().splitlines()
              if line.startswith("  -")}
    assert listed == {"-h,", *APPLICABLE, "-x"}
    assert not listed & {"--engine", "--trace", "--node", "--timeout", "--version"}
    refused = gvm("--engine", "reference", "debug", "fib.fib", "5")
    assert_one_line_error(refused, "--engine does not apply to gvm debug")
    assert_one_line_error(gvm("debug", "--trace", "fib.fib", "5"), "unrecognized option --trace")
