"""gvm.dist.map: one function over many argument tuples, the calls spread over nodes.

    squares = gvm.dist.map("work.square", [(n,) for n in range(100)], nodes=["alpha", "beta"])

Calls are handed out one at a time from a shared queue, so a fast node takes more
of them and a slow one fewer.  The hand-out is weighted by capacity and load: each
node keeps `per_node` calls in flight for each of its idle workers (asked with
STATS: its workers less those busy now, at least one), so a node of 4 free workers
draws four times the calls of a node with one, and the next request is already
waiting when a result goes back.  The results
come in the order of the arguments, as with the built-in map.  Nodes are separate
processes, so on one machine this is real parallelism, one core per node.

A node that goes down is dropped and its unfinished calls go to the others (so a
call may run twice, if its node died between finishing it and answering); map
raises NodeDown only when every node is down.  Any other failure (a trap, bad
arguments) stops the handing out, and is raised once the calls in flight ended.
"""

import collections
import threading

from . import naming
from .client import connect
from .errors import DistError, NodeDown


def spread_map(target, argument_tuples, nodes=None, gpmd=None, per_node=2, timeout=None, ran=None,
               progress=None, **connect_options):
    """The results of calling `target` ("MODULE.FUNC") with each argument tuple (a
    single non-tuple argument stands for a 1-tuple), in order.  `nodes`: names or
    Clients (default: every node of `gpmd`'s cloud); `timeout` bounds each call;
    `ran`: a dict that receives how many calls each node ran, by name; `progress`:
    called as progress(done, total) after each call; `connect_options` go to
    connect() (cookie, cookie_file, tls, path)."""
    calls = [tuple(a) if isinstance(a, (tuple, list)) else (a,) for a in argument_tuples]
    if not calls:
        return []
    clients, opened = _clients(nodes, gpmd, connect_options)
    try:
        slots = [(client, per_node * _free_workers(client)) for client in clients]
        work = _Work(len(calls), workers=sum(n for _, n in slots), progress=progress)
        threads = [threading.Thread(target=_worker, args=(work, client, target, calls, timeout), daemon=True)
                   for client, n in slots for _ in range(n)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for client in opened:
            client.close()
    if ran is not None:
        for client in clients:
            ran[client.node] = ran.get(client.node, 0) + work.ran[client]
    if work.error is not None:
        raise work.error
    return work.results


def _free_workers(client):
    """How many calls a node can run at once now: its workers less the busy ones, at
    least 1 (a node without workers, or one that predates STATS, counts as 1)."""
    try:
        load = client.load(timeout=5.0)
    except DistError:
        return 1
    return max(1, load.workers - load.busy)


def _clients(nodes, gpmd, connect_options):
    """(the clients to use, those of them opened here): nodes that cannot be
    reached are left out; NodeDown if none can."""
    if nodes is None:
        nodes = [info.name for info in naming.registered(gpmd)]
    clients, opened, failures = [], [], []
    for node in nodes:
        if not isinstance(node, str):
            clients.append(node)
            continue
        try:
            client = connect(node, gpmd=gpmd, **connect_options)
        except DistError as e:
            failures.append(e)
            continue
        clients.append(client)
        opened.append(client)
    if not clients:
        raise failures[0] if failures else NodeDown("no nodes to spread the calls over")
    return clients, opened


class _Work:
    """The calls still to make, the results made, and the first error; shared by the
    workers under one condition variable."""

    def __init__(self, count, workers, progress=None):
        self.results = [None] * count
        self.ran = collections.Counter()  # client -> calls it finished
        self.error = None
        self._progress = progress
        self._count = count
        self._todo = collections.deque(range(count))
        self._unfinished = count
        self._workers = workers
        self._changed = threading.Condition()

    def next(self):
        """The index of the next call to make, or None when there is none to make:
        all done, an error, or (waiting first) the rest is in other workers' hands."""
        with self._changed:
            while not self._todo and self._unfinished and self.error is None:
                self._changed.wait()  # a call in flight elsewhere may come back
            if self.error is not None or not self._todo:
                return None
            return self._todo.popleft()

    def finished(self, index, result, client):
        with self._changed:
            self.results[index] = result
            self.ran[client] += 1
            self._unfinished -= 1
            if not self._unfinished:
                self._changed.notify_all()
            if self._progress is not None:
                self._progress(self._count - self._unfinished, self._count)

    def give_back(self, index):
        """A worker whose node went down returns its call for another to make."""
        with self._changed:
            self._todo.appendleft(index)
            self._changed.notify()

    def fail(self, error):
        with self._changed:
            if self.error is None:
                self.error = error
            self._changed.notify_all()

    def worker_ended(self, node_down):
        """When the last worker ends with calls unfinished, every node is down."""
        with self._changed:
            self._workers -= 1
            if not self._workers and self._unfinished and self.error is None:
                self.error = node_down or NodeDown("every node went down")
            self._changed.notify_all()


def _worker(work, client, target, calls, timeout):
    node_down = None
    try:
        while (index := work.next()) is not None:
            try:
                result = client.call(target, *calls[index], timeout=timeout)
            except NodeDown as e:
                node_down = e
                work.give_back(index)
                return
            except Exception as e:  # a trap, bad arguments, ...: the whole map fails
                work.fail(e)
                return
            work.finished(index, result, client)
    finally:
        work.worker_ended(node_down)
