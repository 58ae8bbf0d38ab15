"""Source-level debugging of a hand-written .wat (tests/programs/squares.wat), through
the command line: a piped `gvm debug` session breaks on a source line, steps, lists the
source lines with their numbers; --trace and a trap's backtrace name the .wat lines."""
from test_cli import PROGRAMS, gvm

SQUARES = PROGRAMS / "squares.wat"
LINES = SQUARES.read_text().splitlines()


def line_of(text, after=0):
    """The 1-based number of the first line of squares.wat holding `text`."""
    return next(n for n, line in enumerate(LINES, 1) if n > after and text in line)


def test_debugger_breaks_on_a_source_line_steps_and_lists():
    loop_body = line_of("local.get $i")             # the first instruction in the loop
    commands = f"b {loop_body}\nc\nlist\nn\nn\nc\nprint $acc\nq\n"
    result = gvm("debug", "--path", str(PROGRAMS), "squares.sum_squares", "3",
                 stdin=commands.encode())
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr
    assert f"Breakpoint 1 at sum_squares+0x4 @0x49 (squares.wat:{loop_body}:9)" in out
    assert f"Breakpoint 1, sum_squares+0x4 @0x49 (squares.wat:{loop_body}:9)" in out
    # list: the file, then the lines around, numbered; => the current one, B the break.
    listing = out.split("(gvm) list\n")[1].split("(gvm)")[0].splitlines()
    assert listing[0] == "squares.wat:"
    assert f"=>B {loop_body}          local.get $i" in listing
    assert f"    {loop_body + 1}          local.get $n" in listing
    assert len(listing) == 1 + 11
    # Two steps: the next two lines of the source, each shown as it is reached.
    after_steps = out.split("(gvm) n\n")[2]
    assert f"(squares.wat:{loop_body + 2}:9) i32.ge_u" in after_steps
    assert f"   {loop_body + 2}  i32.ge_u" in after_steps
    assert "(gvm) print $acc\nacc = i32:0\n" in out


def test_a_trap_names_the_wat_line(engine):
    result = gvm("--path", str(PROGRAMS), "squares.divide", "1", "0", engine=engine)
    assert result.returncode == 134
    line = line_of("i32.div_s")
    column = LINES[line - 1].index("(i32.div_s") + 2
    assert result.stderr.decode().splitlines() == [
        "gvm: trap: integer divide by zero", f"    at func[2] (squares.wat:{line}:{column})"]


def test_the_debugger_explains_a_trap_at_its_line():
    result = gvm("debug", "--path", str(PROGRAMS), "squares.divide", "1", "0",
                 stdin=b"c\nq\n")
    line = line_of("i32.div_s")
    assert f"(squares.wat:{line}:" in result.stdout.decode().split("Trap: integer divide by zero")[1]


def test_trace_shows_the_source_lines():
    result = gvm("--trace", "--path", str(PROGRAMS), "squares.sum_squares", "1")
    trace = result.stderr.decode().splitlines()
    assert result.stdout == b"0\n"
    square = line_of("i32.mul")
    assert any(line.endswith(f"; {square}: {LINES[square - 1].strip()}") for line in trace), trace
    assert any(f"; {line_of('call $square')}: call $square" in line for line in trace)


def test_the_debugger_says_which_file_with_verbose(tmp_path):
    (tmp_path / "m.wat").write_text('(module (func (export "f") (result i32) (i32.const 1)))')
    result = gvm("debug", "--verbose", "m.f", cwd=tmp_path, stdin=b"c\nq\n")
    assert result.stderr.decode() == "gvm: loading m.wat\n"
    assert "f returned i32:1." in result.stdout.decode()
