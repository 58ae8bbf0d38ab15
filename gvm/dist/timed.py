"""Call time-outs inside a worker process: SIGALRM interrupts the running call.

Both engines run Python's signal handlers while they run wasm (the fast engine at
the dispatch after the signal: a C handler it chains in front of Python's sends its
loop to X_POLL, gvm/_fast/engine.pyx), so a handler that raises unwinds the guest
wherever it is.  The engine chains its handler at each outermost call, so the
handler installed here, after the engine may have run, is seen too.  It raises
gvm.Exhaustion with the node's time-out message, which the executor already
turns into an EXHAUSTED reply and which keeps the interrupted instance out of
reuse (a trapped instance is never given back, pristine.py).  The worker
process itself lives on and serves the next request: nothing is killed, nothing
restarted.

The timer runs only around a call or a program; it is cancelled before the
reply is sent, so no reply is ever cut in the middle.
"""

import signal

from .. import Exhaustion
from .execute import Refusal
from .protocol import ErrorCode


def overtime_message(seconds):
    """The message of a call stopped by the node's time-out, wherever it was stopped."""
    return f"time exhausted: the node stops a call after {seconds:g} s (gvm node --call-timeout)"


class TimedExecutor:
    """An execute.Executor whose calls and programs are interrupted after `seconds`."""

    def __init__(self, executor, seconds):
        self._executor = executor
        self._seconds = seconds
        self._message = overtime_message(seconds)
        signal.signal(signal.SIGALRM, self._expire)

    def __getattr__(self, name):
        return getattr(self._executor, name)  # upload, describe, after_reply, ...

    def call(self, ref, function, args, caller=None):
        return self._timed(self._executor.call, ref, function, args, caller)

    def run(self, ref, args, env, write, caller=None):
        return self._timed(self._executor.run, ref, args, env, write, caller)

    def _timed(self, work, *args):
        signal.setitimer(signal.ITIMER_REAL, self._seconds)
        try:
            return work(*args)
        except Exhaustion as e:
            if e.message != self._message:
                raise
            # Fired outside the guest (after its return, before the timer was
            # cancelled): still an overtime, said the same way.
            raise Refusal(ErrorCode.EXHAUSTED, self._message) from None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def _expire(self, signum, frame):
        raise Exhaustion(self._message)
