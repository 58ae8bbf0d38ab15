"""gvm.dist: GVM nodes calling functions and running programs on each other.

    import gvm.dist

    gvm.dist.nodes()                                 # who is registered at GPMD
    beta = gvm.dist.connect("beta")                  # or "beta@10.0.0.7"
    beta.call("fib.fib", 20, timeout=1.0)            # -> 6765
    beta.run("hello.wasm", ["world"], stdout=f)      # -> exit status; output streamed
    beta.ping()                                      # -> round trip in seconds
    gvm.dist.map("fib.fib", [(n,) for n in range(30)])   # over every node, in order

A node is a `gvm node --name NAME` process (node.py) registered with GPMD; callers
find it there and then talk to it directly, authenticated by the shared cookie
(cookie.py, handshake.py), optionally over TLS.  The node's process does the
talking and its worker processes run the calls, in parallel.  A caller does not care whether
a node runs here or on another host: "name@host" only changes which GPMD is asked.

  protocol.py   the wire format: frames, tags, error codes, values (docs/dist-protocol.md)
  channel.py    frames over a socket, with deadlines
  cookie.py     the shared secret: where it lives, how it is made
  handshake.py  the challenge-response that proves both sides know it
  naming.py     node names and their GPMD look-up
  modules.py    modules by name (search path) and by content (SHA-256)
  client.py     the caller's side: connect(), Client.call/run/ping
  spread.py     map(): calls spread over nodes
  store.py      modules kept by digest, with instances ready to call
  pristine.py   instances put back as instantiated after each call: callers isolated
  execute.py    what a node does: describe, call, run
  pool.py       the node's worker processes, where calls run
  timed.py      call time-outs in a worker: SIGALRM interrupts the call
  worker.py     one worker process
  service.py    one caller's connection on the node
  quota.py      how many connections a node holds, in their handshake and after
  node.py       the node: listen, register, accept
  cli.py        `gvm node`, `gvm nodes`, `gvm map`, `gvm --node NAME ...`
  ghostfile.py  ghost.yaml: a device's part of a cloud, checked
  up.py         `gvm up`, `gvm down`, `gvm status`
  errors.py     the exceptions, all subclasses of DistError
"""

from .client import Client, connect
from .errors import (AuthenticationFailed, BadArguments, BadModule, DistError, FunctionNotFound,
                     ModuleNotFound, NodeDown, NodeNotFound, ProtocolError, RemoteError, RemoteExhaustion,
                     RemoteTrap, Timeout)
from .naming import registered as nodes
from .node import Node
from .protocol import Value
from .spread import spread_map as map  # noqa: A001 - gvm.dist.map, like the built-in

__all__ = [
    "connect", "nodes", "map", "Client", "Node", "Value",
    "DistError", "NodeNotFound", "NodeDown", "Timeout", "AuthenticationFailed", "ProtocolError",
    "RemoteError", "RemoteTrap", "RemoteExhaustion", "ModuleNotFound", "FunctionNotFound", "BadArguments",
    "BadModule",
]
