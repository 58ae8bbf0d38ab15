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

SUCCESS = 0
TOOBIG = 1  # 2big
ACCES = 2
ADDRINUSE = 3
ADDRNOTAVAIL = 4
AFNOSUPPORT = 5
AGAIN = 6
ALREADY = 7
BADF = 8
BADMSG = 9
BUSY = 10
CANCELED = 11
CHILD = 12
CONNABORTED = 13
CONNREFUSED = 14
CONNRESET = 15
DEADLK = 16
DESTADDRREQ = 17
DOM = 18
DQUOT = 19
EXIST = 20
FAULT = 21
FBIG = 22
HOSTUNREACH = 23
IDRM = 24
ILSEQ = 25
INPROGRESS = 26
INTR = 27
INVAL = 28
IO = 29
ISCONN = 30
ISDIR = 31
LOOP = 32
MFILE = 33
MLINK = 34
MSGSIZE = 35
MULTIHOP = 36
NAMETOOLONG = 37
NETDOWN = 38
NETRESET = 39
NETUNREACH = 40
NFILE = 41
NOBUFS = 42
NODEV = 43
NOENT = 44
NOEXEC = 45
NOLCK = 46
NOLINK = 47
NOMEM = 48
NOMSG = 49
NOPROTOOPT = 50
NOSPC = 51
NOSYS = 52
NOTCONN = 53
NOTDIR = 54
NOTEMPTY = 55
NOTRECOVERABLE = 56
NOTSOCK = 57
NOTSUP = 58
NOTTY = 59
NXIO = 60
OVERFLOW = 61
OWNERDEAD = 62
PERM = 63
PIPE = 64
PROTO = 65
PROTONOSUPPORT = 66
PROTOTYPE = 67
RANGE = 68
ROFS = 69
SPIPE = 70
SRCH = 71
STALE = 72
TIMEDOUT = 73
TXTBSY = 74
XDEV = 75
NOTCAPABLE = 76

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
