"""Whether a peer is this host: the rule that guards registration and stop.

A peer is local if its address is a loopback address, or any address assigned
to one of this host's interfaces.  The second test asks the kernel's routing:
for an address of its own, the kernel always picks that very address as the
source to reach it (RFC 6724 rule 1; Linux's `local` routes carry it as the
preferred source), while for any other host it picks one of ours, which
differs.  Connecting a UDP socket sends nothing; it only consults the route.
This avoids enumerating interfaces (no standard-library call does) and,
unlike a trial bind(), is not fooled by `ip_nonlocal_bind`.
"""

import ipaddress
import socket

_ANY_PORT = 9  # a UDP connect needs a port; no datagram is ever sent to it


def is_local_peer(sockaddr):
    """True if `sockaddr` (as socket.getpeername() returns it) is this host."""
    try:
        address = ipaddress.ip_address(sockaddr[0])
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped  # a dual-stack listener's view of an IPv4 peer
    if address.is_loopback:
        return True  # 127.0.0.0/8 routes via 127.0.0.1, so the route test would miss it
    if address.version == 4:
        return _routes_to_itself(address, socket.AF_INET, (str(address), _ANY_PORT))
    scope_id = sockaddr[3] if len(sockaddr) > 3 else 0  # link-local needs its interface
    return _routes_to_itself(address, socket.AF_INET6, (str(address), _ANY_PORT, 0, scope_id))


def _routes_to_itself(address, family, target):
    """Whether the kernel would use `address` itself as the source to reach it."""
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.connect(target)
            source = probe.getsockname()[0]
    except OSError:
        return False  # no route at all: certainly not one of ours
    return ipaddress.ip_address(source) == address
