"""The cloud's NATS client: nats-py's, made never to send the cloud's credentials in clear.

nats-py upgrades a connection to TLS only when the server's INFO asks for it
(`tls_required`), even for a tls:// URL: a server without TLS, or whoever answers
in its place on the way, would be sent the cloud's user and password in clear.
The credentials go out in CONNECT, the client's first message after INFO and
after the TLS upgrade, so this client checks there, on every connection and
reconnection, that the connection is encrypted wherever the cloud needs TLS (a
tls:// URL, or a server beyond loopback: credentials.needs_tls), and fails that
connection otherwise.  Debian's nats-server (2.9) cannot do TLS before INFO
(nats-py's `tls_handshake_first` needs 2.10.4), so this is the place to check.

nats-py is pinned (pyproject.toml): the check overrides its CONNECT builder,
`_connect_command`, and reads its transport's writer.  Should either change, the
connection reads as unencrypted and is refused: it fails closed, and
tests/test_cloud_tls.py says so.
"""

import nats.aio.client
import nats.errors

from gpmd.credentials import needs_tls


class PlainTextRefused(nats.errors.Error):
    """A server the cloud reaches over TLS answered without it."""

    def __init__(self, url):
        super().__init__(url)
        self.url = url

    def __str__(self):
        return f"{self.url} answered without TLS: refusing to send it the cloud's credentials in clear"


class Client(nats.aio.client.Client):
    def _connect_command(self):
        server = self._current_server.uri
        if needs_tls(server) and not _encrypted(self._transport):
            raise PlainTextRefused(f"{server.scheme}://{server.netloc}")
        return super()._connect_command()


def _encrypted(transport):
    writer = getattr(transport, "_io_writer", None)
    return writer is not None and writer.get_extra_info("ssl_object") is not None
