"""The command line of GVM.

    gvm [OPTIONS] FILE.wasm [ARGS...]      run a WASI program (FILE.wat as well)
    gvm [OPTIONS] MODULE.FUNC [ARGS...]    call an exported function
    gvm inspect FILE.wasm                  look inside a module
    gvm disasm FILE.wasm [--func NAME]     disassemble it
    gvm wat2wasm FILE.wat [-o FILE.wasm]   assemble the text format (gvm/text/)
    gvm debug FILE.wasm|MODULE.FUNC ...    step through it (gvm/debug/)
    gvm cache info|clear                   the module cache (gvm/cache/)

  options.py   the grammar: options, then a target, then the target's arguments
  load.py      from target to instance: finding, reading, WASI, instantiation
  run.py       running a WASI command (`_start`)
  call.py      calling one function with arguments from the command line
  guest.py     how the guest's ways of ending become exit statuses
  errors.py    one-line errors, and traps with their backtrace
  inspect.py   the `inspect` subcommand
  disasm.py    the `disasm` subcommand
  wat2wasm.py  the `wat2wasm` subcommand
  cache.py     the `cache` subcommand

Start-up matters (`gvm hello.wasm` should cost little beyond Python itself): running
a program imports only what running needs; each subcommand is imported when used.
"""
import os
import sys
from importlib import import_module

from .errors import EXIT_BROKEN_PIPE, EXIT_INTERNAL, EXIT_INTERRUPTED, CliError, report_error

# Subcommand name -> the module whose main(options) implements it. These names are
# reserved: they are never taken for a file or MODULE.FUNC (write ./inspect for a file
# called so).
SUBCOMMANDS = {
    "inspect": "gvm.cli.inspect",
    "disasm": "gvm.cli.disasm",
    "wat2wasm": "gvm.cli.wat2wasm",
    "debug": "gvm.debug.cli",
    "cache": "gvm.cli.cache",
    "node": "gvm.dist.cli",
    "nodes": "gvm.dist.cli",
    "map": "gvm.dist.cli",
    "up": "gvm.dist.up",
    "down": "gvm.dist.up",
    "status": "gvm.dist.up",
}


def main(argv=None):
    from .options import GVM
    options = GVM.parse(sys.argv[1:] if argv is None else argv)
    try:
        if options.version:
            return print_version(options)
        if options.target is None:
            raise CliError("nothing to run: give a FILE.wasm or MODULE.FUNC (see gvm --help)")
        if options.target in SUBCOMMANDS:
            return subcommand(options)
        return run_target(options)
    except CliError as error:
        report_error(error)
        return error.status
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return stdout_closed()
    except Exception as error:     # a bug of gvm's: still one line, unless asked
        if os.environ.get("GVM_TRACEBACK"):
            raise
        report_error(f"internal error: {type(error).__name__}: {error} "
                     f"(set GVM_TRACEBACK=1 to see where)")
        return EXIT_INTERNAL


def stdout_closed():
    """The reader of our output went away (`gvm disasm big.wasm | head`): stop quietly,
    and keep Python from complaining when it flushes stdout at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_BROKEN_PIPE


def print_version(options):
    from .. import __version__, default_engine_name
    print(f"gvm {__version__} (engine: {options.engine or default_engine_name()})")
    return 0


def subcommand(options):
    return import_module(SUBCOMMANDS[options.target]).main(options)


def run_target(options):
    if options.node:
        from ..dist.cli import run_remote
        return run_remote(options.node, options.target, options.args, options)
    from .load import resolve_target
    path, function = resolve_target(options.target, options)
    if function is None:
        from .run import run
        return run(path, options)
    from .call import call
    return call(path, function, options)
