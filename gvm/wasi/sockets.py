"""The socket functions of WASI preview 1: sock_accept, sock_recv, sock_send and
sock_shutdown. Preview 1 cannot create or preopen sockets here, so no descriptor is
ever one: each function answers EBADF for a closed descriptor and ENOTSOCK otherwise,
exactly as POSIX would for those descriptors."""
from . import errno
from .errno import WasiError
from .syscall import syscall


def _not_a_socket(wasi, fd):
    wasi.fds.get(fd)
    raise WasiError(errno.NOTSOCK)


@syscall("i32 i32 i32")
def sock_accept(wasi, fd, flags, fd_ptr):
    _not_a_socket(wasi, fd)


@syscall("i32 i32 i32 i32 i32 i32")
def sock_recv(wasi, fd, ri_data, ri_data_len, ri_flags, ro_datalen_ptr, ro_flags_ptr):
    _not_a_socket(wasi, fd)


@syscall("i32 i32 i32 i32 i32")
def sock_send(wasi, fd, si_data, si_data_len, si_flags, so_datalen_ptr):
    _not_a_socket(wasi, fd)


@syscall("i32 i32")
def sock_shutdown(wasi, fd, how):
    _not_a_socket(wasi, fd)
