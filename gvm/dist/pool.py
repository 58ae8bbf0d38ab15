"""The node's worker processes: calls and programs run there, not in the node's process.

Why: running wasm holds the GIL (the fast engine's loop never lets go of it), so a
call run in the node's own process would stall every other connection, pings
included, for as long as it runs, and threads give no parallelism anyway.  So the
node's process only talks: it authenticates callers, answers pings, keeps the
bytes of modules, and hands each call to an idle worker process (worker.py), one
call per worker at a time.  A worker decodes, validates and instantiates a module
once and keeps its instances (store.py), so a call costs two local messages more
than in-process execution, and calls from several callers run in parallel.

While a worker runs a call, the connection's thread watches the caller too: if it
hangs up (its time-out expired, or it died), the worker is killed and replaced, so
an abandoned call, even an endless loop, does not go on burning the node's CPU.
A call (or program) that runs longer than the node's `call_timeout` is
interrupted inside its worker (timed.py), which answers EXHAUSTED and stays: a
caller without a time-out cannot hold a worker for ever, and a time-out costs no
new process.  Only a worker that has not answered OVERTIME_GRACE seconds after
that (stuck where no signal handler runs) is killed and replaced, with the same
answer.

The calls of a module that keeps its state (`keep_state`) all go to one worker,
the first that ran one, since the state lives in that worker's instance; they
wait for it when it is busy.  If that worker is killed (its caller hung up, or a
call ran over time), the state is lost with it and the next call starts afresh.

Workers are started by one thread that lives as long as the pool: each worker
asks the kernel to kill it when the thread that started it ends (worker.py).
"""

import logging
import os
import queue
import select
import socket
import subprocess
import sys
import threading
import time

import gvm

from . import modules, protocol
from .channel import Channel, deadline_after
from .errors import ProtocolError
from .execute import CallerGone, Refusal, find_by_name, need_module, not_on_node
from .protocol import Describe, Call, Error, ErrorCode, ModuleRef, Output, Pong, Run, Stored, Upload
from .store import ByDigest
from .timed import overtime_message

log = logging.getLogger("gvm.dist")

START_TIMEOUT = 60.0  # for a worker process to start and say it is ready
OVERTIME_GRACE = 5.0  # seconds a worker has, past call_timeout, to interrupt its call itself
_CALLER_CHECK = 0.5  # seconds between checks that a caller waiting for a worker is still there
# A caller that hung up: its peer shut down writing (POLLRDHUP), or the connection broke.
_HANG_UP = getattr(select, "POLLRDHUP", 0) | select.POLLHUP | select.POLLERR


class WorkerPool:
    """`size` worker processes doing requests for a node; the same interface as
    execute.Executor.  `finder` finds modules by name; `engine` and `max_memory`
    are the workers' gvm.instantiate options; `call_timeout` (seconds, None: no
    limit) bounds each call and program; `keep_state`: the digests of the modules
    whose calls share one instance."""

    def __init__(self, size, finder, engine=None, max_memory=None, call_timeout=None, keep_state=()):
        self.size = size
        self._finder = finder
        self._call_timeout = call_timeout
        self._keep_state = frozenset(keep_state)
        self._keepers = {}  # digest of a module that keeps state -> the worker holding it
        self._argv = [*(["--engine", engine] if engine else []),
                      *(["--max-memory", str(max_memory)] if max_memory is not None else []),
                      *(["--call-timeout", repr(call_timeout)] if call_timeout is not None else []),
                      *(option for digest in sorted(self._keep_state) for option in ("--keep-state", digest.hex()))]
        self._modules = ByDigest()  # digest -> the module's bytes
        self._idle = []  # Workers waiting for a request
        self._changed = threading.Condition()
        self._births = queue.Queue()  # one None per worker to start; "stop" to end
        self._closed = False
        self._served = 0  # calls and programs handed to a worker
        self._spawner = threading.Thread(target=self._spawn_loop, name="worker spawner", daemon=True)

    def start(self):
        """Start the workers; returns when all are ready.  OSError if they cannot start."""
        self._spawner.start()
        for _ in range(self.size):
            self._births.put(None)
        deadline = time.monotonic() + START_TIMEOUT
        with self._changed:
            while len(self._idle) < self.size:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise OSError(f"the node's {self.size} worker processes did not start")
                self._changed.wait(remaining)

    def close(self):
        """Stop every worker: idle ones at once, busy ones are killed."""
        with self._changed:
            self._closed = True
            idle, self._idle = self._idle, []
            self._changed.notify_all()
        self._births.put("stop")
        for worker in idle:
            worker.kill()

    # --- the Executor interface ---------------------------------------------------------

    def after_reply(self):
        """Nothing to do here: each worker tidies up after its own replies."""

    def load(self):
        """Calls and programs served so far, workers busy now, workers, cores."""
        with self._changed:
            busy = self.size - len(self._idle)
        return protocol.Load(self._served, max(0, busy), self.size, os.cpu_count() or 1)

    def upload(self, data):
        digest = modules.digest(data)
        self._ask(digest, data, None, None)  # a worker validates it
        self._modules.put(digest, data, len(data))
        return digest

    def describe(self, ref, function, caller=None):
        digest, data = self._module(ref)
        reply = self._ask(digest, data, Describe((ModuleRef.HASH, digest), function), caller)
        return reply.params, reply.results

    def call(self, ref, function, args, caller=None):
        digest, data = self._module(ref)
        request = Call((ModuleRef.HASH, digest), function, args)
        return self._ask(digest, data, request, caller, timed=True).values

    def run(self, ref, args, env, write, caller=None):
        digest, data = self._module(ref)
        return self._ask(digest, data, Run((ModuleRef.HASH, digest), args, env), caller, write, timed=True).status

    # --- doing it in a worker --------------------------------------------------------------

    def _module(self, ref):
        """(digest, bytes) of the module a request names."""
        kind, key = ref
        if kind == ModuleRef.HASH:
            data = self._modules.get(key)
            if data is None:
                raise need_module(key)
            return key, data
        found = find_by_name(self._finder, key)
        data = self._modules.get(found.digest)
        if data is None:
            data = modules.read_file(found.path)
            if data is None:  # gone since it was found
                raise not_on_node(self._finder, key)
            data = self._modules.put(found.digest, data, len(data))
        return found.digest, data

    def _ask(self, digest, data, request, caller, write=None, timed=False):
        """The reply of a worker to `request`, which names its module by `digest`
        (None: just have the worker check and keep the module); a `timed` request
        has call_timeout seconds.  An ERROR is raised as a Refusal; a caller who hung
        up as CallerGone."""
        worker = self._take(caller, digest if type(request) is Call else None)
        if timed:
            with self._changed:
                self._served += 1
        backstop = None if self._call_timeout is None else self._call_timeout + OVERTIME_GRACE
        deadline = deadline_after(backstop) if timed else None
        try:
            reply = worker.ask(digest, data, request, caller, write, deadline)
        except Overtime:
            self._replace(worker, f"its request ran {backstop:g} s and did not stop at the node's "
                          f"{self._call_timeout:g} s")
            raise Refusal(ErrorCode.EXHAUSTED, overtime_message(self._call_timeout)) from None
        except (OSError, ProtocolError) as e:
            self._replace(worker, f"it failed: {e}")
            raise Refusal(ErrorCode.INTERNAL, "the worker process doing the request died") from None
        except BaseException:  # CallerGone, or this thread is interrupted
            self._replace(worker, "its caller hung up")
            raise
        self._give_back(worker)
        if type(reply) is Error:
            raise Refusal(reply.code, reply.message, reply.frames)
        return reply

    def _take(self, caller, digest=None):
        """An idle worker for a request on the module `digest`, waiting for one if all
        (or the one holding that module's state) are busy, and the caller is there."""
        with self._changed:
            while (worker := self._idle_worker(digest)) is None:
                if self._closed:
                    raise Refusal(ErrorCode.INTERNAL, "the node is stopping")
                if not self._changed.wait(_CALLER_CHECK) and caller is not None and _hung_up(caller, 0):
                    raise CallerGone("the caller hung up while waiting for a worker")
            return worker

    def _idle_worker(self, digest):
        if digest not in self._keep_state:
            return self._idle.pop() if self._idle else None  # the most recently used: its caches are warm
        keeper = self._keepers.get(digest)
        if keeper is None and self._idle:
            keeper = self._keepers[digest] = self._idle[-1]
        if keeper is None or keeper not in self._idle:
            return None
        self._idle.remove(keeper)
        return keeper

    def _give_back(self, worker):
        with self._changed:
            if self._closed:
                worker.kill()
                return
            self._idle.append(worker)
            if self._keepers:
                self._changed.notify_all()  # the waiter for this very worker must wake
            else:
                self._changed.notify()  # one waiter: waking them all for one worker costs dearly

    def _replace(self, worker, why):
        log.warning("killing worker %d: %s", worker.process.pid, why)
        worker.kill()
        with self._changed:
            self._keepers = {digest: w for digest, w in self._keepers.items() if w is not worker}
        self._births.put(None)

    def _spawn_loop(self):
        while self._births.get() is None:
            try:
                worker = _Worker(self._argv)
            except Exception as e:  # noqa: BLE001 - this thread must go on
                log.error("cannot start a worker process: %s", e)
                time.sleep(1.0)  # and try again: a node without workers serves nothing
                self._births.put(None)
                continue
            self._give_back(worker)


class Overtime(Exception):
    """A worker's request ran over the node's call_timeout."""


class _Worker:
    """One worker process and the node's end of its socket pair."""

    def __init__(self, options):
        ours, theirs = socket.socketpair()
        package_root = os.path.dirname(os.path.dirname(gvm.__file__))
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])))
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gvm.dist.worker", str(theirs.fileno()), str(os.getpid()), *options],
                pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL)
        finally:
            theirs.close()
        self.channel = Channel(ours)
        self.digests = set()  # the modules it has, as far as we know
        try:
            ready = self.channel.receive(protocol.frame_limit, deadline_after(START_TIMEOUT))
            if type(ready) is not Pong:
                raise ProtocolError(f"worker said {protocol.TAGS[type(ready)].name}, not PONG")
        except BaseException:
            self.kill()
            raise

    def ask(self, digest, data, request, caller, write, deadline=None):
        """The final reply to `request`, after relaying any OUTPUT to `write`;
        Overtime if it has not come by `deadline`."""
        resent = False
        if request is None or digest not in self.digests:
            reply = self._upload(digest, data, caller)
            if request is None or type(reply) is Error:
                return reply
        self.channel.send(request)
        while True:
            reply = self._receive(caller, deadline)
            if type(reply) is Output:
                write(reply.fd, reply.data)
            elif type(reply) is Error and reply.code == ErrorCode.NEED_MODULE and not resent:
                # Its store is bounded too: it forgot the module since.  Once more.
                resent = True
                reply = self._upload(digest, data, caller)
                if type(reply) is Error:
                    return reply
                self.channel.send(request)
            else:
                return reply

    def _upload(self, digest, data, caller):
        self.channel.send(Upload(data))
        reply = self._receive(caller)
        if type(reply) is Stored:
            self.digests.add(digest)
        return reply

    def _receive(self, caller, deadline=None):
        """The worker's next message, unless the caller hangs up first (CallerGone)
        or `deadline` passes (Overtime)."""
        if caller is not None or deadline is not None:
            poller = select.poll()
            poller.register(self.channel.sock, select.POLLIN)
            if caller is not None:
                poller.register(caller, _HANG_UP)
            while not self.channel.buffered():
                wait = None if deadline is None else max(0.0, deadline - time.monotonic()) * 1000
                events = dict(poller.poll(wait))
                if caller is not None and events.get(caller.fileno(), 0) & _HANG_UP:
                    raise CallerGone("the caller hung up")
                if self.channel.sock.fileno() in events:
                    break
                if deadline is not None and time.monotonic() >= deadline:
                    raise Overtime()
        return self.channel.receive(protocol.frame_limit)

    def kill(self):
        self.channel.close()
        try:
            self.process.kill()
        except OSError:
            pass
        self.process.wait()


def _hung_up(sock, timeout):
    poller = select.poll()
    poller.register(sock, _HANG_UP)
    return bool(poller.poll(timeout))
