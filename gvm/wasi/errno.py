"""Error numbers of WASI preview 1 (the `errno` enum of wasi_snapshot_preview1.witx) and
their translation from the host's OSError numbers.

Every WASI function returns one of these codes. Inside gvm.wasi, a failure is raised as
`WasiError(code)` (or as the host's OSError, translated on the way out) and the syscall
wrapper turns it into the return value, so the functions read as straight-line code.
"""
import errno as _host

# In witx order: the position is the code.
NAMES = (
    "success 2big acces addrinuse addrnotavail afnosupport again already badf badmsg busy "
    "canceled child connaborted connrefused connreset deadlk destaddrreq dom dquot exist "
    "fault fbig hostunreach idrm ilseq inprogress intr inval io isconn isdir loop mfile "
    "mlink msgsize multihop nametoolong netdown netreset netunreach nfile nobufs nodev "
    "noent noexec nolck nolink nomem nomsg noprotoopt nospc nosys notconn notdir notempty "
    "notrecoverable notsock notsup notty nxio overflow ownerdead perm pipe proto "
    "protonosupport prototype range rofs spipe srch stale timedout txtbsy xdev notcapable"
).split()

globals().update({name.upper(): code for code, name in enumerate(NAMES)})

# The host's errno values by the same names (E2BIG, EACCES, ...); WASI's `notcapable`
# has no host counterpart. Where the host gives two names one value (EAGAIN and
# EWOULDBLOCK, ENOTSUP and EOPNOTSUPP), the name WASI uses is the one looked up.
FROM_HOST = {getattr(_host, "E" + name.upper()): code
             for code, name in enumerate(NAMES) if hasattr(_host, "E" + name.upper())}


class WasiError(Exception):
    """A WASI function failed with `code`, a WASI errno."""

    def __init__(self, code):
        super().__init__(NAMES[code])
        self.code = code


def from_oserror(error):
    """The WASI errno for a host OSError; EIO for host errors WASI has no name for."""
    return FROM_HOST.get(error.errno, IO)
