"""The `python -m gpmd` command line: run the daemon, list its nodes, stop it.

    python -m gpmd [--bind ADDR] [--port PORT] [--idle-timeout S] [--max-connections N]
                   [--max-per-peer N] [--cloud nats://HUB:4222]... [--advertise ADDR]
                   [--cloud-credentials FILE] [--cloud-tls-ca FILE]
    python -m gpmd names [--gpmd HOST:PORT]
    python -m gpmd stop  [--gpmd HOST:PORT]

The daemon runs in the foreground and logs one line per event to stderr;
SIGTERM or Ctrl-C stop it with exit status 0.  `names` and `stop` print one
line and exit 1 when no daemon answers or it refuses.  With --cloud (once per
NATS server of the cloud) the daemon joins the cloud of every GPMD using those
servers (cloud.py), or exits 1 saying why it cannot.  Without --port or
--gpmd the port is GPMD_PORT, else 4370.
"""

import argparse
import asyncio
import json
import logging
import sys

from gpmd import client, server
from gpmd.cloud import CloudError
from gpmd.address import DEFAULT_HOST, default_port, format_hostport, parse_hostport, parse_port
from gpmd.errors import GpmdError


def main(argv=None):
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return args.command(args)
    except (GpmdError, ValueError, CloudError) as e:
        print(f"gpmd: {e}", file=sys.stderr)
        return 1


def _parser():
    parser = argparse.ArgumentParser(
        prog="python -m gpmd",
        description="GPMD, the Ghost Port Mapper Daemon.  "
                    "Without a command, run the daemon in the foreground.")
    parser.set_defaults(command=_run_daemon)
    parser.add_argument(
        "--bind", default=DEFAULT_HOST, metavar="ADDR",
        help=f"address to listen on (default {DEFAULT_HOST}; "
             "0.0.0.0 also answers look-ups from other hosts)")
    parser.add_argument(
        "--port", type=argument_type(parse_port),
        help="port to listen on (default GPMD_PORT, else 4370)")
    parser.add_argument(
        "--idle-timeout", type=argument_type(_positive(float)), metavar="S",
        default=server.DEFAULT_IDLE_TIMEOUT,
        help="seconds a connection may take to send its request (default %(default)g)")
    parser.add_argument(
        "--max-connections", type=argument_type(_positive(int)), metavar="N",
        default=server.DEFAULT_MAX_CONNECTIONS,
        help="open connections at most, registrations included; fewer if the open-file "
             "limit cannot hold them (default %(default)d)")
    parser.add_argument(
        "--max-per-peer", type=argument_type(_positive(int)), metavar="N",
        default=server.DEFAULT_MAX_PER_PEER,
        help="connections of one peer address with a request under way, at most; "
             "registrations do not count (default %(default)d)")
    parser.add_argument(
        "--cloud", action="append", metavar="URL",
        help="join the cloud through this NATS server (nats://HOST:PORT, tls://HOST:PORT); "
             "repeat it for each server of the cloud")
    parser.add_argument(
        "--advertise", metavar="ADDR",
        help="the address other devices reach this device's nodes at (default: --bind, "
             "unless that is a wildcard)")
    parser.add_argument(
        "--cloud-credentials", metavar="FILE",
        help="the cloud's NATS credentials, one line USER:PASSWORD, mode 0600 "
             "(default ~/.ghost/cloud-credentials)")
    parser.add_argument(
        "--cloud-tls-ca", metavar="FILE",
        help="the CA that signed the NATS servers' certificates (TLS is required beyond loopback)")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name, command, text in (("names", _names, "list the registered nodes"),
                                ("stop", _stop, "ask the local daemon to exit")):
        sub = commands.add_parser(name, help=text, description=text)
        sub.set_defaults(command=command)
        sub.add_argument("--gpmd", type=argument_type(parse_hostport), metavar="HOST:PORT",
                         help=f"the daemon to ask (default {DEFAULT_HOST}:GPMD_PORT, else 4370)")
    return parser


def argument_type(parse):
    """An argparse type from a parser that raises ValueError with a clear message."""
    def convert(text):
        try:
            return parse(text)
        except ValueError as e:
            raise argparse.ArgumentTypeError(str(e)) from None
    return convert


def _positive(number):
    """A parser of positive numbers of type `number` (int or float)."""
    def parse(text):
        value = number(text)
        if value <= 0:
            raise ValueError(f"must be positive, not {text}")
        return value
    return parse


def _run_daemon(args):
    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format="%(asctime)s gpmd[%(process)d] %(levelname)s %(message)s")
    # nats-py upgrades a plain stream to TLS (loop.start_tls), and asyncio's stream then
    # warns, when the server closes it, of a return value that only matters without
    # TLS: noise on every stop of a GPMD joined over TLS, about nothing it can change.
    logging.getLogger("asyncio").addFilter(lambda record: "eof_received()" not in record.getMessage())
    port = default_port() if args.port is None else args.port
    cloud = None if not args.cloud else _cloud_maker(args)
    try:
        asyncio.run(server.serve(args.bind, port, args.idle_timeout, args.max_connections, args.max_per_peer,
                                 cloud))
    except OSError as e:
        where = format_hostport((args.bind, port))
        logging.getLogger("gpmd").error("cannot listen on %s: %s", where, e.strerror or e)
        return 1
    except KeyboardInterrupt:
        pass  # Ctrl-C before the signal handlers were installed: a stop all the same
    return 0


def _cloud_maker(args):
    """A function (registry, port) -> cloud.Cloud from the command line's options;
    CloudError (a ValueError: reported in one line) if they cannot make one."""
    from gpmd import cloud, credentials  # nats-py only where a cloud is configured
    user, password = credentials.load(args.cloud_credentials)
    tls = credentials.tls_for(args.cloud, args.cloud_tls_ca)
    device = args.advertise or args.bind
    if device in ("", "0.0.0.0", "::"):
        raise cloud.CloudError(f"--bind {device or '(all)'} does not say where this device is: give --advertise ADDR")
    return lambda registry, port: cloud.Cloud(args.cloud, user, password, tls, device, registry, port)


def _names(args):
    nodes = client.names(gpmd=args.gpmd)
    rows = [("NAME", "HOST", "PORT", "CREATION", "META")]
    for n in nodes:
        meta = json.dumps(n.meta, ensure_ascii=False)
        rows.append((n.name, n.host, str(n.port), str(n.creation), meta))
    print_table(rows)
    return 0


def print_table(rows):
    """Rows of text in aligned columns; the last column (free text) is not padded."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)), row[-1])


def _stop(args):
    client.stop(gpmd=args.gpmd)
    print("gpmd: stopping")
    return 0
