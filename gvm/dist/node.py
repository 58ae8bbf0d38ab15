"""A node: a GVM process that listens, registers its name with GPMD, and serves calls.

    node = Node("alpha", cookie, path=["lib"])
    node.start()            # listening on a free port and registered
    ...                     # other processes call it: gvm.dist.connect("alpha")
    node.stop()             # unregistered, listener and connections closed

The registration is the open connection to GPMD (gpmd.client.register), held for
the node's whole life: when the process ends, however it ends, GPMD forgets the
name.  If GPMD itself restarts, a watcher thread notices that the registration
closed and registers again, so callers find the node once more.

One thread accepts connections and starts a thread per connection (service.py);
the calls themselves run in worker processes (pool.py).  A node holds at most
`max_connections` authenticated connections, and apart from those a few in their
handshake, a few per peer address (quota.py); one more is told BUSY and closed.
"""

import logging
import os
import socket
import threading

from gpmd import client as gpmd_client
from gpmd.address import default_gpmd, format_hostport
from gpmd.errors import GpmdError
from gpmd.protocol import check_name

from .. import __version__, default_engine_name
from ..engines import get_engine
from ..cli.load import search_path
from .channel import Channel, deadline_after, tune
from .execute import Executor
from .modules import Finder, is_plain_name
from .pool import WorkerPool
from .protocol import Error, ErrorCode
from .quota import Quota
from .service import Service
from .store import Store

log = logging.getLogger("gvm.dist")

DEFAULT_MAX_CONNECTIONS = 256
# Caps a node puts on every caller unless told otherwise (gvm node --max-memory,
# --call-timeout): linear memory per instance, and wall-clock time per call.
DEFAULT_MAX_MEMORY = 256 << 20
DEFAULT_CALL_TIMEOUT = 60.0
_WATCH_INTERVAL = 1.0  # seconds between checks that GPMD still holds our name
_LISTEN_BACKLOG = 128


def default_workers():
    """One worker process per core: calls in parallel up to the machine's width."""
    return os.cpu_count() or 1


class Node:
    """A node called `name`, serving callers who know `cookie` (bytes).

    `gpmd`: (host, port) of this host's GPMD; `bind`, `port`: where to listen (port 0:
    any free port); `path`: directories where callers' MODULE names are found, before
    GVM_PATH's; `tls`: an ssl.SSLContext for the server side; `workers`: how many
    worker processes run the calls (pool.py; default one per core; 0: run them in
    the connection threads, the fastest for short calls, but then a long call
    holds up the whole node, and no time limit can stop it); `engine`: as for
    gvm.instantiate; `max_memory`: bytes of linear memory per instance (None: no
    cap); `call_timeout`: seconds a call or program may run (None: no limit);
    `keep_state`: names of modules in `path` whose calls share one instance."""

    def __init__(self, name, cookie, gpmd=None, bind="127.0.0.1", port=0, path=(), tls=None,
                 workers=None, engine=None, max_memory=DEFAULT_MAX_MEMORY, call_timeout=DEFAULT_CALL_TIMEOUT,
                 keep_state=(), max_connections=DEFAULT_MAX_CONNECTIONS):
        self.name = check_name(name)  # ValueError now, before any worker starts
        self.gpmd = default_gpmd() if gpmd is None else tuple(gpmd)
        workers = default_workers() if workers is None else workers
        get_engine(engine)  # now, not at the first call: ValueError or RuntimeError if unusable
        self.meta = {"engine": engine or default_engine_name(), "version": __version__,
                     "tls": tls is not None, "workers": workers, "pid": os.getpid(),
                     "max_memory": max_memory, "call_timeout": call_timeout if workers else None}
        finder = Finder(search_path(path, current_directory=False))
        stateful = _digests(finder, keep_state)
        if workers:
            self.work = WorkerPool(workers, finder, engine, max_memory, call_timeout, stateful)
        else:
            self.work = Executor(Store(), finder, engine, max_memory, stateful)
        self.quota = Quota(max_connections)
        self.service = Service(name, cookie, self.work, self.quota, tls)
        self.registration = None
        self._bind = bind, port
        self._listener = None
        self._connections = set()  # sockets being served
        self._lock = threading.Lock()
        self._stopped = threading.Event()

    @property
    def address(self):
        """(host, port) the node listens on."""
        return self._listener.getsockname()[:2]

    def start(self):
        """Start the workers, listen and register.  Raises OSError if it cannot
        listen or start workers, a GpmdError if it cannot register (NameTaken: a
        live node has the name)."""
        self._listener = socket.create_server(self._bind, backlog=_LISTEN_BACKLOG)
        try:
            self.work.start()
            self.registration = gpmd_client.register(self.name, self.address[1], self.meta, gpmd=self.gpmd)
        except BaseException:
            self._listener.close()
            self.work.close()
            raise
        log.info("node %s listening on %s, registered at gpmd %s (creation %d)", self.name,
                 format_hostport(self.address), format_hostport(self.gpmd), self.registration.creation)
        if isinstance(self.work, Executor) and self.meta["call_timeout"] is None:
            log.warning("calls run in this process (--workers 0): no time limit can stop them")
        threading.Thread(target=self._accept, name="accept", daemon=True).start()
        threading.Thread(target=self._watch_registration, name="registration", daemon=True).start()

    def wait(self, timeout=None):
        """Block until stop() was called; True if it was."""
        return self._stopped.wait(timeout)

    def stop(self):
        """Unregister, stop accepting, and close every connection."""
        if self._stopped.is_set():
            return
        with self._lock:
            self._stopped.set()
            registration = self.registration
        registration.close()  # first, so that no new caller finds us
        try:
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() of _accept
        except OSError:
            pass
        self._listener.close()
        with self._lock:
            for sock in self._connections:
                _shut(sock)
        self.work.close()
        log.info("node %s stopped", self.name)

    def _accept(self):
        while not self._stopped.is_set():
            try:
                sock, peer = self._listener.accept()
            except OSError:
                if self._stopped.is_set():
                    return
                log.exception("accept failed")
                self._stopped.wait(0.1)  # out of descriptors, say: let connections end
                continue
            where = format_hostport(peer)
            refusal = self.quota.admit(peer[0])
            if refusal is not None:
                log.warning("refused connection from %s: %s", where, refusal)
                _refuse_busy(sock)
                continue
            with self._lock:
                self._connections.add(sock)
            threading.Thread(target=self._serve, args=(sock, where, peer[0]), name=f"caller {where}",
                             daemon=True).start()

    def _serve(self, sock, where, host):
        try:
            tune(sock)
            self.service.serve(sock, where, host)
        finally:
            with self._lock:
                self._connections.discard(sock)

    def _watch_registration(self):
        """Register again whenever GPMD forgot us (it restarted), until stopped."""
        while not self._stopped.wait(_WATCH_INTERVAL):
            if self.registration.alive():
                continue
            try:
                registration = gpmd_client.register(self.name, self.address[1], self.meta, gpmd=self.gpmd)
            except GpmdError as e:
                log.warning("gpmd %s lost our registration; registering again failed: %s",
                            format_hostport(self.gpmd), e)
                continue
            with self._lock:
                if self._stopped.is_set():
                    registration.close()
                    return
                self.registration = registration
            log.info("registered again at gpmd %s (creation %d)", format_hostport(self.gpmd), registration.creation)


def _digests(finder, names):
    """The digests of the modules called `names` in the node's search path;
    ValueError for one that is not there."""
    digests = []
    for name in names:
        found = finder.find(name) if is_plain_name(name) else None
        if found is None:
            raise ValueError(f"--keep-state {name}: no {name}.wasm in the node's search path "
                             f"({', '.join(finder.dirs) or 'empty'})")
        digests.append(found.digest)
    return digests


def _refuse_busy(sock):
    """Tell a caller the node is full, in the clear (before TLS), and close."""
    try:
        tune(sock)
        Channel(sock).send(Error(ErrorCode.BUSY, "too many connections"), deadline_after(1.0))
    except OSError:
        pass
    finally:
        sock.close()


def _shut(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)  # the serving thread's recv returns, and it ends
    except OSError:
        pass
