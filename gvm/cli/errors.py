"""How the command line reports failure: one line on stderr, `gvm: error: ...`, and an
exit status; a trap adds the wasm backtrace. Never a Python traceback."""
import sys

EXIT_ERROR = 1      # the module or the command line is at fault
EXIT_USAGE = 2      # as argparse has it
EXIT_TRAP = 134     # the program trapped: 128 + SIGABRT, as wasmtime and a C abort()
EXIT_INTERNAL = 70      # a bug of gvm's (EX_SOFTWARE of sysexits.h)
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE


class CliError(Exception):
    """A failure the user can act on; its message is the whole report, `status` the
    exit status."""
    status = EXIT_ERROR


class UsageError(CliError):
    """A command line that parses but asks for what cannot be: a function's arguments
    that are not of its parameters' types or number."""
    status = EXIT_USAGE


def say(message):
    print(f"gvm: {message}", file=sys.stderr)


def report_error(message):
    say(f"error: {message}")


def usage_error(prog, message):
    """A command line that does not parse: say so, point to --help, exit."""
    print(f"{prog}: error: {message} (see {prog} --help)", file=sys.stderr)
    sys.exit(EXIT_USAGE)


def report_trap(trap, module_name, locate=None):
    """The spec's trap message, then the wasm backtrace innermost call first, each
    frame as `at FUNCTION (MODULE+0xOFFSET)` like a native backtrace, or as
    `at FUNCTION (prog.wat:LINE:COLUMN)` where `locate(offset)` knows the source."""
    lines = [f"gvm: trap: {trap.message}"]
    for name, offset in reversed(trap.frames):
        where = locate and offset is not None and locate(offset)
        if not where:
            where = f"{module_name}+{offset:#x}" if offset is not None else module_name
        lines.append(f"    at {name} ({where})")
    print("\n".join(lines), file=sys.stderr)
