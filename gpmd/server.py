"""The GPMD daemon: an asyncio TCP server in front of one Registry.

Each connection carries one request (see gpmd/protocol.py).  The request must
arrive complete within the idle time-out, and each reply must be taken by the
peer within it too, so a silent, slow or byte-by-byte peer costs one waiting
coroutine and never delays anyone else.  A registration is the exception: once
REGISTERED is sent, the daemon waits on that connection, with no time limit,
for the end of file that the kernel delivers when the node closes it or dies
(even by SIGKILL), and releases the name at that moment.

Any bad input is logged with the peer's address and ends that connection; no
exception escapes a connection's coroutine, so the daemon itself never falls.
Every event is one log line: names cannot hold line breaks, and metadata is
logged as ASCII JSON.

Quotas keep one peer from starving the others: at most `max_connections` open
connections (registrations included), never more than the process's descriptor
limit allows, and at most `max_per_peer` of one peer's connections waiting for a
request or taking a reply at once (registrations do not count: they are local
and each one is a live node).  A reply is written in pieces of REPLY_CHUNK bytes,
the next one only when the peer has taken the last, so a peer that asks and does
not read holds one piece in the daemon's memory, not a whole list, until the idle
time-out ends its connection.  The encoded LIST reply is made once and kept until
a registration comes or goes.
"""

import asyncio
import collections
import json
import logging
import resource
import signal
import socket

from gpmd import protocol
from gpmd.address import format_hostport
from gpmd.cloud import Contested
from gpmd.errors import NameTaken, NotLocal, ProtocolError, Refused
from gpmd.locality import is_local_peer
from gpmd.protocol import ErrorCode
from gpmd.registry import Registry

log = logging.getLogger("gpmd")

DEFAULT_IDLE_TIMEOUT = 10.0  # seconds to send a complete request, or take a reply
DEFAULT_MAX_CONNECTIONS = 4096  # registrations included: each holds a connection
DEFAULT_MAX_PER_PEER = 64  # connections of one peer host with a request under way
REPLY_CHUNK = 16 << 10  # written, then drained, before the next piece of a reply
_SPARE_DESCRIPTORS = 64  # listening sockets, standard streams, locality probes
# Connections the kernel may hold before we accept them.  asyncio's default of
# 100 overflows in a burst of connects (say, a cluster starting), and each
# dropped SYN costs its client a 1 s retransmission.  The kernel caps it at
# net.core.somaxconn.
_LISTEN_BACKLOG = 1024


class Daemon:
    """Serves connections against one registry until `stopped` is set."""

    def __init__(self, idle_timeout=DEFAULT_IDLE_TIMEOUT, max_connections=DEFAULT_MAX_CONNECTIONS,
                 max_per_peer=DEFAULT_MAX_PER_PEER):
        self.registry = Registry()
        self.cloud = None  # a cloud.Cloud once this device joined one
        self.stopped = asyncio.Event()
        self._idle_timeout = idle_timeout
        self._max_connections = max_connections
        self._max_per_peer = max_per_peer
        self._connections = set()  # one task per open connection
        self._requests = collections.Counter()  # peer host -> its connections not (yet) registrations
        self._list_reply = None  # the encoded reply to LIST, until the registry changes
        self._handlers = {
            protocol.Register: self._register,
            protocol.Lookup: self._lookup,
            protocol.ListNodes: self._list,
            protocol.Stop: self._stop,
            protocol.CloudLookup: self._cloud_lookup,
            protocol.CloudList: self._cloud_list,
        }

    def stop(self, why):
        log.info("stopping: %s", why)
        self.stopped.set()

    async def close_connections(self):
        """End every open connection; registrations are released on the way."""
        tasks = list(self._connections)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def accept(self, listener):
        """Accept connections on `listener` until cancelled.  Each is admitted or
        refused at once, one at a time, so the open connections never exceed the
        quotas, not even for a moment in a burst: a refused socket is closed before
        the next accept."""
        loop = asyncio.get_running_loop()
        while True:
            try:
                sock, peer = await loop.sock_accept(listener)
            except OSError as e:  # out of descriptors despite the clamp (another thread?)
                log.error("accept failed: %s; accepting again in 1 s", e.strerror or e)
                await asyncio.sleep(1.0)
                continue
            refusal = self._refusal(peer)
            if refusal is not None:
                why, reason = refusal
                log.warning("refused connection from %s: %s", format_hostport(peer), why)
                _refuse(sock, reason)
                continue
            self._requests[peer[0]] += 1
            self._connections.add(asyncio.create_task(self._handle(sock, peer)))

    def _refusal(self, peer):
        """None to serve a new connection from `peer`; else (why, for the log; the
        reason the peer is told)."""
        if len(self._connections) >= self._max_connections:
            return f"already {self._max_connections} open", "too many connections"
        if self._requests[peer[0]] >= self._max_per_peer:
            return f"already {self._max_per_peer} from that peer", "too many connections from your address"
        return None

    async def _handle(self, sock, peer):
        """One admitted connection, to its close.  Never raises."""
        where = format_hostport(peer)
        writer = None
        try:
            reader, writer = await asyncio.open_connection(sock=sock)
            writer.transport.set_write_buffer_limits(high=REPLY_CHUNK)
            request = await self._deadline(_read_request(reader))
            await self._handlers[type(request)](request, peer, reader, writer)
        except asyncio.IncompleteReadError as e:
            log.warning("bad input from %s: %s", where, _describe_early_close(e))
        except ProtocolError as e:
            log.warning("bad input from %s: %s", where, e)
            _send_error(writer, ErrorCode.MALFORMED, str(e))
        except asyncio.TimeoutError:
            log.warning("idle time-out: %s did not complete its request or take the reply "
                        "within %gs", where, self._idle_timeout)
            _send_error(writer, ErrorCode.TIMEOUT, "idle time-out")
        except Refused as e:
            log.warning("refused %s from %s: %s", _summary(request), where, e.reason)
            _send_error(writer, e.code, e.reason)
        except OSError as e:
            log.info("connection from %s lost: %s", where, e)
        except asyncio.CancelledError:
            pass  # the daemon is stopping (close_connections): a normal end
        except Exception:
            log.exception("internal error while serving %s", where)
        finally:
            if writer is None:
                sock.close()
            else:
                writer.close()
            self._connections.discard(asyncio.current_task())
            self._not_requesting(peer[0])

    def _not_requesting(self, host):
        """The connection of `host` no longer counts against its per-peer quota."""
        if self._requests[host] <= 1:
            del self._requests[host]
        else:
            self._requests[host] -= 1

    async def _register(self, request, peer, reader, writer):
        self._require_local(peer, "registration")
        node = self.registry.claim(request.name, request.port, request.meta)
        if node is None:
            raise NameTaken(ErrorCode.NAME_TAKEN, "name taken")
        if self.cloud is not None:
            await self._claim_in_cloud(node)
        self._list_reply = None
        where = format_hostport(peer)
        log.info("registered %s port %d creation %d meta %s from %s",
                 node.name, node.port, node.creation, json.dumps(node.meta), where)
        try:
            await self._send(writer, protocol.Registered(node.creation))
            # A live node now, no longer a request: it leaves its peer's quota
            # (and comes back to it here, for the count that _handle() ends).
            self._not_requesting(peer[0])
            try:
                if await reader.read(1):
                    raise ProtocolError("data after REGISTERED: a registration carries nothing more")
            finally:
                self._requests[peer[0]] += 1
        finally:
            # Before the connection closes, so a node that waits for our close
            # (client.Registration.close) finds the name free.
            self.registry.release(node)
            self._list_reply = None
            if self.cloud is not None:
                await self.cloud.withdraw(node)
            log.info("unregistered %s creation %d (connection from %s closed)",
                     node.name, node.creation, where)

    async def _lookup(self, request, peer, reader, writer):
        node = self.registry.lookup(request.name)
        if node is None:
            await self._send(writer, protocol.NotFound())
        else:
            await self._send(writer, protocol.Found(node.port, node.creation, node.meta))

    async def _list(self, request, peer, reader, writer):
        if self._list_reply is None:
            entries = [protocol.NodeEntry(n.name, n.port, n.creation, n.meta) for n in self.registry.nodes()]
            self._list_reply = _encode(*entries, protocol.EndOfList())
        await self._deadline(self._write(writer, self._list_reply))

    async def _claim_in_cloud(self, node):
        """Announce a node just claimed here, unless another device of the cloud holds
        its name: then release it and refuse, naming both devices."""
        try:
            holder = await self.cloud.holder(node.name)
            if holder is None:
                await self.cloud.announce(node)
                return
        except BaseException:
            self.registry.release(node)
            raise
        self.registry.release(node)
        raise NameTaken(ErrorCode.NAME_TAKEN, f"name taken: {node.name} is registered on device {holder}, "
                                              f"so it cannot be on device {self.cloud.device} too")

    async def _cloud_lookup(self, request, peer, reader, writer):
        try:
            await self._cloud_lookup_of(request.name, writer)
        except Contested as e:
            raise NameTaken(ErrorCode.NAME_TAKEN, str(e)) from None

    async def _cloud_lookup_of(self, name, writer):
        node = self.registry.lookup(name)
        if node is not None:
            if self.cloud is not None and self.cloud.contested(name):
                await self.cloud.check_contested(name)
            await self._send(writer, protocol.FoundAt("", node.port, node.creation, node.meta))
            return
        found = None if self.cloud is None else await self.cloud.lookup(name)
        if found is None:
            await self._send(writer, protocol.NotFound())
        else:
            await self._send(writer, protocol.FoundAt(found["host"], found["port"], found["creation"], found["meta"]))

    async def _cloud_list(self, request, peer, reader, writer):
        entries = [protocol.NodeAt(n.name, "", n.port, n.creation, n.meta) for n in self.registry.nodes()]
        if self.cloud is not None:
            for answer in await self.cloud.gather():
                entries += [protocol.NodeAt(n["name"], n["host"], n["port"], n["creation"], n["meta"])
                            for n in answer["nodes"]]
        entries.sort(key=lambda entry: (entry.name, entry.host))
        await self._deadline(self._write(writer, _encode(*entries, protocol.EndOfList())))

    async def _stop(self, request, peer, reader, writer):
        self._require_local(peer, "stop")
        await self._send(writer, protocol.Stopping())
        self.stop(f"stop request from {format_hostport(peer)}")

    def _require_local(self, peer, what):
        if not is_local_peer(peer):
            raise NotLocal(ErrorCode.NOT_LOCAL, f"{what} is accepted from this host only")

    async def _send(self, writer, *messages):
        await self._deadline(self._write(writer, _encode(*messages)))

    @staticmethod
    async def _write(writer, data):
        """Write `data` a piece at a time, each taken by the peer before the next:
        the daemon never holds more than one piece of a reply for a slow reader."""
        view = memoryview(data)
        for start in range(0, len(view), REPLY_CHUNK):
            writer.write(view[start : start + REPLY_CHUNK])
            await writer.drain()

    async def _deadline(self, awaitable):
        return await asyncio.wait_for(awaitable, self._idle_timeout)


async def _read_request(reader):
    header = await reader.readexactly(protocol.HEADER_SIZE)
    frame = await reader.readexactly(protocol.frame_length(header))
    return protocol.decode_request(frame)


def _describe_early_close(error):
    if not error.partial and error.expected == protocol.HEADER_SIZE:
        return "connection closed without a request"
    return f"connection closed inside a frame ({len(error.partial)} of {error.expected} bytes)"


def _summary(request):
    """A request as a log wants it: its tag, and the name if it has one."""
    name = getattr(request, "name", None)
    tag = protocol.TAGS[type(request)].name
    return tag if name is None else f"{tag} {name!r}"


def _encode(*messages):
    return b"".join(protocol.encode(message) for message in messages)


def _send_error(writer, code, reason):
    """Best effort: the peer may be gone, and we close right after anyway."""
    writer.write(protocol.encode(protocol.Error(code, reason)))


def _refuse(sock, reason):
    """ERROR BUSY if the socket takes it at once (a fresh one always does), and close."""
    sock.setblocking(False)
    try:
        sock.send(protocol.encode(protocol.Error(ErrorCode.BUSY, reason)))
    except OSError:
        pass
    sock.close()


def _descriptor_bound(max_connections):
    """max_connections, or fewer if the open-file limit cannot hold them (raising the
    soft limit up to the hard one first): accepting beyond the limit would fail
    with EMFILE, over and over, instead of refusing cleanly."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = max_connections + _SPARE_DESCRIPTORS
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return max_connections
    granted = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (granted, hard))
    if granted >= wanted:
        return max_connections
    bound = max(1, granted - _SPARE_DESCRIPTORS)
    log.warning("open-file limit %d: at most %d connections at once, not %d", granted, bound, max_connections)
    return bound


def _log_loop_error(loop, context):
    """asyncio's own errors (a failed accept, say) as one line, not a traceback."""
    error = context.get("exception")
    log.error("%s%s", context.get("message", "event loop error"), f": {error}" if error else "")


async def serve(bind, port, idle_timeout=DEFAULT_IDLE_TIMEOUT,
                max_connections=DEFAULT_MAX_CONNECTIONS, max_per_peer=DEFAULT_MAX_PER_PEER, cloud=None):
    """Run a daemon on bind:port until SIGTERM, SIGINT or a stop request; `cloud`:
    a function (registry, port) -> cloud.Cloud to join, or None to stay alone."""
    daemon = Daemon(idle_timeout, _descriptor_bound(max_connections), max_per_peer)
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(_log_loop_error)
    listeners = _listen(bind, port)
    if cloud is not None:
        daemon.cloud = cloud(daemon.registry, port)
        try:
            await daemon.cloud.join()
        except BaseException:
            for listener in listeners:
                listener.close()
            raise
    accepting = [asyncio.create_task(daemon.accept(listener)) for listener in listeners]
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, daemon.stop, signal.Signals(signum).name)
    log.info("listening on %s", ", ".join(format_hostport(s.getsockname()) for s in listeners))
    await daemon.stopped.wait()
    for task in accepting:
        task.cancel()
    await asyncio.gather(*accepting, return_exceptions=True)
    for listener in listeners:
        listener.close()
    await daemon.close_connections()
    if daemon.cloud is not None:
        await daemon.cloud.leave()
    log.info("stopped")


def _listen(bind, port):
    """Listening sockets for every address `bind` stands for, as asyncio's
    start_server would make them.  OSError if one cannot listen."""
    listeners = []
    try:
        for family, kind, proto, _, address in socket.getaddrinfo(bind or None, port, type=socket.SOCK_STREAM,
                                                                  flags=socket.AI_PASSIVE):
            listener = socket.socket(family, kind, proto)
            listeners.append(listener)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            listener.bind(address)
            listener.listen(_LISTEN_BACKLOG)
            listener.setblocking(False)
    except BaseException:
        for listener in listeners:
            listener.close()
        raise
    return listeners
