"""GPMD, the Ghost Port Mapper Daemon: the name service of GVM nodes.

Like Erlang's EPMD it only maps node names to ports on its own host.  A node
registers through `gpmd.client` and keeps the connection open; when the node
dies the connection closes and its name is gone.

    protocol.py   the wire format: tags, error codes, limits, encode/decode
    errors.py     the exceptions shared by daemon, client and protocol
    registry.py   the daemon's state: live nodes and creation counters
    locality.py   whether a peer is this host (guards register and stop)
    address.py    default address, GPMD_PORT, HOST:PORT parsing
    server.py     the asyncio daemon
    client.py     the client API for nodes and tools
    cli.py        `python -m gpmd` (daemon, names, stop)

The protocol is documented in docs/gpmd-protocol.md.
"""
