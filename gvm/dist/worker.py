"""A worker process of a node: it runs the node's calls and programs (see pool.py).

    python -m gvm.dist.worker FD PARENT_PID [--engine NAME] [--max-memory BYTES] [--call-timeout S]
                              [--keep-state DIGEST]...

FD is this process's end of a socket pair whose other end the node holds.  The
node sends requests on it as protocol frames (UPLOAD, DESCRIBE, CALL, RUN, modules
by digest only), and the worker answers them with an Executor exactly as a node
answers its callers (service.answer_requests).  It says it is ready with a PONG.

A call or program that runs over --call-timeout is interrupted here, in this
process, by SIGALRM (timed.py): the engines run Python's signal handlers while
they run wasm, so the worker answers EXHAUSTED and serves the next request,
without the cost of a new process.

A worker ends when the node closes its end; and it dies with the node even in the
middle of an endless call: it asks the kernel for SIGKILL when the thread that
started it ends (PR_SET_PDEATHSIG, Linux), and the pool starts workers from a
thread that lives as long as the node.
"""

import argparse
import ctypes
import logging
import os
import signal
import socket
import sys

from .channel import Channel, ConnectionClosed
from .execute import Executor
from .protocol import Pong
from .service import answer_requests
from .store import Store
from .timed import TimedExecutor

_PR_SET_PDEATHSIG = 1


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m gvm.dist.worker")
    p.add_argument("fd", type=int)
    p.add_argument("parent_pid", type=int)
    p.add_argument("--engine")
    p.add_argument("--max-memory", type=int)
    p.add_argument("--call-timeout", type=float)
    p.add_argument("--keep-state", type=bytes.fromhex, action="append", default=[], metavar="DIGEST")
    args = p.parse_args(argv)
    _die_with_parent(args.parent_pid)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format="%(asctime)s gvm-worker[%(process)d] %(levelname)s %(message)s")
    # Ctrl-C in a terminal reaches the whole process group: the node decides.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    channel = Channel(socket.socket(fileno=args.fd))
    channel.send(Pong())
    try:
        executor = Executor(Store(), None, args.engine, args.max_memory, args.keep_state)
        answer_requests(channel, executor if args.call_timeout is None else TimedExecutor(executor, args.call_timeout))
    except ConnectionClosed:
        pass  # the node closed its end: it is stopping
    return 0


def _die_with_parent(parent_pid):
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: the node's closed socket ends the worker after its call
    if os.getppid() != parent_pid:
        os._exit(1)  # the node died before prctl took effect


if __name__ == "__main__":
    sys.exit(main())
