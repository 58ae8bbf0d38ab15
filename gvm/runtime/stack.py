"""The call stack's limits (the spec leaves them to the implementation and calls running
out "call stack exhausted"), shared by every invocation a thread has running.

Wasm that calls a host function that calls back into wasm starts a nested invocation
on the same thread, below the outer one on the C and Python stacks. So nested
invocations share one budget of MAX_CALL_DEPTH frames: a new invocation may use what
the invocations already running on the thread leave, and each of them also holds
REENTRY_FRAMES for the host code between it and the next (Python frames, the engine's
own C frames). That caps re-entry at MAX_CALL_DEPTH // REENTRY_FRAMES levels, few
enough for any C stack whatever Python's recursion limit, so deep re-entry ends in
gvm.Exhaustion, never in a RecursionError or a crash.
"""
from _thread import _local   # threading.local, without importing threading

from ..errors import Exhaustion

# Deep enough for real recursive programs, shallow enough to fail fast on runaway
# recursion.
MAX_CALL_DEPTH = 10_000
# Bounds the locals held by all frames together (skip-stack-guard-page style frames).
MAX_LOCALS = 4_000_000
REENTRY_FRAMES = 50


class _Running(_local):
    def __init__(self):
        self.machines = []      # this thread's running invocations, outermost first


_running = _Running()


def enter(machine):
    """Register `machine` (which has a `call_depth()`) as the thread's innermost running
    invocation; return how many frames it may use."""
    machines = _running.machines
    budget = MAX_CALL_DEPTH
    for outer in machines:
        budget -= outer.call_depth() + REENTRY_FRAMES
    if budget < 1:
        raise Exhaustion("call stack exhausted")
    machines.append(machine)
    return budget


def leave():
    _running.machines.pop()
