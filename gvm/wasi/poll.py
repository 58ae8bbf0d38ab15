"""poll_oneoff of WASI preview 1: wait until a clock subscription expires or a
descriptor subscription becomes ready, and report what happened as events.

Regular files and output streams are always ready, as POSIX poll() has them; what
can make the guest wait is a clock and an input stream with a host descriptor behind
it (stdin on a terminal or a pipe), which select() watches. Give `Wasi` an unbuffered
stdin (sys.stdin.buffer.raw) for that: data already in a Python buffer is invisible to
select().
"""
import os
import select
import struct
import time
from ..record import new, record

from . import errno
from . import witx as W
from .clocks import now
from .errno import WasiError
from .fds import File, Stream
from .syscall import syscall

# userdata, tag, then clock id or fd, timeout, precision, flags (see witx.py)
_SUBSCRIPTION = struct.Struct("<QB7xI4xQQH6x")
# userdata, error, type, nbytes, flags
_EVENT = struct.Struct("<QHB5xQH6x")


@record
class Subscription(tuple):
    # tag: eventtype
    # target: the clock id, or the descriptor
    __slots__ = ()

    def __new__(cls, userdata, tag, target, timeout, precision, flags):
        return new(cls, (userdata, tag, target, timeout, precision, flags))


def _event(sub, error=errno.SUCCESS, nbytes=0):
    return _EVENT.pack(sub.userdata, error, sub.tag, nbytes, 0)


def _deadline(sub, start):
    """When a clock subscription expires, on the monotonic clock."""
    if sub.flags & W.SUBCLOCKFLAGS_ABSTIME:
        return start + sub.timeout - now(sub.target)
    now(sub.target)     # still an unknown clock id is an error
    return start + sub.timeout


def _bytes_available(desc, tag):
    """nbytes of a ready descriptor event: what is left to read in a regular file."""
    if tag == W.EVENTTYPE_FD_READ and isinstance(desc, File):
        fd = desc.fd
        return max(0, os.fstat(fd).st_size - os.lseek(fd, 0, os.SEEK_CUR))
    return 0


def _input_to_watch(desc, tag):
    """The host descriptor select() must watch for this subscription, if any."""
    if tag == W.EVENTTYPE_FD_READ and isinstance(desc, Stream):
        try:
            return desc.host_fd()
        except WasiError:
            return None
    return None


@syscall("i32 i32 i32 i32")
def poll_oneoff(wasi, in_ptr, out_ptr, nsubscriptions, nevents_ptr):
    if nsubscriptions == 0:
        raise WasiError(errno.INVAL)
    mem = wasi.memory
    subs = [Subscription(*_SUBSCRIPTION.unpack(mem.read(in_ptr + i * W.SUBSCRIPTION_SIZE,
                                                         W.SUBSCRIPTION_SIZE)))
            for i in range(nsubscriptions)]
    events = _wait(wasi, subs)
    mem.write(out_ptr, b"".join(events))
    mem.set_u32(nevents_ptr, len(events))


def _wait(wasi, subs):
    start = time.monotonic_ns()
    events = []             # ready now: errors, files, outputs
    clocks = []             # (deadline, subscription)
    inputs = {}             # host fd -> subscription waiting for input
    for sub in subs:
        try:
            if sub.tag == W.EVENTTYPE_CLOCK:
                clocks.append((_deadline(sub, start), sub))
                continue
            if sub.tag not in (W.EVENTTYPE_FD_READ, W.EVENTTYPE_FD_WRITE):
                raise WasiError(errno.INVAL)
            desc = wasi.fds.get(sub.target, W.RIGHT_POLL_FD_READWRITE)
            watched = _input_to_watch(desc, sub.tag)
            if watched is None:
                events.append(_event(sub, nbytes=_bytes_available(desc, sub.tag)))
            else:
                inputs[watched] = sub
        except WasiError as error:
            events.append(_event(sub, error.code))
    while not events:
        events = _wait_once(clocks, inputs)
    return events


def _wait_once(clocks, inputs):
    """Events of the clocks that expired, or else of the inputs that became readable
    before the next clock expires (select() or sleep() may return early: the caller
    calls again until something happened)."""
    current = time.monotonic_ns()
    expired = [_event(sub) for deadline, sub in clocks if deadline <= current]
    if expired:
        return expired
    timeout = (min(deadline for deadline, _ in clocks) - current) / 1e9 if clocks else None
    if not inputs:
        time.sleep(timeout)
        return []
    readable, _, _ = select.select(list(inputs), [], [], timeout)
    return [_event(inputs[fd]) for fd in readable]
