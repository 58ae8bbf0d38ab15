"""Node names, and finding where a named node listens.

A node is named `name` or `name@host`.  `name` is looked up at the GPMD the caller
chose (by default 127.0.0.1 on GPMD_PORT, else 4370); `name@host` at the GPMD of
that host, on the default GPMD port.  GPMD answers with the port, and the node is
then reached at the host GPMD was reached at (a node registers with the GPMD of its
own host), or, for a node on another device of GPMD's cloud (gpmd/cloud.py), at the
address that device advertises.  So "beta" and "beta@10.0.0.7" are the same kind of
thing to a caller, and nothing else in the distribution layer knows which one is
local, or on which device of the cloud a bare name runs.
"""

import typing

from gpmd import client as gpmd_client
from gpmd.address import default_gpmd, default_port, format_hostport
from gpmd.errors import GpmdError
from gpmd.protocol import check_name

from .errors import NodeNotFound

LOOKUP_TIMEOUT = 5.0


class Address(typing.NamedTuple):
    """Where a named node listens, as its GPMD told us."""

    name: str  # without the @host part: the name the node registered
    host: str
    port: int
    creation: int
    meta: dict


def split(node):
    """("beta", None) for "beta", ("beta", "10.0.0.7") for "beta@10.0.0.7";
    ValueError for a name GPMD would not accept."""
    name, at, host = node.partition("@")
    if at and not host:
        raise ValueError(f"no host after '@' in node name {node!r}")
    try:
        check_name(name)
    except ValueError as e:
        raise ValueError(f"bad node name {node!r}: {e}") from None
    return name, (host.removeprefix("[").removesuffix("]") if at else None)


def locate(node, gpmd=None, timeout=LOOKUP_TIMEOUT):
    """The Address of `node`; NodeNotFound if it is not registered or no GPMD answers."""
    name, host = split(node)
    if host is not None:
        where = host, default_port()
    else:
        where = default_gpmd() if gpmd is None else tuple(gpmd)
    try:
        found = gpmd_client.lookup(name, gpmd=where, timeout=timeout)
    except GpmdError as e:
        raise NodeNotFound(f"cannot look up node {node}: {e}", node) from None
    if found is None:
        raise NodeNotFound(f"no node {name} is registered at gpmd {format_hostport(where)}", node)
    return Address(name, found.host, found.port, found.creation, found.meta)


def registered(gpmd=None, timeout=LOOKUP_TIMEOUT):
    """Every node registered at `gpmd`, as gpmd.client.NodeInfo tuples sorted by name."""
    try:
        return gpmd_client.names(gpmd=gpmd, timeout=timeout)
    except GpmdError as e:
        raise NodeNotFound(f"cannot list nodes: {e}") from None
