"""One caller's connection to a node, from accept to close: TLS if configured, the
handshake, then requests answered one at a time, in order.

Each connection has a thread of its own that reads a request, has it done and
writes the reply.  A caller that wants several requests in flight opens several
connections (the client keeps a pool), and a long call on one connection never
delays another: with worker processes (pool.py) this process runs no wasm at all,
so a ping is answered at once whatever the workers are doing.

A peer has HANDSHAKE_TIMEOUT seconds from accept to complete TLS and the
handshake, in frames of at most protocol.MAX_HANDSHAKE_FRAME bytes; after that,
an authenticated caller may stay idle as long as it likes (TCP keep-alive notices
a vanished host), but once a frame has begun it must end within FRAME_TIMEOUT.
Any bad input is logged with the peer's address, answered with an ERROR when
possible, and ends that connection only; `serve` never raises.
"""

import logging
import ssl

from . import protocol
from .channel import Channel, ConnectionClosed, deadline_after, remaining
from .errors import AuthenticationFailed, ProtocolError
from .execute import CallerGone, Refusal
from .handshake import NodeFull, greet_caller
from .protocol import Call, Describe, Error, ErrorCode, Exit, Output, Ping, Pong, Result, Run, Signature, Stats, Stored, Upload

log = logging.getLogger("gvm.dist")

HANDSHAKE_TIMEOUT = 5.0  # from accept to WELCOME, TLS included
FRAME_TIMEOUT = 60.0  # from the first byte of a request to its last (a 64 MiB upload)
SEND_TIMEOUT = 60.0  # for the caller to take each reply


class Service:
    """What every connection of one node shares: its name, the cookie, TLS, the
    work: an Executor (calls run in this process) or a WorkerPool, and the
    connection quota (quota.Quota)."""

    def __init__(self, name, cookie, work, quota, tls=None):
        self.name = name
        self.cookie = cookie
        self.work = work
        self.quota = quota
        self.tls = tls  # an ssl.SSLContext for the server side, or None

    def serve(self, sock, where, peer):
        """Serve one accepted connection, which quota.admit(peer) let in, until it
        closes.  Never raises."""
        channel, authenticated = None, False

        def promote():
            nonlocal authenticated
            authenticated = self.quota.promote(peer)
            return authenticated

        try:
            deadline = deadline_after(HANDSHAKE_TIMEOUT)
            sock = self._secure(sock, deadline)
            channel = Channel(sock)
            greet_caller(channel, self.cookie, self.name, deadline, promote)
            answer_requests(channel, self.work)
        except ConnectionClosed as e:
            if e.partial or not authenticated:  # else the caller is done: a normal end
                log.warning("bad input from %s: %s%s", where, e, "" if authenticated else " before authenticating")
        except ProtocolError as e:
            log.warning("bad input from %s: %s", where, e)
            _send_last_words(channel, ErrorCode.MALFORMED, str(e))
        except AuthenticationFailed as e:
            log.warning("refused %s: %s", where, e)
        except NodeFull:
            log.warning("refused %s: already %d authenticated connections", where, self.quota.authenticated)
        except TimeoutError:
            log.warning("time-out: %s did not complete its %s in time", where,
                        "request" if authenticated else "handshake")
            _send_last_words(channel, ErrorCode.TIMEOUT, "time-out")
        except ssl.SSLError as e:
            log.warning("TLS failed with %s: %s", where, e.reason or e)
        except (OSError, CallerGone) as e:
            log.info("connection from %s lost: %s", where, e)
        except Exception:
            log.exception("internal error while serving %s", where)
        finally:
            sock.close()
            self.quota.left(peer, authenticated)

    def _secure(self, sock, deadline):
        """The socket, wrapped in TLS if this node uses it."""
        if self.tls is None:
            return sock
        secure = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        try:
            secure.settimeout(remaining(deadline))
            secure.do_handshake()
        except BaseException:
            secure.close()
            raise
        return secure


def answer_requests(channel, work):
    """Answer requests on an authenticated channel until the peer closes it (raising
    ConnectionClosed), using `work` (an Executor or a WorkerPool) to do them.
    The worker processes of a pool run this too, on their pipe from the node."""
    while True:
        request = channel.receive(protocol.frame_limit, frame_timeout=FRAME_TIMEOUT)
        try:
            reply = _answer(channel, work, request)
        except Refusal as refusal:
            reply = refusal.error
        except (CallerGone, ProtocolError):
            raise
        except Exception:
            log.exception("internal error answering %s", protocol.TAGS[type(request)].name)
            reply = Error(ErrorCode.INTERNAL, "internal error in the node (see its log)")
        try:
            channel.send(reply, deadline_after(SEND_TIMEOUT))
        finally:
            work.after_reply()


def _answer(channel, work, request):
    """The reply to one request; raises Refusal for an ERROR reply."""
    kind = type(request)
    if kind is Call:
        return Result(work.call(request.module, request.function, request.args, channel.sock))
    if kind is Ping:
        return Pong()
    if kind is Stats:
        return work.load()
    if kind is Describe:
        return Signature(*work.describe(request.module, request.function, channel.sock))
    if kind is Upload:
        return Stored(work.upload(request.module))
    if kind is Run:
        def write(fd, data):
            try:
                channel.send(Output(fd, data), deadline_after(SEND_TIMEOUT))
            except OSError as e:
                raise CallerGone(str(e)) from None

        return Exit(work.run(request.module, request.args, request.env, write, channel.sock))
    raise ProtocolError(f"{protocol.TAGS[kind].name} is not a request")


def _send_last_words(channel, code, message):
    """An ERROR before closing: best effort, the peer may be gone already."""
    if channel is None:
        return
    try:
        channel.send(Error(code, message), deadline_after(1.0))
    except OSError:
        pass
