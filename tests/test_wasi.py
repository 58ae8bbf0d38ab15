"""WASI preview 1 (gvm.wasi): the C programs of tests/programs/ compared byte for byte
with wasmtime where the `wasmtime` package is installed, then the functions one by one
on a bare memory, above all the confinement of paths to the preopened directory."""
import errno as host_errno
import io
import os
import struct
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import pytest

import gvm
from gvm.wasi import MODULE, ProcExit, Wasi
from gvm.wasi import errno as E
from gvm.wasi import witx as W
from gvm.wasi.fs import resolve
from gvm.wasi.syscall import SYSCALLS

from conftest import wat

PROGRAMS = Path(__file__).resolve().parent / "programs"


def make_sandbox(root):
    """`root`/box to preopen, with a file and a directory in it, and a file beside it."""
    box = Path(root) / "box"
    (box / "inner").mkdir(parents=True)
    (box / "inside.txt").write_text("inside")
    (Path(root) / "outside.txt").write_text("ESCAPED")
    return box


# --- the programs, against wasmtime ------------------------------------------------------------
def run_gvm(name, args=(), env=(), stdin=b"", engine=None):
    """(stdout, stderr, exit status or "trap") of tests/programs/NAME.wasm under gvm, with
    a fresh sandbox preopened as /sandbox."""
    out, err = io.BytesIO(), io.BytesIO()
    with tempfile.TemporaryDirectory() as root, \
            Wasi([f"{name}.wasm", *args], env, [(str(make_sandbox(root)), "/sandbox")],
                 io.BytesIO(stdin), out, err) as wasi:
        instance = gvm.instantiate(PROGRAMS / f"{name}.wasm", wasi.imports(), engine=engine)
        wasi.bind(instance)
        try:
            instance.exports._start()
            status = 0
        except ProcExit as exit_:
            status = exit_.code
        except gvm.Trap:
            status = "trap"
    return out.getvalue(), err.getvalue(), status


@lru_cache(maxsize=None)
def run_wasmtime(name, args=(), env=(), stdin=b""):
    """The same under wasmtime: same argv, environment, preopen and stdin."""
    # ImportError too: an installed wasmtime whose native library cannot load.
    wasmtime = pytest.importorskip("wasmtime", exc_type=ImportError)
    with tempfile.TemporaryDirectory() as root:
        config = wasmtime.WasiConfig()
        config.argv = [f"{name}.wasm", *args]
        config.env = [list(pair) for pair in env]
        config.preopen_dir(str(make_sandbox(root)), "/sandbox")
        streams = {stream: os.path.join(root, stream) for stream in ("in", "out", "err")}
        Path(streams["in"]).write_bytes(stdin)
        config.stdin_file, config.stdout_file, config.stderr_file = (
            streams["in"], streams["out"], streams["err"])
        engine = wasmtime.Engine()
        store = wasmtime.Store(engine)
        store.set_wasi(config)
        linker = wasmtime.Linker(engine)
        linker.define_wasi()
        module = wasmtime.Module.from_file(engine, str(PROGRAMS / f"{name}.wasm"))
        instance = linker.instantiate(store, module)
        try:
            instance.exports(store)["_start"](store)
            status = 0
        except wasmtime.ExitTrap as exit_:
            status = exit_.code
        except wasmtime.Trap:
            status = "trap"
        return (Path(streams["out"]).read_bytes(), Path(streams["err"]).read_bytes(), status)


@pytest.mark.parametrize("name, args, env, stdin", [
    ("hello", (), (), b""),
    ("argv_env", ("one", "two words", ""), (("GREETING", "hi"), ("EMPTY", "")), b""),
    ("stdio", ("42",), (), b"standard\ninput\n"),
    ("stdio", (), (), b""),
    ("clocks", (), (), b""),
    ("files", ("/sandbox",), (), b""),
    ("escape", ("/sandbox",), (), b""),
    ("words", ("a", "rose", "is", "a", "rose"), (), b""),
    ("trap", (), (), b""),
])
def test_same_as_wasmtime(engine, name, args, env, stdin):
    expected = run_wasmtime(name, args, env, stdin)
    assert run_gvm(name, args, env, stdin, engine) == expected


# --- the 46 functions ---------------------------------------------------------------------------
SIGNATURES = {
    "args_get": "i32 i32", "args_sizes_get": "i32 i32",
    "environ_get": "i32 i32", "environ_sizes_get": "i32 i32",
    "clock_res_get": "i32 i32", "clock_time_get": "i32 i64 i32",
    "fd_advise": "i32 i64 i64 i32", "fd_allocate": "i32 i64 i64", "fd_close": "i32",
    "fd_datasync": "i32", "fd_fdstat_get": "i32 i32", "fd_fdstat_set_flags": "i32 i32",
    "fd_fdstat_set_rights": "i32 i64 i64", "fd_filestat_get": "i32 i32",
    "fd_filestat_set_size": "i32 i64", "fd_filestat_set_times": "i32 i64 i64 i32",
    "fd_pread": "i32 i32 i32 i64 i32", "fd_prestat_get": "i32 i32",
    "fd_prestat_dir_name": "i32 i32 i32", "fd_pwrite": "i32 i32 i32 i64 i32",
    "fd_read": "i32 i32 i32 i32", "fd_readdir": "i32 i32 i32 i64 i32",
    "fd_renumber": "i32 i32", "fd_seek": "i32 i64 i32 i32", "fd_sync": "i32",
    "fd_tell": "i32 i32", "fd_write": "i32 i32 i32 i32",
    "path_create_directory": "i32 i32 i32", "path_filestat_get": "i32 i32 i32 i32 i32",
    "path_filestat_set_times": "i32 i32 i32 i32 i64 i64 i32",
    "path_link": "i32 i32 i32 i32 i32 i32 i32",
    "path_open": "i32 i32 i32 i32 i32 i64 i64 i32 i32",
    "path_readlink": "i32 i32 i32 i32 i32 i32", "path_remove_directory": "i32 i32 i32",
    "path_rename": "i32 i32 i32 i32 i32 i32", "path_symlink": "i32 i32 i32 i32 i32",
    "path_unlink_file": "i32 i32 i32", "poll_oneoff": "i32 i32 i32 i32",
    "proc_exit": "i32", "proc_raise": "i32", "sched_yield": "", "random_get": "i32 i32",
    "sock_accept": "i32 i32 i32", "sock_recv": "i32 i32 i32 i32 i32 i32",
    "sock_send": "i32 i32 i32 i32 i32", "sock_shutdown": "i32 i32",
}


def test_all_46_functions_with_their_signatures():
    assert len(SIGNATURES) == 46
    assert {name: params for name, (params, _, _) in SYSCALLS.items()} == SIGNATURES
    functions = Wasi().imports()[MODULE]
    assert str(functions["proc_exit"].type) == "[i32] -> []"
    assert str(functions["fd_write"].type) == "[i32 i32 i32 i32] -> [i32]"


class Guest:
    """A Wasi bound to a bare memory of one page, its functions called by name as a
    guest would call them, with helpers to lay out and read back memory."""

    def __init__(self, **wasi_args):
        self.memory = gvm.Memory((1, None))
        self.wasi = Wasi(**wasi_args)
        self.wasi.bind(SimpleNamespace(exports={"memory": self.memory}))
        self.functions = self.wasi.imports()[MODULE]

    def __call__(self, name, *args):
        return self.functions[name].call_raw(list(args))[0]

    def put(self, addr, data):
        """Store bytes at `addr`; return (addr, length), the pointer and size pair."""
        self.memory.data[addr:addr + len(data)] = data
        return addr, len(data)

    def u32(self, addr):
        return struct.unpack_from("<I", self.memory.data, addr)[0]

    def u64(self, addr):
        return struct.unpack_from("<Q", self.memory.data, addr)[0]

    def open(self, path, oflags=0, rights=W.ALL_RIGHTS, fdflags=0, follow=True, dirfd=3):
        """path_open in the preopen: (errno, new fd)."""
        ptr, size = self.put(1000, path)
        code = self("path_open", dirfd, W.LOOKUP_SYMLINK_FOLLOW if follow else 0, ptr, size,
                    oflags, rights, W.ALL_RIGHTS, fdflags, 2000)
        return code, self.u32(2000)

    def write(self, fd, data):
        self.put(3000, data)
        self.put(2100, struct.pack("<II", 3000, len(data)))
        code = self("fd_write", fd, 2100, 1, 2200)
        return code, self.u32(2200)

    def read(self, fd, size):
        self.put(2100, struct.pack("<II", 3000, size))
        code = self("fd_read", fd, 2100, 1, 2200)
        return code, bytes(self.memory.data[3000:3000 + self.u32(2200)])

    def close(self):
        self.wasi.close()


@pytest.fixture
def guest(tmp_path):
    g = Guest(args=["prog", "arg"], env={"A": "1"}, preopens=[(str(make_sandbox(tmp_path)), "/sandbox")],
              stdin=io.BytesIO(b"typed input"), stdout=io.BytesIO(), stderr=io.BytesIO())
    yield g
    g.close()


def test_args_and_environment(guest):
    assert guest("args_sizes_get", 100, 104) == E.SUCCESS
    assert (guest.u32(100), guest.u32(104)) == (2, len(b"prog\0arg\0"))
    assert guest("args_get", 200, 300) == E.SUCCESS
    assert (guest.u32(200), guest.u32(204)) == (300, 305)
    assert bytes(guest.memory.data[300:309]) == b"prog\0arg\0"
    assert guest("environ_sizes_get", 100, 104) == E.SUCCESS
    assert (guest.u32(100), guest.u32(104)) == (1, 4)
    guest("environ_get", 200, 300)
    assert bytes(guest.memory.data[300:304]) == b"A=1\0"


def test_proc_exit_propagates_unchanged_through_the_engine(engine):
    module = wat('(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))'
                 ' (memory (export "memory") 1)'
                 ' (func (export "_start") (call $exit (i32.const 3)) unreachable))')
    with Wasi() as wasi:
        instance = gvm.instantiate(module, wasi.imports(), engine=engine)
        wasi.bind(instance)
        with pytest.raises(ProcExit) as exit_:
            instance.exports._start()
    assert exit_.value.code == 3 and not isinstance(exit_.value, gvm.WasmError)


def test_standard_streams(guest):
    assert guest.write(1, b"out") == (E.SUCCESS, 3)
    assert guest.write(2, b"err") == (E.SUCCESS, 3)
    assert guest.wasi.fds.get(1).stream.getvalue() == b"out"
    assert guest.read(0, 5) == (E.SUCCESS, b"typed")
    assert guest.read(0, 100) == (E.SUCCESS, b" input")
    assert guest.read(0, 100) == (E.SUCCESS, b"")
    # Streams lack the rights to read stdout or to seek: the spec's ENOTCAPABLE.
    assert guest.read(1, 1)[0] == E.NOTCAPABLE
    assert guest("fd_seek", 1, 0, W.WHENCE_SET, 100) == E.NOTCAPABLE


def test_streams_default_to_empty_and_discarded():
    g = Guest()
    assert g.read(0, 10) == (E.SUCCESS, b"")
    assert g.write(1, b"nowhere") == (E.SUCCESS, 7)


def test_pointers_outside_memory_are_efault(guest):
    assert guest("fd_write", 1, 65530, 1, 100) == E.FAULT       # the iovec array
    guest.put(100, struct.pack("<II", 65000, 1000))
    assert guest("fd_write", 1, 100, 1, 200) == E.FAULT         # the buffer it points to
    assert guest("args_sizes_get", 65535, 0) == E.FAULT
    assert guest("random_get", 65000, 1000) == E.FAULT


def test_bad_descriptors(guest):
    assert guest.write(99, b"x")[0] == E.BADF
    assert guest("fd_close", 99) == E.BADF
    assert guest("fd_prestat_get", 1, 100) == E.BADF             # not a preopen
    assert guest("sock_send", 99, 0, 0, 0, 100) == E.BADF
    assert guest("sock_shutdown", 1, W.SDFLAGS_RD) == E.NOTSOCK


def test_preopen_is_described(guest):
    assert guest("fd_prestat_get", 3, 100) == E.SUCCESS
    assert (guest.memory.data[100], guest.u32(104)) == (W.PREOPENTYPE_DIR, len(b"/sandbox"))
    assert guest("fd_prestat_dir_name", 3, 200, 3) == E.NAMETOOLONG
    assert guest("fd_prestat_dir_name", 3, 200, 8) == E.SUCCESS
    assert bytes(guest.memory.data[200:208]) == b"/sandbox"
    assert guest("fd_prestat_get", 4, 100) == E.BADF


def test_rights_only_narrow(guest):
    assert guest("fd_fdstat_get", 1, 100) == E.SUCCESS
    rights = guest.u64(108)
    assert rights & W.RIGHT_FD_WRITE
    assert guest("fd_fdstat_set_rights", 1, rights & ~W.RIGHT_FD_WRITE, 0) == E.SUCCESS
    assert guest.write(1, b"x")[0] == E.NOTCAPABLE
    assert guest("fd_fdstat_set_rights", 1, rights, 0) == E.NOTCAPABLE


def test_opened_file_gets_the_rights_it_asked_for(guest):
    code, fd = guest.open(b"inside.txt", rights=W.RIGHT_FD_READ | W.RIGHT_FD_SEEK)
    assert code == E.SUCCESS
    assert guest.read(fd, 3) == (E.SUCCESS, b"ins")
    assert guest.write(fd, b"x")[0] == E.NOTCAPABLE
    assert guest("fd_fdstat_get", fd, 100) == E.SUCCESS
    assert guest.memory.data[100] == W.FILETYPE_REGULAR_FILE
    assert guest.u64(108) == W.RIGHT_FD_READ | W.RIGHT_FD_SEEK


def test_file_position_pread_and_pwrite(guest):
    code, fd = guest.open(b"data", W.OFLAGS_CREAT)
    assert code == E.SUCCESS and guest.write(fd, b"0123456789") == (E.SUCCESS, 10)
    assert guest("fd_seek", fd, (-4) & (2**64 - 1), W.WHENCE_END, 100) == E.SUCCESS
    assert guest.u64(100) == 6
    guest.put(200, struct.pack("<II", 300, 3))
    assert guest("fd_pread", fd, 200, 1, 1, 400) == E.SUCCESS
    assert bytes(guest.memory.data[300:303]) == b"123" and guest.u32(400) == 3
    guest.put(300, b"ab")
    guest.put(200, struct.pack("<II", 300, 2))
    assert guest("fd_pwrite", fd, 200, 1, 0, 400) == E.SUCCESS
    assert guest("fd_tell", fd, 100) == E.SUCCESS and guest.u64(100) == 6   # unmoved
    assert guest.read(fd, 10) == (E.SUCCESS, b"6789")
    assert guest("fd_seek", fd, 0, 7, 100) == E.INVAL                      # no such whence


def test_sizes_times_and_syncs(guest, tmp_path):
    code, fd = guest.open(b"sized", W.OFLAGS_CREAT)
    assert guest("fd_allocate", fd, 10, 20) == E.SUCCESS
    assert guest("fd_filestat_get", fd, 100) == E.SUCCESS
    assert guest.memory.data[116] == W.FILETYPE_REGULAR_FILE and guest.u64(132) == 30
    assert guest("fd_filestat_set_size", fd, 5) == E.SUCCESS
    assert os.path.getsize(tmp_path / "box" / "sized") == 5
    assert guest("fd_filestat_set_times", fd, 7 * 10**9, 0, W.FSTFLAGS_ATIM) == E.SUCCESS
    assert os.stat(tmp_path / "box" / "sized").st_atime_ns == 7 * 10**9
    both = W.FSTFLAGS_MTIM | W.FSTFLAGS_MTIM_NOW
    assert guest("fd_filestat_set_times", fd, 0, 0, both) == E.INVAL
    path = guest.put(500, b"sized")
    assert guest("path_filestat_set_times", 3, 0, *path, 0, 9 * 10**9, W.FSTFLAGS_MTIM) == 0
    assert os.stat(tmp_path / "box" / "sized").st_mtime_ns == 9 * 10**9
    for name in ("fd_sync", "fd_datasync"):
        assert guest(name, fd) == E.SUCCESS
    assert guest("fd_advise", fd, 0, 0, W.ADVICE_SEQUENTIAL) == E.SUCCESS
    assert guest("fd_advise", fd, 0, 0, 99) == E.INVAL


def test_fd_renumber(guest):
    code, fd = guest.open(b"inside.txt")
    assert guest("fd_renumber", fd, 3) == E.SUCCESS         # replaces the preopen
    assert guest.read(3, 6) == (E.SUCCESS, b"inside")
    assert guest("fd_prestat_get", 3, 100) == E.BADF
    assert guest.read(fd, 1)[0] == E.BADF
    assert guest("fd_renumber", 3, 42) == E.BADF             # the target must be open


def read_directory(guest, fd, buffer_size):
    """All names fd_readdir gives, read with a small buffer and cookies."""
    names, cookie = [], 0
    while True:
        assert guest("fd_readdir", fd, 5000, buffer_size, cookie, 100) == E.SUCCESS
        data = bytes(guest.memory.data[5000:5000 + guest.u32(100)])
        pos = 0
        while pos + 24 <= len(data):
            next_cookie, _, length, _ = struct.unpack_from("<QQIB", data, pos)
            if pos + 24 + length > len(data):
                break                               # cut short: read again from here
            names.append(data[pos + 24:pos + 24 + length].decode())
            cookie = next_cookie
            pos += 24 + length
        if len(data) < buffer_size:
            return names


def test_readdir_resumes_at_cookies(guest, tmp_path):
    for i in range(20):
        (tmp_path / "box" / f"file-{i:02}").write_text("")
    expected = [".", "..", "inner", "inside.txt", *(f"file-{i:02}" for i in range(20))]
    for size in (40, 64, 4096):
        assert sorted(read_directory(guest, 3, size)) == sorted(expected)
    assert guest("fd_readdir", 1, 5000, 100, 0, 100) == E.NOTCAPABLE    # not a directory


def test_poll_oneoff_clock(guest):
    guest.put(100, struct.pack("<QB7xI4xQQH6x", 77, W.EVENTTYPE_CLOCK,
                               W.CLOCK_MONOTONIC, 2_000_000, 0, 0))
    start = time.monotonic()
    assert guest("poll_oneoff", 100, 200, 1, 300) == E.SUCCESS
    assert time.monotonic() - start >= 0.002
    assert guest.u32(300) == 1
    assert struct.unpack_from("<QHB", guest.memory.data, 200) == (77, 0, W.EVENTTYPE_CLOCK)


def test_poll_oneoff_ready_input_wins_over_clock(guest):
    guest.put(100, struct.pack("<QB7xI4xQQH6x", 1, W.EVENTTYPE_CLOCK,
                               W.CLOCK_MONOTONIC, 10**10, 0, 0))
    guest.put(148, struct.pack("<QB7xI4xQQH6x", 2, W.EVENTTYPE_FD_READ, 0, 0, 0, 0))
    guest.put(196, struct.pack("<QB7xI4xQQH6x", 3, W.EVENTTYPE_CLOCK, 99, 0, 0, 0))
    assert guest("poll_oneoff", 100, 400, 3, 300) == E.SUCCESS
    events = [struct.unpack_from("<QHB", guest.memory.data, 400 + 32 * i)
              for i in range(guest.u32(300))]
    assert sorted(events) == [(2, 0, W.EVENTTYPE_FD_READ), (3, E.INVAL, W.EVENTTYPE_CLOCK)]
    assert guest("poll_oneoff", 100, 400, 0, 300) == E.INVAL


def test_clocks_and_random(guest):
    for clock in (W.CLOCK_REALTIME, W.CLOCK_MONOTONIC, W.CLOCK_PROCESS_CPUTIME_ID,
                  W.CLOCK_THREAD_CPUTIME_ID):
        assert guest("clock_res_get", clock, 100) == E.SUCCESS and guest.u64(100) > 0
        assert guest("clock_time_get", clock, 1, 100) == E.SUCCESS
    assert abs(guest.u64(100) - time.thread_time_ns()) < 10**9
    assert guest("clock_time_get", W.CLOCK_REALTIME, 1, 100) == E.SUCCESS
    assert abs(guest.u64(100) - time.time_ns()) < 10**9
    assert guest("clock_time_get", 4, 1, 100) == E.INVAL
    assert guest("random_get", 100, 64) == E.SUCCESS
    assert bytes(guest.memory.data[100:164]) != bytes(64)
    assert guest("sched_yield") == E.SUCCESS
    assert guest("proc_raise", 9) == E.NOSYS


# --- confinement ------------------------------------------------------------------------------------
@pytest.fixture
def tree(tmp_path):
    """A preopen holding symlinks of every kind, and its host descriptor."""
    box = make_sandbox(tmp_path)
    os.symlink("../outside.txt", box / "up")
    os.symlink(str(tmp_path / "outside.txt"), box / "absolute")
    os.symlink("..", box / "parent")
    os.symlink("inner/../inside.txt", box / "in")
    os.symlink("loop", box / "loop")
    fd = os.open(box, os.O_RDONLY | os.O_DIRECTORY)
    yield fd
    os.close(fd)


@pytest.mark.parametrize("path, follow, refusal", [
    (b"../outside.txt", False, E.PERM),
    (b"inner/../../outside.txt", False, E.PERM),
    (b"/etc/passwd", False, E.PERM),
    (b"..", False, E.PERM),
    (b"up", True, E.PERM),
    (b"absolute", True, E.PERM),
    (b"parent/outside.txt", False, E.PERM),
    (b"parent/", False, E.PERM),
    (b"loop", True, E.LOOP),
    (b"inside.txt/", False, E.NOTDIR),
    (b"", False, E.NOENT),
    (b"in\0side", False, E.INVAL),
])
def test_paths_leaving_the_preopen_are_refused(tree, path, follow, refusal):
    with pytest.raises(E.WasiError) as error:
        with resolve(tree, path, follow):
            pass
    assert error.value.code == refusal


@pytest.mark.parametrize("path, follow, name", [
    (b"inside.txt", False, b"inside.txt"),
    (b"inner/../inside.txt", False, b"inside.txt"),
    (b"in", True, b"inside.txt"),
    (b"up", False, b"up"),             # not followed: the symlink itself, harmless
    (b"inner/..", False, b"."),
    (b"./inner/", False, b"inner"),
])
def test_paths_inside_the_preopen_resolve(tree, path, follow, name):
    with resolve(tree, path, follow) as (dir_fd, final):
        assert final == name
        os.stat(final, dir_fd=dir_fd, follow_symlinks=False)


def test_nothing_is_created_outside(guest, tmp_path):
    os.symlink("../created-outside", tmp_path / "box" / "dangling")
    assert guest.open(b"dangling", W.OFLAGS_CREAT)[0] == E.PERM
    assert guest.open(b"dangling", W.OFLAGS_CREAT | W.OFLAGS_EXCL)[0] == E.EXIST
    path = guest.put(500, b"../made")
    assert guest("path_create_directory", 3, *path) == E.PERM
    target, link = guest.put(600, b"/etc/passwd"), guest.put(700, b"link")
    assert guest("path_symlink", *target, 3, *link) == E.PERM
    assert sorted(os.listdir(tmp_path)) == ["box", "outside.txt"]


def test_symlink_is_not_followed_unless_asked(guest):
    path = guest.put(500, b"up")
    target = guest.put(600, b"../outside.txt")
    assert guest("path_symlink", *target, 3, *path) == E.SUCCESS
    assert guest("path_filestat_get", 3, 0, *path, 800) == E.SUCCESS
    assert guest.memory.data[816] == W.FILETYPE_SYMBOLIC_LINK
    assert guest("path_filestat_get", 3, W.LOOKUP_SYMLINK_FOLLOW, *path, 800) == E.PERM
    assert guest("path_readlink", 3, *path, 900, 5, 100) == E.SUCCESS
    assert bytes(guest.memory.data[900:905]) == b"../ou" and guest.u32(100) == 5


def test_errno_translation():
    assert E.from_oserror(OSError(host_errno.ENOENT, "x")) == E.NOENT
    assert E.from_oserror(OSError(host_errno.EEXIST, "x")) == E.EXIST
    assert E.from_oserror(OSError(host_errno.ENOTEMPTY, "x")) == E.NOTEMPTY
    assert E.from_oserror(OSError(99999, "x")) == E.IO
    assert E.NAMES[E.NOTCAPABLE] == "notcapable" and E.NOTCAPABLE == 76


# --- links with trailing slashes: the WASI test suite's path_link and
# path_symlink_trailing_slashes ---------------------------------------------------------------
def _link(guest, old, new, flags=0):
    return guest("path_link", 3, flags, *guest.put(500, old), 3, *guest.put(600, new))


def _symlink(guest, target, new):
    return guest("path_symlink", *guest.put(500, target), 3, *guest.put(600, new))


def test_link_to_a_path_ending_in_a_slash_is_refused(guest, tmp_path):
    box = tmp_path / "box"
    (box / "file").write_text("x")
    assert _link(guest, b"file", b"link/") == E.NOENT and not (box / "link").exists()
    assert _link(guest, b"file/", b"link") == E.NOTDIR
    assert _link(guest, b"file", b"inner/") == E.EXIST
    assert _link(guest, b"file", b"inside.txt/") == E.NOTDIR
    os.symlink("nowhere", box / "dangling")
    assert _link(guest, b"file", b"dangling/") == E.EXIST
    assert not (box / "nowhere").exists(), "a dangling symlink is not followed"
    assert _link(guest, b"file", b"link") == E.SUCCESS and (box / "link").stat().st_nlink == 2


def test_symlink_at_a_path_ending_in_a_slash_is_refused(guest, tmp_path):
    box = tmp_path / "box"
    assert _symlink(guest, b"source", b"target/") == E.NOENT
    assert not os.path.lexists(box / "target")
    assert _symlink(guest, b"source", b"inner/") == E.EXIST
    assert _symlink(guest, b"source", b"inner") == E.EXIST
    assert _symlink(guest, b"source", b"inside.txt/") == E.NOTDIR
    assert _symlink(guest, b"source", b"inside.txt") == E.EXIST
    os.symlink("nowhere", box / "dangling")
    assert _symlink(guest, b"source", b"dangling/") == E.EXIST
    assert not os.path.lexists(box / "nowhere")
    assert _symlink(guest, b"source", b"target") == E.SUCCESS
    assert os.readlink(box / "target") == "source"
