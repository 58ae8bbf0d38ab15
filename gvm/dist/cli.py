"""The distribution layer on the command line: `gvm node`, `gvm nodes`, `gvm --node`.

    gvm node --name NAME [--gpmd HOST:PORT] [--path DIR]... [--cookie-file FILE]
             [--bind ADDR] [--port PORT] [--tls-cert FILE --tls-key FILE]
             [--workers N] [--engine NAME] [--max-memory BYTES] [--call-timeout S]
             [--keep-state MODULE]... [--max-connections N]
    gvm nodes [--gpmd HOST:PORT]
    gvm --node NAME [--gpmd HOST:PORT] [--cookie-file FILE] [--tls-ca FILE] [--timeout S]
        MODULE.FUNC ARGS...  |  FILE.wasm ARGS...  |  --invoke FUNC FILE.wasm ARGS...

gvm/cli/ hands the `node` and `nodes` subcommands to `main(options)` and a target
with --node to `run_remote`.  A remote call reads its arguments and prints its
results exactly as a local one (gvm/cli/call.py does both, here fed with the types
the node reports), and a remote program's output streams back as it is written;
the exit status is the program's.  Failures are one line, `gvm: error: ...`, with
status 1; a trap prints its backtrace and exits 134, and running out of call stack
(or of the node's time for a call) prints one line and exits 134: the same words
and statuses as a local run, printed by the same code (gvm/cli/guest.py).  A
remote program's standard input is empty; a warning says so when ours is a pipe
or a file.
"""

import json
import logging
import os
import signal
import ssl
import stat
import sys

from gpmd.address import DEFAULT_HOST, format_hostport, parse_hostport, parse_port
from gpmd.cli import argument_type, print_table
from gpmd.errors import GpmdError, NameTaken
from gpmd.protocol import check_name

from ..cli.argparser import Parser
from ..cli.call import format_value, parse_arguments
from ..cli.errors import EXIT_ERROR, CliError, report_error, say
from ..cli.guest import run_guest
from ..cli.load import split_target
from ..cli.options import byte_size, count, seconds
from ..engines import ENGINES
from ..wasi import ProcExit
from . import cookie, naming
from .client import connect
from .errors import DistError
from .node import DEFAULT_CALL_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_MEMORY, Node
from .protocol import Value

# The options of gvm's own parser that mean running here, not on a node.
_LOCAL_ONLY = {"dir": "--dir", "engine": "--engine", "fuel": "--fuel", "max_memory": "--max-memory"}


def main(options):
    """`gvm node ...`, `gvm nodes ...` and `gvm map ...`, as gvm/cli dispatches subcommands."""
    command = {"node": main_node, "nodes": main_nodes, "map": main_map}[options.target]
    return command(options.args, options)


# --- gvm node ------------------------------------------------------------------------------


def main_node(argv, defaults=None):
    """Run a node in the foreground until SIGTERM or Ctrl-C; returns the exit status."""
    p = Parser(prog="gvm node", description="Run a node: serve calls from other nodes and callers.")
    p.add_argument("--name", required=True, type=_name,
                   help="the node's name: 1..64 ASCII letters, digits and '_.-', starting with a "
                        "letter or digit, not ending with '.'")
    p.add_argument("--gpmd", type=_hostport, metavar="HOST:PORT",
                   help=f"this host's GPMD (default {DEFAULT_HOST}:GPMD_PORT, else 4370)")
    p.add_argument("--path", action="append", default=[], metavar="DIR",
                   help="where callers' MODULE names are found, before GVM_PATH (repeatable)")
    p.add_argument("--cookie-file", metavar="FILE",
                   help="the shared secret (default: GHOST_COOKIE, else ~/.ghost/cookie)")
    p.add_argument("--bind", default=DEFAULT_HOST, metavar="ADDR",
                   help=f"address to listen on (default {DEFAULT_HOST}; 0.0.0.0 for other hosts)")
    p.add_argument("--port", type=_port, default=0, help="port to listen on (default: any free one)")
    p.add_argument("--tls-cert", metavar="FILE", help="serve over TLS with this certificate...")
    p.add_argument("--tls-key", metavar="FILE", help="...and this private key")
    p.add_argument("--workers", type=_count, metavar="N",
                   help="worker processes running the calls (default: one per core; 0: run calls "
                        "in the node's own process, fastest for short calls, but a long call "
                        "then holds up the whole node)")
    p.add_argument("--engine", choices=ENGINES, help="the execution engine (default: the fastest built)")
    p.add_argument("--max-memory", type=_byte_size, default=DEFAULT_MAX_MEMORY, metavar="BYTES",
                   help=f"cap each linear memory of every instance (default {DEFAULT_MAX_MEMORY >> 20}M)")
    p.add_argument("--call-timeout", type=_positive_seconds, default=DEFAULT_CALL_TIMEOUT, metavar="S",
                   help="stop a call or program that runs longer, answering that its time is exhausted "
                        "(default %(default)g; with worker processes only)")
    p.add_argument("--keep-state", action="append", default=[], metavar="MODULE",
                   help="MODULE.wasm (in --path) keeps its state between calls: all callers share "
                        "one instance of it (default: every call gets an instance no other call "
                        "touched; repeatable)")
    p.add_argument("--max-connections", type=_count, default=DEFAULT_MAX_CONNECTIONS, metavar="N",
                   help="authenticated connections served at once; those still in their handshake "
                        "have a quota of their own (default %(default)d)")
    _inherit(p, defaults, "gpmd", "cookie_file")
    args = p.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format=f"%(asctime)s gvm-node {args.name}[%(process)d] %(levelname)s %(message)s")
    # SIGTERM stops the node as Ctrl-C does, from before it registers: a SIGTERM
    # right after registration would otherwise kill it without unregistering.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        node = Node(args.name, cookie.load(args.cookie_file), gpmd=args.gpmd, bind=args.bind, port=args.port,
                    path=args.path, tls=_server_tls(args), workers=args.workers, engine=args.engine,
                    max_memory=args.max_memory, call_timeout=args.call_timeout, keep_state=args.keep_state,
                    max_connections=args.max_connections)
        node.start()
    except KeyboardInterrupt:
        return 0  # stopped while starting: start() undid what it had done
    except NameTaken as e:
        if e.reason.startswith("name taken:"):  # taken on another device of the cloud: it says which
            report_error(f"node {args.name}: {e.reason}")
        else:
            report_error(f"node {args.name}: the name is taken at gpmd {format_hostport(node.gpmd)} "
                         f"by a live node")
        return EXIT_ERROR
    except (cookie.CookieError, GpmdError, ValueError, RuntimeError, OSError, ssl.SSLError) as e:
        report_error(f"node {args.name}: {_explain(e)}")
        return EXIT_ERROR
    try:
        node.wait()
    except KeyboardInterrupt:
        pass
    finally:
        node.stop()
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _server_tls(args):
    if not args.tls_cert:
        return None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.tls_cert, args.tls_key)
    return context


# --- gvm nodes -----------------------------------------------------------------------------


def main_nodes(argv, defaults=None):
    """List the registered nodes: name, address, creation and metadata."""
    p = Parser(prog="gvm nodes", description="List the nodes registered at GPMD.")
    p.add_argument("--gpmd", type=_hostport, metavar="HOST:PORT",
                   help=f"the GPMD to ask (default {DEFAULT_HOST}:GPMD_PORT, else 4370)")
    _inherit(p, defaults, "gpmd")
    args = p.parse_args(argv)
    try:
        nodes = naming.registered(args.gpmd)
    except DistError as e:
        raise CliError(str(e)) from None
    rows = [("NAME", "ADDRESS", "CREATION", "META")]
    for n in nodes:
        rows.append((n.name, format_hostport((n.host, n.port)), str(n.creation),
                     json.dumps(n.meta, ensure_ascii=False, sort_keys=True)))
    print_table(rows)
    return 0


# --- gvm map MODULE.FUNC --args FILE -----------------------------------------------------------


def main_map(argv, defaults=None):
    """Call MODULE.FUNC once per line of FILE, spread over the cloud's nodes; print the
    results in order, one line each, and how many calls each node ran."""
    p = Parser(prog="gvm map", description="Call MODULE.FUNC with each line of FILE's arguments, "
                                           "spread over every node of the cloud by capacity and load.")
    p.add_argument("target", metavar="MODULE.FUNC")
    p.add_argument("--args", required=True, metavar="FILE",
                   help="one call per line: its arguments separated by spaces ('-': standard input)")
    p.add_argument("--gpmd", type=_hostport, metavar="HOST:PORT",
                   help=f"the GPMD of the cloud (default {DEFAULT_HOST}:GPMD_PORT, else 4370)")
    p.add_argument("--node", action="append", metavar="NAME", dest="nodes",
                   help="use only these nodes (repeatable; default: every node of the cloud)")
    p.add_argument("--cookie-file", metavar="FILE", help="the shared secret (default: GHOST_COOKIE, else ~/.ghost/cookie)")
    p.add_argument("--timeout", type=_positive_seconds, metavar="S", help="seconds each call may take")
    _inherit(p, defaults, "gpmd", "cookie_file", "timeout")
    args = p.parse_args(argv)
    module, dot, function = args.target.rpartition(".")
    if not module or not function or args.target.endswith(".wasm"):
        raise CliError(f"gvm map: {args.target!r} is not MODULE.FUNC")
    calls = _read_calls(args.args)
    from .spread import spread_map
    ran = {}
    bar = _ProgressBar() if sys.stderr.isatty() else None
    try:
        results = spread_map(args.target, calls, nodes=args.nodes, gpmd=args.gpmd, timeout=args.timeout, ran=ran,
                             progress=bar, cookie_file=args.cookie_file)
    except DistError as e:
        raise CliError(str(e)) from None
    finally:
        if bar is not None:
            bar.end()
    for result in results:
        values = result if isinstance(result, tuple) else () if result is None else (result,)
        print(" ".join(_plain(v) for v in values))
    say("ran: " + ", ".join(f"{node} {count}" for node, count in sorted(ran.items())))
    return 0


def _read_calls(path):
    """The argument tuples of a --args file: numbers, one call per line."""
    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    except OSError as e:
        raise CliError(f"--args {path}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise CliError(f"--args {path}: not UTF-8 text") from None
    calls = []
    for number, line in enumerate(text.splitlines(), 1):
        try:
            calls.append(tuple(_number(word) for word in line.split()))
        except ValueError:
            raise CliError(f"--args {path} line {number}: arguments must be numbers, not {line.strip()!r}") from None
    return calls


def _number(word):
    try:
        return int(word, 0)
    except ValueError:
        return float(word)


def _plain(value):
    return repr(value) if isinstance(value, float) else str(value)


class _ProgressBar:
    """`[#####.....] 50/100` on standard error, redrawn in place (a terminal only)."""

    WIDTH = 30

    def __call__(self, done, total):
        filled = self.WIDTH * done // total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total}")
        sys.stderr.flush()

    def end(self):
        sys.stderr.write("\n")


# --- gvm --node NAME TARGET ARGS... --------------------------------------------------------------


def run_remote(node, target, args, options):
    """Call MODULE.FUNC or run FILE.wasm on `node`, printing like a local run;
    returns the exit status.  `options` are gvm's parsed options."""
    for option, flag in _LOCAL_ONLY.items():
        if getattr(options, option, None):
            raise CliError(f"{flag} applies to local runs only, not with --node")
    if options.timeout is not None and not options.timeout > 0:
        raise CliError(f"--timeout must be a positive number of seconds, not {options.timeout}")
    module, function, _ = split_target(target, options)     # MODULE is the node's to find
    module_name = os.path.basename(module if module.endswith(".wasm") else module + ".wasm")
    try:
        gpmd = parse_hostport(options.gpmd) if options.gpmd else None
        with connect(node, gpmd=gpmd, cookie_file=options.cookie_file, tls=options.tls_ca,
                     path=options.path, timeout=options.timeout) as client:
            if function is None:
                _warn_if_input_waits(node)

                def program():
                    status = client.run(target, args, env=dict(options.env),
                                        stdout=sys.stdout.buffer, stderr=sys.stderr.buffer)
                    if status:
                        raise ProcExit(status)  # as a local program's proc_exit ends it
                # A remote trap or exhaustion is a gvm.Trap or gvm.Exhaustion: reported
                # by the code that reports local ones, with the same words and status.
                return run_guest(program, module_name)
            params, _ = client.describe(module, function)
            raw = parse_arguments(function, params, args)

            def invocation():
                for result in client.call_values(module, function, [Value(t, r) for t, r in zip(params, raw)]):
                    print(format_value(result.type, result.raw))
            return run_guest(invocation, module_name)
    except (DistError, ValueError) as e:
        raise CliError(str(e)) from None


def _warn_if_input_waits(node):
    """A remote program reads an empty standard input: say so when ours is a pipe or
    a file that the user meant it to read (a terminal or /dev/null means nothing)."""
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, AttributeError, ValueError):
        return  # no standard input at all
    if stat.S_ISFIFO(mode) or stat.S_ISREG(mode) or stat.S_ISSOCK(mode):
        say(f"warning: standard input is not forwarded to node {node}: "
            f"the program reads an empty input")


# --- option values -----------------------------------------------------------------------------


def _inherit(parser, defaults, *names):
    """Options given before the subcommand (gvm --gpmd H:P nodes) count as given after."""
    parser.set_defaults(**{name: getattr(defaults, name) for name in names if getattr(defaults, name, None)})


_name = argument_type(check_name)
_hostport = argument_type(parse_hostport)
_port = argument_type(lambda text: 0 if text == "0" else parse_port(text))
_count = argument_type(count)
_byte_size = argument_type(byte_size)


@argument_type
def _positive_seconds(text):
    value = seconds(text)
    if not 0 < value < float("inf"):
        raise ValueError(f"expected a positive number of seconds, got {text!r}")
    return value


def _explain(error):
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)

