"""The daemon's whole state: the live nodes and the creation counter of each name.

Nothing here knows about sockets.  The server claims a name when a
registration arrives and releases it when that connection closes; the registry
only guarantees that a live name has one holder and that every successful
claim of a name gets a new creation number.

Creation numbers are per name, in memory only: the first claim of a name gets
1, each later claim the next number, and after MAX_CREATION it wraps to 1
(0 is never used, so a reader can treat it as "none").  Counters outlive their
node, so a restarted node always differs from its predecessor; they are kept
for every name claimed since the daemon started (at most a few bytes each).
"""

import dataclasses

from gpmd.protocol import MAX_CREATION


@dataclasses.dataclass(frozen=True)
class Node:
    """One registration: what a look-up answers."""

    name: str
    port: int
    creation: int
    meta: dict


class Registry:
    """Live nodes by name, and the last creation number given to each name."""

    def __init__(self):
        self._nodes = {}
        self._creations = {}

    def claim(self, name, port, meta):
        """Register a node and return it, or return None if `name` is live."""
        if name in self._nodes:
            return None
        creation = self._creations.get(name, 0) % MAX_CREATION + 1
        self._creations[name] = creation
        node = self._nodes[name] = Node(name, port, creation, meta)
        return node

    def release(self, node):
        """Forget a node (its connection closed).  The creation counter stays."""
        del self._nodes[node.name]

    def lookup(self, name):
        """The live node called `name`, or None."""
        return self._nodes.get(name)

    def nodes(self):
        """Every live node, sorted by name."""
        return sorted(self._nodes.values(), key=lambda node: node.name)
