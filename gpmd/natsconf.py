"""The cloud's NATS servers: finding the nats-server binary and writing its configuration.

GVM does not implement messaging: a cloud's backbone is NATS (nats-server, Debian
package `nats-server`).  A device that hosts one runs it with the configuration
written here: clients (the GPMDs) authenticate with the cloud's user and
password (credentials.py), the server pings them every second and drops one that
misses two pings, so a device that loses the network leaves the cloud within
about 3 s; and several servers form one cluster through `routes`, authenticated
with the same credentials (and over TLS, with `route_tls`), so the cloud has no
single point of failure.
"""

import json
import shutil

from gpmd.cloud import CloudError

PING_INTERVAL = "1s"
PING_MAX = 2


def find_server():
    """The path of nats-server, or CloudError saying how to get it."""
    for candidate in ("nats-server", "/usr/sbin/nats-server", "/usr/bin/nats-server"):
        path = shutil.which(candidate)
        if path:
            return path
    raise CloudError("nats-server not found: install Debian's nats-server package "
                     "(apt-get install nats-server), or put nats-server on PATH")


def server_config(listen, port, user, password, cluster_port=None, routes=(), cluster="ghost",
                  monitor_port=None, tls_cert=None, tls_key=None, cluster_listen=None, route_tls=None):
    """The text of a nats-server configuration file.  `routes`: "HOST:PORT" of the
    other servers' cluster ports; `cluster_port` None: a server of its own;
    `cluster_listen`: the address the cluster port listens on (default `listen`):
    a device's GPMD may reach its server on loopback while the servers of the
    devices reach each other on the network.  `tls_cert`, `tls_key`: TLS for the
    clients (GPMDs); `route_tls`: (cert, key, ca) for the routes, each server
    checking the other's certificate against the CA both ways."""
    q = json.dumps  # NATS's configuration syntax takes JSON strings
    lines = [f"listen: {q(f'{listen}:{port}')}",
             f"ping_interval: {q(PING_INTERVAL)}",
             f"ping_max: {PING_MAX}",
             f"authorization {{ user: {q(user)}, password: {q(password)} }}"]
    if tls_cert:
        lines.append(f"tls {{ cert_file: {q(str(tls_cert))}, key_file: {q(str(tls_key))} }}")
    if monitor_port is not None:
        lines.append(f"http: {q(f'{listen}:{monitor_port}')}")
    if cluster_port is not None:
        urls = ", ".join(q(f"nats-route://{user}:{password}@{route}") for route in routes)
        tls = ""
        if route_tls is not None:
            cert, key, ca = (q(str(path)) for path in route_tls)
            tls = f", tls {{ cert_file: {cert}, key_file: {key}, ca_file: {ca}, verify: true, timeout: 5 }}"
        lines.append(f"cluster {{ name: {q(cluster)}, listen: {q(f'{cluster_listen or listen}:{cluster_port}')}, "
                     f"authorization {{ user: {q(user)}, password: {q(password)} }}, routes: [{urls}]{tls} }}")
    return "\n".join(lines) + "\n"
