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
"""

import asyncio
import json
import logging
import resource
import signal

from gpmd import protocol
from gpmd.address import format_hostport
from gpmd.errors import NameTaken, NotLocal, ProtocolError, Refused
from gpmd.locality import is_local_peer
from gpmd.protocol import ErrorCode
from gpmd.registry import Registry

log = logging.getLogger("gpmd")

DEFAULT_IDLE_TIMEOUT = 10.0  # seconds to send a complete request, or take a reply
DEFAULT_MAX_CONNECTIONS = 4096  # registrations included: each holds a connection
_SPARE_DESCRIPTORS = 64  # listening sockets, standard streams, locality probes
# Connections the kernel may hold before we accept them.  asyncio's default of
# 100 overflows in a burst of connects (say, a cluster starting), and each
# dropped SYN costs its client a 1 s retransmission.  The kernel caps it at
# net.core.somaxconn.
_LISTEN_BACKLOG = 1024


class Daemon:
    """Serves connections against one registry until `stopped` is set."""

    def __init__(self, idle_timeout=DEFAULT_IDLE_TIMEOUT, max_connections=DEFAULT_MAX_CONNECTIONS):
        self.registry = Registry()
        self.stopped = asyncio.Event()
        self._idle_timeout = idle_timeout
        self._max_connections = max_connections
        self._connections = set()  # one task per open connection
        self._handlers = {
            protocol.Register: self._register,
            protocol.Lookup: self._lookup,
            protocol.ListNodes: self._list,
            protocol.Stop: self._stop,
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

    async def handle(self, reader, writer):
        """One connection, from accept to close.  Never raises."""
        peer = writer.get_extra_info("peername")
        where = format_hostport(peer)
        if len(self._connections) >= self._max_connections:
            log.warning("refused connection from %s: already %d open", where, self._max_connections)
            _send_error(writer, ErrorCode.BUSY, "too many connections")
            writer.close()
            return
        task = asyncio.current_task()
        self._connections.add(task)
        try:
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
            # The daemon is stopping (close_connections).  End normally rather
            # than cancelled: Python 3.11's start_server logs a traceback for
            # a cancelled connection task.
            pass
        except Exception:
            log.exception("internal error while serving %s", where)
        finally:
            writer.close()
            self._connections.discard(task)

    async def _register(self, request, peer, reader, writer):
        self._require_local(peer, "registration")
        node = self.registry.claim(request.name, request.port, request.meta)
        if node is None:
            raise NameTaken(ErrorCode.NAME_TAKEN, "name taken")
        where = format_hostport(peer)
        log.info("registered %s port %d creation %d meta %s from %s",
                 node.name, node.port, node.creation, json.dumps(node.meta), where)
        try:
            await self._send(writer, protocol.Registered(node.creation))
            if await reader.read(1):
                raise ProtocolError("data after REGISTERED: a registration carries nothing more")
        finally:
            # Before the connection closes, so a node that waits for our close
            # (client.Registration.close) finds the name free.
            self.registry.release(node)
            log.info("unregistered %s creation %d (connection from %s closed)",
                     node.name, node.creation, where)

    async def _lookup(self, request, peer, reader, writer):
        node = self.registry.lookup(request.name)
        if node is None:
            await self._send(writer, protocol.NotFound())
        else:
            await self._send(writer, protocol.Found(node.port, node.creation, node.meta))

    async def _list(self, request, peer, reader, writer):
        nodes = self.registry.nodes()
        entries = [protocol.NodeEntry(n.name, n.port, n.creation, n.meta) for n in nodes]
        await self._send(writer, *entries, protocol.EndOfList())

    async def _stop(self, request, peer, reader, writer):
        self._require_local(peer, "stop")
        await self._send(writer, protocol.Stopping())
        self.stop(f"stop request from {format_hostport(peer)}")

    def _require_local(self, peer, what):
        if not is_local_peer(peer):
            raise NotLocal(ErrorCode.NOT_LOCAL, f"{what} is accepted from this host only")

    async def _send(self, writer, *messages):
        writer.write(b"".join(protocol.encode(message) for message in messages))
        await self._deadline(writer.drain())

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


def _send_error(writer, code, reason):
    """Best effort: the peer may be gone, and we close right after anyway."""
    writer.write(protocol.encode(protocol.Error(code, reason)))


def _reserve_descriptors(max_connections):
    """Raise the soft open-file limit so that max_connections sockets fit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = max_connections + _SPARE_DESCRIPTORS
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return
    granted = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (granted, hard))
    if granted < wanted:
        log.warning("open-file limit %d: fewer than %d connections will fit",
                    granted, max_connections)


async def serve(bind, port, idle_timeout=DEFAULT_IDLE_TIMEOUT,
                max_connections=DEFAULT_MAX_CONNECTIONS):
    """Run a daemon on bind:port until SIGTERM, SIGINT or a stop request."""
    _reserve_descriptors(max_connections)
    daemon = Daemon(idle_timeout, max_connections)
    server = await asyncio.start_server(daemon.handle, bind, port, backlog=_LISTEN_BACKLOG)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, daemon.stop, signal.Signals(signum).name)
    log.info("listening on %s", ", ".join(format_hostport(s.getsockname()) for s in server.sockets))
    await daemon.stopped.wait()
    server.close()
    await daemon.close_connections()
    await server.wait_closed()
    log.info("stopped")
