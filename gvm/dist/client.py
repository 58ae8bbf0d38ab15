"""A caller's handle on one node: calls, programs and pings over pooled connections.

    beta = gvm.dist.connect("beta")          # or "beta@10.0.0.7": same API either way
    beta.call("fib.fib", 20)                 # -> 6765, as fib.wasm's fib(20) locally
    status = beta.run("hello.wasm", ["world"], stdout=sys.stdout.buffer)
    beta.ping()                              # -> the round trip, in seconds
    beta.close()

A Client looks the node up at GPMD once and keeps authenticated connections open
for the next request; each request takes one for itself, so threads may share a
Client and their calls run side by side on the node.  Before reusing an idle
connection the client checks that the node has not closed it (it restarted, say),
and a refused connection sends it back to GPMD for the node's new address.

Modules travel by content: for MODULE.FUNC the client looks for MODULE.wasm in
its search path (., `path`, GVM_PATH) and names it by SHA-256 digest; only a node
that lacks those bytes asks for them (NEED_MODULE), once, and keeps them.  A module
the caller does not have is asked for by name, from the node's own search path.

Every failure is a gvm.dist.DistError (see errors.py): a node that dies mid-call
is NodeDown as soon as its connection closes; `timeout` (seconds, None for no
limit) bounds each whole request, connecting and uploading included.
"""

import os
import socket
import ssl
import sys
import threading
import time

from .. import values as V
from ..cli.load import search_path
from . import cookie, naming, protocol
from .channel import Channel, deadline_after, remaining, tune
from .errors import (AuthenticationFailed, BadArguments, BadModule, FunctionNotFound,
                     ModuleNotFound, NodeDown, NodeNotFound, ProtocolError, RemoteError, RemoteExhaustion,
                     RemoteTrap, Timeout)
from .handshake import prove_to_node
from .modules import Finder, read_file
from .protocol import (Call, Describe, Error, ErrorCode, ModuleRef, Output, Ping, Pong, Result, Run,
                       Signature, Stored, Upload)

CONNECT_TIMEOUT = 5.0  # to open and authenticate a connection, within any request time-out
IDLE_CONNECTIONS = 16  # kept open per client for the next requests
_UPLOAD_ATTEMPTS = 3  # NEED_MODULE twice in a row means the node forgets faster than we send

# The exception each ERROR reply becomes.
_EXCEPTIONS = {
    ErrorCode.AUTH_FAILED: AuthenticationFailed,
    ErrorCode.MALFORMED: ProtocolError,
    ErrorCode.TIMEOUT: ProtocolError,
    ErrorCode.BUSY: NodeDown,
    ErrorCode.NEED_MODULE: RemoteError,
    ErrorCode.MODULE_NOT_FOUND: ModuleNotFound,
    ErrorCode.FUNCTION_NOT_FOUND: FunctionNotFound,
    ErrorCode.BAD_ARGUMENTS: BadArguments,
    ErrorCode.BAD_MODULE: BadModule,
    ErrorCode.TRAP: RemoteTrap,
    ErrorCode.UNSUPPORTED: RemoteError,
    ErrorCode.INTERNAL: RemoteError,
    ErrorCode.EXHAUSTED: RemoteExhaustion,
}


def connect(node, gpmd=None, cookie=None, cookie_file=None, tls=None, path=(), timeout=None):
    """A Client of `node` ("name" or "name@host"), connected and authenticated.

    `gpmd`: (host, port) of the GPMD that knows a plain "name"; `cookie`: the secret
    (bytes or str), else read from `cookie_file`, GHOST_COOKIE or ~/.ghost/cookie;
    `tls`: an ssl.SSLContext or the path of a CA file to verify the node with
    (a node registered with TLS is verified against the system's CAs otherwise);
    `path`: directories searched for modules after the current one; `timeout`: the
    default time-out of each request.  Raises NodeNotFound, NodeDown or
    AuthenticationFailed."""
    return Client(node, gpmd, cookie, cookie_file, tls, path, timeout)


class _Source:
    """The module a request names: its module ref, and the file to upload if the node
    asks for it (None when the node is to find the module by name itself)."""

    def __init__(self, ref, path=None):
        self.ref = ref
        self.path = path


class Client:
    """See the module docstring; made by connect()."""

    def __init__(self, node, gpmd, secret, cookie_file, tls, path, timeout):
        self.node = node
        self.timeout = timeout
        self._gpmd = gpmd
        self._cookie = _secret(secret, cookie_file)
        self._finder = Finder(search_path(path))
        self._address = naming.locate(node, gpmd)
        self._tls = _tls_context(tls, self._address)
        self._idle = []  # authenticated Channels, most recently used last
        self._lock = threading.Lock()
        self._give_back(self._connect(deadline_after(CONNECT_TIMEOUT)))

    def __repr__(self):
        a = self._address
        return f"<gvm.dist client of node {self.node} at {a.host}:{a.port} creation {a.creation}>"

    # --- the requests -----------------------------------------------------------------------

    def call(self, target, *args, timeout=None):
        """Call MODULE.FUNC on the node with Python ints and floats; returns what the
        local call would: None, one value, or a tuple of values."""
        module, function = split_target(target)
        results = [V.to_python(v.type, v.raw) for v in self.call_values(module, function, args, timeout)]
        if not results:
            return None
        return results[0] if len(results) == 1 else tuple(results)

    def call_values(self, module, function, args, timeout=None):
        """Call `function` of `module` (a module name, or a path ending in .wasm)
        with Python ints, floats or protocol.Values; returns the results as
        protocol.Values (exact bits)."""
        for arg in args:
            if type(arg) not in (int, float, protocol.Value):
                raise BadArguments(f"{function}: expected an int or a float, got {arg!r}", self.node)
        source = self._source(module)
        reply = self._request(lambda ref: Call(ref, function, list(args)), source, timeout)
        return _expect(reply, Result, self.node).values

    def describe(self, module, function, timeout=None):
        """The (params, results) value types of `function` in `module`."""
        source = self._source(module)
        reply = _expect(self._request(lambda ref: Describe(ref, function), source, timeout), Signature, self.node)
        return reply.params, reply.results

    def run(self, path, args=(), env=None, stdout=None, stderr=None, timeout=None):
        """Run the WASI program in the file at `path` on the node, with `args` as its
        argv[1:] and `env` (a mapping) as its whole environment; its output is written
        as it comes to `stdout` and `stderr` (binary files; default this process's).
        Its standard input is empty.  Returns its exit status."""
        streams = {1: stdout or sys.stdout.buffer, 2: stderr or sys.stderr.buffer}

        def output(fd, data):
            stream = streams.get(fd)
            if stream is None:
                raise ProtocolError(f"output to fd {fd}: only 1 and 2 exist", self.node)
            stream.write(data)
            stream.flush()

        argv = [os.fsencode(a) for a in (path, *args)]
        environment = [os.fsencode(k) + b"=" + os.fsencode(v) for k, v in dict(env or {}).items()]
        source = self._source_by_path(path)
        reply = self._request(lambda ref: Run(ref, argv, environment), source, timeout, output)
        return _expect(reply, protocol.Exit, self.node).status

    def load(self, timeout=None):
        """The node's protocol.Load: calls served, workers busy, workers, cores."""
        return _expect(self._exchange(protocol.Stats(), self._deadline(timeout)), protocol.Load, self.node)

    def ping(self, timeout=None):
        """The time in seconds for a PING to come back as PONG."""
        start = time.perf_counter()
        _expect(self._exchange(Ping(), self._deadline(timeout)), Pong, self.node)
        return time.perf_counter() - start

    def close(self):
        """Close the idle connections; those in use close when their request ends."""
        with self._lock:
            idle, self._idle = self._idle, []
        for channel in idle:
            channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # --- modules ---------------------------------------------------------------------------

    def _source(self, module):
        """A module name, searched here first; or the path of a file ending in .wasm."""
        if module.endswith(".wasm"):
            return self._source_by_path(module)
        found = self._finder.find(module)
        if found is None:
            return _Source((ModuleRef.NAME, module))
        return _Source((ModuleRef.HASH, found.digest), found.path)

    def _source_by_path(self, path):
        found = self._finder.identify(path)
        if found is None:
            raise ModuleNotFound(f"{path}: no such file", self.node)
        return _Source((ModuleRef.HASH, found.digest), found.path)

    def _request(self, make_request, source, timeout, on_output=None):
        """Send make_request(ref) and return the reply, uploading the module if the
        node lacks it; an ERROR reply is raised as its exception."""
        deadline = self._deadline(timeout)
        ref = source.ref
        for _ in range(_UPLOAD_ATTEMPTS):
            try:
                reply = self._exchange(make_request(ref), deadline, on_output)
            except ModuleNotFound as e:  # asked by name: say where we looked too
                here = ", ".join(self._finder.dirs)
                raise ModuleNotFound(f"no module {ref[1]}.wasm here ({here}); {e.message}", self.node) from None
            if not (isinstance(reply, Error) and reply.code == ErrorCode.NEED_MODULE and source.path):
                return reply
            ref = self._upload(source.path, deadline)
        raise RemoteError(f"node {self.node} keeps losing module {source.path}", self.node)

    def _upload(self, path, deadline):
        data = read_file(path)
        if data is None:
            raise ModuleNotFound(f"{path}: cannot be read any more", self.node)
        if len(data) > protocol.MAX_MODULE_BYTES:
            raise BadModule(f"{path}: {len(data)} bytes, a node accepts at most {protocol.MAX_MODULE_BYTES}",
                            self.node)
        stored = _expect(self._exchange(Upload(data), deadline), Stored, self.node)
        return ModuleRef.HASH, stored.digest

    # --- connections -----------------------------------------------------------------------

    def _deadline(self, timeout):
        return deadline_after(self.timeout if timeout is None else timeout)

    def _exchange(self, request, deadline, on_output=None):
        """Send one request and read its reply (after any OUTPUT, given to on_output)."""
        channel = self._take(deadline)
        try:
            channel.send(request, deadline)
            reply = channel.receive(protocol.frame_limit, deadline)
            while type(reply) is Output and on_output is not None:
                on_output(reply.fd, reply.data)
                reply = channel.receive(protocol.frame_limit, deadline)
        except TimeoutError:
            channel.close()  # the reply may still come: this connection is out of step
            raise Timeout(f"node {self.node} did not answer in time", self.node) from None
        except OSError as e:
            channel.close()
            raise NodeDown(f"node {self.node} is down: connection lost ({e})", self.node) from None
        except BaseException:
            channel.close()
            raise
        if type(reply) is Error and reply.code in protocol.FATAL_ERRORS:
            channel.close()
        else:
            self._give_back(channel)
        if type(reply) is Error and reply.code != ErrorCode.NEED_MODULE:
            raise _exception(reply, self.node)
        return reply

    def _take(self, deadline):
        """An idle connection the node has not closed, or a new one."""
        while True:
            with self._lock:
                channel = self._idle.pop() if self._idle else None
            if channel is None:
                return self._connect(deadline)
            if not channel.has_input():  # an idle connection has nothing to say...
                return channel
            channel.close()  # ...unless the node closed it

    def _give_back(self, channel):
        with self._lock:
            if len(self._idle) < IDLE_CONNECTIONS:
                self._idle.append(channel)
                return
        channel.close()

    def _connect(self, deadline):
        """A new authenticated connection to the node, finding it again at GPMD if
        its address refuses (it restarted on another port)."""
        # Connecting is bounded even when the request is not: a node that accepts
        # but never completes the handshake is as good as down.
        bound = time.monotonic() + CONNECT_TIMEOUT
        connect_deadline = bound if deadline is None else min(deadline, bound)
        try:
            try:
                sock = self._open(connect_deadline)
            except ConnectionRefusedError:
                self._relocate()
                sock = self._open(connect_deadline)
            channel = Channel(sock)
            try:
                name = prove_to_node(channel, self._cookie, connect_deadline)
            except BaseException:
                channel.close()
                raise
        except TimeoutError:
            if deadline is not None and time.monotonic() >= deadline:
                raise Timeout(f"node {self.node} did not answer in time", self.node) from None
            raise NodeDown(f"node {self.node} is down: no connection within {CONNECT_TIMEOUT:g}s",
                           self.node) from None
        except ssl.SSLCertVerificationError as e:
            raise AuthenticationFailed(f"TLS: cannot verify node {self.node}: {e.verify_message}",
                                       self.node) from None
        except ssl.SSLError as e:
            raise ProtocolError(f"TLS with node {self.node} failed: {e.reason or e}", self.node) from None
        except OSError as e:
            a = self._address
            raise NodeDown(f"node {self.node} is down: {a.host}:{a.port}: {e.strerror or e}", self.node) from None
        if name != self._address.name:
            channel.close()
            raise NodeDown(f"node {self.node} is down: node {name} listens at its address now", self.node)
        return channel

    def _open(self, deadline):
        """A connected socket, TLS-wrapped if the node uses TLS."""
        address = self._address
        sock = socket.create_connection((address.host, address.port), timeout=remaining(deadline))
        try:
            tune(sock)
            return sock if self._tls is None else self._tls.wrap_socket(sock, server_hostname=address.host)
        except BaseException:
            sock.close()
            raise

    def _relocate(self):
        """Ask GPMD again where the node is; NodeDown if it is gone or has not moved."""
        try:
            address = naming.locate(self.node, self._gpmd)
        except NodeNotFound:
            raise NodeDown(f"node {self.node} is down (no longer registered)", self.node) from None
        if (address.port, address.creation) == (self._address.port, self._address.creation):
            raise NodeDown(f"node {self.node} is down: it refuses connections", self.node)
        self._address = address


def split_target(target):
    """("fib", "fib") for "fib.fib": MODULE.FUNC split at the last dot."""
    module, dot, function = target.rpartition(".")
    if not dot or not module or not function:
        raise ValueError(f"expected MODULE.FUNC, not {target!r}")
    return module, function


def _expect(reply, kind, node):
    if type(reply) is not kind:
        raise ProtocolError(f"node {node} answered {protocol.TAGS[type(reply)].name}", node)
    return reply


def _exception(error, node):
    """The DistError an ERROR reply stands for."""
    # A guest's own failures keep their message as a local run words it.
    if error.code == ErrorCode.TRAP:
        return RemoteTrap(error.message, error.frames, node)
    if error.code == ErrorCode.EXHAUSTED:
        return RemoteExhaustion(error.message, node)
    return _EXCEPTIONS[error.code](f"node {node}: {error.message}", node)


def _secret(secret, cookie_file):
    if secret is None:
        try:
            return cookie.load(cookie_file)
        except cookie.CookieError as e:
            raise AuthenticationFailed(str(e)) from None
    return secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)


def _tls_context(tls, address):
    if isinstance(tls, ssl.SSLContext):
        return tls
    if tls is not None:
        return ssl.create_default_context(cafile=tls)
    if address.meta.get("tls"):
        return ssl.create_default_context()
    return None

