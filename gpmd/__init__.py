"""GPMD, the Ghost Port Mapper Daemon: the name service of GVM nodes.

Like Erlang's EPMD it maps node names to ports on its own host; joined to a
cloud (`--cloud`, cloud.py) it also finds the nodes of every other device.  A node
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
    cloud.py      many devices, one cloud: this GPMD's link to the others through NATS
    credentials.py  the cloud's NATS credentials, and TLS beyond loopback
    natsconf.py   finding nats-server and writing its configuration

The protocol is documented in docs/gpmd-protocol.md.
"""
