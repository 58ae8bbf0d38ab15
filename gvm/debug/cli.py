"""`gvm debug [OPTIONS] FILE.wasm [ARGS...]` and `gvm debug [OPTIONS] MODULE.FUNC [ARGS...]`:
run a WASI program, or call one function, under the debugger, stopped before the first
instruction of `_start` or of the function. The options are those of gvm's that apply
to a program run on the debugger's engine (not --engine, --trace or --node), plus
`-x FILE` to carry out the commands of FILE before reading more from the terminal or
the pipe. --fuel counts the instructions the program executes, stepped or not.

When the program is over, the prompt stays for a look at what it left (globals,
memory) until `quit` or the end of the input. The exit status is the program's.
"""
import copy
import os
import sys

from ..cli.call import parse_arguments
from ..cli.errors import EXIT_TRAP, CliError, UsageError
from ..cli.load import exported_function, link_error, make_wasi, read_module, resolve_target
from ..cli.options import GVM, Option
from ..errors import Exhaustion, LinkError, Trap, WasmException
from ..link import instantiate
from ..wasi import ProcExit
from .engine import DebugEngine
from .errors import Quit
from .repl import Repl
from .session import Session
from .text import typed_list

USAGE = "gvm debug [OPTIONS] FILE.wasm|MODULE.FUNC [ARGS...]"


def main(options):
    options = debug_options(options)
    if options.target is None:
        raise CliError(f"what should be debugged? {USAGE}")
    path, function = resolve_target(options.target, options)
    module = read_module(path)
    session = Session(module, sys.stdout)
    repl = session.prompt = Repl(sys.stdout, _script(options.script))
    status = 0
    try:
        with make_wasi(options, [path, *options.args] if function is None else [path]) as wasi:
            status = _run(session, module, path, function, options, wasi)
        while True:             # the program is over: look at what it left
            repl(session)
    except Quit:
        pass
    return status


# gvm's options that apply to the debugger.
APPLICABLE = ("--dir", "--env", "--fuel", "--max-memory", "--max-table", "--path",
              "--trace-wasi", "--invoke", "--verbose")
DEBUG = GVM.subcommand(
    "gvm debug", USAGE,
    "Step through a WASI program or one function, on the reference engine. Type `help` "
    "at the prompt.", APPLICABLE,
    [Option("-x", "FILE", str, dest="script", help="carry out the debugger commands in FILE first")])


def debug_options(options):
    """gvm's options given before `debug` and after it, with -x."""
    for flag in GVM.given(options):
        if flag not in APPLICABLE:
            raise UsageError(f"{flag} does not apply to gvm debug (see gvm debug --help)")
    return DEBUG.parse(options.args, namespace=copy.copy(options))


def _script(path):
    if path is None:
        return []
    try:
        with open(path) as f:
            return f.read().splitlines()
    except OSError as error:
        raise CliError(f"-x {path}: {error.strerror}") from None


def _run(session, module, path, function, options, wasi):
    """Run the program under the debugger; say how it ended and keep its exit status."""
    try:
        results = _invocation(session, module, path, function, options, wasi)
    except ProcExit as exit_:
        session.say(f"The program exited with status {exit_.code}.")
        return exit_.code
    except (Trap, Exhaustion, WasmException) as error:
        session.say(f"The program was ended by the trap: {error.message}.")
        return EXIT_TRAP
    if function is None:
        session.say("The program exited with status 0.")
    else:
        session.say(f"{function} returned {typed_list(results)}.")
    return 0


def _invocation(session, module, path, function, options, wasi):
    """Instantiate (the start function runs), then call `_start` or the function, the
    debugger stopping before its first instruction; return the typed results."""
    try:
        instance = instantiate(module, wasi.imports(), DebugEngine(session, options.fuel),
                               options.max_memory, options.max_table)
    except LinkError as error:
        raise link_error(path, error) from None
    wasi.bind(instance)
    name = function or "_start"
    if function is None and "_start" not in instance.exports:
        raise CliError(f"{path}: exports no _start; debug one of its functions: "
                       f"gvm debug {os.path.splitext(path)[0]}.FUNC")
    func = exported_function(instance, path, name)
    args = parse_arguments(name, func.type.params, options.args) if function else []
    if function is not None and "_initialize" in instance.exports:
        exported_function(instance, path, "_initialize")()
    session.stop_at_entry = True
    return list(zip(func.type.results, func.call_raw(args)))
