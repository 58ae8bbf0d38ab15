"""The clocks of WASI preview 1: clock_res_get and clock_time_get, and the reading of a
clock that poll_oneoff's clock subscriptions use. Times are u64 nanoseconds."""
import time

from . import errno
from . import witx as W
from .errno import WasiError
from .syscall import syscall

# clockid -> (the host clock's name for time.get_clock_info, its reading in ns)
CLOCKS = {
    W.CLOCK_REALTIME: ("time", time.time_ns),
    W.CLOCK_MONOTONIC: ("monotonic", time.monotonic_ns),
    W.CLOCK_PROCESS_CPUTIME_ID: ("process_time", time.process_time_ns),
    W.CLOCK_THREAD_CPUTIME_ID: ("thread_time", time.thread_time_ns),
}


def _clock(clock_id):
    try:
        return CLOCKS[clock_id]
    except KeyError:
        raise WasiError(errno.INVAL) from None


def now(clock_id):
    """The time of clock `clock_id` in nanoseconds."""
    return _clock(clock_id)[1]()


def resolution(clock_id):
    info = time.get_clock_info(_clock(clock_id)[0])
    return max(1, round(info.resolution * 1e9))


@syscall("i32 i32")
def clock_res_get(wasi, clock_id, resolution_ptr):
    wasi.memory.set_u64(resolution_ptr, resolution(clock_id))


@syscall("i32 i64 i32")
def clock_time_get(wasi, clock_id, precision, time_ptr):
    # `precision` is a hint the host clocks have no use for.
    wasi.memory.set_u64(time_ptr, now(clock_id))
