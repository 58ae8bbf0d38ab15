"""The command line's grammar: options come first, then a target (a file, MODULE.FUNC
or a subcommand's name), and everything after the target belongs to it verbatim, even
what looks like an option: `gvm prog.wasm -v -- x` passes `-v -- x` to the program.

The grammar is a table read by a small parser of our own rather than argparse: argparse
brings re, gettext, locale and shutil with it, a quarter of the start-up budget of
`gvm hello.wasm`. Subcommands, which are not on that path, use argparse (argparser.py).
"""
import sys
from types import SimpleNamespace

from ..engines import ENGINES
from .errors import usage_error

USAGE = """\
gvm [OPTIONS] FILE.wasm [ARGS...]      run a WASI program (its _start); FILE.wat too
       gvm [OPTIONS] MODULE.FUNC [ARGS...]    call an exported function
       gvm [OPTIONS] --invoke FUNC FILE.wasm [ARGS...]
       gvm inspect FILE.wasm                  imports, exports, sections, features
       gvm disasm FILE.wasm [--func NAME]     disassemble to the text format
       gvm wat2wasm FILE.wat [-o FILE.wasm]   assemble the text format
       gvm debug [OPTIONS] FILE.wasm|MODULE.FUNC [ARGS...]   step through it
       gvm cache info|clear                   the module cache: where, how full; empty it
       gvm node --name NAME | gvm nodes       serve as a node, list the nodes
       gvm --node NAME MODULE.FUNC|FILE.wasm [ARGS...]   call or run on a node
       gvm --version"""

DESCRIPTION = "GVM, the Ghost Virtual Machine: a WebAssembly runtime."


# --- Option values: each converter raises ValueError with what was expected ---------------

def preopen(text):
    """--dir HOST_DIR[::GUEST_DIR]: the guest sees HOST_DIR as GUEST_DIR (by default
    under the same name)."""
    host, _, guest = text.partition("::")
    if not host:
        raise ValueError(f"no host directory in {text!r}")
    return host, guest or host


def env_var(text):
    name, equals, value = text.partition("=")
    if not name or not equals:
        raise ValueError(f"expected NAME=VALUE, got {text!r}")
    return name, value


def count(text):
    if not text.isdecimal():
        raise ValueError(f"expected a count, got {text!r}")
    return int(text)


def seconds(text):
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"expected a number of seconds, got {text!r}") from None


def engine(text):
    if text not in ENGINES:
        raise ValueError(f"choose one of {', '.join(ENGINES)}, not {text!r}")
    return text


_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def byte_size(text):
    """BYTES, or a number with a K, M or G suffix (KiB, MiB, GiB)."""
    unit = text[-1:].upper() if text[-1:].isalpha() else ""
    if unit not in _UNITS or not text[:len(text) - len(unit)].isdecimal():
        raise ValueError(f"expected a size like 65536 or 64M, got {text!r}")
    return int(text[:len(text) - len(unit)]) * _UNITS[unit]


# --- The grammar ---------------------------------------------------------------------------

class Option:
    """One option: a flag when `convert` is None, else it takes a value (`--x V` or
    `--x=V`); a `repeat`ed option collects its values in a list."""
    __slots__ = ("flag", "metavar", "convert", "help", "repeat", "dest")

    def __init__(self, flag, metavar, convert, help, repeat=False, dest=None):
        self.flag, self.metavar, self.convert, self.help = flag, metavar, convert, help
        self.repeat = repeat
        self.dest = dest or flag.lstrip("-").replace("-", "_")

    def default(self):
        return [] if self.repeat else (False if self.convert is None else None)


OPTIONS = (
    Option("--dir", "HOST_DIR[::GUEST_DIR]", preopen, repeat=True,
           help="give the program a directory (repeatable); it can reach nothing else of "
                "the file system"),
    Option("--env", "NAME=VALUE", env_var, repeat=True,
           help="set an environment variable (repeatable); none of the host's are passed "
                "otherwise"),
    Option("--engine", "{" + ",".join(ENGINES) + "}", engine,
           help="the execution engine (default: fast when built, else python)"),
    Option("--fuel", "N", count, help="stop the program after N instructions"),
    Option("--max-memory", "BYTES", byte_size,
           help="cap each linear memory at BYTES (K, M, G suffixes allowed; at most 4G)"),
    Option("--max-table", "ENTRIES", count,
           help="cap each table at ENTRIES entries (default 10000000)"),
    Option("--path", "DIR", str, repeat=True,
           help="where to look for MODULE.wasm of MODULE.FUNC, after the current directory "
                "and before the GVM_PATH directories (repeatable)"),
    Option("--trace", None, None,
           help="print every instruction executed on stderr (reference engine)"),
    Option("--trace-wasi", None, None,
           help="print every WASI call, its arguments and result on stderr"),
    Option("--invoke", "FUNC", str, help="call exported function FUNC of FILE.wasm with ARGS"),
    Option("--node", "NAME", str,
           help="call or run on node NAME instead (NAME@HOST: a node of another host)"),
    Option("--gpmd", "HOST:PORT", str, help="the GPMD that knows the nodes"),
    Option("--cookie-file", "FILE", str, help="the nodes' shared secret"),
    Option("--tls-ca", "FILE", str, help="verify TLS nodes with this CA certificate"),
    Option("--timeout", "S", seconds, help="give up on the node after S seconds"),
    Option("--verbose", None, None, help="say which module file is loaded"),
    Option("--no-cache", None, None,
           help="decode and validate the module again rather than take it from the module "
                "cache (as GVM_CACHE=0 does)"),
    Option("--version", None, None, help="print the version and the active engine"),
)


class Grammar:
    """Options, then the target, then the target's arguments (see the module's text)."""

    def __init__(self, prog, usage, description, options):
        self.prog, self.usage, self.description = prog, usage, description
        self.options = {option.flag: option for option in options}

    def subcommand(self, prog, usage, description, flags, options=()):
        """A subcommand's grammar: those of this grammar's options named in `flags` (the
        ones that apply to it), and `options` of its own."""
        return Grammar(prog, usage, description, (*(self.options[f] for f in flags), *options))

    def given(self, values):
        """The flags of the options set in `values` (a namespace this grammar parsed)."""
        return [o.flag for o in self.options.values() if getattr(values, o.dest) != o.default()]

    def parse(self, argv, namespace=None):
        """A namespace with one attribute per option, `target` (None if absent) and
        `args`. Values already in `namespace` are kept unless given again."""
        values = namespace or SimpleNamespace()
        for option in self.options.values():
            if not hasattr(values, option.dest):
                setattr(values, option.dest, option.default())
        values.target, values.args = None, []
        i = 0
        while i < len(argv) and argv[i].startswith("-") and argv[i] not in ("-", "--"):
            i = self._parse_option(argv, i, values)
        if i < len(argv) and argv[i] == "--":       # the end of options: the target follows
            i += 1
        if i < len(argv):
            values.target, values.args = argv[i], argv[i + 1:]
        return values

    def _parse_option(self, argv, i, values):
        """Read the option at argv[i] into `values`; return the index after it."""
        flag, equals, text = argv[i].partition("=")
        if flag in ("-h", "--help"):
            print(self.help())
            sys.exit(0)
        option = self.options.get(flag)
        if option is None:
            self.error(f"unrecognized option {argv[i]}")
        if option.convert is None:
            if equals:
                self.error(f"{flag} takes no value")
            setattr(values, option.dest, True)
            return i + 1
        if not equals:
            if i + 1 == len(argv):
                self.error(f"{flag} expects {option.metavar}")
            i, text = i + 1, argv[i + 1]
        try:
            value = option.convert(text)
        except ValueError as e:
            self.error(f"{flag}: {e}")
        if option.repeat:
            value = [*getattr(values, option.dest), value]
        setattr(values, option.dest, value)
        return i + 1

    def help(self):
        import textwrap
        lines = [f"usage: {self.usage}", "", self.description, "", "options:",
                 "  -h, --help            show this help and exit"]
        for option in self.options.values():
            name = option.flag if option.convert is None else f"{option.flag} {option.metavar}"
            wrapped = textwrap.wrap(option.help, 56)
            if len(name) <= 20:
                lines.append(f"  {name:<20}  {wrapped.pop(0)}")
            else:
                lines.append(f"  {name}")
            lines += [" " * 24 + line for line in wrapped]
        return "\n".join(lines)

    def error(self, message):
        usage_error(self.prog, message)


GVM = Grammar("gvm", USAGE, DESCRIPTION, OPTIONS)
