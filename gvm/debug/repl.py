"""The prompt, `(gvm) `: reads commands from a terminal (with line editing and history),
from a pipe, or from the file of `-x FILE` before either, and carries them out.

Commands read from a file or a pipe are echoed after the prompt, so that the output reads
as the session would on a terminal. Commands from a pipe are read byte by byte, without
reading ahead: what follows them on standard input stays for the program.
"""
import importlib
import sys

from .commands import execute
from .errors import DebugError, Quit

PROMPT = "(gvm) "


class Repl:
    def __init__(self, out, script_lines=(), stdin=None):
        self.out = out
        self.script = list(script_lines)
        self.stdin = stdin if stdin is not None else sys.stdin
        self.terminal = self.stdin.isatty()
        self.last = ""
        if self.terminal:
            _line_editing()

    def __call__(self, session):
        """Read one command and carry it out; an empty line repeats the last one."""
        line = self.read().strip()
        if not line:
            line = self.last
        if not line:
            return
        self.last = line
        try:
            execute(session, line)
        except DebugError as error:
            self.write(f"error: {error}\n")

    def read(self):
        """The next command line; Quit at the end of the input, as on a Ctrl-D."""
        if self.script:
            return self.echo(self.script.pop(0))
        if self.terminal:
            self.out.flush()
            while True:
                try:
                    return input(PROMPT)
                except KeyboardInterrupt:      # as in gdb: a fresh prompt
                    self.write("\n")
                except EOFError:
                    self.write("\n")
                    raise Quit() from None
        line = _read_line(self.stdin)
        if line is None:
            raise Quit()
        return self.echo(line)

    def echo(self, line):
        line = line.rstrip("\r\n")
        self.write(f"{PROMPT}{line}\n")
        return line

    def write(self, text):
        self.out.write(text)
        self.out.flush()


def _read_line(stdin):
    """A line of a pipe without reading past it, None at its end."""
    raw = getattr(getattr(stdin, "buffer", None), "raw", None)
    data = raw.readline() if raw is not None else stdin.readline()
    if not data:
        return None
    return data.decode(errors="replace") if isinstance(data, bytes) else data


def _line_editing():
    """Once readline is loaded, input() edits lines and keeps a history."""
    try:
        importlib.import_module("readline")
    except ImportError:
        pass
