"""The debugger (gvm/debug/), run as a person would run it.

Most tests are transcripts, tests/debug/*.txt: the command line on the first line
(`$ gvm debug ...`), then the session exactly as it reads on the screen. The commands
are the text after each `(gvm) ` prompt; they are piped to `python -m gvm`, and its
output must match the transcript line for line. The programs are the WAT files of
tests/debug/ (assembled with wasm-tools) and the C programs of tests/programs/.
After a deliberate change of the output, GVM_UPDATE_TRANSCRIPTS=1 rewrites them.

Besides: the trap explanations, --trace and --trace-wasi, -x FILE, and one session
through a real pseudo-terminal, with Ctrl-C.
"""
import io
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import wat

import gvm
from gvm.debug.engine import DebugEngine
from gvm.debug.errors import Quit
from gvm.debug.repl import Repl
from gvm.debug.session import Session
from gvm.link import instantiate

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "tests" / "debug"
PROGRAMS = ROOT / "tests" / "programs"
PROMPT = "(gvm) "


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """The WAT programs assembled, beside copies of the C test programs."""
    directory = tmp_path_factory.mktemp("debug")
    for source in HERE.glob("*.wat"):
        (directory / f"{source.stem}.wasm").write_bytes(wat(source.read_text()))
    for program in ("trap", "hello", "fib"):
        shutil.copy(PROGRAMS / f"{program}.wasm", directory)
    return directory


def gvm_command(args, cwd, stdin=""):
    environment = {k: v for k, v in os.environ.items() if k not in ("GVM_PATH", "GVM_TRACEBACK")}
    environment["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "gvm", *args], input=stdin.encode(),
                          capture_output=True, cwd=cwd, env=environment, timeout=60,
                          check=False)


# --- transcripts -------------------------------------------------------------------------------
TRANSCRIPTS = sorted(path.stem for path in HERE.glob("*.txt") if not path.stem.startswith("trace"))


@pytest.mark.parametrize("name", TRANSCRIPTS)
def test_transcript(name, workdir):
    path = HERE / f"{name}.txt"
    command, *expected = path.read_text().splitlines()
    assert command.startswith("$ gvm "), f"{path}: the first line is the command line"
    commands = [line[len(PROMPT):] for line in expected if line.startswith(PROMPT.rstrip())]
    result = gvm_command(command[len("$ gvm "):].split(), workdir, "\n".join(commands) + "\n")
    assert result.stderr == b""
    actual = [line.rstrip() for line in result.stdout.decode().splitlines()]
    if os.environ.get("GVM_UPDATE_TRANSCRIPTS"):
        path.write_text("\n".join([command, *actual]) + "\n")
        return
    assert actual == [line.rstrip() for line in expected]


def test_exit_status_is_the_programs(workdir):
    assert gvm_command(["debug", "trap.wasm"], workdir, "c\nc\n").returncode == 134
    assert gvm_command(["debug", "hello.wasm"], workdir, "c\n").returncode == 0
    assert gvm_command(["debug", "hello.wasm"], workdir, "q\n").returncode == 0


def test_commands_from_a_file_then_the_pipe(workdir, tmp_path):
    script = tmp_path / "commands"
    script.write_text("b square\nc\n")
    result = gvm_command(["debug", "-x", str(script), "calls.sum_squares", "2"], workdir,
                         "bt\nq\n")
    lines = result.stdout.decode().splitlines()
    assert lines[2:] == [
        "(gvm) b square",
        "Breakpoint 1 at square+0x0 @0x59",
        "(gvm) c",
        "Breakpoint 1, square+0x0 @0x59",
        "   sum_squares+0xd @0x70    call $square             popped i32:2; calls square",
        "=> square+0x0 @0x59         local.get $x",
        "(gvm) bt",
        "#0  square(x=i32:2) at square+0x0 @0x59",
        "#1  sum_squares(n=i32:2) at sum_squares+0xd @0x70",
        "(gvm) q"]


# --- trap explanations -------------------------------------------------------------------------
def run_to_trap(source, *args):
    """Call export "f" of a WAT module under the debugger with `c`; the session's output."""
    module = gvm.Module(wat(source))
    out = io.StringIO()
    session = Session(module, out)
    session.prompt = Repl(out, ["c"], stdin=io.StringIO(""))
    instance = instantiate(module, {}, DebugEngine(session))
    session.stop_at_entry = True
    with pytest.raises(Quit):
        instance.exports.f(*args)
    return out.getvalue().splitlines()


def module_with_f(params, body):
    """A module exporting f(params) -> i32 with `body`, a memory of one page and a table
    of two entries, the first function $g of type [i32] -> []."""
    return ("(module (memory 1) (table 2 funcref) (elem (i32.const 0) $g) "
            f'(func $g (param i32)) (func (export "f") {params} (result i32) {body}))')


@pytest.mark.parametrize("params, body, args, trap, rule", [
    ("(param i32 i32)", "local.get 0 local.get 1 i32.div_s", (7, 0),
     "integer divide by zero", "i32.div_s: division by zero"),
    ("(param i32 i32)", "local.get 0 local.get 1 i32.rem_u", (7, 0),
     "integer divide by zero", "i32.rem_u: remainder of a division by zero"),
    ("(param i32 i32)", "local.get 0 local.get 1 i32.div_s", (-2**31, -1),
     "integer overflow",
     "i32.div_s: -2147483648 / -1 is 2147483648, which does not fit in a signed 32-bit integer"),
    ("(param f64)", "local.get 0 i32.trunc_f64_u", (-1.5,),
     "integer overflow", ("i32.trunc_f64_u: -1.5 truncates outside the range 0..4294967295 "
                          "of the result")),
    ("(param f32)", "local.get 0 i32.trunc_f32_s", (float("nan"),),
     "invalid conversion to integer", "i32.trunc_f32_s: NaN cannot be converted to an integer"),
    ("(param i32)", "local.get 0 i32.load offset=4", (65536,),
     "out of bounds memory access",
     "i32.load: memory access at 65536+4 beyond memory size 65536"),
    ("(param i32)", "local.get 0 i64.load i32.wrap_i64", (65530,),
     "out of bounds memory access",
     "i64.load: memory access at 65530+0 beyond memory size 65536 (its 8 bytes end at 65538)"),
    ("(param i32)", "local.get 0 i32.const 0 i32.store16 i32.const 0", (65535,),
     "out of bounds memory access",
     "i32.store16: memory access at 65535+0 beyond memory size 65536 (its 2 bytes end at 65537)"),
    ("(param i32)", "local.get 0 i32.const 0 i32.const 8 memory.fill i32.const 0", (65530,),
     "out of bounds memory access", "memory.fill: bytes 65530..65538 beyond memory size 65536"),
    ("(param i32)", "i32.const 1 local.get 0 call_indirect (param i32) i32.const 0", (5,),
     "undefined element 5", "call_indirect: index 5 beyond table size 2"),
    ("(param i32)", "i32.const 1 local.get 0 call_indirect (param i32) i32.const 0", (1,),
     "uninitialized element 1", "call_indirect: table element 1 is null"),
    ("(param i32)", "local.get 0 call_indirect (result i32)", (0,),
     "indirect call type mismatch",
     "call_indirect: table element 0 is g of type [i32] -> [], the call expects [] -> [i32]"),
    ("", "unreachable", (),
     "unreachable", ("unreachable: executed an `unreachable` instruction (compilers put one "
                     "where control must never arrive, e.g. after abort() or "
                     "__builtin_unreachable())")),
])
def test_trap_explanation(params, body, args, trap, rule):
    lines = run_to_trap(module_with_f(params, body), *args)
    at = lines.index(f"Trap: {trap}")
    assert lines[at + 2].strip() == rule


def test_trap_stops_before_the_instruction_with_its_operands():
    lines = run_to_trap(module_with_f("(param i32 i32)", "local.get 0 local.get 1 i32.div_s"), 7, 0)
    assert lines[-4:] == [
        "Trap: integer divide by zero",
        "   f+0x4 @0x41              i32.div_s with i32:7 i32:0",
        "   i32.div_s: division by zero",
        "=> f+0x4 @0x41              i32.div_s"]


def test_call_stack_exhausted():
    lines = run_to_trap('(module (func $r (export "f") (result i32) call $r))')
    assert lines[-2].strip() == ("call: call stack exhausted: 10000 frames, the limit is "
                                 "10000 (a recursion that does not end?)")


# --- --trace and --trace-wasi --------------------------------------------------------------------
def test_trace(workdir):
    result = gvm_command(["--trace", "calls.sum_squares", "1"], workdir)
    assert result.stdout == b"1\n"
    assert result.stderr.decode() == (HERE / "trace_sum_squares.txt").read_text()


def test_trace_shows_the_trap(workdir):
    result = gvm_command(["--trace", "trap.wasm"], workdir)
    lines = result.stderr.decode().splitlines()
    trap = lines.index("gvm: trap: integer divide by zero")
    assert lines[trap - 2:trap + 2] == [
        "    5 00000f9f  local.get 1                    [i32:10 i32:0]",
        "    5 00000fa1  i32.div_s                      trap: integer divide by zero",
        "gvm: trap: integer divide by zero",
        "    at divide (trap.wasm+0xfa1)"]
    assert result.returncode == 134


def test_trace_wasi(workdir):
    result = gvm_command(["--trace-wasi", "hello.wasm"], workdir)
    assert result.stdout == b"Hello, world!\n"
    assert result.stderr.decode().splitlines() == [
        "wasi: fd_fdstat_get(fd=1, fdstat_ptr=65496) -> 0 (success)",
        "wasi: fd_write(fd=1, iovs=65504, iovs_len=2, nwritten_ptr=65500) -> 0 (success)"]


def test_trace_wasi_exit(workdir):
    result = gvm_command(["--trace-wasi", "trap.wasm", "a"], workdir)
    assert result.stderr.decode().splitlines()[-1] == "wasi: proc_exit(code=20) -> exit 20"


# --- a person at a terminal --------------------------------------------------------------------
class Terminal:
    """`python -m gvm ARGS` on a pseudo-terminal: what it writes, what a person types."""

    def __init__(self, args, cwd):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:       # the child: the debugger, on the terminal
            os.chdir(cwd)
            os.environ.update(PYTHONPATH=str(ROOT), TERM="dumb")
            os.execv(sys.executable, [sys.executable, "-m", "gvm", *args])
        self.screen = ""

    def read_until(self, text, timeout=20):
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            ready, _, _ = select.select([self.fd], [], [], max(0, deadline - time.monotonic()))
            if not ready:
                raise AssertionError(f"no {text!r} on the screen:\n{self.screen}")
            chunk = os.read(self.fd, 4096).decode(errors="replace")
            self.screen += re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", chunk).replace("\r", "")
        seen, _, self.screen = self.screen.partition(text)
        return seen + text

    def type(self, text):
        os.write(self.fd, text.encode())

    def exit_status(self):
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


def test_a_person_at_a_terminal(workdir):
    terminal = Terminal(["debug", "calls.sum_squares", "3"], workdir)
    assert "Stopped at the entry of sum_squares(n=i32:3)." in terminal.read_until(PROMPT)
    terminal.type("s\n")
    terminal.read_until(PROMPT)
    terminal.type("s\n")
    assert "=> sum_squares+0x4 @0x67    local.get $n" in terminal.read_until(PROMPT)
    terminal.type("\n")                                 # repeats `s`
    assert "local.get $n             pushed i32:3" in terminal.read_until(PROMPT)
    terminal.type("stack\n")
    assert "i32:3   <- top" in terminal.read_until(PROMPT)
    terminal.type("q\n")
    assert terminal.exit_status() == 0


def test_ctrl_c_stops_a_running_program(workdir):
    terminal = Terminal(["debug", "forever.spin"], workdir)
    terminal.read_until(PROMPT)
    terminal.type("c\n")
    terminal.read_until("c\n")
    time.sleep(0.5)
    terminal.type("\x03")
    assert "Interrupted." in terminal.read_until(PROMPT)
    terminal.type("p turns\n")
    assert int(terminal.read_until(PROMPT).split("turns = i32:")[1].split()[0]) > 0
    terminal.type("q\n")
    assert terminal.exit_status() == 0
