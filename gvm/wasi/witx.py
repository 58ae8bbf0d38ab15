"""The types of wasi_snapshot_preview1.witx other than errno: enums, flags, rights and
the byte layout of the structures passed through linear memory (little endian, C
alignment, as the witx `typenames` define them)."""

# --- filetype (u8) ---------------------------------------------------------------------
FILETYPE_UNKNOWN = 0
FILETYPE_BLOCK_DEVICE = 1
FILETYPE_CHARACTER_DEVICE = 2
FILETYPE_DIRECTORY = 3
FILETYPE_REGULAR_FILE = 4
FILETYPE_SOCKET_DGRAM = 5
FILETYPE_SOCKET_STREAM = 6
FILETYPE_SYMBOLIC_LINK = 7

# --- fdflags (u16) ---------------------------------------------------------------------
FDFLAGS_APPEND = 1 << 0
FDFLAGS_DSYNC = 1 << 1
FDFLAGS_NONBLOCK = 1 << 2
FDFLAGS_RSYNC = 1 << 3
FDFLAGS_SYNC = 1 << 4

# --- oflags (u16) ----------------------------------------------------------------------
OFLAGS_CREAT = 1 << 0
OFLAGS_DIRECTORY = 1 << 1
OFLAGS_EXCL = 1 << 2
OFLAGS_TRUNC = 1 << 3

# --- lookupflags (u32) -----------------------------------------------------------------
LOOKUP_SYMLINK_FOLLOW = 1 << 0

# --- fstflags (u16): which time stamps fd/path_filestat_set_times change -----------------
FSTFLAGS_ATIM = 1 << 0
FSTFLAGS_ATIM_NOW = 1 << 1
FSTFLAGS_MTIM = 1 << 2
FSTFLAGS_MTIM_NOW = 1 << 3

# --- whence (u8) -----------------------------------------------------------------------
WHENCE_SET = 0
WHENCE_CUR = 1
WHENCE_END = 2

# --- clockid (u32) ---------------------------------------------------------------------
CLOCK_REALTIME = 0
CLOCK_MONOTONIC = 1
CLOCK_PROCESS_CPUTIME_ID = 2
CLOCK_THREAD_CPUTIME_ID = 3

# --- advice (u8) -----------------------------------------------------------------------
ADVICE_NORMAL, ADVICE_SEQUENTIAL, ADVICE_RANDOM, ADVICE_WILLNEED, ADVICE_DONTNEED, \
    ADVICE_NOREUSE = range(6)

# --- poll_oneoff: eventtype (u8), subclockflags and eventrwflags (u16) -----------------
EVENTTYPE_CLOCK = 0
EVENTTYPE_FD_READ = 1
EVENTTYPE_FD_WRITE = 2
SUBCLOCKFLAGS_ABSTIME = 1 << 0
EVENTRWFLAGS_HANGUP = 1 << 0

# --- preopentype (u8) ------------------------------------------------------------------
PREOPENTYPE_DIR = 0

# --- sockets: sdflags (u8) --------------------------------------------------------------
SDFLAGS_RD = 1 << 0
SDFLAGS_WR = 1 << 1

# --- rights (u64) ----------------------------------------------------------------------
RIGHT_FD_DATASYNC = 1 << 0
RIGHT_FD_READ = 1 << 1
RIGHT_FD_SEEK = 1 << 2
RIGHT_FD_FDSTAT_SET_FLAGS = 1 << 3
RIGHT_FD_SYNC = 1 << 4
RIGHT_FD_TELL = 1 << 5
RIGHT_FD_WRITE = 1 << 6
RIGHT_FD_ADVISE = 1 << 7
RIGHT_FD_ALLOCATE = 1 << 8
RIGHT_PATH_CREATE_DIRECTORY = 1 << 9
RIGHT_PATH_CREATE_FILE = 1 << 10
RIGHT_PATH_LINK_SOURCE = 1 << 11
RIGHT_PATH_LINK_TARGET = 1 << 12
RIGHT_PATH_OPEN = 1 << 13
RIGHT_FD_READDIR = 1 << 14
RIGHT_PATH_READLINK = 1 << 15
RIGHT_PATH_RENAME_SOURCE = 1 << 16
RIGHT_PATH_RENAME_TARGET = 1 << 17
RIGHT_PATH_FILESTAT_GET = 1 << 18
RIGHT_PATH_FILESTAT_SET_SIZE = 1 << 19
RIGHT_PATH_FILESTAT_SET_TIMES = 1 << 20
RIGHT_FD_FILESTAT_GET = 1 << 21
RIGHT_FD_FILESTAT_SET_SIZE = 1 << 22
RIGHT_FD_FILESTAT_SET_TIMES = 1 << 23
RIGHT_PATH_SYMLINK = 1 << 24
RIGHT_PATH_REMOVE_DIRECTORY = 1 << 25
RIGHT_PATH_UNLINK_FILE = 1 << 26
RIGHT_POLL_FD_READWRITE = 1 << 27
RIGHT_SOCK_SHUTDOWN = 1 << 28
RIGHT_SOCK_ACCEPT = 1 << 29
ALL_RIGHTS = (1 << 30) - 1

# What a regular file descriptor can do, what a directory can do (all of it about the
# paths beneath it), and what a stream like stdin or a pipe can do.
FILE_RIGHTS = (RIGHT_FD_DATASYNC | RIGHT_FD_READ | RIGHT_FD_SEEK | RIGHT_FD_FDSTAT_SET_FLAGS
               | RIGHT_FD_SYNC | RIGHT_FD_TELL | RIGHT_FD_WRITE | RIGHT_FD_ADVISE
               | RIGHT_FD_ALLOCATE | RIGHT_FD_FILESTAT_GET | RIGHT_FD_FILESTAT_SET_SIZE
               | RIGHT_FD_FILESTAT_SET_TIMES | RIGHT_POLL_FD_READWRITE)
DIRECTORY_RIGHTS = (RIGHT_FD_FDSTAT_SET_FLAGS | RIGHT_FD_SYNC | RIGHT_FD_ADVISE
                    | RIGHT_PATH_CREATE_DIRECTORY | RIGHT_PATH_CREATE_FILE
                    | RIGHT_PATH_LINK_SOURCE | RIGHT_PATH_LINK_TARGET | RIGHT_PATH_OPEN
                    | RIGHT_FD_READDIR | RIGHT_PATH_READLINK | RIGHT_PATH_RENAME_SOURCE
                    | RIGHT_PATH_RENAME_TARGET | RIGHT_PATH_FILESTAT_GET
                    | RIGHT_PATH_FILESTAT_SET_SIZE | RIGHT_PATH_FILESTAT_SET_TIMES
                    | RIGHT_FD_FILESTAT_GET | RIGHT_FD_FILESTAT_SET_TIMES
                    | RIGHT_PATH_SYMLINK | RIGHT_PATH_REMOVE_DIRECTORY
                    | RIGHT_PATH_UNLINK_FILE)
STREAM_RIGHTS = (RIGHT_FD_READ | RIGHT_FD_WRITE | RIGHT_FD_FDSTAT_SET_FLAGS
                 | RIGHT_FD_FILESTAT_GET | RIGHT_POLL_FD_READWRITE)

# --- Structure layouts: total size and field offsets -----------------------------------
IOVEC_SIZE = 8              # buf: u32 pointer @0, buf_len: u32 @4 (ciovec alike)

FDSTAT_SIZE = 24            # fs_filetype u8 @0, fs_flags u16 @2,
                            # fs_rights_base u64 @8, fs_rights_inheriting u64 @16

FILESTAT_SIZE = 64          # dev @0, ino @8, filetype u8 @16, nlink @24, size @32,
                            # atim @40, mtim @48, ctim @56 (all u64 but filetype)

DIRENT_SIZE = 24            # d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20;
                            # the name follows, without a terminating NUL

PRESTAT_SIZE = 8            # tag u8 @0, pr_name_len u32 @4

SUBSCRIPTION_SIZE = 48      # userdata u64 @0, tag u8 @8, then at @16 either
                            #   clock: id u32 @16, timeout u64 @24, precision u64 @32,
                            #          flags u16 @40
                            #   fd_readwrite: file_descriptor u32 @16

EVENT_SIZE = 32             # userdata u64 @0, error u16 @8, type u8 @10,
                            # fd_readwrite: nbytes u64 @16, flags u16 @24
