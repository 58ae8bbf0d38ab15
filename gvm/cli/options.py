"""The command line's grammar: options come first, then a target (a file, MODULE.FUNC
or a subcommand's name), and everything after the target belongs to it verbatim, even
what looks like an option: `gvm prog.wasm -v -- x` passes `-v -- x` to the program."""
import argparse
import sys

from ..engines import ENGINES
from .errors import EXIT_USAGE

USAGE = """\
gvm [OPTIONS] FILE.wasm [ARGS...]      run a WASI program (its _start)
       gvm [OPTIONS] MODULE.FUNC [ARGS...]    call an exported function
       gvm [OPTIONS] --invoke FUNC FILE.wasm [ARGS...]
       gvm inspect FILE.wasm                  imports, exports, sections, features
       gvm disasm FILE.wasm [--func NAME]     disassemble to the text format
       gvm debug [OPTIONS] FILE.wasm|MODULE.FUNC [ARGS...]   step through it
       gvm node --name NAME | gvm nodes       serve as a node, list the nodes
       gvm --node NAME MODULE.FUNC|FILE.wasm [ARGS...]   call or run on a node
       gvm --version"""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, like every other error of gvm, and
    which knows which of its options take a value (to find where the target is)."""

    def __init__(self, **kwargs):
        self.valued = {}       # option string -> whether a value follows it
        super().__init__(allow_abbrev=False, **kwargs)

    def add_argument(self, *args, **kwargs):
        action = super().add_argument(*args, **kwargs)
        for option in action.option_strings:
            self.valued[option] = action.nargs != 0
        return action

    def parse_command_line(self, argv):
        """Parse gvm's options and the target; the rest becomes `args`, untouched."""
        own, rest = self.split_at_target(argv)
        options = self.parse_args(own)
        options.args = rest
        return options

    def split_at_target(self, argv):
        """(the arguments up to and including the target, those after it). The target
        is the first argument that is neither an option nor an option's value."""
        i = 0
        while i < len(argv):
            arg = argv[i]
            if arg == "--":                 # the end of options: the target follows
                return argv[:i + 2], argv[i + 2:]
            if not arg.startswith("-") or arg == "-":
                return argv[:i + 1], argv[i + 1:]
            i += 2 if self.valued.get(arg) and "=" not in arg else 1
        return argv, []

    def error(self, message):
        print(f"{self.prog}: error: {message} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def preopen(text):
    """--dir HOST_DIR[::GUEST_DIR]: the guest sees HOST_DIR as GUEST_DIR (by default
    under the same name)."""
    host, _, guest = text.partition("::")
    if not host:
        raise argparse.ArgumentTypeError(f"no host directory in {text!r}")
    return host, guest or host


def env_var(text):
    name, equals, value = text.partition("=")
    if not name or not equals:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, value


def count(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a count, got {text!r}")
    return value


_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def byte_size(text):
    """BYTES, or a number with a K, M or G suffix (KiB, MiB, GiB)."""
    unit = text[-1:].upper() if text[-1:].isalpha() else ""
    if unit not in _UNITS:
        raise argparse.ArgumentTypeError(f"expected a size like 65536 or 64M, got {text!r}")
    return count(text[:len(text) - len(unit)]) * _UNITS[unit]


def parser():
    p = Parser(prog="gvm", usage=USAGE,
               description="GVM, the Ghost Virtual Machine: a WebAssembly runtime.")
    p.add_argument("--dir", action="append", default=[], type=preopen,
                   metavar="HOST_DIR[::GUEST_DIR]",
                   help="give the program a directory (repeatable); it can reach "
                        "nothing else of the file system")
    p.add_argument("--env", action="append", default=[], type=env_var, metavar="NAME=VALUE",
                   help="set an environment variable (repeatable); none of the host's "
                        "are passed otherwise")
    p.add_argument("--engine", choices=ENGINES,
                   help="the execution engine (default: fast when built, else reference)")
    p.add_argument("--fuel", type=count, metavar="N",
                   help="stop the program after N instructions")
    p.add_argument("--max-memory", type=byte_size, metavar="BYTES",
                   help="cap each linear memory at BYTES (K, M, G suffixes allowed)")
    p.add_argument("--path", action="append", default=[], metavar="DIR",
                   help="where to look for MODULE.wasm of MODULE.FUNC, after the current "
                        "directory and before the GVM_PATH directories (repeatable)")
    p.add_argument("--trace", action="store_true",
                   help="print every instruction executed on stderr (reference engine)")
    p.add_argument("--trace-wasi", action="store_true",
                   help="print every WASI call, its arguments and result on stderr")
    p.add_argument("--invoke", metavar="FUNC",
                   help="call exported function FUNC of FILE.wasm with ARGS")
    p.add_argument("--node", metavar="NAME",
                   help="call or run on node NAME instead (NAME@HOST: a node of another host)")
    p.add_argument("--gpmd", metavar="HOST:PORT", help="the GPMD that knows the nodes")
    p.add_argument("--cookie-file", metavar="FILE", help="the nodes' shared secret")
    p.add_argument("--tls-ca", metavar="FILE", help="verify TLS nodes with this CA certificate")
    p.add_argument("--timeout", type=float, metavar="S", help="give up on the node after S seconds")
    p.add_argument("--version", action="store_true",
                   help="print the version and the active engine")
    p.add_argument("target", nargs="?", metavar="FILE.wasm|MODULE.FUNC|COMMAND")
    return p
