"""The handshake: how a node and its caller prove to each other that they share the cookie.

    node                                        caller
      ── HELLO (version, node nonce, name) ───────►
      ◄─────────────── AUTH (caller nonce, caller proof) ──
      ── WELCOME (node proof) ─────────────────────►      or ERROR AUTH_FAILED (or BUSY), close

    caller proof = HMAC-SHA256(cookie, "ghost-dist/1 caller" ‖ node nonce ‖ caller nonce)
    node proof   = HMAC-SHA256(cookie, "ghost-dist/1 node"   ‖ node nonce ‖ caller nonce)

Nonces are 32 random bytes, fresh for every connection, so no proof can be
replayed; each proof covers both nonces and names its role, so a node's proof is
never a valid caller's proof (no reflection).  The node answers only a caller that
proved itself, and the caller goes on only with a node that proved itself in turn.
Proofs are compared in constant time.  Only the HMACs cross the wire; the cookie
never does.  Nothing else is accepted before WELCOME, and every handshake frame is
at most protocol.MAX_HANDSHAKE_FRAME bytes.
"""

import hashlib
import hmac
import secrets

from . import protocol
from .errors import AuthenticationFailed, NodeDown, ProtocolError
from .protocol import Auth, Error, ErrorCode, Hello, Welcome

_CALLER = b"ghost-dist/1 caller"
_NODE = b"ghost-dist/1 node"


def _proof(cookie, role, node_nonce, caller_nonce):
    return hmac.new(cookie, role + node_nonce + caller_nonce, hashlib.sha256).digest()


class NodeFull(Exception):
    """A caller proved itself, but the node serves as many as it can."""


def greet_caller(channel, cookie, name, deadline, admit=None):
    """The node's side, on a fresh connection.  Returns when the caller proved it
    knows the cookie and admit() (if given) let it in; raises AuthenticationFailed
    (after telling the caller), NodeFull (after telling it BUSY), ProtocolError or
    OSError otherwise."""
    node_nonce = secrets.token_bytes(protocol.NONCE_SIZE)
    channel.send(Hello(protocol.VERSION, node_nonce, name), deadline)
    auth = channel.receive(protocol.handshake_limit, deadline)
    if not isinstance(auth, Auth):
        raise ProtocolError(f"expected AUTH, got {protocol.TAGS[type(auth)].name}")
    expected = _proof(cookie, _CALLER, node_nonce, auth.nonce)
    if not hmac.compare_digest(auth.proof, expected):
        channel.send(Error(ErrorCode.AUTH_FAILED, "authentication failed: wrong cookie"), deadline)
        raise AuthenticationFailed("the caller's proof does not match our cookie")
    if admit is not None and not admit():
        channel.send(Error(ErrorCode.BUSY, "too many connections"), deadline)
        raise NodeFull("too many authenticated connections")
    channel.send(Welcome(_proof(cookie, _NODE, node_nonce, auth.nonce)), deadline)


def prove_to_node(channel, cookie, deadline):
    """The caller's side, on a fresh connection.  Returns the name the node gave in
    its HELLO once both sides are authenticated; raises AuthenticationFailed,
    NodeDown (the node is too busy), ProtocolError or OSError otherwise."""
    hello = channel.receive(protocol.handshake_limit, deadline)
    if isinstance(hello, Error):  # BUSY: the node serves as many callers as it can
        raise NodeDown(f"the node refused the connection: {hello.message}")
    if not isinstance(hello, Hello):
        raise ProtocolError(f"expected HELLO, got {protocol.TAGS[type(hello)].name}")
    if hello.version != protocol.VERSION:
        raise ProtocolError(f"the node speaks protocol version {hello.version}, "
                            f"this caller version {protocol.VERSION}")
    caller_nonce = secrets.token_bytes(protocol.NONCE_SIZE)
    channel.send(Auth(caller_nonce, _proof(cookie, _CALLER, hello.nonce, caller_nonce)), deadline)
    reply = channel.receive(protocol.handshake_limit, deadline)
    if isinstance(reply, Error) and reply.code == ErrorCode.AUTH_FAILED:
        raise AuthenticationFailed(f"node {hello.name} refused our cookie")
    if isinstance(reply, Error) and reply.code == ErrorCode.BUSY:
        raise NodeDown(f"the node refused the connection: {reply.message}")
    if isinstance(reply, Error):
        raise ProtocolError(f"node {hello.name} ended the handshake: {reply.message}")
    if not isinstance(reply, Welcome):
        raise ProtocolError(f"expected WELCOME, got {protocol.TAGS[type(reply)].name}")
    if not hmac.compare_digest(reply.proof, _proof(cookie, _NODE, hello.nonce, caller_nonce)):
        raise AuthenticationFailed(f"node {hello.name} could not prove it knows our cookie")
    return hello.name
