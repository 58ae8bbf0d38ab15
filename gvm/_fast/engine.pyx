# cython: language_level=3, boundscheck=True, wraparound=True, cdivision=True
"""The fast engine: WebAssembly 3.0 (SIMD in simd.pxi, GC in gc.pxi, tail calls, typed
function references, exception handling, 64-bit memories and tables, multiple
memories), executed from flat C integer code by a C loop. It
behaves exactly like the reference engine (gvm/interp/): same results, same NaN bits,
same traps with the same messages, same exceptions, same call-depth limit, same fuel
accounting.

How it works
- Lowering (`lower`): on its first call, a WasmFunction's validated body becomes an array
  of uint32 cells: an opcode (an `OP_*` member of the enum generated from gvm.opcodes in
  opcodes.pxi, or one of the engine's own `X_*` instructions below) followed by its
  immediates. Branch targets come from the validator's side table and are resolved to
  cell indices; the operand stack height is tracked statically, so branches that need
  not move values become plain jumps, unreachable code is dropped, and each function
  knows the most stack slots it can use. `block`, `loop`, `nop` and inner `end`s leave
  no code. Hot sequences are fused into superinstructions (`X_*`). The result, a
  `Lowered`, names functions, globals and tables by slot and is the module's, shared by
  all its instances (gvm/runtime/lowered.py); `link` makes of it a `Code` whose arrays
  hold an instance's objects by slot, cached in func.compiled["fast"], so that `run`
  reads them as directly as if they were baked in.
- Values live in one C array of 64-bit slots per invocation: i32 zero-extended, i64,
  f32 as its 32-bit pattern and f64 as its 64-bit pattern (so NaN payloads survive),
  references as indices into the invocation's list of referenced objects (0 = null).
  A frame is its locals followed by its operand stack.
- `run` is one `while True` over an `if/elif` chain on enum members, which Cython turns
  into a C switch; built with GCC or Clang, each arm also jumps straight to the next
  cell's arm through a table of label addresses (threaded dispatch: gen_dispatch.py). It touches no Python object except in the few instructions whose
  semantics are Python objects (globals, tables, host calls, memory.grow); those go
  through helper functions. Traps leave the loop as status codes and are raised by
  `_invoke` with the reference engine's messages and a backtrace.
- Calls push a C frame record (no Python recursion); the depth and locals limits are the
  reference engine's. A signal lets Python run its handlers at the next dispatch: a C
  handler chained in front of Python's redirects the label table to X_POLL (the switch
  build polls every 32,768th branch or call instead), so Ctrl-C and a caller's alarm
  stop a program as on the reference engine. With fuel, functions are lowered without
  fusion or elision and every wasm instruction is preceded by an X_FUEL cell, so that
  fuel runs out at exactly the instruction where the reference engine's does.
- Memory 0 is cached as (pointer, length) of the Memory's bytearray and reloaded after
  anything that may resize it (memory.grow, host calls, other slow paths) and on calls
  and returns into another instance's memory. Every access is bounds-checked against
  that length. Loads and stores on other memories, or on a 64-bit memory, are one X_MEM
  cell: i64 addresses plus 64-bit offsets may wrap, so the check is overflow-safe.
  memory.fill and memory.copy within a 32-bit memory 0 (clang's memset and memcpy) have
  arms of their own on that view; the other bulk instructions go through memory_op.
- Exceptions: `throw` and `throw_ref` leave the loop with ST_THROW and the
  WasmException; a host function may raise one too. `_invoke` then unwinds the C frame
  stack as gvm/interp/machine.py's catch() does (Machine.catch): per frame, innermost
  first, the first try_table range (from the validator's handler table, by the wasm pc
  of the frame's current instruction) with a clause for the exception's tag; its values
  and/or exnref go to the clause label's height and the loop resumes at the label. An
  exception no clause takes leaves `invoke` as the WasmException itself.

Floating-point semantics mirror gvm/interp/numeric.py; the C helpers in the verbatim
block below say where they follow it. tests/test_fast.py compares both on edge inputs.
"""
from cpython.bytes cimport PyBytes_FromStringAndSize
from cpython.exc cimport PyErr_CheckSignals
from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF, Py_DECREF, Py_XDECREF
from libc.stdint cimport uint8_t, uint32_t, int32_t, uint64_t, int64_t, uint16_t, int16_t, int8_t
from libc.stdlib cimport malloc, realloc, free, calloc
from libc.string cimport memcpy, memmove, memset

from _signal import getsignal as _getsignal, SIG_DFL as _SIG_DFL, SIG_IGN as _SIG_IGN

import weakref

from gvm import opcodes as O
from gvm import types as T
from gvm.errors import Trap, Exhaustion, WasmError, WasmException
from gvm.binary.instructions import BLOCK_IMMEDIATES
from gvm.runtime import stack as call_stack
from gvm.runtime.stack import MAX_CALL_DEPTH as _MAX_CALL_DEPTH, MAX_LOCALS as _MAX_LOCALS
from gvm.runtime import WasmFunction, HostFunction, Memory, Global, Table
from gvm.validate import Label

include "opcodes.pxi"
include "fused.pxi"

cdef extern from "Python.h":
    ctypedef struct PyTypeObject
    PyTypeObject* _type_of "Py_TYPE"(PyObject* o)
    ctypedef struct PyMemberDef:
        Py_ssize_t offset
    ctypedef struct PyMemberDescrObject:
        PyMemberDef* d_member
    bint PyByteArray_CheckExact(object o)
    char* PyByteArray_AS_STRING(PyObject* o)
    Py_ssize_t PyByteArray_GET_SIZE(PyObject* o)
    bint PyList_CheckExact(PyObject* o)
    Py_ssize_t PyList_GET_SIZE(PyObject* o)
    PyObject* PyList_GET_ITEM(PyObject* o, Py_ssize_t i)
    PyObject* Py_None
    PyObject* PyObject_GetAttr(PyObject* o, PyObject* name) except NULL
    PyObject* _new_int "PyLong_FromUnsignedLongLong"(unsigned long long v)
    bint _is_exact_int "PyLong_CheckExact"(PyObject* o)
    void PyErr_Clear()

cdef extern from *:
    """
    #include <math.h>
    #include <string.h>
    #include <stdint.h>
    #if defined(__GNUC__) && !defined(__clang__)
    /* GCC's SLP vectoriser packs the interpreter's ip and sp into one SSE register and
       unpacks them around every dispatch: twice the cost of an instruction.
       Functions start on a 64-byte boundary so that the dispatch loop's layout within
       cache lines does not depend on how much code precedes `run`: with GCC's default
       16-byte alignment, an edit elsewhere in this file (7d8cb5c) moved `run` from
       offset 32 to 48 of a line and made identical instructions 3-4x slower on AMD
       EPYC (docs/fast-engine-speed.md); tests/test_fast.py checks the alignment.
       No loop becomes a call of memset or memcpy: the loops `run` has are short
       (a call zeroing its callee's locals), and a call costs more than they do. */
    #pragma GCC optimize ("no-tree-slp-vectorize", "align-functions=64", "no-tree-loop-distribute-patterns")
    #endif
    #if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
    #error "the fast engine reads and writes wasm memory in host byte order: little endian only"
    #endif

    #include "numeric.h"

    /* global.set of an integer without allocating: an int that only the global holds
       (exactly an int, reference count 1, so neither shared nor one of CPython's
       cached small ints) and that has as many digits as the new value takes the new
       value in place; nothing can see the change but through the global. Clang's C
       code sets __stack_pointer twice per call, and a new int each time (an
       allocation, and a free of the old one) was a fifth of QuickJS's time on this
       engine (docs/fast-engine-speed.md). The digits' layout is CPython 3.11's; on
       other versions this returns 0 and the caller makes a new int. */
    #if !defined(PYPY_VERSION) && PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000 \
        && PyLong_SHIFT == 30
    #define GVM_INT_DIGITS 1
    #else
    #define GVM_INT_DIGITS 0
    #endif
    static inline int gvm_int_assign(PyObject* o, unsigned long long v) {
    #if GVM_INT_DIGITS
        if (o == NULL || Py_REFCNT(o) != 1 || !PyLong_CheckExact(o)) return 0;
        Py_ssize_t size = Py_SIZE(o);
        /* One digit, 1 <= v < 2**30, first: most global.sets of C programs are of the
           shadow stack pointer, whose values are that. */
        if (size == 1 && v - 1 < PyLong_MASK) {
            ((PyLongObject*)o)->ob_digit[0] = (digit)v;
            return 1;
        }
        Py_ssize_t n = v == 0 ? 0 : v >> 30 == 0 ? 1 : v >> 60 == 0 ? 2 : 3;
        if (size != n) return 0;
        for (Py_ssize_t i = 0; i < n; i++) {
            ((PyLongObject*)o)->ob_digit[i] = (digit)(v & PyLong_MASK);
            v >>= PyLong_SHIFT;
        }
        return 1;
    #else
        (void)o; (void)v;
        return 0;
    #endif
    }

    /* The same digits read (a non-negative int below 2**90), for global.get of an
       integer without a call out; 0 when the value is not such an int. */
    static inline int gvm_int_value(PyObject* o, uint64_t* out) {
    #if GVM_INT_DIGITS
        if (o == NULL || !PyLong_CheckExact(o)) return 0;
        const digit* d = ((PyLongObject*)o)->ob_digit;
        switch (Py_SIZE(o)) {
        case 0: *out = 0; return 1;
        case 1: *out = d[0]; return 1;
        case 2: *out = d[0] | ((uint64_t)d[1] << 30); return 1;
        case 3: *out = d[0] | ((uint64_t)d[1] << 30) | ((uint64_t)d[2] << 60); return 1;
        default: return 0;
        }
    #else
        (void)o; (void)out;
        return 0;
    #endif
    }


    /* run's dispatch (gen_dispatch.py says how). Threaded with GCC and Clang, whose
       labels-as-values it needs; the C switch that Cython makes of run's chain
       otherwise, or when built with GVM_SWITCH_DISPATCH defined (setup.py does when
       the environment sets it). GVM_CASE(ops...) labels an arm after its first opcode
       (the arm's other opcodes reach it through the table); GVM_OP is the C name Cython
       (pinned in pyproject.toml) gives an enum member of this module. */
    #if defined(__GNUC__) && !defined(GVM_SWITCH_DISPATCH)
    #include "dispatch.h"
    #define GVM_THREADED 1
    #define GVM_OP(name) __pyx_e_3gvm_5_fast_6engine_##name
    #define GVM_LABEL_(e) gvm_L_##e
    #define GVM_LABEL(e) GVM_LABEL_(e)
    #define GVM_ENTRY(name) [GVM_OP(name)] = &&GVM_LABEL(GVM_OP(name))
    #define GVM_CASE_(e) GVM_LABEL(e): ;
    #define GVM_CASE_1(a) GVM_CASE_(a)
    #define GVM_CASE_2(a, ...) GVM_CASE_(a) GVM_CASE_1(__VA_ARGS__)
    #define GVM_CASE_3(a, ...) GVM_CASE_(a) GVM_CASE_2(__VA_ARGS__)
    #define GVM_CASE_4(a, ...) GVM_CASE_(a) GVM_CASE_3(__VA_ARGS__)
    #define GVM_CASE_5(a, ...) GVM_CASE_(a) GVM_CASE_4(__VA_ARGS__)
    #define GVM_CASE_6(a, ...) GVM_CASE_(a) GVM_CASE_5(__VA_ARGS__)
    #define GVM_CASE_7(a, ...) GVM_CASE_(a) GVM_CASE_6(__VA_ARGS__)
    #define GVM_CASE_8(a, ...) GVM_CASE_(a) GVM_CASE_7(__VA_ARGS__)
    #define GVM_CASE_9(a, ...) GVM_CASE_(a) GVM_CASE_8(__VA_ARGS__)
    #define GVM_NARGS_(_1, _2, _3, _4, _5, _6, _7, _8, _9, n, ...) n
    #define GVM_NARGS(...) GVM_NARGS_(__VA_ARGS__, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
    #define GVM_CAT_(a, b) a##b
    #define GVM_CAT(a, b) GVM_CAT_(a, b)
    #define GVM_CASE(...) GVM_CAT(GVM_CASE_, GVM_NARGS(__VA_ARGS__))(__VA_ARGS__)
    #define GVM_DEFAULT() gvm_L_default: ;
    /* Every id without an arm of its own goes to the `else` arm. run's first entry in
       the process makes the live table (below) of this one, X_POLL first. */
    #define GVM_LABELS() static void* const gvm_labels[GVM_OP(X_COUNT)] = { \
        [0 ... GVM_OP(X_COUNT) - 1] = &&gvm_L_default, GVM_LABEL_ENTRIES }; \
        _Static_assert(GVM_OP(X_COUNT) <= GVM_LIVE_MAX, "GVM_LIVE_MAX is too small"); \
        if (GVM_UNLIKELY(!gvm_poll_label)) \
            gvm_live_start(gvm_labels, GVM_OP(X_COUNT), &&GVM_LABEL(GVM_OP(X_POLL)))
    #define GVM_DISPATCH(op) goto *gvm_live[op]

    /* Interrupts (X_POLL in run). The loop dispatches through gvm_live, a copy of
       gvm_labels that a signal handler may overwrite: for the signals whose Python
       handlers matter while wasm runs (gvm_watched), gvm_on_signal runs the handler it
       was chained in front of, Python's own C handler (which only marks the signal
       pending, for the eval loop to see), and then points every entry at X_POLL's arm,
       so that the next dispatch, whatever its instruction, lets Python run the
       handler. Branches and calls pay nothing. `volatile` makes every dispatch read
       the table from memory, which it did anyway: the same load and jump as before. */
    #include <errno.h>
    #include <signal.h>
    /* Set by gvm_on_signal for native code's loops, which poll it (native.h). */
    static volatile int gvm_signalled;
    #define GVM_LIVE_MAX 2048     /* above X_COUNT, which is not declared yet here */
    static void* volatile gvm_live[GVM_LIVE_MAX];
    static void* const* gvm_table;        /* run's gvm_labels */
    static size_t gvm_count;              /* its length, X_COUNT */
    static void* gvm_poll_label;          /* X_POLL's arm; NULL until run first starts */

    static void gvm_redirect(void) {
        void* poll = __atomic_load_n(&gvm_poll_label, __ATOMIC_ACQUIRE);
        if (!poll) return;        /* run has not started: no table to redirect yet */
        for (size_t i = 0; i < gvm_count; i++) gvm_live[i] = poll;
    }

    /* X_POLL's first step, before it asks Python for pending signals. A signal that
       arrives before the last store has marked itself pending in Python before the
       check below reads it; one that arrives after it redirects a table that is whole
       again, so the next dispatch comes back here. Either way none is lost: at worst a
       redirected entry survives the restore and costs one more X_POLL. The fence keeps
       the stores before the check (compiler) and, when the handler ran on another
       thread, makes Python's pending mark, stored before the redirect that sent us
       here, visible to the check. */
    static void gvm_restore(void) {
        for (size_t i = 0; i < gvm_count; i++) gvm_live[i] = gvm_table[i];
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    }

    /* Once per process: the live table starts redirected, so that a signal which came
       between the chaining of the handlers and this point (when there was no table to
       redirect) is still seen, at the first dispatch. */
    static void gvm_live_start(void* const* table, size_t count, void* poll) {
        gvm_table = table;
        gvm_count = count;
        __atomic_store_n(&gvm_poll_label, poll, __ATOMIC_RELEASE);  /* the table first */
        gvm_redirect();
    }

    static struct sigaction gvm_prev[NSIG];   /* the handler each of ours runs first */

    static void gvm_on_signal(int sig, siginfo_t* info, void* context) {
        int saved = errno;
        const struct sigaction* prev = &gvm_prev[sig];
        if (prev->sa_flags & SA_SIGINFO)
            prev->sa_sigaction(sig, info, context);
        else if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN)
            prev->sa_handler(sig);
        __atomic_thread_fence(__ATOMIC_SEQ_CST);   /* Python's mark before the redirect */
        gvm_redirect();
        gvm_signalled = 1;
        errno = saved;
    }

    /* Puts gvm_on_signal in front of the handler of `sig`, unless it is there already
       or the disposition is SIG_DFL or SIG_IGN (no Python handler to run: the kernel's
       action stands). Ours keeps the previous handler's flags and mask: Python's are
       SA_ONSTACK without SA_RESTART, so a blocking call still returns EINTR and Python
       runs the handler there (PEP 475). gvm_prev[sig] changes only while ours is not
       the handler of `sig`, so no handler of ours reads it half written. */
    static void gvm_chain(int sig) {
        struct sigaction cur, ours;
        if (sigaction(sig, NULL, &cur) != 0) return;
        if ((void*)cur.sa_sigaction == (void*)gvm_on_signal) return;
        if (!(cur.sa_flags & SA_SIGINFO)
                && (cur.sa_handler == SIG_DFL || cur.sa_handler == SIG_IGN)) return;
        gvm_prev[sig] = cur;
        ours = cur;
        ours.sa_sigaction = gvm_on_signal;
        ours.sa_flags = cur.sa_flags | SA_SIGINFO;
        sigaction(sig, &ours, NULL);
    }

    /* The signals whose Python handlers run inside wasm. SIGINT: Ctrl-C
       (KeyboardInterrupt). SIGALRM: signal.alarm and setitimer(ITIMER_REAL), a
       caller's deadline (gvm/dist/timed.py's). SIGTERM: a polite stop (`gvm node`
       has a handler for it). Each that has a Python handler costs a sigaction read
       per outermost call into the engine (_chain_signals; about 0.4 us here,
       docs/fast-engine-speed.md), so no more: other signals' handlers (SIGVTALRM
       and SIGPROF timers, SIGUSR1, SIGHUP, ...) run when the call returns, or at
       the next X_POLL that one of these causes. */
    static const int gvm_watched[] = {SIGINT, SIGALRM, SIGTERM};
    #define GVM_WATCHED_COUNT (sizeof(gvm_watched) / sizeof(gvm_watched[0]))
    #else
    #define GVM_THREADED 0
    #define GVM_CASE(...) ((void)0)
    #define GVM_DEFAULT() ((void)0)
    #define GVM_LABELS() ((void)0)
    #define GVM_DISPATCH(op) ((void)0)
    /* The switch build polls by counting instead (_taken): nothing to chain. */
    static void gvm_restore(void) {}
    static const int gvm_watched[1] = {0};
    static volatile int gvm_signalled;
    #define GVM_WATCHED_COUNT 0
    static void gvm_chain(int sig) { (void)sig; }
    #endif
    /* The opcode at ip, read from memory again: the compiler would otherwise keep the
       value the dispatch read in a register through every arm. */
    static inline uint32_t gvm_opcode(const uint32_t* ip) { return *(const volatile uint32_t*)ip; }
    /* A callee's declared locals start at zero: n slots from p, four a step as two
       16-byte stores (a memset of constant size compiles to them); the last step may
       run up to three slots into the callee's operand stack, empty and within its
       frame's slack (frame_size, lower()). */
    static inline void gvm_zero_locals(uint64_t* p, Py_ssize_t n) {
        for (; n > 0; n -= 4, p += 4) memset(p, 0, 4 * sizeof(uint64_t));
    }
    """
    float gvm_f32(uint64_t s) nogil
    uint64_t gvm_f32_bits(float f) nogil
    double gvm_f64(uint64_t s) nogil
    uint64_t gvm_f64_bits(double d) nogil
    bint gvm_int_assign(PyObject* o, unsigned long long v) noexcept
    bint gvm_int_value(PyObject* o, uint64_t* out) noexcept
    uint64_t gvm_ld8(const unsigned char* p) nogil
    uint64_t gvm_ld16(const unsigned char* p) nogil
    uint64_t gvm_ld32(const unsigned char* p) nogil
    uint64_t gvm_ld64(const unsigned char* p) nogil
    void gvm_st8(unsigned char* p, uint64_t v) nogil
    void gvm_st16(unsigned char* p, uint64_t v) nogil
    void gvm_st32(unsigned char* p, uint64_t v) nogil
    void gvm_st64(unsigned char* p, uint64_t v) nogil
    double gvm_f32_to_double(uint32_t bits) nogil
    uint32_t gvm_double_to_f32(double x) nogil
    double gvm_fmin(double a, double b) nogil
    double gvm_fmax(double a, double b) nogil
    float gvm_fminf(float a, float b) nogil
    float gvm_fmaxf(float a, float b) nogil
    double gvm_ceil(double x) nogil
    double gvm_floor(double x) nogil
    double gvm_trunc(double x) nogil
    double gvm_nearest(double x) nogil
    float gvm_ceilf(float x) nogil
    float gvm_floorf(float x) nogil
    float gvm_truncf(float x) nogil
    float gvm_nearestf(float x) nogil
    double gvm_sqrt(double x) nogil
    float gvm_sqrtf(float x) nogil
    double fabs(double x) nogil
    float fabsf(float x) nogil
    double copysign(double a, double b) nogil
    float copysignf(float a, float b) nogil
    uint32_t gvm_clz32(uint32_t a) nogil
    uint32_t gvm_ctz32(uint32_t a) nogil
    uint64_t gvm_clz64(uint64_t a) nogil
    uint64_t gvm_ctz64(uint64_t a) nogil
    int __builtin_popcount(unsigned int a) nogil
    int __builtin_popcountll(unsigned long long a) nogil
    uint32_t gvm_rotl32(uint32_t a, uint32_t k) nogil
    uint32_t gvm_rotr32(uint32_t a, uint32_t k) nogil
    uint64_t gvm_rotl64(uint64_t a, uint64_t k) nogil
    uint64_t gvm_rotr64(uint64_t a, uint64_t k) nogil
    int gvm_trunc_i32_s(double x, uint64_t* r) nogil
    int gvm_trunc_i32_u(double x, uint64_t* r) nogil
    int gvm_trunc_i64_s(double x, uint64_t* r) nogil
    int gvm_trunc_i64_u(double x, uint64_t* r) nogil
    uint64_t gvm_sat_i32_s(double x) nogil
    uint64_t gvm_sat_i32_u(double x) nogil
    uint64_t gvm_sat_i64_s(double x) nogil
    uint64_t gvm_sat_i64_u(double x) nogil
    bint GVM_LIKELY(bint x) nogil
    bint GVM_UNLIKELY(bint x) nogil
    void GVM_CASE(int op, ...) nogil
    void GVM_DEFAULT() nogil
    void GVM_LABELS() nogil
    void GVM_DISPATCH(uint32_t op) nogil
    const int GVM_THREADED
    void gvm_restore() nogil
    const int gvm_watched[]
    const size_t GVM_WATCHED_COUNT
    void gvm_chain(int sig) nogil
    uint32_t gvm_opcode(const uint32_t* ip) nogil
    void gvm_zero_locals(uint64_t* p, Py_ssize_t n) nogil

ctypedef uint64_t slot

# How this build dispatches (see gen_dispatch.py): "threaded" or "switch".
DISPATCH = "threaded" if GVM_THREADED else "switch"

# The table the engine was compiled against must be the one running (ids are baked in).
if OP_NAMES != tuple(op.name for op in O.OPCODES):
    raise ImportError("gvm/_fast/opcodes.pxi is stale: rebuild after "
                      "`python -m gvm._fast.gen_opcodes`")

# --- The engine's own instructions, numbered after the opcode table's -------------------
cdef enum:
    X_FUEL = FUSED_END    # charge one unit of fuel for the wasm instruction that follows
    X_JUMP                # target
    X_JUMP_FWD            # target, after this cell: no interrupt poll (see POLL_INTERVAL)
    X_BR_TABLE_FWD        # as OP_BR_TABLE, every target after it: no poll
    X_BR_TABLE_JUMP       # n target*(n+1): a br_table no label of which moves values
    X_BR_TABLE_JUMP_FWD   # the same, every target after it: no poll
    X_BR_TABLE_JUMP_C     # n c target*(n+1): i32.const c; i32.add; br_table as X_BR_TABLE_JUMP
    X_BR_TABLE_JUMP_FWD_C # the same, every target after it: no poll
    X_BR                  # target dst arity: move the top `arity` slots to fp[dst], jump
    X_BR_IF               # target
    X_BR_IF_MOVE          # target dst arity
    X_BR_UNLESS           # target: jump if the popped condition is zero (if, eqz+br_if)
    X_RETURN              # leave the frame, its results on top
    X_RETURN_L            # x: local.get x; return, of a function with one result (not v128)
    X_CALL_HOST           # callee: a host function, or a wasm function not lowered yet
    X_UNSUPPORTED         # opcode id: raise WasmError when executed
    X_POLL                # (no cell: a signal, or POLL_CELL) let Python handle signals
    X_NATIVE              # 0: (NATIVE_CELL) run the function's native code; X_RETURN
    X_GLOBAL_GET_I32      # global slot (one per valtype family: how to convert)
    X_GLOBAL_GET_I64
    X_GLOBAL_GET_F32
    X_GLOBAL_GET_F64
    X_GLOBAL_GET_REF
    X_GLOBAL_SET_I32
    X_GLOBAL_SET_I64
    X_GLOBAL_SET_F32
    X_GLOBAL_SET_F64
    X_GLOBAL_SET_REF
    X_MEM                 # opcode memidx offset_lo offset_hi is64: a load or store on a
                          # memory other than 0, or on a 64-bit memory (memory64)
    X_MEMORY_FILL0        # memory.fill 0 of a 32-bit memory 0
    X_MEMORY_COPY0        # memory.copy 0 0 of a 32-bit memory 0
    X_CALL_INDIRECT64     # as call_indirect, on a table with i64 indices
    X_RETURN_CALL_INDIRECT64
    X_BR_ON_NULL          # target dst arity: if the top is null, pop it and branch
    X_BR_ON_NON_NULL      # target dst arity: branch with the top unless null, else pop it
    # Superinstructions (and those of fused.pxi). L = a local, C = a constant, S = the stack.
    X_LOCAL_GET2          # a b: push local a, local b
    X_LOCAL_SET_GET       # a b: local.set a; local.get b
    X_LOCAL_TEE_GET       # a b
    X_LOCAL_ADD_C         # x c: local x += c (i32)
    X_LOCAL_SET_C32       # x c: local x = c, an i32's or f32's bits (T.const; local.set)
    X_LOCAL_SET_C64       # x lo hi: local x = an i64's or f64's bits
    X_LOCAL_TEE_BR_IF     # x target: local x = top; pop; jump if it is not zero
    # Compare and branch: pop b, a; jump to target if a OP b (BR_IF_*) or, for `if`,
    # jump to the else-target unless it holds (IF_*).
    X_BR_IF_I32_EQ
    X_BR_IF_I32_NE
    X_BR_IF_I32_LT_S
    X_BR_IF_I32_LT_U
    X_BR_IF_I32_GT_S
    X_BR_IF_I32_GT_U
    X_BR_IF_I32_LE_S
    X_BR_IF_I32_LE_U
    X_BR_IF_I32_GE_S
    X_BR_IF_I32_GE_U
    X_BR_IF_I32_EQZ       # target: pop a, jump if a == 0
    X_BR_IF_I64_EQZ
    X_BR_IF_I64_NE
    X_BR_IF_I64_EQ
    X_IF_I32_EQ
    X_IF_I32_NE
    X_IF_I32_LT_S
    X_IF_I32_LT_U
    X_IF_I32_GT_S
    X_IF_I32_GT_U
    X_IF_I32_LE_S
    X_IF_I32_LE_U
    X_IF_I32_GE_S
    X_IF_I32_GE_U
    X_IF_I32_EQZ
    # Local-and-constant compare and branch: a c target.
    # Moving a v128 (simd.pxi): both halves of the value. Chosen at lowering where a type
    # says v128; all from X_V128_LOCAL_GET on go to simd_step.
    X_V128_LOCAL_GET      # x
    X_V128_LOCAL_SET      # x
    X_V128_LOCAL_TEE      # x
    X_V128_ZERO_LOCAL     # x: at function entry, the high half of a v128 local
    X_V128_GLOBAL_GET     # global slot
    X_V128_GLOBAL_SET     # global slot
    X_V128_SELECT
    X_V128_RESULTS        # n skip: before a return or return_call carrying v128s
    X_V128_BR             # target dst arity
    X_V128_BR_IF          # target dst arity
    X_V128_BR_TABLE       # as OP_BR_TABLE
    X_V128_BR_ON_NULL     # as X_BR_ON_NULL
    X_V128_BR_ON_NON_NULL # as X_BR_ON_NON_NULL
    # Sequence cells (gen_seqs.py): the opcode of a sequence's first cell, the others kept.
    # --- generated by gen_seqs.py: sequence cells (do not edit) ---
    X_SEQ_LOCAL_SET_C64__I32_LOAD8_U_L_TEE__I32_SHL_SC__I32_LOAD_C__BR_TABLE_JUMP_FWD_C
    X_SEQ_I32_ADD_LC_SET__LOCAL_GET2__I32_LOAD16_U_S_TEE__I32_SHL_SC__I32_ADD__I64_LOAD_S_TEE__I64_AND_SC__BR_IF_SC_I64_NE
    X_SEQ_LOCAL_ADD_C__LOCAL_GET2__I32_ADD_SC_TEE__BR_IF_I32_NE
    X_SEQ_I32_WRAP_I64__LOCAL_TEE_GET__I32_ADD_SC_TEE__I64_LOAD_S_TEE__I64_SHR_U_SC__I32_WRAP_I64__LOCAL_TEE__I32_OR
    X_SEQ_I32_STORE8__I32_ADD_LC__I32_MUL_LC__I32_ADD_SC__I32_SHR_U_SC
    X_SEQ_LOCAL_GET__LOCAL_SET_GET__LOCAL_SET_GET__I32_ADD_SC_SET__JUMP
    X_SEQ_I64_STORE_LL__LOCAL_ADD_C__LOCAL_ADD_C__JUMP
    X_SEQ_LOCAL_TEE__I64_ADD_SC__I64_AND_LC__I64_CONST__I64_GT_U__SELECT
    X_SEQ_I32_SHL_SC__I32_ADD
    X_SEQ_I32_ADD_SC__I32_STORE
    X_SEQ_LOCAL_GET__LOCAL_SET_GET__I32_ADD_SC_SET__JUMP
    X_SEQ_LOCAL_GET2__I32_ADD_SL
    X_SEQ_GLOBAL_GET_I32__I32_SUB_SC_TEE__GLOBAL_SET_I32
    X_SEQ_LOCAL_SET__JUMP_FWD
    X_SEQ_LOCAL_GET2__I32_ADD_SC_TEE
    X_SEQ_I32_ADD_LC_TEE__I64_LOAD_S_TEE
    X_SEQ_LOCAL_GET__I32_CONST
    X_SEQ_LOCAL_GET2__I32_LOAD
    X_SEQ_LOCAL_GET__I32_WRAP_I64
    X_SEQ_I32_CONST__I64_SHR_U_LC__I32_WRAP_I64__LOCAL_TEE_GET__I32_ADD_SC__I32_LT_U_SC__SELECT
    X_SEQ_I32_ADD_LC__GLOBAL_SET_I32__RETURN_L
    X_SEQ_LOCAL_ADD_C__I32_ADD_LC_TEE
    X_SEQ_I32_ADD_LC_SET__LOCAL_GET2__I32_LOAD16_U_S_TEE__I32_SHL_SC__I32_ADD__LOCAL_TEE__I64_LOAD_S_TEE__I64_AND_SC
    X_SEQ_LOCAL_GET2__I32_GT_U_SC__SELECT__I32_SHL_SC_TEE
    X_SEQ_I32_ADD__I32_ADD_SC__I32_SHR_U_SC__I32_ADD__I32_ADD_SC__I32_SHR_U_SC__I32_STORE8
    X_SEQ_I32_ADD__LOCAL_TEE__I32_LOAD_S_TEE
    X_SEQ_LOCAL_GET__BR_IF_I32_EQZ
    X_SEQ_LOCAL_GET2__I32_LOAD_S_TEE
    X_SEQ_LOCAL_GET__BR_IF
    X_SEQ_LOCAL_GET2__I32_SHL_SC__I32_ADD
    X_SEQ_F64_ADD__I64_STORE__I32_ADD_LC_TEE
    X_SEQ_I32_ADD_LC__I32_CONST__I32_STORE8
    X_SEQ_LOCAL_GET2__BR_IF_I32_GE_U
    X_SEQ_I32_XOR__LOCAL_SET_GET__I32_ADD_LC_TEE__BR_IF_I32_NE
    X_SEQ_LOCAL_GET__I32_WRAP_I64__I32_ADD_SC_TEE__I32_LOAD_L_TEE__I32_ADD_SC__I32_STORE__BR_IF_LC_I32_GT_S
    X_SEQ_LOCAL_GET2__I32_ADD_SC_TEE__I64_LOAD__I64_STORE__BR_IF_LC_I64_LT_U
    X_SEQ_LOCAL_GET__LOCAL_TEE__I32_MUL_SC__I32_ADD_SC_TEE__I32_SHR_U_SC
    X_SEQ_LOCAL_GET2__I32_ADD_SC_TEE__I32_STORE__I32_LOAD_L_TEE
    X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2
    X_SEQ_SELECT__LOCAL_TEE_GET__LOCAL_GET2
    X_SEQ_LOCAL_GET__LOCAL_SET_GET
    X_SEQ_I32_LOAD_L_TEE__I32_SHL_SC__I32_ADD__I32_ADD_SC_TEE__I32_AND_LL__I32_XOR_SC__I32_SHL_SC__I32_ADD
    X_SEQ_I32_STORE8__LOCAL_GET2__I32_MUL_SC__I32_ADD_SC__I32_SHR_U_SC__I32_STORE8__I32_ADD_LC_TEE__BR_IF_SC_I32_NE
    X_SEQ_LOCAL_GET__CALL
    X_SEQ_SELECT__LOCAL_SET_GET__I32_ADD_SC_SET
    X_SEQ_I32_ADD_SC_SET__I32_ADD_LC
    X_SEQ_I64_CONST__LOCAL_GET__I32_REINTERPRET_F32
    X_SEQ_I32_ADD_LC_TEE__I64_LOAD_S_TEE__I64_SHR_U_SC
    X_SEQ_LOCAL_ADD_C__JUMP
    X_SEQ_I32_AND_LC__BR_IF
    X_SEQ_I64_STORE_LL__LOCAL_GET__LOCAL_SET_GET__LOCAL_SET_GET__I32_ADD_SC_SET__JUMP
    X_SEQ_I32_ADD_LC_TEE__BR_IF_SL_I32_LT_U
    X_SEQ_LOCAL_GET__I32_WRAP_I64__I32_ADD_SC_TEE__I32_LOAD_L__I32_ADD_SC__I32_STORE
    X_SEQ_I32_SHL_LC__I32_OR__I32_STORE__JUMP_FWD
    X_SEQ_LOCAL_GET2__I32_ADD_SC
    X_SEQ_LOCAL_ADD_C__I32_ADD_LC_TEE__BR_IF_SC_I32_GT_U
    X_SEQ_I32_STORE8__LOCAL_GET__LOCAL_SET_GET__I32_ADD_SC_TEE__BR_IF
    X_SEQ_I32_ADD_LC__I32_MUL_LC__I32_ADD_SC_TEE__I32_SHR_U_SC
    X_SEQ_I32_LOAD_L_TEE__BR_IF
    X_SEQ_I32_STORE__I32_ADD_LC_TEE__I32_LOAD_L
    X_SEQ_LOCAL_GET2__I32_LOAD8_U_C_TEE__I32_SHL_SC__I32_LOAD16_U_C__I32_MUL__I32_SUB__LOCAL_TEE__I32_ADD_SC_TEE
    X_SEQ_LOCAL_GET2__I32_ADD_SC__I32_STORE
    X_SEQ_LOCAL_GET__LOCAL_SET
    X_SEQ_LOCAL_GET2__BR_IF_I32_LE_U
    X_SEQ_LOCAL_GET__LOCAL_TEE
    X_SEQ_LOCAL_GET2__CALL
    X_SEQ_I32_AND_SC__BR_IF_SC_I32_NE
    X_SEQ_LOCAL_ADD_C__LOCAL_ADD_C__I32_ADD_LC_TEE__BR_IF
    X_SEQ_I32_SHL_SC__I32_ADD__LOCAL_TEE__I64_LOAD_S_SET__LOCAL_GET__I64_CONST__I64_STORE__BR_IF_LC_I64_LT_U
    X_SEQ_I32_ADD_LL_TEE__BR_IF_SL_I32_LT_U
    X_SEQ_I32_ADD_LC_TEE__I64_LOAD_S_TEE__I32_ADD_LC_TEE__I64_LOAD_S_TEE__I64_OR__BR_IF_SC_I64_GT_U
    X_SEQ_I32_ADD_LC_TEE__BR_IF_SC_I32_NE
    X_SEQ_LOCAL_GET__I32_CONST__I32_STORE
    X_SEQ_I32_LOAD8_U_L_SET__BR_IF_LC_I32_NE
    X_SEQ_I32_ADD__LOCAL_TEE
    X_SEQ_I32_AND_LC__BR_IF_I32_EQZ
    X_SEQ_LOCAL_ADD_C__LOCAL_GET__LOCAL_SET_GET__I32_ADD_SC_SET__JUMP
    X_SEQ_I32_STORE16__I32_STORE16_LL__I32_ADD_LC_SET__I32_ADD_LC_TEE__I32_LOAD16_U_S_TEE__I32_ADD_LC
    X_SEQ_I32_STORE16__I32_STORE16_LL__LOCAL_ADD_C__I32_AND_LC__I32_LOAD16_U_L__BR_IF_I32_NE
    X_SEQ_I32_AND_SC_SET__I32_LOAD_L_SET
    X_SEQ_I32_CONST__CALL
    X_SEQ_LOCAL_SET_C32__LOCAL_SET_C32
    X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE
    X_SEQ_I32_ADD_LL_TEE__I32_ADD_SC
    X_SEQ_I32_AND_SC__BR_IF
    X_SEQ_I64_AND_SC__I64_STORE__I32_ADD_LC_SET__LOCAL_ADD_C__LOCAL_ADD_C__JUMP
    X_SEQ_LOCAL_GET2__I64_LOAD_C
    X_SEQ_I32_LOAD_L__I32_SHL_LC__I32_ADD
    X_SEQ_LOCAL_SET_C32__BR_IF_LC_I32_LT_S
    X_SEQ_LOCAL_GET2__I32_ADD_SL_TEE
    X_SEQ_I32_ADD_LC__GLOBAL_SET_I32__RETURN
    X_SEQ_I64_LOAD_S_TEE__BR_IF_SC_I64_LT_U
    X_SEQ_I32_CONST__I32_CONST__I32_STORE
    X_SEQ_F64_MUL__LOCAL_SET__JUMP_FWD
    X_SEQ_I32_SHL_SC__I32_ADD__I32_LOAD
    X_SEQ_LOCAL_GET2__I32_MUL_SC__I32_ADD_SC_TEE
    X_SEQ_I32_MUL_LC__I32_LOAD8_U_L__I32_ADD__LOCAL_SET_GET__I32_ADD_SC_SET__I32_ADD_LC_TEE__BR_IF
    X_SEQ_LOCAL_GET2__I32_SHL_SC__I32_ADD__LOCAL_TEE_GET__I32_STORE
    X_SEQ_LOCAL_GET2__I32_AND_SC
    X_SEQ_I32_SHL_LC__I32_LOAD_C
    # --- end of gen_seqs.py's cells ---
    X_COUNT

# --- generated by gen_seqs.py: the lowering's table (do not edit) ---
# (opcode, opcode[, opcode]) -> the sequence cell that stands for them.
SEQS = {
    (X_LOCAL_SET_C64, X_I32_LOAD8_U_L_TEE, X_I32_SHL_SC, X_I32_LOAD_C, X_BR_TABLE_JUMP_FWD_C): X_SEQ_LOCAL_SET_C64__I32_LOAD8_U_L_TEE__I32_SHL_SC__I32_LOAD_C__BR_TABLE_JUMP_FWD_C,
    (X_I32_ADD_LC_SET, X_LOCAL_GET2, X_I32_LOAD16_U_S_TEE, X_I32_SHL_SC, OP_I32_ADD, X_I64_LOAD_S_TEE, X_I64_AND_SC, X_BR_IF_SC_I64_NE): X_SEQ_I32_ADD_LC_SET__LOCAL_GET2__I32_LOAD16_U_S_TEE__I32_SHL_SC__I32_ADD__I64_LOAD_S_TEE__I64_AND_SC__BR_IF_SC_I64_NE,
    (X_LOCAL_ADD_C, X_LOCAL_GET2, X_I32_ADD_SC_TEE, X_BR_IF_I32_NE): X_SEQ_LOCAL_ADD_C__LOCAL_GET2__I32_ADD_SC_TEE__BR_IF_I32_NE,
    (OP_I32_WRAP_I64, X_LOCAL_TEE_GET, X_I32_ADD_SC_TEE, X_I64_LOAD_S_TEE, X_I64_SHR_U_SC, OP_I32_WRAP_I64, OP_LOCAL_TEE, OP_I32_OR): X_SEQ_I32_WRAP_I64__LOCAL_TEE_GET__I32_ADD_SC_TEE__I64_LOAD_S_TEE__I64_SHR_U_SC__I32_WRAP_I64__LOCAL_TEE__I32_OR,
    (OP_I32_STORE8, X_I32_ADD_LC, X_I32_MUL_LC, X_I32_ADD_SC, X_I32_SHR_U_SC): X_SEQ_I32_STORE8__I32_ADD_LC__I32_MUL_LC__I32_ADD_SC__I32_SHR_U_SC,
    (OP_I64_STORE8, X_I32_ADD_LC, X_I32_MUL_LC, X_I32_ADD_SC, X_I32_SHR_U_SC): X_SEQ_I32_STORE8__I32_ADD_LC__I32_MUL_LC__I32_ADD_SC__I32_SHR_U_SC,
    (OP_LOCAL_GET, X_LOCAL_SET_GET, X_LOCAL_SET_GET, X_I32_ADD_SC_SET, X_JUMP): X_SEQ_LOCAL_GET__LOCAL_SET_GET__LOCAL_SET_GET__I32_ADD_SC_SET__JUMP,
    (X_I64_STORE_LL, X_LOCAL_ADD_C, X_LOCAL_ADD_C, X_JUMP): X_SEQ_I64_STORE_LL__LOCAL_ADD_C__LOCAL_ADD_C__JUMP,
    (OP_LOCAL_TEE, X_I64_ADD_SC, X_I64_AND_LC, OP_I64_CONST, OP_I64_GT_U, OP_SELECT): X_SEQ_LOCAL_TEE__I64_ADD_SC__I64_AND_LC__I64_CONST__I64_GT_U__SELECT,
    (OP_LOCAL_TEE, X_I64_ADD_SC, X_I64_AND_LC, OP_F64_CONST, OP_I64_GT_U, OP_SELECT): X_SEQ_LOCAL_TEE__I64_ADD_SC__I64_AND_LC__I64_CONST__I64_GT_U__SELECT,
    (X_I32_SHL_SC, OP_I32_ADD): X_SEQ_I32_SHL_SC__I32_ADD,
    (X_I32_ADD_SC, OP_I32_STORE): X_SEQ_I32_ADD_SC__I32_STORE,
    (X_I32_ADD_SC, OP_F32_STORE): X_SEQ_I32_ADD_SC__I32_STORE,
    (X_I32_ADD_SC, OP_I64_STORE32): X_SEQ_I32_ADD_SC__I32_STORE,
    (OP_LOCAL_GET, X_LOCAL_SET_GET, X_I32_ADD_SC_SET, X_JUMP): X_SEQ_LOCAL_GET__LOCAL_SET_GET__I32_ADD_SC_SET__JUMP,
    (X_LOCAL_GET2, X_I32_ADD_SL): X_SEQ_LOCAL_GET2__I32_ADD_SL,
    (X_GLOBAL_GET_I32, X_I32_SUB_SC_TEE, X_GLOBAL_SET_I32): X_SEQ_GLOBAL_GET_I32__I32_SUB_SC_TEE__GLOBAL_SET_I32,
    (OP_LOCAL_SET, X_JUMP_FWD): X_SEQ_LOCAL_SET__JUMP_FWD,
    (X_LOCAL_GET2, X_I32_ADD_SC_TEE): X_SEQ_LOCAL_GET2__I32_ADD_SC_TEE,
    (X_I32_ADD_LC_TEE, X_I64_LOAD_S_TEE): X_SEQ_I32_ADD_LC_TEE__I64_LOAD_S_TEE,
    (OP_LOCAL_GET, OP_I32_CONST): X_SEQ_LOCAL_GET__I32_CONST,
    (OP_LOCAL_GET, OP_F32_CONST): X_SEQ_LOCAL_GET__I32_CONST,
    (X_LOCAL_GET2, OP_I32_LOAD): X_SEQ_LOCAL_GET2__I32_LOAD,
    (X_LOCAL_GET2, OP_F32_LOAD): X_SEQ_LOCAL_GET2__I32_LOAD,
    (X_LOCAL_GET2, OP_I64_LOAD32_U): X_SEQ_LOCAL_GET2__I32_LOAD,
    (OP_LOCAL_GET, OP_I32_WRAP_I64): X_SEQ_LOCAL_GET__I32_WRAP_I64,
    (OP_I32_CONST, X_I64_SHR_U_LC, OP_I32_WRAP_I64, X_LOCAL_TEE_GET, X_I32_ADD_SC, X_I32_LT_U_SC, OP_SELECT): X_SEQ_I32_CONST__I64_SHR_U_LC__I32_WRAP_I64__LOCAL_TEE_GET__I32_ADD_SC__I32_LT_U_SC__SELECT,
    (OP_F32_CONST, X_I64_SHR_U_LC, OP_I32_WRAP_I64, X_LOCAL_TEE_GET, X_I32_ADD_SC, X_I32_LT_U_SC, OP_SELECT): X_SEQ_I32_CONST__I64_SHR_U_LC__I32_WRAP_I64__LOCAL_TEE_GET__I32_ADD_SC__I32_LT_U_SC__SELECT,
    (X_I32_ADD_LC, X_GLOBAL_SET_I32, X_RETURN_L): X_SEQ_I32_ADD_LC__GLOBAL_SET_I32__RETURN_L,
    (X_LOCAL_ADD_C, X_I32_ADD_LC_TEE): X_SEQ_LOCAL_ADD_C__I32_ADD_LC_TEE,
    (X_I32_ADD_LC_SET, X_LOCAL_GET2, X_I32_LOAD16_U_S_TEE, X_I32_SHL_SC, OP_I32_ADD, OP_LOCAL_TEE, X_I64_LOAD_S_TEE, X_I64_AND_SC): X_SEQ_I32_ADD_LC_SET__LOCAL_GET2__I32_LOAD16_U_S_TEE__I32_SHL_SC__I32_ADD__LOCAL_TEE__I64_LOAD_S_TEE__I64_AND_SC,
    (X_LOCAL_GET2, X_I32_GT_U_SC, OP_SELECT, X_I32_SHL_SC_TEE): X_SEQ_LOCAL_GET2__I32_GT_U_SC__SELECT__I32_SHL_SC_TEE,
    (OP_I32_ADD, X_I32_ADD_SC, X_I32_SHR_U_SC, OP_I32_ADD, X_I32_ADD_SC, X_I32_SHR_U_SC, OP_I32_STORE8): X_SEQ_I32_ADD__I32_ADD_SC__I32_SHR_U_SC__I32_ADD__I32_ADD_SC__I32_SHR_U_SC__I32_STORE8,
    (OP_I32_ADD, X_I32_ADD_SC, X_I32_SHR_U_SC, OP_I32_ADD, X_I32_ADD_SC, X_I32_SHR_U_SC, OP_I64_STORE8): X_SEQ_I32_ADD__I32_ADD_SC__I32_SHR_U_SC__I32_ADD__I32_ADD_SC__I32_SHR_U_SC__I32_STORE8,
    (OP_I32_ADD, OP_LOCAL_TEE, X_I32_LOAD_S_TEE): X_SEQ_I32_ADD__LOCAL_TEE__I32_LOAD_S_TEE,
    (OP_LOCAL_GET, X_BR_IF_I32_EQZ): X_SEQ_LOCAL_GET__BR_IF_I32_EQZ,
    (X_LOCAL_GET2, X_I32_LOAD_S_TEE): X_SEQ_LOCAL_GET2__I32_LOAD_S_TEE,
    (OP_LOCAL_GET, X_BR_IF): X_SEQ_LOCAL_GET__BR_IF,
    (X_LOCAL_GET2, X_I32_SHL_SC, OP_I32_ADD): X_SEQ_LOCAL_GET2__I32_SHL_SC__I32_ADD,
    (OP_F64_ADD, OP_I64_STORE, X_I32_ADD_LC_TEE): X_SEQ_F64_ADD__I64_STORE__I32_ADD_LC_TEE,
    (OP_F64_ADD, OP_F64_STORE, X_I32_ADD_LC_TEE): X_SEQ_F64_ADD__I64_STORE__I32_ADD_LC_TEE,
    (X_I32_ADD_LC, OP_I32_CONST, OP_I32_STORE8): X_SEQ_I32_ADD_LC__I32_CONST__I32_STORE8,
    (X_I32_ADD_LC, OP_I32_CONST, OP_I64_STORE8): X_SEQ_I32_ADD_LC__I32_CONST__I32_STORE8,
    (X_I32_ADD_LC, OP_F32_CONST, OP_I32_STORE8): X_SEQ_I32_ADD_LC__I32_CONST__I32_STORE8,
    (X_I32_ADD_LC, OP_F32_CONST, OP_I64_STORE8): X_SEQ_I32_ADD_LC__I32_CONST__I32_STORE8,
    (X_LOCAL_GET2, X_BR_IF_I32_GE_U): X_SEQ_LOCAL_GET2__BR_IF_I32_GE_U,
    (OP_I32_XOR, X_LOCAL_SET_GET, X_I32_ADD_LC_TEE, X_BR_IF_I32_NE): X_SEQ_I32_XOR__LOCAL_SET_GET__I32_ADD_LC_TEE__BR_IF_I32_NE,
    (OP_LOCAL_GET, OP_I32_WRAP_I64, X_I32_ADD_SC_TEE, X_I32_LOAD_L_TEE, X_I32_ADD_SC, OP_I32_STORE, X_BR_IF_LC_I32_GT_S): X_SEQ_LOCAL_GET__I32_WRAP_I64__I32_ADD_SC_TEE__I32_LOAD_L_TEE__I32_ADD_SC__I32_STORE__BR_IF_LC_I32_GT_S,
    (OP_LOCAL_GET, OP_I32_WRAP_I64, X_I32_ADD_SC_TEE, X_I32_LOAD_L_TEE, X_I32_ADD_SC, OP_F32_STORE, X_BR_IF_LC_I32_GT_S): X_SEQ_LOCAL_GET__I32_WRAP_I64__I32_ADD_SC_TEE__I32_LOAD_L_TEE__I32_ADD_SC__I32_STORE__BR_IF_LC_I32_GT_S,
    (OP_LOCAL_GET, OP_I32_WRAP_I64, X_I32_ADD_SC_TEE, X_I32_LOAD_L_TEE, X_I32_ADD_SC, OP_I64_STORE32, X_BR_IF_LC_I32_GT_S): X_SEQ_LOCAL_GET__I32_WRAP_I64__I32_ADD_SC_TEE__I32_LOAD_L_TEE__I32_ADD_SC__I32_STORE__BR_IF_LC_I32_GT_S,
    (X_LOCAL_GET2, X_I32_ADD_SC_TEE, OP_I64_LOAD, OP_I64_STORE, X_BR_IF_LC_I64_LT_U): X_SEQ_LOCAL_GET2__I32_ADD_SC_TEE__I64_LOAD__I64_STORE__BR_IF_LC_I64_LT_U,
    (X_LOCAL_GET2, X_I32_ADD_SC_TEE, OP_I64_LOAD, OP_F64_STORE, X_BR_IF_LC_I64_LT_U): X_SEQ_LOCAL_GET2__I32_ADD_SC_TEE__I64_LOAD__I64_STORE__BR_IF_LC_I64_LT_U,
    (X_LOCAL_GET2, X_I32_ADD_SC_TEE, OP_F64_LOAD, OP_I64_STORE, X_BR_IF_LC_I64_LT_U): X_SEQ_LOCAL_GET2__I32_ADD_SC_TEE__I64_LOAD__I64_STORE__BR_IF_LC_I64_LT_U,
    (X_LOCAL_GET2, X_I32_ADD_SC_TEE, OP_F64_LOAD, OP_F64_STORE, X_BR_IF_LC_I64_LT_U): X_SEQ_LOCAL_GET2__I32_ADD_SC_TEE__I64_LOAD__I64_STORE__BR_IF_LC_I64_LT_U,
    (OP_LOCAL_GET, OP_LOCAL_TEE, X_I32_MUL_SC, X_I32_ADD_SC_TEE, X_I32_SHR_U_SC): X_SEQ_LOCAL_GET__LOCAL_TEE__I32_MUL_SC__I32_ADD_SC_TEE__I32_SHR_U_SC,
    (X_LOCAL_GET2, X_I32_ADD_SC_TEE, OP_I32_STORE, X_I32_LOAD_L_TEE): X_SEQ_LOCAL_GET2__I32_ADD_SC_TEE__I32_STORE__I32_LOAD_L_TEE,
    (X_LOCAL_GET2, X_I32_ADD_SC_TEE, OP_F32_STORE, X_I32_LOAD_L_TEE): X_SEQ_LOCAL_GET2__I32_ADD_SC_TEE__I32_STORE__I32_LOAD_L_TEE,
    (X_LOCAL_GET2, X_I32_ADD_SC_TEE, OP_I64_STORE32, X_I32_LOAD_L_TEE): X_SEQ_LOCAL_GET2__I32_ADD_SC_TEE__I32_STORE__I32_LOAD_L_TEE,
    (OP_I32_CONST, OP_I32_STORE, X_LOCAL_GET2, X_I32_ADD_SC, OP_I32_STORE, X_LOCAL_GET2): X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2,
    (OP_I32_CONST, OP_I32_STORE, X_LOCAL_GET2, X_I32_ADD_SC, OP_F32_STORE, X_LOCAL_GET2): X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2,
    (OP_I32_CONST, OP_I32_STORE, X_LOCAL_GET2, X_I32_ADD_SC, OP_I64_STORE32, X_LOCAL_GET2): X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2,
    (OP_I32_CONST, OP_F32_STORE, X_LOCAL_GET2, X_I32_ADD_SC, OP_I32_STORE, X_LOCAL_GET2): X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2,
    (OP_I32_CONST, OP_F32_STORE, X_LOCAL_GET2, X_I32_ADD_SC, OP_F32_STORE, X_LOCAL_GET2): X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2,
    (OP_I32_CONST, OP_F32_STORE, X_LOCAL_GET2, X_I32_ADD_SC, OP_I64_STORE32, X_LOCAL_GET2): X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2,
    (OP_I32_CONST, OP_I64_STORE32, X_LOCAL_GET2, X_I32_ADD_SC, OP_I32_STORE, X_LOCAL_GET2): X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2,
    (OP_I32_CONST, OP_I64_STORE32, X_LOCAL_GET2, X_I32_ADD_SC, OP_F32_STORE, X_LOCAL_GET2): X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2,
    (OP_I32_CONST, OP_I64_STORE32, X_LOCAL_GET2, X_I32_ADD_SC, OP_I64_STORE32, X_LOCAL_GET2): X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2,
    (OP_F32_CONST, OP_I32_STORE, X_LOCAL_GET2, X_I32_ADD_SC, OP_I32_STORE, X_LOCAL_GET2): X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2,
    (OP_F32_CONST, OP_I32_STORE, X_LOCAL_GET2, X_I32_ADD_SC, OP_F32_STORE, X_LOCAL_GET2): X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2,
    (OP_F32_CONST, OP_I32_STORE, X_LOCAL_GET2, X_I32_ADD_SC, OP_I64_STORE32, X_LOCAL_GET2): X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2,
    (OP_F32_CONST, OP_F32_STORE, X_LOCAL_GET2, X_I32_ADD_SC, OP_I32_STORE, X_LOCAL_GET2): X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2,
    (OP_F32_CONST, OP_F32_STORE, X_LOCAL_GET2, X_I32_ADD_SC, OP_F32_STORE, X_LOCAL_GET2): X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2,
    (OP_F32_CONST, OP_F32_STORE, X_LOCAL_GET2, X_I32_ADD_SC, OP_I64_STORE32, X_LOCAL_GET2): X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2,
    (OP_F32_CONST, OP_I64_STORE32, X_LOCAL_GET2, X_I32_ADD_SC, OP_I32_STORE, X_LOCAL_GET2): X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2,
    (OP_F32_CONST, OP_I64_STORE32, X_LOCAL_GET2, X_I32_ADD_SC, OP_F32_STORE, X_LOCAL_GET2): X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2,
    (OP_F32_CONST, OP_I64_STORE32, X_LOCAL_GET2, X_I32_ADD_SC, OP_I64_STORE32, X_LOCAL_GET2): X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2,
    (OP_SELECT, X_LOCAL_TEE_GET, X_LOCAL_GET2): X_SEQ_SELECT__LOCAL_TEE_GET__LOCAL_GET2,
    (OP_LOCAL_GET, X_LOCAL_SET_GET): X_SEQ_LOCAL_GET__LOCAL_SET_GET,
    (X_I32_LOAD_L_TEE, X_I32_SHL_SC, OP_I32_ADD, X_I32_ADD_SC_TEE, X_I32_AND_LL, X_I32_XOR_SC, X_I32_SHL_SC, OP_I32_ADD): X_SEQ_I32_LOAD_L_TEE__I32_SHL_SC__I32_ADD__I32_ADD_SC_TEE__I32_AND_LL__I32_XOR_SC__I32_SHL_SC__I32_ADD,
    (OP_I32_STORE8, X_LOCAL_GET2, X_I32_MUL_SC, X_I32_ADD_SC, X_I32_SHR_U_SC, OP_I32_STORE8, X_I32_ADD_LC_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_STORE8__LOCAL_GET2__I32_MUL_SC__I32_ADD_SC__I32_SHR_U_SC__I32_STORE8__I32_ADD_LC_TEE__BR_IF_SC_I32_NE,
    (OP_I32_STORE8, X_LOCAL_GET2, X_I32_MUL_SC, X_I32_ADD_SC, X_I32_SHR_U_SC, OP_I64_STORE8, X_I32_ADD_LC_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_STORE8__LOCAL_GET2__I32_MUL_SC__I32_ADD_SC__I32_SHR_U_SC__I32_STORE8__I32_ADD_LC_TEE__BR_IF_SC_I32_NE,
    (OP_I64_STORE8, X_LOCAL_GET2, X_I32_MUL_SC, X_I32_ADD_SC, X_I32_SHR_U_SC, OP_I32_STORE8, X_I32_ADD_LC_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_STORE8__LOCAL_GET2__I32_MUL_SC__I32_ADD_SC__I32_SHR_U_SC__I32_STORE8__I32_ADD_LC_TEE__BR_IF_SC_I32_NE,
    (OP_I64_STORE8, X_LOCAL_GET2, X_I32_MUL_SC, X_I32_ADD_SC, X_I32_SHR_U_SC, OP_I64_STORE8, X_I32_ADD_LC_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_STORE8__LOCAL_GET2__I32_MUL_SC__I32_ADD_SC__I32_SHR_U_SC__I32_STORE8__I32_ADD_LC_TEE__BR_IF_SC_I32_NE,
    (OP_LOCAL_GET, OP_CALL): X_SEQ_LOCAL_GET__CALL,
    (OP_SELECT, X_LOCAL_SET_GET, X_I32_ADD_SC_SET): X_SEQ_SELECT__LOCAL_SET_GET__I32_ADD_SC_SET,
    (X_I32_ADD_SC_SET, X_I32_ADD_LC): X_SEQ_I32_ADD_SC_SET__I32_ADD_LC,
    (OP_I64_CONST, OP_LOCAL_GET, OP_I32_REINTERPRET_F32): X_SEQ_I64_CONST__LOCAL_GET__I32_REINTERPRET_F32,
    (OP_I64_CONST, OP_LOCAL_GET, OP_F32_REINTERPRET_I32): X_SEQ_I64_CONST__LOCAL_GET__I32_REINTERPRET_F32,
    (OP_I64_CONST, OP_LOCAL_GET, OP_I64_REINTERPRET_F64): X_SEQ_I64_CONST__LOCAL_GET__I32_REINTERPRET_F32,
    (OP_I64_CONST, OP_LOCAL_GET, OP_F64_REINTERPRET_I64): X_SEQ_I64_CONST__LOCAL_GET__I32_REINTERPRET_F32,
    (OP_F64_CONST, OP_LOCAL_GET, OP_I32_REINTERPRET_F32): X_SEQ_I64_CONST__LOCAL_GET__I32_REINTERPRET_F32,
    (OP_F64_CONST, OP_LOCAL_GET, OP_F32_REINTERPRET_I32): X_SEQ_I64_CONST__LOCAL_GET__I32_REINTERPRET_F32,
    (OP_F64_CONST, OP_LOCAL_GET, OP_I64_REINTERPRET_F64): X_SEQ_I64_CONST__LOCAL_GET__I32_REINTERPRET_F32,
    (OP_F64_CONST, OP_LOCAL_GET, OP_F64_REINTERPRET_I64): X_SEQ_I64_CONST__LOCAL_GET__I32_REINTERPRET_F32,
    (X_I32_ADD_LC_TEE, X_I64_LOAD_S_TEE, X_I64_SHR_U_SC): X_SEQ_I32_ADD_LC_TEE__I64_LOAD_S_TEE__I64_SHR_U_SC,
    (X_LOCAL_ADD_C, X_JUMP): X_SEQ_LOCAL_ADD_C__JUMP,
    (X_I32_AND_LC, X_BR_IF): X_SEQ_I32_AND_LC__BR_IF,
    (X_I64_STORE_LL, OP_LOCAL_GET, X_LOCAL_SET_GET, X_LOCAL_SET_GET, X_I32_ADD_SC_SET, X_JUMP): X_SEQ_I64_STORE_LL__LOCAL_GET__LOCAL_SET_GET__LOCAL_SET_GET__I32_ADD_SC_SET__JUMP,
    (X_I32_ADD_LC_TEE, X_BR_IF_SL_I32_LT_U): X_SEQ_I32_ADD_LC_TEE__BR_IF_SL_I32_LT_U,
    (OP_LOCAL_GET, OP_I32_WRAP_I64, X_I32_ADD_SC_TEE, X_I32_LOAD_L, X_I32_ADD_SC, OP_I32_STORE): X_SEQ_LOCAL_GET__I32_WRAP_I64__I32_ADD_SC_TEE__I32_LOAD_L__I32_ADD_SC__I32_STORE,
    (OP_LOCAL_GET, OP_I32_WRAP_I64, X_I32_ADD_SC_TEE, X_I32_LOAD_L, X_I32_ADD_SC, OP_F32_STORE): X_SEQ_LOCAL_GET__I32_WRAP_I64__I32_ADD_SC_TEE__I32_LOAD_L__I32_ADD_SC__I32_STORE,
    (OP_LOCAL_GET, OP_I32_WRAP_I64, X_I32_ADD_SC_TEE, X_I32_LOAD_L, X_I32_ADD_SC, OP_I64_STORE32): X_SEQ_LOCAL_GET__I32_WRAP_I64__I32_ADD_SC_TEE__I32_LOAD_L__I32_ADD_SC__I32_STORE,
    (X_I32_SHL_LC, OP_I32_OR, OP_I32_STORE, X_JUMP_FWD): X_SEQ_I32_SHL_LC__I32_OR__I32_STORE__JUMP_FWD,
    (X_I32_SHL_LC, OP_I32_OR, OP_F32_STORE, X_JUMP_FWD): X_SEQ_I32_SHL_LC__I32_OR__I32_STORE__JUMP_FWD,
    (X_I32_SHL_LC, OP_I32_OR, OP_I64_STORE32, X_JUMP_FWD): X_SEQ_I32_SHL_LC__I32_OR__I32_STORE__JUMP_FWD,
    (X_LOCAL_GET2, X_I32_ADD_SC): X_SEQ_LOCAL_GET2__I32_ADD_SC,
    (X_LOCAL_ADD_C, X_I32_ADD_LC_TEE, X_BR_IF_SC_I32_GT_U): X_SEQ_LOCAL_ADD_C__I32_ADD_LC_TEE__BR_IF_SC_I32_GT_U,
    (OP_I32_STORE8, OP_LOCAL_GET, X_LOCAL_SET_GET, X_I32_ADD_SC_TEE, X_BR_IF): X_SEQ_I32_STORE8__LOCAL_GET__LOCAL_SET_GET__I32_ADD_SC_TEE__BR_IF,
    (OP_I64_STORE8, OP_LOCAL_GET, X_LOCAL_SET_GET, X_I32_ADD_SC_TEE, X_BR_IF): X_SEQ_I32_STORE8__LOCAL_GET__LOCAL_SET_GET__I32_ADD_SC_TEE__BR_IF,
    (X_I32_ADD_LC, X_I32_MUL_LC, X_I32_ADD_SC_TEE, X_I32_SHR_U_SC): X_SEQ_I32_ADD_LC__I32_MUL_LC__I32_ADD_SC_TEE__I32_SHR_U_SC,
    (X_I32_LOAD_L_TEE, X_BR_IF): X_SEQ_I32_LOAD_L_TEE__BR_IF,
    (OP_I32_STORE, X_I32_ADD_LC_TEE, X_I32_LOAD_L): X_SEQ_I32_STORE__I32_ADD_LC_TEE__I32_LOAD_L,
    (OP_F32_STORE, X_I32_ADD_LC_TEE, X_I32_LOAD_L): X_SEQ_I32_STORE__I32_ADD_LC_TEE__I32_LOAD_L,
    (OP_I64_STORE32, X_I32_ADD_LC_TEE, X_I32_LOAD_L): X_SEQ_I32_STORE__I32_ADD_LC_TEE__I32_LOAD_L,
    (X_LOCAL_GET2, X_I32_LOAD8_U_C_TEE, X_I32_SHL_SC, X_I32_LOAD16_U_C, OP_I32_MUL, OP_I32_SUB, OP_LOCAL_TEE, X_I32_ADD_SC_TEE): X_SEQ_LOCAL_GET2__I32_LOAD8_U_C_TEE__I32_SHL_SC__I32_LOAD16_U_C__I32_MUL__I32_SUB__LOCAL_TEE__I32_ADD_SC_TEE,
    (X_LOCAL_GET2, X_I32_ADD_SC, OP_I32_STORE): X_SEQ_LOCAL_GET2__I32_ADD_SC__I32_STORE,
    (X_LOCAL_GET2, X_I32_ADD_SC, OP_F32_STORE): X_SEQ_LOCAL_GET2__I32_ADD_SC__I32_STORE,
    (X_LOCAL_GET2, X_I32_ADD_SC, OP_I64_STORE32): X_SEQ_LOCAL_GET2__I32_ADD_SC__I32_STORE,
    (OP_LOCAL_GET, OP_LOCAL_SET): X_SEQ_LOCAL_GET__LOCAL_SET,
    (X_LOCAL_GET2, X_BR_IF_I32_LE_U): X_SEQ_LOCAL_GET2__BR_IF_I32_LE_U,
    (OP_LOCAL_GET, OP_LOCAL_TEE): X_SEQ_LOCAL_GET__LOCAL_TEE,
    (X_LOCAL_GET2, OP_CALL): X_SEQ_LOCAL_GET2__CALL,
    (X_I32_AND_SC, X_BR_IF_SC_I32_NE): X_SEQ_I32_AND_SC__BR_IF_SC_I32_NE,
    (X_LOCAL_ADD_C, X_LOCAL_ADD_C, X_I32_ADD_LC_TEE, X_BR_IF): X_SEQ_LOCAL_ADD_C__LOCAL_ADD_C__I32_ADD_LC_TEE__BR_IF,
    (X_I32_SHL_SC, OP_I32_ADD, OP_LOCAL_TEE, X_I64_LOAD_S_SET, OP_LOCAL_GET, OP_I64_CONST, OP_I64_STORE, X_BR_IF_LC_I64_LT_U): X_SEQ_I32_SHL_SC__I32_ADD__LOCAL_TEE__I64_LOAD_S_SET__LOCAL_GET__I64_CONST__I64_STORE__BR_IF_LC_I64_LT_U,
    (X_I32_SHL_SC, OP_I32_ADD, OP_LOCAL_TEE, X_I64_LOAD_S_SET, OP_LOCAL_GET, OP_I64_CONST, OP_F64_STORE, X_BR_IF_LC_I64_LT_U): X_SEQ_I32_SHL_SC__I32_ADD__LOCAL_TEE__I64_LOAD_S_SET__LOCAL_GET__I64_CONST__I64_STORE__BR_IF_LC_I64_LT_U,
    (X_I32_SHL_SC, OP_I32_ADD, OP_LOCAL_TEE, X_I64_LOAD_S_SET, OP_LOCAL_GET, OP_F64_CONST, OP_I64_STORE, X_BR_IF_LC_I64_LT_U): X_SEQ_I32_SHL_SC__I32_ADD__LOCAL_TEE__I64_LOAD_S_SET__LOCAL_GET__I64_CONST__I64_STORE__BR_IF_LC_I64_LT_U,
    (X_I32_SHL_SC, OP_I32_ADD, OP_LOCAL_TEE, X_I64_LOAD_S_SET, OP_LOCAL_GET, OP_F64_CONST, OP_F64_STORE, X_BR_IF_LC_I64_LT_U): X_SEQ_I32_SHL_SC__I32_ADD__LOCAL_TEE__I64_LOAD_S_SET__LOCAL_GET__I64_CONST__I64_STORE__BR_IF_LC_I64_LT_U,
    (X_I32_ADD_LL_TEE, X_BR_IF_SL_I32_LT_U): X_SEQ_I32_ADD_LL_TEE__BR_IF_SL_I32_LT_U,
    (X_I32_ADD_LC_TEE, X_I64_LOAD_S_TEE, X_I32_ADD_LC_TEE, X_I64_LOAD_S_TEE, OP_I64_OR, X_BR_IF_SC_I64_GT_U): X_SEQ_I32_ADD_LC_TEE__I64_LOAD_S_TEE__I32_ADD_LC_TEE__I64_LOAD_S_TEE__I64_OR__BR_IF_SC_I64_GT_U,
    (X_I32_ADD_LC_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_ADD_LC_TEE__BR_IF_SC_I32_NE,
    (OP_LOCAL_GET, OP_I32_CONST, OP_I32_STORE): X_SEQ_LOCAL_GET__I32_CONST__I32_STORE,
    (OP_LOCAL_GET, OP_I32_CONST, OP_F32_STORE): X_SEQ_LOCAL_GET__I32_CONST__I32_STORE,
    (OP_LOCAL_GET, OP_I32_CONST, OP_I64_STORE32): X_SEQ_LOCAL_GET__I32_CONST__I32_STORE,
    (OP_LOCAL_GET, OP_F32_CONST, OP_I32_STORE): X_SEQ_LOCAL_GET__I32_CONST__I32_STORE,
    (OP_LOCAL_GET, OP_F32_CONST, OP_F32_STORE): X_SEQ_LOCAL_GET__I32_CONST__I32_STORE,
    (OP_LOCAL_GET, OP_F32_CONST, OP_I64_STORE32): X_SEQ_LOCAL_GET__I32_CONST__I32_STORE,
    (X_I32_LOAD8_U_L_SET, X_BR_IF_LC_I32_NE): X_SEQ_I32_LOAD8_U_L_SET__BR_IF_LC_I32_NE,
    (OP_I32_ADD, OP_LOCAL_TEE): X_SEQ_I32_ADD__LOCAL_TEE,
    (X_I32_AND_LC, X_BR_IF_I32_EQZ): X_SEQ_I32_AND_LC__BR_IF_I32_EQZ,
    (X_LOCAL_ADD_C, OP_LOCAL_GET, X_LOCAL_SET_GET, X_I32_ADD_SC_SET, X_JUMP): X_SEQ_LOCAL_ADD_C__LOCAL_GET__LOCAL_SET_GET__I32_ADD_SC_SET__JUMP,
    (OP_I32_STORE16, X_I32_STORE16_LL, X_I32_ADD_LC_SET, X_I32_ADD_LC_TEE, X_I32_LOAD16_U_S_TEE, X_I32_ADD_LC): X_SEQ_I32_STORE16__I32_STORE16_LL__I32_ADD_LC_SET__I32_ADD_LC_TEE__I32_LOAD16_U_S_TEE__I32_ADD_LC,
    (OP_I64_STORE16, X_I32_STORE16_LL, X_I32_ADD_LC_SET, X_I32_ADD_LC_TEE, X_I32_LOAD16_U_S_TEE, X_I32_ADD_LC): X_SEQ_I32_STORE16__I32_STORE16_LL__I32_ADD_LC_SET__I32_ADD_LC_TEE__I32_LOAD16_U_S_TEE__I32_ADD_LC,
    (OP_I32_STORE16, X_I32_STORE16_LL, X_LOCAL_ADD_C, X_I32_AND_LC, X_I32_LOAD16_U_L, X_BR_IF_I32_NE): X_SEQ_I32_STORE16__I32_STORE16_LL__LOCAL_ADD_C__I32_AND_LC__I32_LOAD16_U_L__BR_IF_I32_NE,
    (OP_I64_STORE16, X_I32_STORE16_LL, X_LOCAL_ADD_C, X_I32_AND_LC, X_I32_LOAD16_U_L, X_BR_IF_I32_NE): X_SEQ_I32_STORE16__I32_STORE16_LL__LOCAL_ADD_C__I32_AND_LC__I32_LOAD16_U_L__BR_IF_I32_NE,
    (X_I32_AND_SC_SET, X_I32_LOAD_L_SET): X_SEQ_I32_AND_SC_SET__I32_LOAD_L_SET,
    (OP_I32_CONST, OP_CALL): X_SEQ_I32_CONST__CALL,
    (OP_F32_CONST, OP_CALL): X_SEQ_I32_CONST__CALL,
    (X_LOCAL_SET_C32, X_LOCAL_SET_C32): X_SEQ_LOCAL_SET_C32__LOCAL_SET_C32,
    (X_I32_SUB_SL, OP_I32_STORE, X_LOCAL_GET2, OP_I32_LOAD, X_I32_ADD_SC, OP_I32_STORE, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_I32_STORE, X_LOCAL_GET2, OP_I32_LOAD, X_I32_ADD_SC, OP_F32_STORE, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_I32_STORE, X_LOCAL_GET2, OP_I32_LOAD, X_I32_ADD_SC, OP_I64_STORE32, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_I32_STORE, X_LOCAL_GET2, OP_F32_LOAD, X_I32_ADD_SC, OP_I32_STORE, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_I32_STORE, X_LOCAL_GET2, OP_F32_LOAD, X_I32_ADD_SC, OP_F32_STORE, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_I32_STORE, X_LOCAL_GET2, OP_F32_LOAD, X_I32_ADD_SC, OP_I64_STORE32, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_I32_STORE, X_LOCAL_GET2, OP_I64_LOAD32_U, X_I32_ADD_SC, OP_I32_STORE, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_I32_STORE, X_LOCAL_GET2, OP_I64_LOAD32_U, X_I32_ADD_SC, OP_F32_STORE, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_I32_STORE, X_LOCAL_GET2, OP_I64_LOAD32_U, X_I32_ADD_SC, OP_I64_STORE32, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_F32_STORE, X_LOCAL_GET2, OP_I32_LOAD, X_I32_ADD_SC, OP_I32_STORE, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_F32_STORE, X_LOCAL_GET2, OP_I32_LOAD, X_I32_ADD_SC, OP_F32_STORE, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_F32_STORE, X_LOCAL_GET2, OP_I32_LOAD, X_I32_ADD_SC, OP_I64_STORE32, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_F32_STORE, X_LOCAL_GET2, OP_F32_LOAD, X_I32_ADD_SC, OP_I32_STORE, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_F32_STORE, X_LOCAL_GET2, OP_F32_LOAD, X_I32_ADD_SC, OP_F32_STORE, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_F32_STORE, X_LOCAL_GET2, OP_F32_LOAD, X_I32_ADD_SC, OP_I64_STORE32, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_F32_STORE, X_LOCAL_GET2, OP_I64_LOAD32_U, X_I32_ADD_SC, OP_I32_STORE, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_F32_STORE, X_LOCAL_GET2, OP_I64_LOAD32_U, X_I32_ADD_SC, OP_F32_STORE, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_F32_STORE, X_LOCAL_GET2, OP_I64_LOAD32_U, X_I32_ADD_SC, OP_I64_STORE32, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_I64_STORE32, X_LOCAL_GET2, OP_I32_LOAD, X_I32_ADD_SC, OP_I32_STORE, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_I64_STORE32, X_LOCAL_GET2, OP_I32_LOAD, X_I32_ADD_SC, OP_F32_STORE, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_I64_STORE32, X_LOCAL_GET2, OP_I32_LOAD, X_I32_ADD_SC, OP_I64_STORE32, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_I64_STORE32, X_LOCAL_GET2, OP_F32_LOAD, X_I32_ADD_SC, OP_I32_STORE, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_I64_STORE32, X_LOCAL_GET2, OP_F32_LOAD, X_I32_ADD_SC, OP_F32_STORE, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_I64_STORE32, X_LOCAL_GET2, OP_F32_LOAD, X_I32_ADD_SC, OP_I64_STORE32, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_I64_STORE32, X_LOCAL_GET2, OP_I64_LOAD32_U, X_I32_ADD_SC, OP_I32_STORE, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_I64_STORE32, X_LOCAL_GET2, OP_I64_LOAD32_U, X_I32_ADD_SC, OP_F32_STORE, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_SUB_SL, OP_I64_STORE32, X_LOCAL_GET2, OP_I64_LOAD32_U, X_I32_ADD_SC, OP_I64_STORE32, X_I32_LOAD16_U_L_TEE, X_BR_IF_SC_I32_NE): X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE,
    (X_I32_ADD_LL_TEE, X_I32_ADD_SC): X_SEQ_I32_ADD_LL_TEE__I32_ADD_SC,
    (X_I32_AND_SC, X_BR_IF): X_SEQ_I32_AND_SC__BR_IF,
    (X_I64_AND_SC, OP_I64_STORE, X_I32_ADD_LC_SET, X_LOCAL_ADD_C, X_LOCAL_ADD_C, X_JUMP): X_SEQ_I64_AND_SC__I64_STORE__I32_ADD_LC_SET__LOCAL_ADD_C__LOCAL_ADD_C__JUMP,
    (X_I64_AND_SC, OP_F64_STORE, X_I32_ADD_LC_SET, X_LOCAL_ADD_C, X_LOCAL_ADD_C, X_JUMP): X_SEQ_I64_AND_SC__I64_STORE__I32_ADD_LC_SET__LOCAL_ADD_C__LOCAL_ADD_C__JUMP,
    (X_LOCAL_GET2, X_I64_LOAD_C): X_SEQ_LOCAL_GET2__I64_LOAD_C,
    (X_I32_LOAD_L, X_I32_SHL_LC, OP_I32_ADD): X_SEQ_I32_LOAD_L__I32_SHL_LC__I32_ADD,
    (X_LOCAL_SET_C32, X_BR_IF_LC_I32_LT_S): X_SEQ_LOCAL_SET_C32__BR_IF_LC_I32_LT_S,
    (X_LOCAL_GET2, X_I32_ADD_SL_TEE): X_SEQ_LOCAL_GET2__I32_ADD_SL_TEE,
    (X_I32_ADD_LC, X_GLOBAL_SET_I32, X_RETURN): X_SEQ_I32_ADD_LC__GLOBAL_SET_I32__RETURN,
    (X_I64_LOAD_S_TEE, X_BR_IF_SC_I64_LT_U): X_SEQ_I64_LOAD_S_TEE__BR_IF_SC_I64_LT_U,
    (OP_I32_CONST, OP_I32_CONST, OP_I32_STORE): X_SEQ_I32_CONST__I32_CONST__I32_STORE,
    (OP_I32_CONST, OP_I32_CONST, OP_F32_STORE): X_SEQ_I32_CONST__I32_CONST__I32_STORE,
    (OP_I32_CONST, OP_I32_CONST, OP_I64_STORE32): X_SEQ_I32_CONST__I32_CONST__I32_STORE,
    (OP_I32_CONST, OP_F32_CONST, OP_I32_STORE): X_SEQ_I32_CONST__I32_CONST__I32_STORE,
    (OP_I32_CONST, OP_F32_CONST, OP_F32_STORE): X_SEQ_I32_CONST__I32_CONST__I32_STORE,
    (OP_I32_CONST, OP_F32_CONST, OP_I64_STORE32): X_SEQ_I32_CONST__I32_CONST__I32_STORE,
    (OP_F32_CONST, OP_I32_CONST, OP_I32_STORE): X_SEQ_I32_CONST__I32_CONST__I32_STORE,
    (OP_F32_CONST, OP_I32_CONST, OP_F32_STORE): X_SEQ_I32_CONST__I32_CONST__I32_STORE,
    (OP_F32_CONST, OP_I32_CONST, OP_I64_STORE32): X_SEQ_I32_CONST__I32_CONST__I32_STORE,
    (OP_F32_CONST, OP_F32_CONST, OP_I32_STORE): X_SEQ_I32_CONST__I32_CONST__I32_STORE,
    (OP_F32_CONST, OP_F32_CONST, OP_F32_STORE): X_SEQ_I32_CONST__I32_CONST__I32_STORE,
    (OP_F32_CONST, OP_F32_CONST, OP_I64_STORE32): X_SEQ_I32_CONST__I32_CONST__I32_STORE,
    (OP_F64_MUL, OP_LOCAL_SET, X_JUMP_FWD): X_SEQ_F64_MUL__LOCAL_SET__JUMP_FWD,
    (X_I32_SHL_SC, OP_I32_ADD, OP_I32_LOAD): X_SEQ_I32_SHL_SC__I32_ADD__I32_LOAD,
    (X_I32_SHL_SC, OP_I32_ADD, OP_F32_LOAD): X_SEQ_I32_SHL_SC__I32_ADD__I32_LOAD,
    (X_I32_SHL_SC, OP_I32_ADD, OP_I64_LOAD32_U): X_SEQ_I32_SHL_SC__I32_ADD__I32_LOAD,
    (X_LOCAL_GET2, X_I32_MUL_SC, X_I32_ADD_SC_TEE): X_SEQ_LOCAL_GET2__I32_MUL_SC__I32_ADD_SC_TEE,
    (X_I32_MUL_LC, X_I32_LOAD8_U_L, OP_I32_ADD, X_LOCAL_SET_GET, X_I32_ADD_SC_SET, X_I32_ADD_LC_TEE, X_BR_IF): X_SEQ_I32_MUL_LC__I32_LOAD8_U_L__I32_ADD__LOCAL_SET_GET__I32_ADD_SC_SET__I32_ADD_LC_TEE__BR_IF,
    (X_LOCAL_GET2, X_I32_SHL_SC, OP_I32_ADD, X_LOCAL_TEE_GET, OP_I32_STORE): X_SEQ_LOCAL_GET2__I32_SHL_SC__I32_ADD__LOCAL_TEE_GET__I32_STORE,
    (X_LOCAL_GET2, X_I32_SHL_SC, OP_I32_ADD, X_LOCAL_TEE_GET, OP_F32_STORE): X_SEQ_LOCAL_GET2__I32_SHL_SC__I32_ADD__LOCAL_TEE_GET__I32_STORE,
    (X_LOCAL_GET2, X_I32_SHL_SC, OP_I32_ADD, X_LOCAL_TEE_GET, OP_I64_STORE32): X_SEQ_LOCAL_GET2__I32_SHL_SC__I32_ADD__LOCAL_TEE_GET__I32_STORE,
    (X_LOCAL_GET2, X_I32_AND_SC): X_SEQ_LOCAL_GET2__I32_AND_SC,
    (X_I32_SHL_LC, X_I32_LOAD_C): X_SEQ_I32_SHL_LC__I32_LOAD_C,
}
# The cells of each opcode that a sequence may continue after.
SEQ_CELLS = {
    X_LOCAL_SET_C64: 4,
    X_I32_LOAD8_U_L_TEE: 4,
    X_I32_SHL_SC: 2,
    X_I32_LOAD_C: 3,
    X_I32_ADD_LC_SET: 4,
    X_LOCAL_GET2: 3,
    X_I32_LOAD16_U_S_TEE: 3,
    OP_I32_ADD: 1,
    X_I64_LOAD_S_TEE: 3,
    X_I64_AND_SC: 3,
    X_LOCAL_ADD_C: 3,
    X_I32_ADD_SC_TEE: 3,
    OP_I32_WRAP_I64: 1,
    X_LOCAL_TEE_GET: 3,
    X_I64_SHR_U_SC: 3,
    OP_LOCAL_TEE: 2,
    OP_I32_STORE8: 2,
    OP_I64_STORE8: 2,
    X_I32_ADD_LC: 3,
    X_I32_MUL_LC: 3,
    X_I32_ADD_SC: 2,
    OP_LOCAL_GET: 2,
    X_LOCAL_SET_GET: 3,
    X_I32_ADD_SC_SET: 3,
    X_I64_STORE_LL: 4,
    X_I64_ADD_SC: 3,
    X_I64_AND_LC: 4,
    OP_I64_CONST: 3,
    OP_F64_CONST: 3,
    OP_I64_GT_U: 1,
    X_GLOBAL_GET_I32: 2,
    X_I32_SUB_SC_TEE: 3,
    OP_LOCAL_SET: 2,
    X_I32_ADD_LC_TEE: 4,
    OP_I32_CONST: 2,
    OP_F32_CONST: 2,
    X_I64_SHR_U_LC: 4,
    X_I32_LT_U_SC: 2,
    X_GLOBAL_SET_I32: 2,
    X_I32_GT_U_SC: 2,
    OP_SELECT: 1,
    X_I32_SHR_U_SC: 2,
    OP_F64_ADD: 1,
    OP_I64_STORE: 2,
    OP_F64_STORE: 2,
    OP_I32_XOR: 1,
    X_I32_LOAD_L_TEE: 4,
    OP_I32_STORE: 2,
    OP_F32_STORE: 2,
    OP_I64_STORE32: 2,
    OP_I64_LOAD: 2,
    OP_F64_LOAD: 2,
    X_I32_MUL_SC: 2,
    X_I32_AND_LL: 3,
    X_I32_XOR_SC: 2,
    X_I32_AND_LC: 3,
    X_I32_LOAD_L: 3,
    X_I32_SHL_LC: 3,
    OP_I32_OR: 1,
    X_I32_LOAD8_U_C_TEE: 4,
    X_I32_LOAD16_U_C: 3,
    OP_I32_MUL: 1,
    OP_I32_SUB: 1,
    X_I32_AND_SC: 2,
    X_I64_LOAD_S_SET: 3,
    X_I32_ADD_LL_TEE: 4,
    OP_I64_OR: 1,
    X_I32_LOAD8_U_L_SET: 4,
    OP_I32_STORE16: 2,
    OP_I64_STORE16: 2,
    X_I32_STORE16_LL: 4,
    X_I32_LOAD16_U_L: 3,
    X_I32_AND_SC_SET: 3,
    X_LOCAL_SET_C32: 3,
    X_I32_SUB_SL: 2,
    OP_I32_LOAD: 2,
    OP_F32_LOAD: 2,
    OP_I64_LOAD32_U: 2,
    X_I32_LOAD16_U_L_TEE: 4,
    OP_F64_MUL: 1,
    X_I32_LOAD8_U_L: 3,
}
# The most cells a sequence stands for.
SEQ_LONGEST = 8
# --- end of gen_seqs.py's table ---

# --- Run status: how `run` left its loop ------------------------------------------------
cdef enum:
    ST_DONE = 0
    ST_UNREACHABLE
    ST_DIV_ZERO
    ST_INT_OVERFLOW
    ST_INVALID_CONV
    ST_MEM_OOB
    ST_TABLE_OOB
    ST_UNDEFINED_ELEM
    ST_UNINIT_ELEM
    ST_INDIRECT_MISMATCH
    ST_CALL_EXHAUSTED
    ST_FUEL_EXHAUSTED
    ST_UNSUPPORTED
    ST_NULL_FUNC_REF
    ST_NULL_REF
    ST_NULL_EXN_REF
    ST_THROW              # a wasm exception (Machine.exc) to unwind to its handler

_TRAP_MESSAGES = {
    ST_UNREACHABLE: "unreachable",
    ST_DIV_ZERO: "integer divide by zero",
    ST_INT_OVERFLOW: "integer overflow",
    ST_INVALID_CONV: "invalid conversion to integer",
    ST_MEM_OOB: "out of bounds memory access",
    ST_TABLE_OOB: "out of bounds table access",
    ST_UNDEFINED_ELEM: "undefined element",
    ST_UNINIT_ELEM: "uninitialized element",
    ST_INDIRECT_MISMATCH: "indirect call type mismatch",
    ST_NULL_FUNC_REF: "null function reference",
    ST_NULL_REF: "null reference",
    ST_NULL_EXN_REF: "null exception reference",
}

cdef int MAX_CALL_DEPTH = _MAX_CALL_DEPTH
cdef Py_ssize_t MAX_LOCALS = _MAX_LOCALS

# --- Fast access to the __slots__ of the core's store objects ----------------------------
# Memory.data, Table.elements and Global.value are read on hot-ish paths; reading the slot
# at its offset avoids a generic attribute lookup. -1: not a slot, use getattr.

cdef Py_ssize_t _slot_offset(cls, str name):
    descr = cls.__dict__.get(name)
    if type(descr).__name__ == "member_descriptor":
        return (<PyMemberDescrObject*>descr).d_member.offset
    return -1

cdef Py_ssize_t MEMORY_DATA = _slot_offset(Memory, "data")
cdef Py_ssize_t TABLE_ELEMENTS = _slot_offset(Table, "elements")
cdef Py_ssize_t GLOBAL_VALUE = _slot_offset(Global, "value")
cdef Py_ssize_t MEMORY_MASK = _slot_offset(Memory, "address_mask")
cdef Py_ssize_t TABLE_MASK = _slot_offset(Table, "address_mask")
cdef PyTypeObject* MEMORY_TYPE = <PyTypeObject*>Memory
cdef PyTypeObject* TABLE_TYPE = <PyTypeObject*>Table
cdef PyTypeObject* GLOBAL_TYPE = <PyTypeObject*>Global
cdef str _DATA = "data"
cdef str _ELEMENTS = "elements"
cdef str _VALUE = "value"
cdef str _ADDRESS_MASK = "address_mask"


cdef inline PyObject* _read_slot(PyObject* obj, Py_ssize_t offset, PyTypeObject* cls,
                                 str name) except NULL:
    """A borrowed reference to obj.name, where name is a slot at `offset` of class cls."""
    cdef PyObject* value
    if offset >= 0 and _type_of(obj) == cls:
        value = (<PyObject**>(<char*>obj + offset))[0]
        if value != NULL:
            return value
    value = PyObject_GetAttr(obj, <PyObject*>name)   # new reference: the object keeps one
    Py_DECREF(<object>value)
    return value


cdef int _mem_view(PyObject* mem, unsigned char** base, uint64_t* size) except -1:
    """The current bytes of a Memory: they move when the bytearray grows."""
    cdef PyObject* data
    if mem == NULL:
        base[0] = NULL
        size[0] = 0
        return 0
    data = _read_slot(mem, MEMORY_DATA, MEMORY_TYPE, _DATA)
    if not PyByteArray_CheckExact(<object>data):
        raise TypeError("Memory.data must be a bytearray")
    base[0] = <unsigned char*>PyByteArray_AS_STRING(data)
    size[0] = <uint64_t>PyByteArray_GET_SIZE(data)
    return 0


cdef PyObject* _table_list(PyObject* table) except NULL:
    cdef PyObject* elements = _read_slot(table, TABLE_ELEMENTS, TABLE_TYPE, _ELEMENTS)
    if not PyList_CheckExact(elements):
        raise TypeError("Table.elements must be a list")
    return elements


# --- Lowered code -----------------------------------------------------------------------
cdef struct Callee:
    PyObject* func           # WasmFunction or HostFunction (kept alive by Code.keep)
    FuncCode* code           # its lowered code, once known; NULL for a host function


cdef struct IndirectCache:
    PyObject* func           # a table element called from this site (owned)
    FuncCode* code           # its code (NULL: a host function)

# call_indirect and call_ref sites each have CACHE_WAYS IndirectCache entries, in pairs;
# the function called picks a pair by its address, and takes either entry of it: a site
# that calls many functions in turn (a visitor, a bytecode VM's handlers, virtual
# methods) finds each in its pair instead of checking its type again in Python (the
# `dispatch` benchmark's 16 targets cost 3x wasm3's time with one entry, and with 8
# entries picked by the address's low bits, 43% of its calls still went to Python:
# objects allocated one after another share those bits).
cdef enum:
    CACHE_BITS = 5
    CACHE_WAYS = 1 << CACHE_BITS


cdef inline IndirectCache* _cache_pair(IndirectCache* site, PyObject* func) noexcept:
    # Fibonacci hashing: the address times 2**64 / phi, its top bits, spread neighbours.
    return site + (((<uint64_t><size_t>func * 0x9E3779B97F4A7C15ULL) >> (64 - CACHE_BITS)) & ~1ULL)


cdef inline IndirectCache* _cache_find(IndirectCache* site, PyObject* func) noexcept:
    """The entry of `func` at a site, or NULL."""
    cdef IndirectCache* pair = _cache_pair(site, func)
    if pair[0].func == func:
        return pair
    if pair[1].func == func:
        return pair + 1
    return NULL


cdef inline IndirectCache* _cache_victim(IndirectCache* site, PyObject* func) noexcept:
    """The entry `func` is to take at a site: a free one of its pair, else the second."""
    cdef IndirectCache* pair = _cache_pair(site, func)
    return pair if pair[0].func == NULL else pair + 1


# --- Globals' values in C while `run` executes ----------------------------------------
# Clang's C code reads and sets its shadow stack pointer (an i32 global) on entry to and
# return from most functions; as a Python int, each access tested the int's type,
# reference count and size and read or wrote its digit (gvm_int_value, gvm_int_assign:
# 3.9% of QuickJS objects' instructions, docs/fast-engine-speed.md round 11). So `run`
# keeps an i32 Global's value in a C cell while it executes: the first access loads the
# Global's value into the cell and makes it live (on the machine's chain); while it is
# live, global.get and global.set read and write `value` and nothing else; _save, which
# runs before every call out of the loop (host functions, other engines, slow paths
# that may run Python code) and at every way out of it, writes the live cells back to
# their Globals (_flush), so Python never sees a Global whose cell is live, and the next
# access after it loads the cell again. One cell per Global (GlobalCell, _CELLS), shared
# by the code of every instance that links it: instances sharing an imported global,
# whose calls into each other stay inside `run`, read and set the same cell.
cdef extern from "native.h":
    # value; field: the Global's `value` slot, NULL in _NO_CELL; next: the machine's
    # chain of live cells (Machine.live). Native code reads and sets them too.
    ctypedef struct GCell:
        uint64_t value
        PyObject** field
        GCell* next
        int live
    # The native tier's (native.pxi)
    ctypedef struct gvm_host:
        void* call
        void* call_indirect
        void* global_get
        void* global_set
        void* memory_grow
        void* poll
    ctypedef struct gvm_inst:
        unsigned char* mem
        uint64_t memsize
        GCell** gcells
        void** direct
        const gvm_host* host
        int* signalled
        PyObject* owner
    ctypedef struct gvm_ctx:
        void* machine
        int depth
        int max_depth
        char* stack_floor
        uint32_t trap_func
        uint32_t trap_at
    ctypedef void (*gvm_entry)(gvm_inst* I, gvm_ctx* X, slot* io) noexcept
    ctypedef int (*gvm_enter_fn)(gvm_inst* I, gvm_ctx* X, gvm_entry entry, slot* io) noexcept


cdef class GlobalCell:
    """The cell of one i32 Global (an exact Global), owned by the codes that link it."""
    cdef GCell c
    cdef object glob         # keeps the Global, whose slot c.field points into, alive
    cdef object __weakref__


# id(Global) -> its GlobalCell, while some code holds it (which holds the Global, so the
# id is not reused meanwhile).
_CELLS = weakref.WeakValueDictionary()

# The cell of a global slot that has none (not an i32 Global): never live, so its arms
# go to global_get/global_set every time.
cdef GCell _NO_CELL


cdef GlobalCell _cell_of(g):
    cdef GlobalCell cell = _CELLS.get(id(g))
    if cell is None:
        cell = GlobalCell()
        cell.glob = g
        cell.c.field = <PyObject**>(<char*><PyObject*>g + GLOBAL_VALUE)
        _CELLS[id(g)] = cell
    return cell


cdef struct FuncCode:
    uint32_t* ops
    int32_t* body_pc         # per cell: index of the wasm instruction it came from
    Py_ssize_t nops
    int nparams
    int nlocals              # params and declared locals
    int nzero                # declared locals a call zeroes, from the first (zeroed_locals)
    int nresults
    Py_ssize_t frame_size    # locals + the most operand slots the body can use
    PyObject* mem            # memory 0 of the instance, or NULL
    Callee* callees
    PyObject** globals
    GCell** gcells           # per global slot: its Global's cell, or &_NO_CELL (link())
    PyObject** tables
    PyObject** mems
    IndirectCache* icache
    int fueled
    PyObject* owner          # the Code object
    gvm_entry native         # its native code (native.pxi: a Code's native_c), or NULL
    gvm_inst* ninst          # and the instance's view for it


cdef class Lowered:
    """A function's lowered code as its module holds it for all instances: the cells,
    and by slot the index of each function, global and table they refer to, which
    link() resolves in an instance (gvm/runtime/lowered.py)."""
    cdef FuncCode c          # ops, body_pc and the sizes; no instance's objects
    cdef tuple callees       # callee slot -> function index
    cdef tuple globals       # global slot -> global index
    cdef tuple tables        # table slot -> table index
    cdef list type_keys      # canonical type keys call_indirect sites require
    cdef tuple handlers      # try_table catch clauses, tags by index (see lower())
    cdef list gc_args        # arguments of GC instructions (gc.pxi)
    cdef Py_ssize_t ncache
    cdef tuple result_types
    cdef tuple param_types

    def __cinit__(self):
        memset(&self.c, 0, sizeof(FuncCode))

    def __dealloc__(self):
        free(self.c.ops)
        free(self.c.body_pc)

    @property
    def cells(self):
        """The lowered code as a list of ints (for tests and the curious)."""
        return [self.c.ops[i] for i in range(self.c.nops)]

    @property
    def nzero(self):
        """How many declared locals, from the first, a call zeroes (zeroed_locals)."""
        return self.c.nzero


cdef class Code:
    """A lowered function linked to its instance: the module's cells (Lowered), and
    the C arrays of the instance's objects they point to by slot. `entry` is what a
    call runs: `c`, or once the function has native code `native_c`, whose cells
    (X_NATIVE, X_RETURN) call it and leave (native.pxi)."""
    cdef FuncCode c
    cdef FuncCode native_c
    cdef FuncCode* entry
    cdef list keep
    cdef readonly Lowered lowered
    cdef readonly object func
    cdef readonly tuple result_types
    cdef readonly tuple param_types
    cdef list type_keys      # the Lowered's
    cdef list handlers       # try_table catch clauses, with the instance's tags
    cdef list gc_args        # the Lowered's
    cdef Py_ssize_t ncache

    def __cinit__(self):
        memset(&self.c, 0, sizeof(FuncCode))
        self.keep = []

    def __dealloc__(self):
        cdef Py_ssize_t i
        if self.c.icache != NULL:
            for i in range(self.ncache):
                Py_XDECREF(self.c.icache[i].func)
        free(self.c.callees)
        free(self.c.globals)
        free(self.c.gcells)
        free(self.c.tables)
        free(self.c.mems)
        free(self.c.icache)

    @property
    def cells(self):
        """The lowered code as a list of ints (for tests and the curious)."""
        return self.lowered.cells

    @property
    def native(self):
        """Whether calls of this function run its native code (native.pxi)."""
        return self.entry == &self.native_c


cdef inline FuncCode* _code_of(object func, bint fueled) except NULL:
    """The code of a WasmFunction in its instance: linked on its first call there,
    lowered on its first call in any instance of its module."""
    cdef Code code = (<dict>(<object>func).compiled).get(_KEY_FUEL if fueled else _KEY)
    if code is None:
        if func.zeros is None:   # more locals than any engine holds (see WasmFunction)
            raise Exhaustion("call stack exhausted")
        if fueled:
            lowered = func.instance.module.lowered.code(_KEY_FUEL, func, _LOWER_FUEL)
        else:
            lowered = func.instance.module.lowered.code(_KEY, func, _LOWER, _KEEP)
        code = link(func, lowered)
    return code.entry

cdef str _KEY = "fast"
cdef str _KEY_FUEL = "fast+fuel"


# --- Lowering ---------------------------------------------------------------------------

# Stack effect (pops, pushes) of every instruction with a fixed signature.
cdef list _EFFECT = [None if op.params is None else (len(op.params), len(op.results))
                     for op in O.OPCODES]

# Instructions `run` executes as they are (the rest is lowered to X_* cells, or to
# X_UNSUPPORTED).
cdef set _NUMERIC = {op.id for op in O.OPCODES if op.is_numeric}

cdef set _LOADS_STORES = {op.id for op in O.OPCODES
                          if op.imm == O.MEMARG and op.prefix == 0}

# Comparisons that fuse with a following br_if or if, as (br_if form, if form).
cdef dict _CMP_BRANCH = {
    OP_I32_EQ: (X_BR_IF_I32_EQ, X_IF_I32_EQ), OP_I32_NE: (X_BR_IF_I32_NE, X_IF_I32_NE),
    OP_I32_LT_S: (X_BR_IF_I32_LT_S, X_IF_I32_LT_S), OP_I32_LT_U: (X_BR_IF_I32_LT_U, X_IF_I32_LT_U),
    OP_I32_GT_S: (X_BR_IF_I32_GT_S, X_IF_I32_GT_S), OP_I32_GT_U: (X_BR_IF_I32_GT_U, X_IF_I32_GT_U),
    OP_I32_LE_S: (X_BR_IF_I32_LE_S, X_IF_I32_LE_S), OP_I32_LE_U: (X_BR_IF_I32_LE_U, X_IF_I32_LE_U),
    OP_I32_GE_S: (X_BR_IF_I32_GE_S, X_IF_I32_GE_S), OP_I32_GE_U: (X_BR_IF_I32_GE_U, X_IF_I32_GE_U),
    OP_I32_EQZ: (X_BR_IF_I32_EQZ, X_IF_I32_EQZ), OP_I64_EQZ: (X_BR_IF_I64_EQZ, None),
    OP_I64_NE: (X_BR_IF_I64_NE, None), OP_I64_EQ: (X_BR_IF_I64_EQ, None),
}
# The register forms of fused.pxi: operator -> the constant instruction of its type.
cdef dict _CONST_OF_TYPE = {"i32": OP_I32_CONST, "i64": OP_I64_CONST, "f32": OP_F32_CONST,
                           "f64": OP_F64_CONST}
# T.const; local.set -> the instruction that sets the local to the constant's bits.
CONST_TO_LOCAL = {OP_I32_CONST: X_LOCAL_SET_C32, OP_F32_CONST: X_LOCAL_SET_C32,
                  OP_I64_CONST: X_LOCAL_SET_C64, OP_F64_CONST: X_LOCAL_SET_C64}
cdef dict _FUSED_CONST = {op: _CONST_OF_TYPE[O.OPCODES[op].name[:3]] for op, _form, _dest in FUSED}
cdef dict _BRANCH_CONST = {op: _CONST_OF_TYPE[O.OPCODES[op].name[:3]] for op, _form in BRANCH_C}
# local.set / local.tee after a register form -> its destination suffix.
cdef dict _DEST = {OP_LOCAL_SET: "_SET", OP_LOCAL_TEE: "_TEE"}


cdef str _operand(int first, int op):
    """The register form's letter ("L" a local, "C" a constant) of instruction `first` as
    the operand of the register-form operator `op`, or None."""
    if op not in _FUSED_CONST:
        return None
    if first == OP_LOCAL_GET:
        return "L"
    if first == _FUSED_CONST[op]:
        return "C"
    return None

cdef bint _adds_constant(tuple ops):
    """Whether `ops` starts `i32.const c; i32.add` or `i32.const c; i32.sub`: an address
    plus a constant, for the C forms of the loads and stores (gen_fused.py)."""
    return ops[0] == OP_I32_CONST and (ops[1] == OP_I32_ADD or ops[1] == OP_I32_SUB)


cdef object _added(list body, Py_ssize_t i):
    """The constant that `i32.const c; i32.add` (or `i32.sub`) at body[i] adds, as bits."""
    c = body[i].imm
    return (-c if body[i + 1].op == OP_I32_SUB else c) & 0xFFFFFFFF


# Unsupported-instruction names, by X_UNSUPPORTED's immediate.
cdef tuple _NAMES = tuple(op.name for op in O.OPCODES)


class _Ctrl:
    """A block being lowered: its kind, operand height at entry (below its params),
    arities, and whether a branch to it carries a v128 (loop: params, else results)."""
    __slots__ = ("op", "height", "nparams", "nresults", "v128")

    def __init__(self, op, height, nparams, nresults, v128=False):
        self.op = op
        self.height = height
        self.nparams = nparams
        self.nresults = nresults
        self.v128 = v128


class _Lowering:
    """Turns one validated body into cells. Tracks the operand height statically (the
    validator guarantees every path agrees) and skips code that cannot be reached."""

    def __init__(self, func, fueled):
        self.func = func
        self.fueled = fueled
        self.module = func.instance.module
        self.spaces = self.module.lowered.spaces   # no instance's objects: see lower()
        self.types = self.module.ast.types
        self.body = func.func.body.decode()
        self.side = func.info.side
        self.locals = func.info.locals
        self.nlocals = len(func.info.locals)
        self.cells = []
        self.pcs = []
        self.pos = [-1] * len(self.body)   # body pc -> cell index of its code
        self.patches = []                  # (cell index, body pc it must point to)
        self.callees, self.callee_slot = [], {}
        self.globals, self.global_slot = [], {}
        self.tables, self.table_slot = [], {}
        self.type_keys, self.type_key_slot = [], {}
        self.gc_args = []
        self.ncache = 0
        self.dead_depth = 0
        self.fused_dead = False
        self.h = 0
        self.hmax = 0
        self.ctrls = None
        self.targets = set()
        for pc, entry in self.side.items():
            if self.body[pc].op == OP_SELECT:     # the validator's v128 mark, not a jump
                continue
            if type(entry) is Label:
                self.targets.add(entry.target)
            elif type(entry) is tuple:
                self.targets.update(label.target for label in entry)
            else:
                self.targets.add(entry)
        for _start, _end, clauses in func.info.handlers:   # try_table's catch clauses
            self.targets.update(label.target for _kind, _tag, label in clauses)
        # Memory 0 is 32-bit: its loads and stores run inline and may fuse.
        self.mem0_32 = bool(self.spaces.mems) and not self.spaces.mem64(0)

    # --- output -------------------------------------------------------------------------
    def emit(self, pc, *cells):
        self.cells.extend(cells)
        self.pcs.extend([pc] * len(cells))

    def target(self, body_pc):
        """A cell holding the cell index of body pc `body_pc`, patched at the end."""
        self.patches.append((len(self.cells), body_pc))
        return 0

    def emit_branch(self, pc, op, body_target, *rest):
        self.cells.append(op)
        self.pcs.append(pc)
        self.patches.append((len(self.cells), body_target))
        self.emit(pc, 0, *rest)

    def grow(self, pops, pushes):
        self.h += pushes - pops
        if self.h > self.hmax:
            self.hmax = self.h

    def callee(self, funcidx):
        slot = self.callee_slot.get(funcidx)
        if slot is None:
            slot = self.callee_slot[funcidx] = len(self.callees)
            self.callees.append(funcidx)
        return slot

    def type_key(self, typeidx):
        """Slot of the canonical type key that call_indirect requires (see
        gvm.validate.canonical): a callee matches when its type_ids hold it."""
        key = self.module.type_keys[typeidx]
        slot = self.type_key_slot.get(key)
        if slot is None:
            slot = self.type_key_slot[key] = len(self.type_keys)
            self.type_keys.append(key)
        return slot

    def global_(self, idx):
        slot = self.global_slot.get(idx)
        if slot is None:
            slot = self.global_slot[idx] = len(self.globals)
            self.globals.append(idx)
        return slot

    def table(self, idx):
        slot = self.table_slot.get(idx)
        if slot is None:
            slot = self.table_slot[idx] = len(self.tables)
            self.tables.append(idx)
        return slot

    def block_arity(self, bt):
        if bt is None:
            return 0, 0
        if type(bt) is T.TypeIdx:
            ft = self.func_type(bt)
            return len(ft.params), len(ft.results)
        return 0, 1

    def block_ctrl(self, op, bt):
        """The _Ctrl of a block, loop or if of block type `bt` opening at the current height
        (its params on top)."""
        nparams, nresults = self.block_arity(bt)
        if bt is None:
            types = ()
        elif type(bt) is T.TypeIdx:
            ft = self.func_type(bt)
            types = ft.params if op == OP_LOOP else ft.results
        else:
            types = (bt,)
        return _Ctrl(op, self.h - nparams, nparams, nresults, T.V128 in types)

    def is_v128_local(self, *indices):
        return any(self.locals[x] == T.V128 for x in indices)

    def label_v128(self, i):
        """Whether the branch at body[i] carries a v128 (its label's block types)."""
        depth = self.body[i].imm
        if type(depth) is tuple:                     # br_table: (labels, default)
            depths = list(depth[0]) + [depth[1]]
        else:
            depths = [depth]
        return any(self.ctrls[-1 - d].v128 for d in depths)

    def local_return(self, i):
        """`local.get x; return` (or the function's final `end`) at body[i] as one
        cell, X_RETURN_L, if the function has one result and it is not a v128; else
        False, with nothing emitted."""
        x = self.body[i].imm
        results = self.func.type.results
        if len(results) != 1 or results[0] == T.V128 or self.is_v128_local(x):
            return False
        self.grow(0, 1)
        self.emit(i + 1, X_RETURN_L, x)
        return True

    def emit_return(self, i):
        """X_RETURN, preceded by the move of the results' high halves if one is a v128."""
        results = self.func.type.results
        if T.V128 in results:
            self.emit(i, X_V128_RESULTS, len(results), 0)
        self.emit(i, X_RETURN)

    def func_type(self, typeidx):
        t = self.types[typeidx]
        return getattr(t, "comp", t)     # a SubType wraps its composite type (GC)

    def ops_at(self, i, n):
        """The opcodes of body[i:i+n] if none but the first is a branch target."""
        body = self.body
        if i + n > len(body):
            return None
        for k in range(i + 1, i + n):
            if k in self.targets:
                return None
        return tuple(body[k].op for k in range(i, i + n))

    def jump_table(self, i, fwd_form, form, *imms):
        """Lower the br_table at body[i] (its index already popped) as `fwd_form` if
        every target is forward, else `form`: cells n, `imms`, then a target per label,
        the default last. False, with nothing emitted, unless it is a C switch: no label
        takes values that must move (clang's br_tables carry none)."""
        labels = self.side[i]
        if self.label_v128(i) or not all(self.no_move(label) for label in labels):
            return False
        forward = all(label.target > i for label in labels)
        self.emit(i, fwd_form if forward else form, len(labels) - 1, *imms)
        for label in labels:
            self.emit(i, self.target(label.target))
        return True

    def no_move(self, label):
        """Whether a branch to `label` from the current height needs no value moved."""
        return self.h - label.arity == label.height

    # --- the walk -----------------------------------------------------------------------
    def run(self):
        body = self.body
        ft = self.func.type
        self.ctrls = ctrls = [_Ctrl(OP_BLOCK, 0, 0, len(ft.results), T.V128 in ft.results)]
        self.zero_v128_locals()
        dead = False
        dead_depth = 0
        i = 0
        n = len(body)
        while i < n:
            instr = body[i]
            op = instr.op
            if dead:
                if O.OPCODES[op].imm in BLOCK_IMMEDIATES:
                    dead_depth += 1
                    i += 1
                    continue
                if op == OP_END and dead_depth:
                    dead_depth -= 1
                    i += 1
                    continue
                if op not in (OP_END, OP_ELSE) or dead_depth:
                    i += 1
                    continue
            self.pos[i] = len(self.cells)
            if op == OP_END:
                ctrl = ctrls.pop()
                # An inner `end` runs only when reached in order (branches land after
                # it); the function's final `end` is also where branches to it land.
                if self.fueled and (not dead or not ctrls):
                    self.emit(i, X_FUEL)
                if not ctrls:
                    self.emit_return(i)
                    i += 1
                    continue
                self.h = ctrl.height + ctrl.nresults
                self.hmax = max(self.hmax, self.h)
                dead = False
                i += 1
                continue
            if op == OP_ELSE:
                ctrl = ctrls[-1]
                if not dead:
                    if self.fueled:
                        self.emit(i, X_FUEL)
                    self.emit_branch(i, X_JUMP_FWD, self.side[i])
                ctrl.op = OP_ELSE
                self.h = ctrl.height + ctrl.nparams
                dead = False
                i += 1
                continue
            if self.fueled:
                self.emit(i, X_FUEL)
                consumed = 0
            else:
                consumed = self.fuse(i)
                dead = self.fused_dead      # the fused code ends in a branch or return
                self.fused_dead = False
            if not consumed:
                consumed = 1
                dead = self.one(i, instr, ctrls)
                dead_depth = self.dead_depth
                self.dead_depth = 0
            i += consumed
        if ctrls:
            raise WasmError("lowering: unbalanced body")

    def zero_v128_locals(self):
        """The declared v128 locals start at zero in both halves; the call zeroes the low."""
        locals_ = self.locals
        ends = locals_.starts[1:] + [len(locals_)]
        for start, end, t in zip(locals_.starts, ends, locals_.types):
            if t == T.V128:
                for x in range(max(start, locals_.params), end):
                    self.emit(0, X_V128_ZERO_LOCAL, x)

    def vector(self, i, op, imm):
        """The cells of vector instruction `op` (simd.pxi's SIMD_CELLS counts them)."""
        row = O.OPCODES[op]
        self.grow(*_EFFECT[op])
        if row.imm in (O.MEMARG, O.MEMARG_LANE):
            offset, memidx = imm[1], imm[2]
            lane = imm[3] if row.imm == O.MEMARG_LANE else 0
            self.emit(i, op, memidx, offset & 0xFFFFFFFF, offset >> 32,
                      self.spaces.mem64(memidx), lane)
        elif row.imm == O.V128:
            self.emit(i, op, *[(imm >> (32 * k)) & 0xFFFFFFFF for k in range(4)])
        elif row.imm == O.SHUFFLE:
            self.emit(i, op, *[int.from_bytes(imm[4 * k:4 * k + 4], "little") for k in range(4)])
        elif row.imm == O.LANE:
            self.emit(i, op, imm)
        else:
            self.emit(i, op)

    def one(self, i, instr, ctrls):
        """Lower body[i] on its own; return True if the code after it is unreachable."""
        op = instr.op
        imm = instr.imm
        eff = _EFFECT[op]
        if op == OP_BLOCK or op == OP_LOOP:
            ctrls.append(self.block_ctrl(op, imm))
        elif op == OP_TRY_TABLE:
            # A block; its catch clauses are in func.info.handlers (see lower()).
            ctrls.append(self.block_ctrl(OP_BLOCK, imm[0]))
        elif op == OP_IF:
            self.grow(1, 0)
            ctrls.append(self.block_ctrl(op, imm))
            self.emit_branch(i, X_BR_UNLESS, self.side[i])
        elif op == OP_NOP:
            pass
        elif op == OP_UNREACHABLE:
            self.emit(i, OP_UNREACHABLE)
            return True
        elif op == OP_BR:
            label = self.side[i]
            if self.no_move(label):
                self.emit_branch(i, X_JUMP if label.target <= i else X_JUMP_FWD, label.target)
            else:
                self.emit_branch(i, X_V128_BR if self.label_v128(i) else X_BR, label.target,
                                 self.nlocals + label.height, label.arity)
            return True
        elif op == OP_BR_IF:
            label = self.side[i]
            self.grow(1, 0)
            if self.no_move(label):
                self.emit_branch(i, X_BR_IF, label.target)
            else:
                self.emit_branch(i, X_V128_BR_IF if self.label_v128(i) else X_BR_IF_MOVE,
                                 label.target, self.nlocals + label.height, label.arity)
        elif op == OP_BR_TABLE:
            labels = self.side[i]
            self.grow(1, 0)
            forward = all(label.target > i for label in labels)
            if self.jump_table(i, X_BR_TABLE_JUMP_FWD, X_BR_TABLE_JUMP):
                return True
            if self.label_v128(i):
                cell = X_V128_BR_TABLE
            elif forward:
                cell = X_BR_TABLE_FWD
            else:
                cell = OP_BR_TABLE
            self.emit(i, cell, len(labels) - 1)
            for label in labels:     # target, dst, arity; the default last
                self.emit(i, self.target(label.target), self.nlocals + label.height, label.arity)
            return True
        elif op == OP_RETURN:
            self.emit_return(i)
            return True
        elif op == OP_CALL or op == OP_RETURN_CALL:
            ft = self.spaces.funcs[imm]
            self.grow(len(ft.params), len(ft.results))
            if op == OP_RETURN_CALL and T.V128 in ft.params:
                self.emit(i, X_V128_RESULTS, len(ft.params), 0)
            self.emit(i, op, self.callee(imm))
            return op == OP_RETURN_CALL
        elif op == OP_CALL_INDIRECT or op == OP_RETURN_CALL_INDIRECT:
            typeidx, tableidx = imm
            ft = self.func_type(typeidx)
            self.grow(1 + len(ft.params), len(ft.results))
            if op == OP_RETURN_CALL_INDIRECT and T.V128 in ft.params:
                self.emit(i, X_V128_RESULTS, len(ft.params), 1)
            cell = op
            if self.spaces.table64(tableidx):
                cell = X_CALL_INDIRECT64 if op == OP_CALL_INDIRECT else X_RETURN_CALL_INDIRECT64
            self.emit(i, cell, self.table(tableidx), self.type_key(typeidx), self.ncache)
            self.ncache += CACHE_WAYS
            return op == OP_RETURN_CALL_INDIRECT
        elif op == OP_CALL_REF or op == OP_RETURN_CALL_REF:
            ft = self.func_type(imm)
            self.grow(1 + len(ft.params), len(ft.results))
            if op == OP_RETURN_CALL_REF and T.V128 in ft.params:
                self.emit(i, X_V128_RESULTS, len(ft.params), 1)
            self.emit(i, op, self.ncache)      # the site's cache entries
            self.ncache += CACHE_WAYS
            return op == OP_RETURN_CALL_REF
        elif op == OP_REF_AS_NON_NULL:
            self.emit(i, op)
        elif op == OP_BR_ON_NULL:
            label = self.side[i]               # taken from the height below the reference
            self.emit_branch(i, X_V128_BR_ON_NULL if self.label_v128(i) else X_BR_ON_NULL,
                             label.target, self.nlocals + label.height, label.arity)
        elif op == OP_BR_ON_NON_NULL:
            label = self.side[i]               # the reference is the label's last value
            self.emit_branch(i, X_V128_BR_ON_NON_NULL if self.label_v128(i) else X_BR_ON_NON_NULL,
                             label.target, self.nlocals + label.height, label.arity)
            self.grow(1, 0)
        elif op == OP_THROW:
            self.grow(len(self.spaces.tags[imm].params), 0)
            self.emit(i, op, imm)
            return True
        elif op == OP_THROW_REF:
            self.grow(1, 0)
            self.emit(i, op)
            return True
        elif op == OP_DROP:
            self.grow(1, 0)
            self.emit(i, OP_DROP)
        elif op == OP_SELECT or op == OP_SELECT_T:
            self.grow(3, 1)
            v128 = self.side.get(i) == T.V128 if op == OP_SELECT else imm[0] == T.V128
            self.emit(i, X_V128_SELECT if v128 else OP_SELECT)
        elif op == OP_LOCAL_GET:
            self.grow(0, 1)
            self.emit(i, X_V128_LOCAL_GET if self.is_v128_local(imm) else op, imm)
        elif op == OP_LOCAL_SET:
            self.grow(1, 0)
            self.emit(i, X_V128_LOCAL_SET if self.is_v128_local(imm) else op, imm)
        elif op == OP_LOCAL_TEE:
            self.emit(i, X_V128_LOCAL_TEE if self.is_v128_local(imm) else op, imm)
        elif op == OP_GLOBAL_GET or op == OP_GLOBAL_SET:
            kind = self.value_kind(self.spaces.globals[imm].valtype)
            if kind < 0:
                self.grow(*((0, 1) if op == OP_GLOBAL_GET else (1, 0)))
                self.emit(i, X_V128_GLOBAL_GET if op == OP_GLOBAL_GET else X_V128_GLOBAL_SET,
                          self.global_(imm))
            elif op == OP_GLOBAL_GET:
                self.grow(0, 1)
                self.emit(i, X_GLOBAL_GET_I32 + kind, self.global_(imm))
            else:
                self.grow(1, 0)
                self.emit(i, X_GLOBAL_SET_I32 + kind, self.global_(imm))
        elif op == OP_I32_CONST or op == OP_F32_CONST:
            self.grow(0, 1)
            bits = imm if op == OP_I32_CONST else gvm_double_to_f32(imm)
            self.emit(i, op, bits)
        elif op == OP_I64_CONST or op == OP_F64_CONST:
            self.grow(0, 1)
            bits = imm if op == OP_I64_CONST else gvm_f64_bits(imm)
            self.emit(i, op, bits & 0xFFFFFFFF, bits >> 32)
        elif op in _LOADS_STORES:
            _align, offset, memidx = imm
            self.grow(*eff)
            if memidx == 0 and self.mem0_32:
                self.emit(i, op, offset)       # validated: a u32
            else:
                self.emit(i, X_MEM, op, memidx, offset & 0xFFFFFFFF, offset >> 32,
                          self.spaces.mem64(memidx))
        elif op in _NUMERIC:
            self.grow(*eff)
            self.emit(i, op)
        elif op == OP_MEMORY_FILL and imm == 0 and self.mem0_32:
            self.grow(3, 0)
            self.emit(i, X_MEMORY_FILL0)
        elif op == OP_MEMORY_COPY and imm[0] == 0 and imm[1] == 0 and self.mem0_32:
            self.grow(3, 0)
            self.emit(i, X_MEMORY_COPY0)
        elif op == OP_MEMORY_SIZE or op == OP_MEMORY_GROW or op == OP_MEMORY_FILL:
            self.grow(*eff)
            self.emit(i, op, imm)
        elif op == OP_MEMORY_COPY or op == OP_MEMORY_INIT:
            self.grow(3, 0)
            self.emit(i, op, imm[0], imm[1])
        elif op == OP_DATA_DROP or op == OP_ELEM_DROP:
            self.emit(i, op, imm)
        elif op == OP_TABLE_GET:
            self.emit(i, op, self.table(imm))
        elif op == OP_TABLE_SET:
            self.grow(2, 0)
            self.emit(i, op, self.table(imm))
        elif op == OP_TABLE_SIZE:
            self.grow(0, 1)
            self.emit(i, op, self.table(imm))
        elif op == OP_TABLE_GROW:
            self.grow(2, 1)
            self.emit(i, op, self.table(imm))
        elif op == OP_TABLE_FILL:
            self.grow(3, 0)
            self.emit(i, op, self.table(imm))
        elif op == OP_TABLE_COPY:
            self.grow(3, 0)
            self.emit(i, op, self.table(imm[0]), self.table(imm[1]))
        elif op == OP_TABLE_INIT:
            self.grow(3, 0)
            self.emit(i, op, imm[0], self.table(imm[1]))
        elif op == OP_REF_NULL:
            self.grow(0, 1)
            self.emit(i, op)
        elif op == OP_REF_IS_NULL:
            self.emit(i, op)
        elif op == OP_REF_FUNC:
            self.grow(0, 1)
            self.emit(i, op, self.callee(imm))
        elif OP_REF_EQ <= op <= OP_I31_GET_U:
            return gc_lower(self, i, op, imm)
        elif op >= OP_V128_LOAD:
            self.vector(i, op, imm)
        else:
            return self.unsupported(i, op)
        return False

    def unsupported(self, i, op):
        """Raise when executed; what follows in the block is unreachable."""
        self.emit(i, X_UNSUPPORTED, op)
        if O.OPCODES[op].imm in BLOCK_IMMEDIATES:
            self.dead_depth = 1      # a block we do not lower: skip to its end too
        return True

    @staticmethod
    def value_kind(t):
        """0 i32, 1 i64, 2 f32, 3 f64, 4 reference; -1 v128 (X_V128_GLOBAL_*)."""
        if t == T.I32:
            return 0
        if t == T.I64:
            return 1
        if t == T.F32:
            return 2
        if t == T.F64:
            return 3
        if t == T.V128:
            return -1
        return 4

    def fuse(self, i):
        """Lower a superinstruction starting at body[i]; return how many wasm
        instructions it covers, or 0 if none applies."""
        body = self.body
        ops = self.ops_at(i, 5)
        if ops is not None and ops[0] == OP_LOCAL_GET and _adds_constant(ops[1:]):
            a = body[i].imm
            code = self.memory_form(i + 3, "LC", _DEST.get(ops[4], "-"))
            if code:            # local.get a; i32.const c; i32.add; LOAD; local.set/tee x
                self.grow(0, 0 if ops[4] == OP_LOCAL_SET else 1)
                self.emit(i + 3, code, a, _added(body, i + 1), body[i + 3].imm[1], body[i + 4].imm)
                return 5
            code = self.memory_form(i + 4, "LCL") if ops[3] == OP_LOCAL_GET else None
            if code:            # local.get a; i32.const c; i32.add; local.get v; STORE
                self.emit(i + 4, code, a, _added(body, i + 1), body[i + 3].imm, body[i + 4].imm[1])
                return 5
        ops = self.ops_at(i, 4)
        if ops is not None:
            a = body[i].imm
            code = (self.memory_form(i + 3, "LC")
                    if ops[0] == OP_LOCAL_GET and _adds_constant(ops[1:]) else None)
            if code:                            # local.get a; i32.const c; i32.add; LOAD
                self.grow(0, 1)
                self.emit(i + 3, code, a, _added(body, i + 1), body[i + 3].imm[1])
                return 4
            if (ops[0] == OP_LOCAL_GET and ops[1] == OP_I32_CONST and ops[2] in (OP_I32_ADD, OP_I32_SUB)
                    and ops[3] == OP_LOCAL_SET and body[i + 3].imm == a):
                c = body[i + 1].imm
                if ops[2] == OP_I32_SUB:
                    c = (-c) & 0xFFFFFFFF
                self.emit(i + 3, X_LOCAL_ADD_C, a, c)
                return 4
            if (ops[0] == OP_LOCAL_GET and (ops[2], "LC") in BRANCH_C
                    and ops[1] == _BRANCH_CONST[ops[2]]):
                c = self.operand_cells(ops[1], body[i + 1].imm)
                br_form, if_form = BRANCH_C[ops[2], "LC"]
                if ops[3] == OP_BR_IF:
                    label = self.side[i + 3]
                    if self.no_move(label):
                        self.emit_branch(i + 3, br_form, label.target)
                        self.emit(i + 3, a, *c)
                        return 4
                elif ops[3] == OP_IF:
                    return self.fused_if(i, i + 3, if_form, a, *c)
            operand = _operand(ops[1], ops[2])
            if ops[0] == OP_LOCAL_GET and operand and ops[3] in _DEST:
                n = self.register_form(i, "L" + operand, ops[2], _DEST[ops[3]], body[i + 3].imm)
                if n:
                    return n
            if _adds_constant(ops):
                code = self.memory_form(i + 2, "C", _DEST.get(ops[3], "-"))
                if code:                        # i32.const c; i32.add; LOAD; local.set/tee x
                    self.grow(1 if ops[3] == OP_LOCAL_SET else 0, 0)
                    self.emit(i + 2, code, _added(body, i), body[i + 2].imm[1], body[i + 3].imm)
                    return 4
                code = self.memory_form(i + 3, "CL") if ops[2] == OP_LOCAL_GET else None
                if code:                        # i32.const c; i32.add; local.get v; STORE
                    self.grow(1, 0)
                    self.emit(i + 3, code, _added(body, i), body[i + 2].imm, body[i + 3].imm[1])
                    return 4
        ops = self.ops_at(i, 3)
        if ops is not None:
            a = body[i].imm
            if _adds_constant(ops):
                code = self.memory_form(i + 2, "C")
                if code:                        # i32.const c; i32.add; LOAD
                    self.emit(i + 2, code, _added(body, i), body[i + 2].imm[1])
                    return 3
                if ops[2] == OP_BR_TABLE:       # a switch whose cases do not start at 0
                    self.grow(1, 0)
                    if self.jump_table(i + 2, X_BR_TABLE_JUMP_FWD_C, X_BR_TABLE_JUMP_C,
                                       _added(body, i)):
                        self.fused_dead = True
                        return 3
                    self.grow(0, 1)
            if (ops[1], "SC") in BRANCH_C and ops[0] == _BRANCH_CONST[ops[1]]:
                n = self.const_branch(i, BRANCH_C[ops[1], "SC"], ops[2],
                                      *self.operand_cells(ops[0], a))
                if n:
                    return n
            if ops[0] == OP_LOCAL_GET and ops[1] in BRANCH_SL and ops[2] == OP_BR_IF:
                self.grow(1, 0)
                label = self.side[i + 2]
                if self.no_move(label):
                    self.cells.append(BRANCH_SL[ops[1]])
                    self.pcs.append(i + 2)
                    self.emit(i + 2, a)
                    self.patches.append((len(self.cells), label.target))
                    self.emit(i + 2, 0)
                    return 3
                self.grow(0, 1)
            operand = _operand(ops[1], ops[2])
            if ops[0] == OP_LOCAL_GET and operand:
                n = self.register_form(i, "L" + operand, ops[2], "", None)
                if n:
                    return n
            operand = _operand(ops[0], ops[1])
            if operand and ops[2] in _DEST:
                n = self.register_form(i, "S" + operand, ops[1], _DEST[ops[2]], body[i + 2].imm)
                if n:
                    return n
            if ops[0] == OP_LOCAL_GET and ops[1] == OP_LOCAL_GET:
                code = self.memory_form(i + 2, "LL")
                if code:
                    self.emit(i + 2, code, a, body[i + 1].imm, body[i + 2].imm[1])
                    return 3
            if ops[0] == OP_LOCAL_GET and ops[2] in _DEST:
                code = self.memory_form(i + 1, "L", _DEST[ops[2]])
                if code:
                    self.grow(0, 0 if ops[2] == OP_LOCAL_SET else 1)
                    self.emit(i + 1, code, a, body[i + 1].imm[1], body[i + 2].imm)
                    return 3
        ops = self.ops_at(i, 2)
        if ops is None:
            return 0
        first, second = ops
        a = body[i].imm
        if first == OP_LOCAL_GET and (second == OP_RETURN
                                      or second == OP_END and len(self.ctrls) == 1):
            if self.local_return(i):
                if second == OP_END:
                    self.ctrls.pop()
                self.fused_dead = True
                return 2
        operand = _operand(first, second)
        if operand:
            n = self.register_form(i, "S" + operand, second, "", None)
            if n:
                return n
        if second == OP_LOCAL_SET and first in CONST_TO_LOCAL:
            # A constant into a local (a loop's counter reset, a flag, clang's i64
            # constants): the value never goes through the stack.
            self.emit(i + 1, CONST_TO_LOCAL[first], body[i + 1].imm,
                      *self.operand_cells(first, a))
            return 2
        if first == OP_LOCAL_GET:
            code = self.memory_form(i + 1, "L")
            if code:
                self.grow(0, 1)
                self.emit(i + 1, code, a, body[i + 1].imm[1])
                return 2
            code = self.memory_form(i + 1, "SL")
            if code:
                self.grow(1, 0)
                self.emit(i + 1, code, a, body[i + 1].imm[1])
                return 2
            if second == OP_LOCAL_GET and not self.is_v128_local(a, body[i + 1].imm):
                self.grow(0, 2)
                self.emit(i + 1, X_LOCAL_GET2, a, body[i + 1].imm)
                return 2
        elif second in _DEST and self.memory_form(i, "S", _DEST[second]):
            self.grow(1 if second == OP_LOCAL_SET else 0, 0)
            self.emit(i, self.memory_form(i, "S", _DEST[second]), a[1], body[i + 1].imm)
            return 2
        elif (first == OP_LOCAL_TEE and second == OP_BR_IF
              and not self.is_v128_local(a)):
            self.grow(1, 0)
            label = self.side[i + 1]
            if self.no_move(label):
                self.cells.append(X_LOCAL_TEE_BR_IF)
                self.pcs.append(i + 1)
                self.emit(i + 1, a)
                self.patches.append((len(self.cells), label.target))
                self.emit(i + 1, 0)
                return 2
            self.grow(0, 1)
        elif (first == OP_LOCAL_SET and second == OP_LOCAL_GET
              and not self.is_v128_local(a, body[i + 1].imm)):
            self.emit(i + 1, X_LOCAL_SET_GET, a, body[i + 1].imm)
            return 2
        elif (first == OP_LOCAL_TEE and second == OP_LOCAL_GET
              and not self.is_v128_local(a, body[i + 1].imm)):
            self.grow(0, 1)
            self.emit(i + 1, X_LOCAL_TEE_GET, a, body[i + 1].imm)
            return 2
        elif first in _CMP_BRANCH:
            br_form, if_form = _CMP_BRANCH[first]
            pops = _EFFECT[first][0]
            if second == OP_BR_IF:
                self.grow(pops, 0)
                label = self.side[i + 1]
                if self.no_move(label):
                    self.emit_branch(i + 1, br_form, label.target)
                    return 2
                self.grow(0, pops)
            elif second == OP_IF and if_form is not None:
                self.grow(pops, 0)
                return self.fused_if(i, i + 1, if_form)
        return 0

    def const_branch(self, i, forms, branch, *c):
        """`T.const c; CMP; br_if/if` at body[i], the first operand on the stack, as
        the (br_if form, if form) `forms` of BRANCH_C; how many instructions it covers,
        0 if a br_if's label needs values moved."""
        br_form, if_form = forms
        if branch == OP_BR_IF:
            self.grow(1, 0)
            label = self.side[i + 2]
            if self.no_move(label):
                self.emit_branch(i + 2, br_form, label.target, *c)
                return 3
            self.grow(0, 1)
        elif branch == OP_IF:
            self.grow(1, 0)
            return self.fused_if(i, i + 2, if_form, *c)
        return 0

    def memory_form(self, i, form, dest=""):
        """The load or store form of fused.pxi (gen_fused.py) of body[i] with `form` and
        `dest`, if body[i] is a load or store on memory 0 and it has one, else None."""
        instr = self.body[i]
        if not self.mem0_32 or instr.op not in _LOADS_STORES or instr.imm[2] != 0:
            return None
        return MEM_FUSED.get((instr.op, form, dest))

    def register_form(self, i, form, op, dest, x):
        """Lower a register form of fused.pxi (gen_fused.py) of operator `op`: form L*
        is body[i:i+3] = local.get a, local.get b or a constant, op; form S* is body[i:i+2]
        = local.get b or a constant, op, the stack's top the first operand. `dest` ("",
        "_SET", "_TEE") says where the result goes (local x, the instruction after op, for
        the last two). Return how many wasm instructions it covers, or 0."""
        code = FUSED.get((op, form, dest))
        if code is None:
            return 0
        body = self.body
        pushes = form[0] == "L"
        if pushes:
            imms = [body[i].imm] + self.operand_cells(body[i + 1].op, body[i + 1].imm)
            n = 3
        else:
            imms = self.operand_cells(body[i].op, body[i].imm)
            n = 2
        if (not dest and op in _CMP_BRANCH and i + n < len(body)
                and body[i + n].op in (OP_BR_IF, OP_IF)):
            return 0       # the comparison fuses with its branch instead
        if dest:
            imms.append(x)
            n += 1
        if dest == "_SET":
            self.grow(0 if pushes else 1, 0)
        else:
            self.grow(0, 1 if pushes else 0)
        self.emit(i + n - 1, code, *imms)
        return n

    @staticmethod
    def operand_cells(op, imm):
        """The cells of a local.get's or a constant's immediate (a constant's bits)."""
        if op == OP_F64_CONST:
            imm = gvm_f64_bits(imm)
        elif op == OP_F32_CONST:
            imm = gvm_double_to_f32(imm)
        if op == OP_I64_CONST or op == OP_F64_CONST:
            return [imm & 0xFFFFFFFF, (imm >> 32) & 0xFFFFFFFF]
        if op == OP_I32_CONST or op == OP_F32_CONST:
            return [imm & 0xFFFFFFFF]
        return [imm]

    def fused_if(self, first, i, op, *imms):
        """Open the block of the `if` at body[i], whose condition body[first:i] is fused
        into `op`; the height is already that inside the block."""
        self.ctrls.append(self.block_ctrl(OP_IF, self.body[i].imm))
        self.emit_branch(i, op, self.side[i], *imms)
        return i - first + 1


# Past this many declared locals a function's are all zeroed, unanalysed: the analysis
# keeps a set of them as an int's bits per instruction.
cdef Py_ssize_t _ZEROED_ANALYSED = 4096
# Instructions after which the code that follows is reached only by a branch.
cdef frozenset _NO_FALLTHROUGH = frozenset({
    OP_BR, OP_BR_TABLE, OP_RETURN, OP_UNREACHABLE, OP_THROW, OP_THROW_REF, OP_ELSE,
    OP_RETURN_CALL, OP_RETURN_CALL_INDIRECT, OP_RETURN_CALL_REF})


cpdef int zeroed_locals(info, list body) except -1:
    """How many of the function's declared locals, from the first, a call must zero: up
    to the last one that some `local.get` may read before any `local.set` or `local.tee`
    of it has run (clang's functions read none of theirs so: QuickJS's 1,243 functions
    declare 6,417 locals, 7 of them read unset). The others are left as the stack holds
    them, which is never seen, and v128 locals are always zeroed (their high halves
    live in cells the call does not know of).

    Definite assignment, forward over the body once: `assigned` is the set of locals set
    on every path to the instruction (an int's bits; None when no path reaches it). A
    branch forward gives its set to its target, where it meets the others and the
    fall-through (intersection). A branch back to a loop needs nothing: every path to it
    starts at the loop's entry, so it holds a superset of what the loop started with.
    try_table's catch clauses are branches from anywhere in the block: they take the set
    at its start, a subset of every one inside. Any mistake towards fewer assigned
    locals only zeroes more."""
    locals_ = info.locals
    cdef Py_ssize_t nparams = locals_.params, n = len(locals_), i, t
    if n - nparams > _ZEROED_ANALYSED:
        return n - nparams
    side = info.side
    handlers = {start: clauses for start, _end, clauses in info.handlers}
    cdef dict incoming = {}          # forward target pc -> the set branches bring it
    read_unset = 0
    for t in range(len(locals_.starts)):      # v128 locals: always zeroed
        if locals_.types[t] == T.V128:
            end = locals_.starts[t + 1] if t + 1 < len(locals_.starts) else n
            read_unset |= ((1 << end) - 1) ^ ((1 << locals_.starts[t]) - 1)
    assigned = 0
    for i in range(len(body)):
        if i in incoming:
            arrived = incoming.pop(i)
            assigned = arrived if assigned is None else assigned & arrived
        if assigned is None:
            continue
        instr = body[i]
        op = instr.op
        if op == OP_LOCAL_GET:
            x = instr.imm               # a Python int: shifts past 63 bits stay exact
            if not (assigned >> x) & 1:
                read_unset |= 1 << x
        elif op == OP_LOCAL_SET or op == OP_LOCAL_TEE:
            assigned |= 1 << instr.imm
        elif op == OP_TRY_TABLE:
            for _kind, _tag, label in handlers.get(i, ()):
                _branch(incoming, i, label.target, assigned)
        elif op != OP_SELECT and i in side:
            entry = side[i]
            if type(entry) is Label:
                _branch(incoming, i, entry.target, assigned)
            elif type(entry) is tuple:
                for label in entry:
                    _branch(incoming, i, label.target, assigned)
            elif type(entry) is int:            # if: to its else; else: to its end
                _branch(incoming, i, entry, assigned)
        if op in _NO_FALLTHROUGH:
            assigned = None
    read_unset >>= nparams
    return read_unset.bit_length()


cdef int _branch(dict incoming, Py_ssize_t pc, target, assigned) except -1:
    """A branch at `pc` with `assigned` set to `target` (None: out of the function)."""
    if target is not None and target > pc:
        arrived = incoming.get(target)
        incoming[target] = assigned if arrived is None else arrived & assigned
    return 0


cdef Lowered lower(func, bint fueled):
    """Lower WasmFunction `func` (see _Lowering) into code for every instance of its
    module: the cells, and what link() must resolve."""
    cdef Lowered code = Lowered()
    cdef FuncCode* c = &code.c
    cdef Py_ssize_t i, n
    if type(func) is not WasmFunction:
        raise TypeError(f"expected a WasmFunction, got {func!r}")
    info = func.info
    lw = _Lowering(func, fueled)
    lw.run()
    cells = lw.cells
    for i, body_pc in lw.patches:
        target = lw.pos[body_pc]
        if target < 0:
            raise WasmError(f"lowering {func.name}: branch to unreachable code at {body_pc}")
        cells[i] = target
    if not fueled:
        sequences(cells, lw.pos)
    n = len(cells)
    c.nops = n
    c.ops = <uint32_t*>malloc(max(n, 1) * sizeof(uint32_t))
    c.body_pc = <int32_t*>malloc(max(n, 1) * sizeof(int32_t))
    if c.ops == NULL or c.body_pc == NULL:
        raise MemoryError()
    for i in range(n):
        c.ops[i] = <uint32_t>cells[i]
        c.body_pc[i] = <int32_t>lw.pcs[i]
    c.nparams = len(info.type.params)
    c.nlocals = len(info.locals)
    c.nzero = zeroed_locals(info, lw.body)
    c.nresults = len(info.type.results)
    # try_table's catch clauses, for Machine.catch: (start pc, end pc, clauses), each
    # clause (kind, tag index or None for catch_all, cell to continue at, slot index
    # above fp where the caught values go). Handlers of unreachable code are left out.
    handlers = []
    need = lw.hmax
    for start, end, clauses in info.handlers:
        if lw.pos[start] < 0:
            continue
        entries = []
        for kind, tag, label in clauses:
            target = lw.pos[label.target]
            if target < 0:
                raise WasmError(f"lowering {func.name}: catch to unreachable code at {label.target}")
            entries.append((kind, tag, target, c.nlocals + label.height))
            need = max(need, label.height + label.arity)
        handlers.append((start, end, tuple(entries)))
    code.handlers = tuple(handlers)
    # A few slots of slack: host results and moves never exceed the static height, but
    # a margin is cheap insurance for the memory safety of the stack. A call zeroes the
    # callee's locals four slots at a time, up to three past them: the slack covers it.
    c.frame_size = c.nlocals + need + 4
    c.fueled = fueled
    code.param_types = tuple(info.type.params)
    code.result_types = tuple(info.type.results)
    code.callees = tuple(lw.callees)
    code.globals = tuple(lw.globals)
    code.tables = tuple(lw.tables)
    code.ncache = lw.ncache
    code.type_keys = lw.type_keys
    code.gc_args = lw.gc_args
    return code


cdef sequences(list cells, list pos):
    """Give the first cell of every run of cells that gen_seqs.py has a sequence cell for
    that cell's opcode, the longest run first (the run's own cells stay: the sequence's
    arm reads them). A run is looked for only where a body instruction's cells start
    (`pos`), and each of its cells must start one too, where the one before ends: no
    operand or branch target is ever read as an opcode."""
    cdef Py_ssize_t n = len(cells), p, q, m
    starts = {p for p in pos if 0 <= p < n}
    ops = list(cells)              # the runs are of the cells' own opcodes
    for p in sorted(starts):
        run = [ops[p]]
        q = p
        while len(run) < SEQ_LONGEST:
            k = SEQ_CELLS.get(ops[q])
            if k is None or q + k not in starts:
                break
            q += k
            run.append(ops[q])
        for m in range(len(run), 1, -1):
            code = SEQS.get(tuple(run[:m]))
            if code is not None:
                cells[p] = code
                break


def _lower(func):
    return lower(func, False)


def _lower_fueled(func):
    return lower(func, True)


_LOWER = _lower
_LOWER_FUEL = _lower_fueled


# --- Lowered code kept across runs (gvm/cache/) ------------------------------------------

cdef extern from *:
    """
    #ifndef GVM_BUILD_ID
    #define GVM_BUILD_ID ""
    #endif
    """
    const char* GVM_BUILD_ID

# What cells mean is this build's: setup.py digests the sources that decide it, and
# code kept by another build is never loaded. Built without setup.py: nothing is kept.
BUILD_ID = GVM_BUILD_ID.decode("ascii")


def _dump_kept(Lowered code, module):
    """`code` as marshal-able values for the module cache, or None when it cannot be
    written down: lowered with fuel, or holding GC instructions' arguments (objects)."""
    cdef FuncCode* c = &code.c
    if c.fueled or code.gc_args or not BUILD_ID:
        return None
    return (PyBytes_FromStringAndSize(<char*>c.ops, c.nops * sizeof(uint32_t)),
            PyBytes_FromStringAndSize(<char*>c.body_pc, c.nops * sizeof(int32_t)),
            c.nlocals, c.nzero, c.frame_size, code.callees, code.globals, code.tables, code.ncache,
            code.handlers, tuple(module.type_keys.index(k) for k in code.type_keys))


def _load_kept(build, record, func):
    """The Lowered that _dump_kept wrote down as `record` for WasmFunction `func`; ValueError
    when another build wrote it or it does not have _dump's shape. The cells themselves
    are trusted as Python trusts a .pyc: the entry's digest was checked, and the cache
    directory is the user's own (gvm/cache/store.py)."""
    cdef Lowered code
    cdef FuncCode* c
    if build != BUILD_ID or not BUILD_ID or type(record) is not tuple or len(record) != 11:
        raise ValueError("lowered code of another build")
    ops, pcs, nlocals, nzero, frame_size, callees, globals_, tables, ncache, handlers, types = record
    ft = func.info.type
    if not (type(ops) is bytes and type(pcs) is bytes and len(ops) == len(pcs)
            and len(ops) % sizeof(uint32_t) == 0 and nlocals == len(func.info.locals)
            and type(nzero) is int and 0 <= nzero <= nlocals - len(ft.params)
            and type(frame_size) is int and nlocals <= frame_size <= MAX_LOCALS + (1 << 20)
            and type(ncache) is int and 0 <= ncache < 1 << 24
            and all(_indices(t) for t in (callees, globals_, tables, types))
            and _handlers_ok(handlers, len(ops) // sizeof(uint32_t))):
        raise ValueError("not lowered code")
    code = Lowered()
    c = &code.c
    c.nops = len(ops) // sizeof(uint32_t)
    c.ops = <uint32_t*>malloc(max(len(ops), 1))
    c.body_pc = <int32_t*>malloc(max(len(pcs), 1))
    if c.ops == NULL or c.body_pc == NULL:
        raise MemoryError()
    memcpy(c.ops, <char*>ops, len(ops))
    memcpy(c.body_pc, <char*>pcs, len(pcs))
    c.nparams = len(ft.params)
    c.nlocals = nlocals
    c.nzero = nzero
    c.nresults = len(ft.results)
    c.frame_size = frame_size
    code.callees, code.globals, code.tables, code.ncache = callees, globals_, tables, ncache
    code.handlers = handlers
    code.type_keys = [func.instance.module.type_keys[i] for i in types]
    code.gc_args = []
    code.param_types = tuple(ft.params)
    code.result_types = tuple(ft.results)
    return code


def _indices(t):
    return type(t) is tuple and all(type(i) is int and 0 <= i < 1 << 32 for i in t)


def _handlers_ok(handlers, nops):
    """Whether `handlers` has lower()'s shape, (start, end, ((kind, tag, cell, slot),
    ...)), with every cell inside the code."""
    if type(handlers) is not tuple:
        return False
    for h in handlers:
        if not (type(h) is tuple and len(h) == 3 and type(h[0]) is int
                and type(h[1]) is int and type(h[2]) is tuple):
            return False
        for clause in h[2]:
            if not (type(clause) is tuple and len(clause) == 4
                    and type(clause[0]) is int and (clause[1] is None or type(clause[1]) is int)
                    and type(clause[2]) is int and 0 <= clause[2] < nops
                    and type(clause[3]) is int and clause[3] >= 0):
                return False
    return True


# The engine's code kept in the module cache: build, writer, reader (gvm/runtime/lowered.py).
_KEEP = (BUILD_ID, _dump_kept, _load_kept)


cdef Code link(func, Lowered lowered):
    """The code of WasmFunction `func` in its instance, cached in func.compiled: the
    module's cells, with the instance's functions, globals, tables and memories in the
    arrays their slots index. Its cost is in the objects referred to, not the cells."""
    cdef Code code = Code()
    cdef FuncCode* c = &code.c
    cdef Py_ssize_t i
    inst = func.instance
    c[0] = lowered.c
    c.owner = <PyObject*>code
    code.entry = c
    code.lowered = lowered
    code.func = func
    code.param_types = lowered.param_types
    code.result_types = lowered.result_types
    code.type_keys = lowered.type_keys
    code.gc_args = lowered.gc_args
    code.handlers = [(start, end, tuple((kind, None if tag is None else inst.tags[tag],
                                         target, height)
                                        for kind, tag, target, height in clauses))
                     for start, end, clauses in lowered.handlers]
    callees = [inst.funcs[k] for k in lowered.callees]
    globals_ = [inst.globals[k] for k in lowered.globals]
    tables = [inst.tables[k] for k in lowered.tables]
    code.keep.extend(callees)
    code.keep.extend(globals_)
    code.keep.extend(tables)
    code.keep.extend(inst.mems)
    c.callees = <Callee*>calloc(max(len(callees), 1), sizeof(Callee))
    c.globals = <PyObject**>calloc(max(len(globals_), 1), sizeof(PyObject*))
    c.gcells = <GCell**>calloc(max(len(globals_), 1), sizeof(GCell*))
    c.tables = <PyObject**>calloc(max(len(tables), 1), sizeof(PyObject*))
    c.mems = <PyObject**>calloc(max(len(inst.mems), 1), sizeof(PyObject*))
    c.icache = <IndirectCache*>calloc(max(lowered.ncache, 1), sizeof(IndirectCache))
    if (c.callees == NULL or c.globals == NULL or c.gcells == NULL or c.tables == NULL
            or c.mems == NULL or c.icache == NULL):
        raise MemoryError()
    code.ncache = lowered.ncache
    for i, f in enumerate(callees):
        c.callees[i].func = <PyObject*>f
    for i, g in enumerate(globals_):
        c.globals[i] = <PyObject*>g
        if (GLOBAL_VALUE >= 0 and _type_of(<PyObject*>g) == GLOBAL_TYPE
                and g.type.valtype == T.I32):
            cell = _cell_of(g)
            code.keep.append(cell)
            c.gcells[i] = &(<GlobalCell>cell).c
        else:
            c.gcells[i] = &_NO_CELL
    for i, t in enumerate(tables):
        c.tables[i] = <PyObject*>t
    for i, mem in enumerate(inst.mems):
        c.mems[i] = <PyObject*>mem
    c.mem = c.mems[0] if inst.mems else NULL
    if not lowered.c.fueled:
        _link_native(code, func)
    func.compiled[_KEY_FUEL if lowered.c.fueled else _KEY] = code
    return code


# --- The machine ------------------------------------------------------------------------
cdef struct Frame:
    FuncCode* code           # the caller's code,
    uint32_t* ip             # where it continues,
    slot* fp                 # and its locals


# The cell that return_call of a host function continues at: the callee's results are
# then on top, and returning from the current frame is all that is left to do.
cdef uint32_t RETURN_CELL[1]
RETURN_CELL[0] = X_RETURN

# Interrupts. Python's signal handlers (KeyboardInterrupt on Ctrl-C, an alarm that a
# caller set for a deadline) run only between Python bytecodes, never inside `run`;
# X_POLL lets them run there, with PyErr_CheckSignals, and the loop goes on or unwinds
# with their exception. With threaded dispatch a signal brings the loop to X_POLL
# itself: the handler chained in front of Python's (gvm_on_signal in the C block above,
# chained at each outermost call, `Engine.invoke`) redirects the next dispatch to it,
# and X_POLL then dispatches the same cell again, so nothing is paid per branch. The
# switch build has no table to redirect: there every POLL_INTERVAL-th taken branch or
# call goes through POLL_CELL, whose X_POLL resumes at the branch's target. A loop
# cannot go round without taking a branch, nor recurse without calling, so a signal is
# seen within POLL_INTERVAL iterations (about a millisecond). The jumps of `if`
# (X_IF_*) go forward only and do not count, nor do `else`, a `br` forward
# (X_JUMP_FWD) and a `br_table` whose targets are all forward (X_BR_TABLE_FWD).
cdef enum:
    POLL_INTERVAL = 1 << 15
cdef uint32_t POLL_CELL[1]
POLL_CELL[0] = X_POLL


cdef inline uint32_t* _taken(uint32_t* target, int* poll, uint32_t** resume) noexcept:
    """Where a taken branch or a call goes: `target`, or, in the switch build, POLL_CELL
    when it is time (threaded, the compiler drops the countdown and its variables)."""
    if GVM_THREADED:
        return target
    poll[0] -= 1
    if GVM_UNLIKELY(poll[0] == 0):
        resume[0] = target
        return POLL_CELL
    return target

cdef Py_ssize_t INITIAL_STACK = 1 << 14
# gc_compact (gc.pxi) runs first when this many references are in use in an invocation.
cdef Py_ssize_t GC_COMPACT_MIN = 1 << 16
# ... or when GC objects of this many fields and elements (8 bytes each) have been made.
cdef Py_ssize_t GC_COMPACT_ELEMENTS = 1 << 23


cdef class Machine:
    """One invocation's state: the slot stack, the frame stack, the references it holds.
    The stack is allocated twice as large as it is: the upper half holds the high halves
    of v128 values, `hi` slots above their low halves (simd.pxi)."""
    cdef slot* stack
    cdef slot* stack_end
    # min(stack_end, stack + MAX_LOCALS): a call whose frame ends below it needs no test
    # of local_count against MAX_LOCALS, since the locals of all frames are slots of the
    # stack under the new frame (so local_count <= its start - stack). `run` tests the
    # frame's end against this one bound, and local_count and stack_end only past it.
    cdef slot* call_end
    cdef Py_ssize_t hi
    cdef uint32_t* next_ip   # where simd_step continues (run's ip stays in a register)
    cdef Frame* frames
    cdef Py_ssize_t local_count
    cdef list refs           # slot value -> referenced object; 0 is null
    cdef dict ref_index      # id(object) -> slot value
    cdef list free_refs      # slot values whose objects were let go (gc.pxi: gc_compact)
    cdef Py_ssize_t compact_at   # refs in use that make gc_step compact the list
    cdef Py_ssize_t gc_allocated  # GC fields and elements allocated since it last did
    cdef set pinned          # codes called indirectly: alive while their frames may be
    cdef object engine
    cdef bint fueled
    cdef int64_t fuel
    # Where `run` stands; saved before every call out of the loop and when it ends.
    cdef FuncCode* code
    cdef uint32_t* ip
    cdef uint32_t* at        # the instruction being executed
    cdef slot* sp
    cdef slot* fp
    cdef int depth
    cdef int max_depth       # what the thread's call-stack budget leaves this invocation
    cdef uint64_t trap_index  # the table index of an undefined/uninitialized element trap
    cdef object exc          # the WasmException being thrown (ST_THROW)
    cdef bint tail_host      # a host function called by a return_call* is running
    cdef GCell* live         # the globals' cells `run` made live, until _save flushes them
    # The native tier's (native.pxi), after the fields `run` reads:
    cdef gvm_ctx ctx         # what native code called from here sees of the invocation
    cdef bint native         # while native code called from here runs
    cdef object native_trap  # (function name, byte offset) of a trap in native code

    def __cinit__(self, engine):
        self.engine = engine
        self.fueled = engine.fuel is not None
        self.stack = <slot*>malloc(2 * INITIAL_STACK * sizeof(slot))
        self.frames = <Frame*>malloc((MAX_CALL_DEPTH + 1) * sizeof(Frame))
        if self.stack == NULL or self.frames == NULL:
            raise MemoryError()
        self.set_stack(self.stack, INITIAL_STACK)
        self.hi = INITIAL_STACK
        self.refs = [None]
        self.ref_index = {}
        self.free_refs = []
        self.compact_at = GC_COMPACT_MIN
        self.gc_allocated = 0
        self.pinned = set()

    def call_depth(self):
        """Frames in use (gvm.runtime.stack): the depth saved when it last left `run`,
        and the native frames above it while native code runs."""
        if self.native:
            return self.ctx.depth
        return self.depth

    def __dealloc__(self):
        free(self.stack)
        free(self.frames)

    # --- references -------------------------------------------------------------------
    cdef slot ref_slot(self, obj) except? 0:
        if obj is None:
            return 0
        key = id(obj)
        index = self.ref_index.get(key)
        if index is None:
            if self.free_refs:
                index = self.free_refs.pop()
                self.refs[index] = obj
            else:
                index = len(self.refs)
                self.refs.append(obj)
            self.ref_index[key] = index
        return index

    cdef inline PyObject* ref_at(self, slot s) except NULL:
        """A borrowed reference to the object of non-null reference slot `s`."""
        cdef PyObject* refs = <PyObject*>self.refs
        if s >= <uint64_t>PyList_GET_SIZE(refs):
            raise WasmError(f"fast engine: reference slot {s} out of range")
        return PyList_GET_ITEM(refs, s)

    # --- values at the boundary -----------------------------------------------------------
    cdef slot to_slot(self, t, value) except? 0xFFFFFFFFFFFFFFFF:
        if t == T.I32:
            return <uint32_t>(value & 0xFFFFFFFF)
        if t == T.I64:
            return <uint64_t>(value & 0xFFFFFFFFFFFFFFFF)
        if t == T.F32:
            return gvm_double_to_f32(value)
        if t == T.F64:
            return gvm_f64_bits(value)
        return self.ref_slot(value)

    cdef int put(self, t, value, slot* at) except -1:
        """Store `value` of type t at stack position `at` (both halves of a v128)."""
        if t == T.V128:
            at[0] = <uint64_t>(value & 0xFFFFFFFFFFFFFFFF)
            at[self.hi] = <uint64_t>((value >> 64) & 0xFFFFFFFFFFFFFFFF)
        else:
            at[0] = self.to_slot(t, value)
        return 0

    cdef object get(self, t, slot* at):
        """The value of type t at stack position `at`."""
        if t == T.V128:
            return <object>at[0] | (<object>at[self.hi] << 64)
        return self.from_slot(t, at[0])

    cdef object from_slot(self, t, slot s):
        if t == T.I32 or t == T.I64:
            return s
        if t == T.F32:
            return gvm_f32_to_double(<uint32_t>s)
        if t == T.F64:
            return gvm_f64(s)
        return self.refs[s]

    # --- the stack ----------------------------------------------------------------------
    cdef slot* grow_stack(self, slot* sp, slot** fp, slot* need_end, int depth) except NULL:
        """Make room up to `need_end`; rebase every pointer into the stack."""
        cdef Py_ssize_t used = need_end - self.stack
        cdef Py_ssize_t cap = self.stack_end - self.stack
        cdef slot* new
        cdef Py_ssize_t delta
        cdef int d
        cdef Py_ssize_t old_cap = cap
        while cap < used:
            cap *= 2
        new = <slot*>realloc(self.stack, 2 * cap * sizeof(slot))
        if new == NULL:
            raise Exhaustion("call stack exhausted")
        memmove(new + cap, new + old_cap, old_cap * sizeof(slot))   # the high halves
        self.hi = cap
        delta = new - self.stack
        for d in range(1, depth):
            self.frames[d].fp += delta
        fp[0] += delta
        self.set_stack(new, cap)
        return sp + delta

    cdef void set_stack(self, slot* stack, Py_ssize_t cap) noexcept:
        self.stack = stack
        self.stack_end = stack + cap
        self.call_end = stack + min(cap, MAX_LOCALS)

    # --- slow paths called from run -----------------------------------------------------
    cdef slot* call_host(self, func, slot* sp) except NULL:
        """Call a host function with the top slots as arguments; push its results."""
        if _waiting or _building:
            _native_tick()       # a long-running command's way to its native code
        ft = func.type
        params = ft.params
        cdef Py_ssize_t n = len(params)
        cdef Py_ssize_t k
        args = [self.get(params[k], sp + k - n) for k in range(n)]
        if self.tail_host:
            # A return_call: X_V128_RESULTS has moved the arguments' high halves to
            # where the callee's locals would begin, fp[0:n] (simd.pxi's layout).
            for k in range(n):
                if params[k] == T.V128:
                    args[k] = <object>sp[k - n] | (<object>self.fp[k + self.hi] << 64)
        sp -= n
        if self.fueled:
            self.engine.fuel = self.fuel
            try:
                results = func.call_raw(args)
            finally:     # nested invocations spent fuel, even if an exception came out
                self.fuel = self.engine.fuel
        else:
            results = func.call_raw(args)
        types = ft.results
        if len(results) != len(types):
            raise WasmError(f"host function {func!r} returned {len(results)} values, "
                            f"expected {len(types)}")
        for k in range(len(types)):
            self.put(types[k], results[k], sp + k)
            if self.tail_host and types[k] == T.V128:
                # A return_call: the return that follows moves the low halves to fp[k];
                # the high halves go there now (simd.pxi's layout).
                self.fp[k + self.hi] = sp[k + self.hi]
        return sp + len(types)

    cdef int resolve_callee(self, FuncCode* caller, Callee* callee) except -1:
        """Fill in the code of a wasm callee on its first call (host callees keep NULL);
        the caller's Code keeps the callee's alive."""
        func = <object>callee.func
        if type(func) is WasmFunction:
            callee.code = _code_of(func, self.fueled)
            (<Code>caller.owner).keep.append(<object>callee.code.owner)
        return 0

    cdef int resolve_ref(self, IndirectCache* cache, PyObject* func) except -1:
        """Cache the callee of a call_ref site (validation guarantees its type)."""
        cdef FuncCode* code = NULL
        f = <object>func
        if type(f) is WasmFunction:
            code = _code_of(f, self.fueled)
            self.pinned.add(<object>code.owner)
        elif type(f) is not HostFunction:
            raise WasmError(f"call_ref: {f!r} is not a function")
        Py_INCREF(f)
        Py_XDECREF(cache.func)
        cache.func = func
        cache.code = code
        return 0

    # --- exceptions -----------------------------------------------------------------------
    cdef slot* throw_new(self, FuncCode* code, uint32_t tagidx, slot* sp) except NULL:
        """`throw`: pop the tag's values into a new WasmException, in self.exc."""
        tag = (<Code>code.owner).func.instance.tags[tagidx]
        params = tag.type.params
        cdef Py_ssize_t n = len(params)
        cdef Py_ssize_t k
        values = [self.get(params[k], sp + k - n) for k in range(n)]
        self.exc = WasmException(tag, values)
        return sp - n

    cdef bint catch(self, exc) except -1:
        """Unwind to the innermost try_table clause that takes `exc` around the current
        instruction of each frame, innermost frame first (gvm/interp/machine.py's catch):
        push what the clause carries and continue at its label. False if none does; the
        frames are gone then."""
        cdef int d = self.depth
        cdef FuncCode* code = self.code
        cdef uint32_t* at = self.at
        cdef slot* fp = self.fp
        cdef slot* sp
        cdef bint skip = self.tail_host
        cdef Py_ssize_t cell, k
        cdef int kind
        self.tail_host = False
        if not isinstance(exc, WasmException):
            raise TypeError(f"throw_ref of {exc!r}, not an exception")
        tag = exc.tag
        while d >= 1:
            handlers = (<Code>code.owner).handlers
            cell = at - code.ops
            if not skip and handlers and 0 <= cell < code.nops:
                pc = code.body_pc[cell]
                for start, end, clauses in handlers:
                    if not start < pc < end:
                        continue
                    for kind, clause_tag, target, height in clauses:
                        if clause_tag is not None and clause_tag is not tag:
                            continue
                        sp = fp + <Py_ssize_t>height
                        if kind == CATCH or kind == CATCH_REF:      # the tag's values
                            params = tag.type.params
                            values = exc.values
                            if len(values) != len(params):
                                raise WasmError(f"{exc!r}: {len(values)} values for "
                                                f"{len(params)} parameters")
                            for k in range(len(params)):
                                self.put(params[k], values[k], sp)
                                sp += 1
                        if kind == CATCH_REF or kind == CATCH_ALL_REF:  # the exnref
                            sp[0] = self.ref_slot(exc)
                            sp += 1
                        self.code = code
                        self.ip = code.ops + <Py_ssize_t>target
                        self.at = self.ip
                        self.fp = fp
                        self.sp = sp
                        self.depth = d
                        return True
            skip = False
            self.local_count -= code.nlocals
            d -= 1
            if d == 0:
                break
            code = self.frames[d].code
            at = self.frames[d].ip - 1
            fp = self.frames[d].fp
        self.depth = 0
        return False

    cdef int resolve_indirect(self, FuncCode* caller, IndirectCache* cache, PyObject* func,
                              uint32_t key) except -1:
        """Check a table element against the call site's type (type key slot `key`); cache
        it if it matches. Returns 1 on a type mismatch."""
        cdef FuncCode* code = NULL
        f = <object>func
        if (<Code>caller.owner).type_keys[key] not in f.type_ids:
            return 1
        if type(f) is WasmFunction:
            code = _code_of(f, self.fueled)
            self.pinned.add(<object>code.owner)
        elif type(f) is not HostFunction:
            return 1
        Py_INCREF(f)
        Py_XDECREF(cache.func)
        cache.func = func
        cache.code = code
        return 0


# --- Slow paths: instructions whose operands are Python objects --------------------------
from cpython.long cimport PyLong_AsUnsignedLongLongMask
from cpython.float cimport PyFloat_AsDouble

cdef str _MEM_OOB = "out of bounds memory access"
cdef str _TABLE_OOB = "out of bounds table access"


cdef int global_get(Machine m, PyObject* g, int kind, slot* out) except -1:
    value = <object>_read_slot(g, GLOBAL_VALUE, GLOBAL_TYPE, _VALUE)
    if kind == 0:
        out[0] = <uint32_t>PyLong_AsUnsignedLongLongMask(value)
    elif kind == 1:
        out[0] = PyLong_AsUnsignedLongLongMask(value)
    elif kind == 2:
        out[0] = gvm_double_to_f32(PyFloat_AsDouble(value))
    elif kind == 3:
        out[0] = gvm_f64_bits(PyFloat_AsDouble(value))
    else:
        out[0] = m.ref_slot(value)
    return 0


cdef int global_set(Machine m, PyObject* g, int kind, slot v) except -1:
    cdef PyObject** field
    cdef PyObject* old
    if kind == 0 or kind == 1:
        if (GLOBAL_VALUE >= 0 and _type_of(g) == GLOBAL_TYPE
                and gvm_int_assign((<PyObject**>(<char*>g + GLOBAL_VALUE))[0], v)):
            return 0
        value = v
    elif kind == 2:
        value = gvm_f32_to_double(<uint32_t>v)
    elif kind == 3:
        value = gvm_f64(v)
    else:
        value = m.refs[v]
    if GLOBAL_VALUE >= 0 and _type_of(g) == GLOBAL_TYPE:
        field = <PyObject**>(<char*>g + GLOBAL_VALUE)
        old = field[0]
        Py_INCREF(value)
        field[0] = <PyObject*>value
        Py_XDECREF(old)
    else:
        setattr(<object>g, _VALUE, value)
    return 0


cdef inline bint _oob(uint64_t i, uint64_t n, uint64_t size) noexcept:
    """Whether [i, i + n) is not within [0, size), without overflowing."""
    return n > size or i > size - n


cdef inline uint64_t _mask(PyObject* store):
    """A Memory's or Table's address mask (0xFFFFFFFF, or all ones for i64 addresses),
    read from its slot: memory.copy and memory.fill (memcpy and memset in C) need it."""
    if _type_of(store) == MEMORY_TYPE:
        value = <object>_read_slot(store, MEMORY_MASK, MEMORY_TYPE, _ADDRESS_MASK)
    else:
        value = <object>_read_slot(store, TABLE_MASK, TABLE_TYPE, _ADDRESS_MASK)
    return PyLong_AsUnsignedLongLongMask(value)


cdef slot* table_op(Machine m, FuncCode* code, uint32_t op, uint32_t* ip, slot* sp) except NULL:
    """table.* instructions, ref.func, elem.drop, as gvm/interp/tables.py does them. The
    operands of a 64-bit table (memory64) are i64, the others i32."""
    cdef uint64_t i, n, s, d, mask, smask
    if op == OP_REF_FUNC:
        sp[0] = m.ref_slot(<object>code.callees[ip[1]].func)
        return sp + 1
    inst = (<Code>code.owner).func.instance
    if op == OP_ELEM_DROP:
        inst.elems[ip[1]] = []
        return sp
    if op == OP_TABLE_INIT:
        n = <uint32_t>sp[-1]
        s = <uint32_t>sp[-2]
        d = sp[-3] & _mask(code.tables[ip[2]])
        (<object>code.tables[ip[2]]).init(inst.elems[ip[1]], d, s, n)
        return sp - 3
    table = <object>code.tables[ip[1]]
    elements = <list><object>_table_list(code.tables[ip[1]])
    mask = _mask(code.tables[ip[1]])
    if op == OP_TABLE_GET:
        i = sp[-1] & mask
        if i >= <uint64_t>len(elements):
            raise Trap(_TABLE_OOB)
        sp[-1] = m.ref_slot(elements[i])
        return sp
    if op == OP_TABLE_SET:
        i = sp[-2] & mask
        if i >= <uint64_t>len(elements):
            raise Trap(_TABLE_OOB)
        elements[i] = m.refs[sp[-1]]
        return sp - 2
    if op == OP_TABLE_SIZE:
        sp[0] = len(elements)
        return sp + 1
    if op == OP_TABLE_GROW:
        n = sp[-1] & mask
        sp[-2] = table.grow(n, m.refs[sp[-2]]) & mask
        return sp - 1
    if op == OP_TABLE_FILL:
        n = sp[-1] & mask
        i = sp[-3] & mask
        if _oob(i, n, len(elements)):
            raise Trap(_TABLE_OOB)
        elements[i:i + n] = [m.refs[sp[-2]]] * n
        return sp - 3
    if op == OP_TABLE_COPY:
        smask = _mask(code.tables[ip[2]])
        n = sp[-1] & mask & smask             # an i32 unless both tables are 64-bit
        s = sp[-2] & smask
        d = sp[-3] & mask
        source = <list><object>_table_list(code.tables[ip[2]])
        if _oob(s, n, len(source)) or _oob(d, n, len(elements)):
            raise Trap(_TABLE_OOB)
        elements[d:d + n] = source[s:s + n]
        return sp - 3
    raise WasmError(f"table_op: {_NAMES[op]}")


cdef slot* memory_op(Machine m, FuncCode* code, uint32_t op, uint32_t* ip, slot* sp) except NULL:
    """memory.* instructions and data.drop. The addresses and lengths of a 64-bit memory
    (memory64) are i64, the others i32."""
    cdef unsigned char* base
    cdef unsigned char* src
    cdef uint64_t size, src_size, n, s, d, mask, smask
    if op == OP_DATA_DROP:
        (<Code>code.owner).func.instance.datas[ip[1]] = b""
        return sp
    if op == OP_MEMORY_INIT:
        n = <uint32_t>sp[-1]
        s = <uint32_t>sp[-2]
        d = sp[-3] & _mask(code.mems[ip[2]])
        (<object>code.mems[ip[2]]).init((<Code>code.owner).func.instance.datas[ip[1]], d, s, n)
        return sp - 3
    mask = _mask(code.mems[ip[1]])
    if op == OP_MEMORY_GROW:
        sp[-1] = (<object>code.mems[ip[1]]).grow(sp[-1] & mask) & mask
        return sp
    _mem_view(code.mems[ip[1]], &base, &size)
    if op == OP_MEMORY_SIZE:
        sp[0] = size >> 16
        return sp + 1
    if op == OP_MEMORY_FILL:
        n = sp[-1] & mask
        d = sp[-3] & mask
        if _oob(d, n, size):
            raise Trap(_MEM_OOB)
        memset(base + d, <int>(sp[-2] & 0xFF), n)
        return sp - 3
    if op == OP_MEMORY_COPY:
        smask = _mask(code.mems[ip[2]])
        _mem_view(code.mems[ip[2]], &src, &src_size)
        n = sp[-1] & mask & smask             # an i32 unless both memories are 64-bit
        s = sp[-2] & smask
        d = sp[-3] & mask
        if _oob(s, n, src_size) or _oob(d, n, size):
            raise Trap(_MEM_OOB)
        memmove(base + d, src + s, n)
        return sp - 3
    raise WasmError(f"memory_op: {_NAMES[op]}")


cdef inline slot _load(uint32_t op, unsigned char* p) noexcept:
    if op == OP_I32_LOAD or op == OP_F32_LOAD or op == OP_I64_LOAD32_U:
        return gvm_ld32(p)
    if op == OP_I64_LOAD or op == OP_F64_LOAD:
        return gvm_ld64(p)
    if op == OP_I32_LOAD8_S:
        return <uint32_t><int32_t><int8_t>gvm_ld8(p)
    if op == OP_I32_LOAD8_U or op == OP_I64_LOAD8_U:
        return gvm_ld8(p)
    if op == OP_I32_LOAD16_S:
        return <uint32_t><int32_t><int16_t>gvm_ld16(p)
    if op == OP_I32_LOAD16_U or op == OP_I64_LOAD16_U:
        return gvm_ld16(p)
    if op == OP_I64_LOAD8_S:
        return <uint64_t><int64_t><int8_t>gvm_ld8(p)
    if op == OP_I64_LOAD16_S:
        return <uint64_t><int64_t><int16_t>gvm_ld16(p)
    return <uint64_t><int64_t><int32_t>gvm_ld32(p)    # i64.load32_s


cdef inline void _store(uint32_t width, unsigned char* p, uint64_t v) noexcept:
    if width == 4:
        gvm_st32(p, v)
    elif width == 8:
        gvm_st64(p, v)
    elif width == 1:
        gvm_st8(p, v)
    else:
        gvm_st16(p, v)


# Per load/store opcode: the bytes it accesses, and whether it is a store (for X_MEM).
cdef uint8_t MEM_WIDTH[OP_COUNT]
cdef uint8_t MEM_STORE[OP_COUNT]
memset(MEM_WIDTH, 0, sizeof(MEM_WIDTH))
memset(MEM_STORE, 0, sizeof(MEM_STORE))
for _op in O.OPCODES:
    if _op.imm == O.MEMARG and _op.prefix == 0:
        MEM_WIDTH[_op.id] = _op.width
        MEM_STORE[_op.id] = len(_op.results) == 0


cdef int unsupported(uint32_t op) except -1:
    raise WasmError(f"{_NAMES[op]} is not supported by the fast engine yet")


cdef int _cell_load(Machine m, GCell* cell, PyObject* g, slot* out) except -1:
    """Read the global of `cell`, which is not live (after _save), into out[0]: the cell
    becomes live with its Global's value. A value it cannot hold (not a small exact
    int), or a slot without a cell, goes from global_get straight to `out`, so that
    _NO_CELL, which every code and machine shares, holds no state."""
    if cell.field == NULL or not gvm_int_value(cell.field[0], &cell.value):
        return global_get(m, g, 0, out)
    cell.live = 1
    cell.next = m.live
    m.live = cell
    out[0] = <uint32_t>cell.value
    return 0


cdef int _cell_store(Machine m, GCell* cell, PyObject* g, uint32_t v) except -1:
    """global.set of a cell that is not live (after _save): it becomes live with v, if
    its Global holds an exact int (so that _flush's release of the int it replaces runs
    no Python code); else the value goes to the Global through global_set."""
    if cell.field == NULL or not _is_exact_int(cell.field[0]):
        return global_set(m, g, 0, v)
    cell.value = v
    cell.live = 1
    cell.next = m.live
    m.live = cell
    return 0


cdef int _flush(Machine m) except -1:
    """Write the live cells' values back to their Globals; none is live after it. The int
    a Global held takes the value in place when nothing else holds it, as global.set did
    before the cells. A failed allocation loses that value and raises MemoryError, after
    the other cells are written."""
    cdef GCell* cell
    cdef PyObject* new
    cdef PyObject* old
    cdef bint failed = False
    while m.live != NULL:
        cell = m.live
        m.live = cell.next
        cell.next = NULL
        cell.live = 0
        old = cell.field[0]
        if gvm_int_assign(old, cell.value):
            continue
        new = _new_int(cell.value)
        if new == NULL:
            PyErr_Clear()
            failed = True
            continue
        cell.field[0] = new
        Py_XDECREF(old)          # an exact int (_cell_load, _cell_store): no code runs
    if failed:
        raise MemoryError("fast engine: writing a global back")
    return 0


include "simd.pxi"
include "gc.pxi"
include "native.pxi"


# --- The loop -------------------------------------------------------------------------------
cdef inline int _save(Machine m, FuncCode* code, uint32_t* at, slot* sp, slot* fp, Frame* top,
                      int64_t fuel) except -1:
    m.code = code
    m.at = at
    m.sp = sp
    m.fp = fp
    m.depth = <int>(top - m.frames)
    m.fuel = fuel
    if m.live != NULL:
        return _flush(m)
    return 0


cdef int run(Machine m) except -1:
    """Execute from m's saved state until the outermost frame returns (ST_DONE, results
    at the bottom of the stack) or a trap or exhaustion stops it (its ST_* code). Python
    exceptions from slow paths propagate. m's state is saved on every way out."""
    cdef FuncCode* code = m.code
    cdef FuncCode* nc
    cdef uint32_t* ip = m.ip
    cdef uint32_t* ret_ip
    cdef slot* fp = m.fp
    cdef slot* sp = m.sp
    cdef slot* dst
    cdef slot* rebased
    cdef Frame* frames = m.frames
    cdef Frame* frame
    cdef int64_t fuel = m.fuel
    cdef unsigned char* mem
    cdef uint64_t memsize
    cdef uint32_t op, x, y, k
    cdef uint64_t a, b, ea
    cdef float f, g
    cdef double d, e
    cdef int status = ST_DONE
    cdef int trap
    cdef Py_ssize_t n
    cdef Callee* callee
    cdef IndirectCache* cache
    cdef GCell* cell
    cdef PyObject* host
    cdef PyObject* elements
    cdef PyObject* element
    # Copies of mem and memsize (and fp) for the helpers that update them: a variable
    # whose address is passed to a function lives in memory, not in a register.
    cdef unsigned char* mbase
    cdef uint64_t msize
    cdef int poll = POLL_INTERVAL
    cdef uint32_t* resume = NULL
    # The frame records in use end at top (m.depth of them); frames_max is where the
    # call depth limit is, fixed through an invocation (m.max_depth).
    cdef Frame* top = frames + m.depth
    cdef Frame* frames_max = frames + m.max_depth

    GVM_LABELS()
    _mem_view(code.mem, &mbase, &msize)
    mem = mbase
    memsize = msize
    while True:
        # The arms that need the opcode read it again (gvm_opcode): live from here, it
        # would hold a register in every arm.
        op = ip[0]
        GVM_DISPATCH(op)
        # --- variables, constants, parametric --------------------------------------
        if op == OP_LOCAL_GET:
            GVM_CASE(OP_LOCAL_GET)
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
        elif op == OP_LOCAL_SET:
            GVM_CASE(OP_LOCAL_SET)
            sp -= 1
            fp[ip[1]] = sp[0]
            ip += 2
        elif op == OP_LOCAL_TEE:
            GVM_CASE(OP_LOCAL_TEE)
            fp[ip[1]] = sp[-1]
            ip += 2
        elif op == OP_I32_CONST or op == OP_F32_CONST:
            GVM_CASE(OP_I32_CONST, OP_F32_CONST)
            sp[0] = ip[1]
            sp += 1
            ip += 2
        elif op == OP_I64_CONST or op == OP_F64_CONST:
            GVM_CASE(OP_I64_CONST, OP_F64_CONST)
            sp[0] = <uint64_t>ip[1] | (<uint64_t>ip[2] << 32)
            sp += 1
            ip += 3
        elif op == OP_DROP:
            GVM_CASE(OP_DROP)
            sp -= 1
            ip += 1
        elif op == OP_SELECT:
            GVM_CASE(OP_SELECT)
            sp -= 2
            if not sp[1]:
                sp[-1] = sp[0]
            ip += 1
        elif op == X_LOCAL_GET2:
            GVM_CASE(X_LOCAL_GET2)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
        elif op == X_LOCAL_SET_GET:
            GVM_CASE(X_LOCAL_SET_GET)
            fp[ip[1]] = sp[-1]
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_LOCAL_TEE_GET:
            GVM_CASE(X_LOCAL_TEE_GET)
            fp[ip[1]] = sp[-1]
            sp[0] = fp[ip[2]]
            sp += 1
            ip += 3
        elif op == X_LOCAL_ADD_C:
            GVM_CASE(X_LOCAL_ADD_C)
            fp[ip[1]] = <uint32_t>(<uint32_t>fp[ip[1]] + ip[2])
            ip += 3
        elif op == X_LOCAL_SET_C32:
            GVM_CASE(X_LOCAL_SET_C32)
            fp[ip[1]] = ip[2]
            ip += 3
        elif op == X_LOCAL_SET_C64:
            GVM_CASE(X_LOCAL_SET_C64)
            fp[ip[1]] = <uint64_t>ip[2] | (<uint64_t>ip[3] << 32)
            ip += 4

        # --- control ------------------------------------------------------------------
        elif op == X_FUEL:
            GVM_CASE(X_FUEL)
            if fuel <= 0:
                status = ST_FUEL_EXHAUSTED
                break
            fuel -= 1
            ip += 1
        elif op == X_POLL:
            GVM_CASE(X_POLL)
            if GVM_THREADED:
                gvm_restore()       # first: a signal from here on comes back here
            else:
                poll = POLL_INTERVAL
                ip = resume
            _save(m, code, ip, sp, fp, top, fuel)
            # Off the main thread this runs nothing, and the signal stays pending in
            # Python for the main thread: that thread is not executing wasm now (this
            # one holds the GIL, which `run` never releases), so it is in Python code
            # or waiting to re-enter it, and its eval loop runs the handler there.
            PyErr_CheckSignals()
            # A handler is Python code: it may have grown the memory, as a host call may.
            _mem_view(code.mem, &mbase, &msize)
            mem = mbase
            memsize = msize
        elif op == X_JUMP:
            GVM_CASE(X_JUMP)
            ip = _taken(code.ops + ip[1], &poll, &resume)
        elif op == X_JUMP_FWD:
            GVM_CASE(X_JUMP_FWD)
            ip = code.ops + ip[1]
        elif op == X_BR:
            GVM_CASE(X_BR)
            n = ip[3]
            dst = fp + ip[2]
            memmove(dst, sp - n, n * sizeof(slot))
            sp = dst + n
            ip = _taken(code.ops + ip[1], &poll, &resume)
        elif op == X_BR_IF:
            GVM_CASE(X_BR_IF)
            sp -= 1
            if sp[0]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_LOCAL_TEE_BR_IF:
            GVM_CASE(X_LOCAL_TEE_BR_IF)
            sp -= 1
            fp[ip[1]] = sp[0]
            if sp[0]:
                ip = _taken(code.ops + ip[2], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_UNLESS:
            GVM_CASE(X_BR_UNLESS)
            sp -= 1
            if sp[0]:
                ip += 2
            else:
                ip = _taken(code.ops + ip[1], &poll, &resume)
        elif op == X_BR_IF_MOVE:
            GVM_CASE(X_BR_IF_MOVE)
            sp -= 1
            if sp[0]:
                n = ip[3]
                dst = fp + ip[2]
                memmove(dst, sp - n, n * sizeof(slot))
                sp = dst + n
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == OP_BR_TABLE:
            GVM_CASE(OP_BR_TABLE)
            sp -= 1
            x = <uint32_t>sp[0]
            if x > ip[1]:
                x = ip[1]
            ret_ip = ip + 2 + 3 * x           # target dst arity
            n = ret_ip[2]
            dst = fp + ret_ip[1]
            memmove(dst, sp - n, n * sizeof(slot))
            sp = dst + n
            ip = _taken(code.ops + ret_ip[0], &poll, &resume)
        elif op == X_BR_TABLE_JUMP:
            GVM_CASE(X_BR_TABLE_JUMP)
            sp -= 1
            x = <uint32_t>sp[0]
            if x > ip[1]:
                x = ip[1]
            ip = _taken(code.ops + ip[2 + x], &poll, &resume)
        elif op == X_BR_TABLE_JUMP_FWD:
            GVM_CASE(X_BR_TABLE_JUMP_FWD)
            sp -= 1
            x = <uint32_t>sp[0]
            if x > ip[1]:
                x = ip[1]
            ip = code.ops + ip[2 + x]
        elif op == X_BR_TABLE_JUMP_C:
            GVM_CASE(X_BR_TABLE_JUMP_C)
            sp -= 1
            x = <uint32_t>sp[0] + ip[2]        # wraps at 32 bits, as i32.add
            if x > ip[1]:
                x = ip[1]
            ip = _taken(code.ops + ip[3 + x], &poll, &resume)
        elif op == X_BR_TABLE_JUMP_FWD_C:
            GVM_CASE(X_BR_TABLE_JUMP_FWD_C)
            sp -= 1
            x = <uint32_t>sp[0] + ip[2]
            if x > ip[1]:
                x = ip[1]
            ip = code.ops + ip[3 + x]
        elif op == X_BR_TABLE_FWD:
            GVM_CASE(X_BR_TABLE_FWD)
            sp -= 1
            x = <uint32_t>sp[0]
            if x > ip[1]:
                x = ip[1]
            ret_ip = ip + 2 + 3 * x
            n = ret_ip[2]
            dst = fp + ret_ip[1]
            memmove(dst, sp - n, n * sizeof(slot))
            sp = dst + n
            ip = code.ops + ret_ip[0]
        elif op == OP_UNREACHABLE:
            GVM_CASE(OP_UNREACHABLE)
            status = ST_UNREACHABLE
            break
        elif op == X_RETURN:
            GVM_CASE(X_RETURN)
            n = code.nresults
            if n == 1:
                fp[0] = sp[-1]
            elif n:
                memmove(fp, sp - n, n * sizeof(slot))
            sp = fp + n
            m.local_count -= code.nlocals
            top -= 1
            if top == frames:
                status = ST_DONE
                break
            frame = top
            nc = frame.code
            ip = frame.ip
            fp = frame.fp
            if nc.mem != code.mem:
                _mem_view(nc.mem, &mbase, &msize)
                mem = mbase
                memsize = msize
            code = nc
        elif op == X_RETURN_L:
            GVM_CASE(X_RETURN_L)
            fp[0] = fp[ip[1]]
            sp = fp + 1
            m.local_count -= code.nlocals
            top -= 1
            if top == frames:
                status = ST_DONE
                break
            frame = top
            nc = frame.code
            ip = frame.ip
            fp = frame.fp
            if nc.mem != code.mem:
                _mem_view(nc.mem, &mbase, &msize)
                mem = mbase
                memsize = msize
            code = nc
        elif op == OP_CALL:
            GVM_CASE(OP_CALL)
            # A direct call has an arm of its own: its callee is fixed, so after the
            # first call (resolve_callee) the cell's callee slot holds its code, and a
            # call to wasm is the frame record, the limits and the new frame.
            callee = &code.callees[ip[1]]
            nc = callee.code
            if GVM_UNLIKELY(nc == NULL):
                _save(m, code, ip, sp, fp, top, fuel)
                m.resolve_callee(code, callee)
                nc = callee.code
                if nc == NULL:          # a host function
                    sp = m.call_host(<object>callee.func, sp)
                    fuel = m.fuel
                    _mem_view(code.mem, &mbase, &msize)
                    mem = mbase
                    memsize = msize
                    ip += 2
                    continue
            if top >= frames_max:
                status = ST_CALL_EXHAUSTED
                break
            dst = sp - nc.nparams                 # the callee's fp: arguments become locals
            if dst + nc.frame_size > m.call_end:  # below it, MAX_LOCALS holds (Machine)
                if m.local_count > MAX_LOCALS:
                    status = ST_CALL_EXHAUSTED
                    break
                if dst + nc.frame_size > m.stack_end:
                    _save(m, code, ip, sp, fp, top, fuel)
                    rebased = fp
                    sp = m.grow_stack(sp, &rebased, dst + nc.frame_size, <int>(top - frames))
                    fp = rebased
                    dst = sp - nc.nparams
            frame = top
            frame.code = code
            frame.ip = ip + 2
            frame.fp = fp
            top += 1
            m.local_count += nc.nlocals
            gvm_zero_locals(sp, nc.nzero)
            fp = dst
            sp = dst + nc.nlocals
            if nc.mem != code.mem:
                _mem_view(nc.mem, &mbase, &msize)
                mem = mbase
                memsize = msize
            code = nc
            ip = _taken(nc.ops, &poll, &resume)
        elif op == OP_CALL_INDIRECT or op == OP_CALL_REF or op == X_CALL_INDIRECT64:
            GVM_CASE(OP_CALL_INDIRECT, OP_CALL_REF, X_CALL_INDIRECT64)
            op = gvm_opcode(ip)
            host = NULL
            if op == OP_CALL_REF:
                sp -= 1
                a = sp[0]
                if a == 0:
                    status = ST_NULL_FUNC_REF
                    break
                element = m.ref_at(a)
                cache = _cache_find(&code.icache[ip[1]], element)
                if cache == NULL:
                    cache = _cache_victim(&code.icache[ip[1]], element)
                    _save(m, code, ip, sp, fp, top, fuel)
                    m.resolve_ref(cache, element)
                nc = cache.code
                if nc == NULL:
                    host = element
                ret_ip = ip + 2
            else:
                elements = _table_list(code.tables[ip[1]])
                sp -= 1
                a = sp[0]
                if op == OP_CALL_INDIRECT:
                    a = <uint32_t>a
                if a >= <uint64_t>PyList_GET_SIZE(elements):
                    m.trap_index = a
                    status = ST_UNDEFINED_ELEM
                    break
                element = PyList_GET_ITEM(elements, a)
                if element == Py_None:
                    m.trap_index = a
                    status = ST_UNINIT_ELEM
                    break
                cache = _cache_find(&code.icache[ip[3]], element)
                if cache == NULL:
                    cache = _cache_victim(&code.icache[ip[3]], element)
                    _save(m, code, ip, sp, fp, top, fuel)
                    if m.resolve_indirect(code, cache, element, ip[2]):
                        status = ST_INDIRECT_MISMATCH
                        break
                nc = cache.code
                if nc == NULL:
                    host = element
                ret_ip = ip + 4
            if host != NULL:
                _save(m, code, ip, sp, fp, top, fuel)
                sp = m.call_host(<object>host, sp)
                fuel = m.fuel
                _mem_view(code.mem, &mbase, &msize)
                mem = mbase
                memsize = msize
                ip = ret_ip
                continue
            if top >= frames_max:
                status = ST_CALL_EXHAUSTED
                break
            dst = sp - nc.nparams                 # the callee's fp: arguments become locals
            if dst + nc.frame_size > m.call_end:  # below it, MAX_LOCALS holds (Machine)
                if m.local_count > MAX_LOCALS:
                    status = ST_CALL_EXHAUSTED
                    break
                if dst + nc.frame_size > m.stack_end:
                    _save(m, code, ip, sp, fp, top, fuel)
                    rebased = fp
                    sp = m.grow_stack(sp, &rebased, dst + nc.frame_size, <int>(top - frames))
                    fp = rebased
                    dst = sp - nc.nparams
            frame = top
            frame.code = code
            frame.ip = ret_ip
            frame.fp = fp
            top += 1
            m.local_count += nc.nlocals
            gvm_zero_locals(sp, nc.nzero)
            fp = dst
            sp = dst + nc.nlocals
            if nc.mem != code.mem:
                _mem_view(nc.mem, &mbase, &msize)
                mem = mbase
                memsize = msize
            code = nc
            ip = _taken(nc.ops, &poll, &resume)
        elif (op == OP_RETURN_CALL or op == OP_RETURN_CALL_INDIRECT or op == OP_RETURN_CALL_REF
              or op == X_RETURN_CALL_INDIRECT64):
            GVM_CASE(OP_RETURN_CALL, OP_RETURN_CALL_INDIRECT, OP_RETURN_CALL_REF,
                     X_RETURN_CALL_INDIRECT64)
            op = gvm_opcode(ip)
            host = NULL
            if op == OP_RETURN_CALL:
                callee = &code.callees[ip[1]]
                if callee.code == NULL:
                    _save(m, code, ip, sp, fp, top, fuel)
                    m.resolve_callee(code, callee)
                    if callee.code == NULL:
                        host = callee.func
                nc = callee.code
            elif op == OP_RETURN_CALL_REF:
                sp -= 1
                a = sp[0]
                if a == 0:
                    status = ST_NULL_FUNC_REF
                    break
                element = m.ref_at(a)
                cache = _cache_find(&code.icache[ip[1]], element)
                if cache == NULL:
                    cache = _cache_victim(&code.icache[ip[1]], element)
                    _save(m, code, ip, sp, fp, top, fuel)
                    m.resolve_ref(cache, element)
                nc = cache.code
                if nc == NULL:
                    host = element
            else:
                elements = _table_list(code.tables[ip[1]])
                sp -= 1
                a = sp[0]
                if op == OP_RETURN_CALL_INDIRECT:
                    a = <uint32_t>a
                if a >= <uint64_t>PyList_GET_SIZE(elements):
                    m.trap_index = a
                    status = ST_UNDEFINED_ELEM
                    break
                element = PyList_GET_ITEM(elements, a)
                if element == Py_None:
                    m.trap_index = a
                    status = ST_UNINIT_ELEM
                    break
                cache = _cache_find(&code.icache[ip[3]], element)
                if cache == NULL:
                    cache = _cache_victim(&code.icache[ip[3]], element)
                    _save(m, code, ip, sp, fp, top, fuel)
                    if m.resolve_indirect(code, cache, element, ip[2]):
                        status = ST_INDIRECT_MISMATCH
                        break
                nc = cache.code
                if nc == NULL:
                    host = element
            if host != NULL:
                # The host's results land where the current frame's results go. The
                # current frame is conceptually gone: an exception the host raises is
                # not for this frame's handlers (Machine.catch skips it).
                _save(m, code, ip, sp, fp, top, fuel)
                m.tail_host = True
                sp = m.call_host(<object>host, sp)
                m.tail_host = False
                fuel = m.fuel
                _mem_view(code.mem, &mbase, &msize)
                mem = mbase
                memsize = msize
                ip = RETURN_CELL
                continue
            # Replace the current frame: arguments become the callee's first locals.
            n = nc.nparams
            memmove(fp, sp - n, n * sizeof(slot))
            m.local_count -= code.nlocals
            if fp + nc.frame_size > m.call_end:   # below it, MAX_LOCALS holds (Machine)
                if m.local_count > MAX_LOCALS:
                    status = ST_CALL_EXHAUSTED
                    break
                if fp + nc.frame_size > m.stack_end:
                    _save(m, code, ip, sp, fp, top, fuel)
                    rebased = fp
                    sp = m.grow_stack(sp, &rebased, fp + nc.frame_size, <int>(top - frames))
                    fp = rebased
            memset(fp + nc.nparams, 0, nc.nzero * sizeof(slot))
            sp = fp + nc.nlocals
            m.local_count += nc.nlocals
            if nc.mem != code.mem:
                _mem_view(nc.mem, &mbase, &msize)
                mem = mbase
                memsize = msize
            code = nc
            ip = _taken(nc.ops, &poll, &resume)
        elif op == X_BR_ON_NULL:
            GVM_CASE(X_BR_ON_NULL)
            if sp[-1] == 0:
                sp -= 1
                n = ip[3]
                dst = fp + ip[2]
                memmove(dst, sp - n, n * sizeof(slot))
                sp = dst + n
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_ON_NON_NULL:
            GVM_CASE(X_BR_ON_NON_NULL)
            if sp[-1] == 0:
                sp -= 1
                ip += 4
            else:
                n = ip[3]
                dst = fp + ip[2]
                memmove(dst, sp - n, n * sizeof(slot))
                sp = dst + n
                ip = _taken(code.ops + ip[1], &poll, &resume)
        elif op == OP_THROW:
            GVM_CASE(OP_THROW)
            _save(m, code, ip, sp, fp, top, fuel)
            sp = m.throw_new(code, ip[1], sp)
            status = ST_THROW
            break
        elif op == OP_THROW_REF:
            GVM_CASE(OP_THROW_REF)
            sp -= 1
            if sp[0] == 0:
                status = ST_NULL_EXN_REF
                break
            _save(m, code, ip, sp, fp, top, fuel)
            m.exc = <object>m.ref_at(sp[0])
            status = ST_THROW
            break

        # --- fused compare and branch ---------------------------------------------------
        elif op == X_BR_IF_I32_EQZ:
            GVM_CASE(X_BR_IF_I32_EQZ)
            sp -= 1
            if <uint32_t>sp[0] == 0:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_BR_IF_I64_EQZ:
            GVM_CASE(X_BR_IF_I64_EQZ)
            sp -= 1
            if sp[0] == 0:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_IF_I32_EQZ:
            GVM_CASE(X_IF_I32_EQZ)
            sp -= 1
            if <uint32_t>sp[0] == 0:
                ip += 2
            else:
                ip = code.ops + ip[1]
        elif op == X_BR_IF_I32_EQ:
            GVM_CASE(X_BR_IF_I32_EQ)
            sp -= 2
            if <uint32_t>sp[0] == <uint32_t>sp[1]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_BR_IF_I32_NE:
            GVM_CASE(X_BR_IF_I32_NE)
            sp -= 2
            if <uint32_t>sp[0] != <uint32_t>sp[1]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_BR_IF_I32_LT_S:
            GVM_CASE(X_BR_IF_I32_LT_S)
            sp -= 2
            if <int32_t>sp[0] < <int32_t>sp[1]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_BR_IF_I32_LT_U:
            GVM_CASE(X_BR_IF_I32_LT_U)
            sp -= 2
            if <uint32_t>sp[0] < <uint32_t>sp[1]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_BR_IF_I32_GT_S:
            GVM_CASE(X_BR_IF_I32_GT_S)
            sp -= 2
            if <int32_t>sp[0] > <int32_t>sp[1]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_BR_IF_I32_GT_U:
            GVM_CASE(X_BR_IF_I32_GT_U)
            sp -= 2
            if <uint32_t>sp[0] > <uint32_t>sp[1]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_BR_IF_I32_LE_S:
            GVM_CASE(X_BR_IF_I32_LE_S)
            sp -= 2
            if <int32_t>sp[0] <= <int32_t>sp[1]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_BR_IF_I32_LE_U:
            GVM_CASE(X_BR_IF_I32_LE_U)
            sp -= 2
            if <uint32_t>sp[0] <= <uint32_t>sp[1]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_BR_IF_I32_GE_S:
            GVM_CASE(X_BR_IF_I32_GE_S)
            sp -= 2
            if <int32_t>sp[0] >= <int32_t>sp[1]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_BR_IF_I32_GE_U:
            GVM_CASE(X_BR_IF_I32_GE_U)
            sp -= 2
            if <uint32_t>sp[0] >= <uint32_t>sp[1]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_BR_IF_I64_EQ:
            GVM_CASE(X_BR_IF_I64_EQ)
            sp -= 2
            if sp[0] == sp[1]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_BR_IF_I64_NE:
            GVM_CASE(X_BR_IF_I64_NE)
            sp -= 2
            if sp[0] != sp[1]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_IF_I32_EQ:
            GVM_CASE(X_IF_I32_EQ)
            sp -= 2
            if <uint32_t>sp[0] == <uint32_t>sp[1]:
                ip += 2
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_I32_NE:
            GVM_CASE(X_IF_I32_NE)
            sp -= 2
            if <uint32_t>sp[0] != <uint32_t>sp[1]:
                ip += 2
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_I32_LT_S:
            GVM_CASE(X_IF_I32_LT_S)
            sp -= 2
            if <int32_t>sp[0] < <int32_t>sp[1]:
                ip += 2
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_I32_LT_U:
            GVM_CASE(X_IF_I32_LT_U)
            sp -= 2
            if <uint32_t>sp[0] < <uint32_t>sp[1]:
                ip += 2
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_I32_GT_S:
            GVM_CASE(X_IF_I32_GT_S)
            sp -= 2
            if <int32_t>sp[0] > <int32_t>sp[1]:
                ip += 2
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_I32_GT_U:
            GVM_CASE(X_IF_I32_GT_U)
            sp -= 2
            if <uint32_t>sp[0] > <uint32_t>sp[1]:
                ip += 2
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_I32_LE_S:
            GVM_CASE(X_IF_I32_LE_S)
            sp -= 2
            if <int32_t>sp[0] <= <int32_t>sp[1]:
                ip += 2
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_I32_LE_U:
            GVM_CASE(X_IF_I32_LE_U)
            sp -= 2
            if <uint32_t>sp[0] <= <uint32_t>sp[1]:
                ip += 2
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_I32_GE_S:
            GVM_CASE(X_IF_I32_GE_S)
            sp -= 2
            if <int32_t>sp[0] >= <int32_t>sp[1]:
                ip += 2
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_I32_GE_U:
            GVM_CASE(X_IF_I32_GE_U)
            sp -= 2
            if <uint32_t>sp[0] >= <uint32_t>sp[1]:
                ip += 2
            else:
                ip = code.ops + ip[1]

        # --- memory 0: loads and stores -------------------------------------------------
        elif op == OP_I32_LOAD or op == OP_F32_LOAD or op == OP_I64_LOAD32_U:
            GVM_CASE(OP_I32_LOAD, OP_F32_LOAD, OP_I64_LOAD32_U)
            ea = <uint64_t>(<uint32_t>sp[-1]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = gvm_ld32(mem + ea)
            ip += 2
        elif op == OP_I64_LOAD or op == OP_F64_LOAD:
            GVM_CASE(OP_I64_LOAD, OP_F64_LOAD)
            ea = <uint64_t>(<uint32_t>sp[-1]) + ip[1]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = gvm_ld64(mem + ea)
            ip += 2
        # The 8- and 16-bit loads have an arm per extension: one arm switching on the
        # opcode again (_load) cost QuickJS about 10 instructions a load.
        elif op == OP_I32_LOAD8_U or op == OP_I64_LOAD8_U:
            GVM_CASE(OP_I32_LOAD8_U, OP_I64_LOAD8_U)
            ea = <uint64_t>(<uint32_t>sp[-1]) + ip[1]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = gvm_ld8(mem + ea)
            ip += 2
        elif op == OP_I32_LOAD8_S:
            GVM_CASE(OP_I32_LOAD8_S)
            ea = <uint64_t>(<uint32_t>sp[-1]) + ip[1]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = <uint32_t><int32_t><int8_t>gvm_ld8(mem + ea)
            ip += 2
        elif op == OP_I64_LOAD8_S:
            GVM_CASE(OP_I64_LOAD8_S)
            ea = <uint64_t>(<uint32_t>sp[-1]) + ip[1]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = <uint64_t><int64_t><int8_t>gvm_ld8(mem + ea)
            ip += 2
        elif op == OP_I32_LOAD16_U or op == OP_I64_LOAD16_U:
            GVM_CASE(OP_I32_LOAD16_U, OP_I64_LOAD16_U)
            ea = <uint64_t>(<uint32_t>sp[-1]) + ip[1]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = gvm_ld16(mem + ea)
            ip += 2
        elif op == OP_I32_LOAD16_S:
            GVM_CASE(OP_I32_LOAD16_S)
            ea = <uint64_t>(<uint32_t>sp[-1]) + ip[1]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = <uint32_t><int32_t><int16_t>gvm_ld16(mem + ea)
            ip += 2
        elif op == OP_I64_LOAD16_S:
            GVM_CASE(OP_I64_LOAD16_S)
            ea = <uint64_t>(<uint32_t>sp[-1]) + ip[1]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = <uint64_t><int64_t><int16_t>gvm_ld16(mem + ea)
            ip += 2
        elif op == OP_I64_LOAD32_S:
            GVM_CASE(OP_I64_LOAD32_S)
            ea = <uint64_t>(<uint32_t>sp[-1]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = <uint64_t><int64_t><int32_t>gvm_ld32(mem + ea)
            ip += 2
        elif op == OP_I32_STORE or op == OP_F32_STORE or op == OP_I64_STORE32:
            GVM_CASE(OP_I32_STORE, OP_F32_STORE, OP_I64_STORE32)
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, sp[-1])
            sp -= 2
            ip += 2
        elif op == OP_I64_STORE or op == OP_F64_STORE:
            GVM_CASE(OP_I64_STORE, OP_F64_STORE)
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st64(mem + ea, sp[-1])
            sp -= 2
            ip += 2
        elif op == OP_I32_STORE8 or op == OP_I64_STORE8:
            GVM_CASE(OP_I32_STORE8, OP_I64_STORE8)
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st8(mem + ea, sp[-1])
            sp -= 2
            ip += 2
        elif op == OP_I32_STORE16 or op == OP_I64_STORE16:
            GVM_CASE(OP_I32_STORE16, OP_I64_STORE16)
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st16(mem + ea, sp[-1])
            sp -= 2
            ip += 2

        # --- i32 ------------------------------------------------------------------------
        elif op == OP_I32_ADD:
            GVM_CASE(OP_I32_ADD)
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] + <uint32_t>sp[0])
            ip += 1
        elif op == OP_I32_SUB:
            GVM_CASE(OP_I32_SUB)
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] - <uint32_t>sp[0])
            ip += 1
        elif op == OP_I32_MUL:
            GVM_CASE(OP_I32_MUL)
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] * <uint32_t>sp[0])
            ip += 1
        elif op == OP_I32_DIV_S or op == OP_I32_REM_S or op == OP_I32_DIV_U or op == OP_I32_REM_U:
            GVM_CASE(OP_I32_DIV_S, OP_I32_REM_S, OP_I32_DIV_U, OP_I32_REM_U)
            op = gvm_opcode(ip)
            x = <uint32_t>sp[-2]
            y = <uint32_t>sp[-1]
            if y == 0:
                status = ST_DIV_ZERO
                break
            if op == OP_I32_DIV_S:
                if x == 0x80000000U and y == 0xFFFFFFFFU:
                    status = ST_INT_OVERFLOW
                    break
                x = <uint32_t>(<int32_t>x / <int32_t>y)
            elif op == OP_I32_REM_S:
                x = 0 if y == 0xFFFFFFFFU else <uint32_t>(<int32_t>x % <int32_t>y)
            elif op == OP_I32_DIV_U:
                x = x / y
            else:
                x = x % y
            sp -= 1
            sp[-1] = x
            ip += 1
        elif op == OP_I32_AND:
            GVM_CASE(OP_I32_AND)
            sp -= 1
            sp[-1] = sp[-1] & sp[0]
            ip += 1
        elif op == OP_I32_OR:
            GVM_CASE(OP_I32_OR)
            sp -= 1
            sp[-1] = sp[-1] | sp[0]
            ip += 1
        elif op == OP_I32_XOR:
            GVM_CASE(OP_I32_XOR)
            sp -= 1
            sp[-1] = sp[-1] ^ sp[0]
            ip += 1
        elif op == OP_I32_SHL:
            GVM_CASE(OP_I32_SHL)
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] << (sp[0] & 31))
            ip += 1
        elif op == OP_I32_SHR_S:
            GVM_CASE(OP_I32_SHR_S)
            sp -= 1
            sp[-1] = <uint32_t>(<int32_t>sp[-1] >> (sp[0] & 31))
            ip += 1
        elif op == OP_I32_SHR_U:
            GVM_CASE(OP_I32_SHR_U)
            sp -= 1
            sp[-1] = <uint32_t>sp[-1] >> (sp[0] & 31)
            ip += 1
        elif op == OP_I32_ROTL:
            GVM_CASE(OP_I32_ROTL)
            sp -= 1
            sp[-1] = gvm_rotl32(<uint32_t>sp[-1], <uint32_t>sp[0])
            ip += 1
        elif op == OP_I32_ROTR:
            GVM_CASE(OP_I32_ROTR)
            sp -= 1
            sp[-1] = gvm_rotr32(<uint32_t>sp[-1], <uint32_t>sp[0])
            ip += 1
        elif op == OP_I32_CLZ:
            GVM_CASE(OP_I32_CLZ)
            sp[-1] = gvm_clz32(<uint32_t>sp[-1])
            ip += 1
        elif op == OP_I32_CTZ:
            GVM_CASE(OP_I32_CTZ)
            sp[-1] = gvm_ctz32(<uint32_t>sp[-1])
            ip += 1
        elif op == OP_I32_POPCNT:
            GVM_CASE(OP_I32_POPCNT)
            sp[-1] = __builtin_popcount(<uint32_t>sp[-1])
            ip += 1
        elif op == OP_I32_EQZ:
            GVM_CASE(OP_I32_EQZ)
            sp[-1] = <uint32_t>sp[-1] == 0
            ip += 1
        elif op == OP_I32_EQ:
            GVM_CASE(OP_I32_EQ)
            sp -= 1
            sp[-1] = <uint32_t>sp[-1] == <uint32_t>sp[0]
            ip += 1
        elif op == OP_I32_NE:
            GVM_CASE(OP_I32_NE)
            sp -= 1
            sp[-1] = <uint32_t>sp[-1] != <uint32_t>sp[0]
            ip += 1
        elif op == OP_I32_LT_S:
            GVM_CASE(OP_I32_LT_S)
            sp -= 1
            sp[-1] = <int32_t>sp[-1] < <int32_t>sp[0]
            ip += 1
        elif op == OP_I32_LT_U:
            GVM_CASE(OP_I32_LT_U)
            sp -= 1
            sp[-1] = <uint32_t>sp[-1] < <uint32_t>sp[0]
            ip += 1
        elif op == OP_I32_GT_S:
            GVM_CASE(OP_I32_GT_S)
            sp -= 1
            sp[-1] = <int32_t>sp[-1] > <int32_t>sp[0]
            ip += 1
        elif op == OP_I32_GT_U:
            GVM_CASE(OP_I32_GT_U)
            sp -= 1
            sp[-1] = <uint32_t>sp[-1] > <uint32_t>sp[0]
            ip += 1
        elif op == OP_I32_LE_S:
            GVM_CASE(OP_I32_LE_S)
            sp -= 1
            sp[-1] = <int32_t>sp[-1] <= <int32_t>sp[0]
            ip += 1
        elif op == OP_I32_LE_U:
            GVM_CASE(OP_I32_LE_U)
            sp -= 1
            sp[-1] = <uint32_t>sp[-1] <= <uint32_t>sp[0]
            ip += 1
        elif op == OP_I32_GE_S:
            GVM_CASE(OP_I32_GE_S)
            sp -= 1
            sp[-1] = <int32_t>sp[-1] >= <int32_t>sp[0]
            ip += 1
        elif op == OP_I32_GE_U:
            GVM_CASE(OP_I32_GE_U)
            sp -= 1
            sp[-1] = <uint32_t>sp[-1] >= <uint32_t>sp[0]
            ip += 1
        elif op == OP_I64_EQ:
            GVM_CASE(OP_I64_EQ)
            sp -= 1
            sp[-1] = <uint64_t>sp[-1] == <uint64_t>sp[0]
            ip += 1
        elif op == OP_I64_NE:
            GVM_CASE(OP_I64_NE)
            sp -= 1
            sp[-1] = <uint64_t>sp[-1] != <uint64_t>sp[0]
            ip += 1
        elif op == OP_I64_LT_S:
            GVM_CASE(OP_I64_LT_S)
            sp -= 1
            sp[-1] = <int64_t>sp[-1] < <int64_t>sp[0]
            ip += 1
        elif op == OP_I64_LT_U:
            GVM_CASE(OP_I64_LT_U)
            sp -= 1
            sp[-1] = <uint64_t>sp[-1] < <uint64_t>sp[0]
            ip += 1
        elif op == OP_I64_GT_S:
            GVM_CASE(OP_I64_GT_S)
            sp -= 1
            sp[-1] = <int64_t>sp[-1] > <int64_t>sp[0]
            ip += 1
        elif op == OP_I64_GT_U:
            GVM_CASE(OP_I64_GT_U)
            sp -= 1
            sp[-1] = <uint64_t>sp[-1] > <uint64_t>sp[0]
            ip += 1
        elif op == OP_I64_LE_S:
            GVM_CASE(OP_I64_LE_S)
            sp -= 1
            sp[-1] = <int64_t>sp[-1] <= <int64_t>sp[0]
            ip += 1
        elif op == OP_I64_LE_U:
            GVM_CASE(OP_I64_LE_U)
            sp -= 1
            sp[-1] = <uint64_t>sp[-1] <= <uint64_t>sp[0]
            ip += 1
        elif op == OP_I64_GE_S:
            GVM_CASE(OP_I64_GE_S)
            sp -= 1
            sp[-1] = <int64_t>sp[-1] >= <int64_t>sp[0]
            ip += 1
        elif op == OP_I64_GE_U:
            GVM_CASE(OP_I64_GE_U)
            sp -= 1
            sp[-1] = <uint64_t>sp[-1] >= <uint64_t>sp[0]
            ip += 1

        # --- i64 ------------------------------------------------------------------------
        elif op == OP_I64_ADD:
            GVM_CASE(OP_I64_ADD)
            sp -= 1
            sp[-1] = sp[-1] + sp[0]
            ip += 1
        elif op == OP_I64_SUB:
            GVM_CASE(OP_I64_SUB)
            sp -= 1
            sp[-1] = sp[-1] - sp[0]
            ip += 1
        elif op == OP_I64_MUL:
            GVM_CASE(OP_I64_MUL)
            sp -= 1
            sp[-1] = sp[-1] * sp[0]
            ip += 1
        elif op == OP_I64_DIV_S or op == OP_I64_REM_S or op == OP_I64_DIV_U or op == OP_I64_REM_U:
            GVM_CASE(OP_I64_DIV_S, OP_I64_REM_S, OP_I64_DIV_U, OP_I64_REM_U)
            op = gvm_opcode(ip)
            a = sp[-2]
            b = sp[-1]
            if b == 0:
                status = ST_DIV_ZERO
                break
            if op == OP_I64_DIV_S:
                if a == 0x8000000000000000ULL and b == 0xFFFFFFFFFFFFFFFFULL:
                    status = ST_INT_OVERFLOW
                    break
                a = <uint64_t>(<int64_t>a / <int64_t>b)
            elif op == OP_I64_REM_S:
                a = 0 if b == 0xFFFFFFFFFFFFFFFFULL else <uint64_t>(<int64_t>a % <int64_t>b)
            elif op == OP_I64_DIV_U:
                a = a / b
            else:
                a = a % b
            sp -= 1
            sp[-1] = a
            ip += 1
        elif op == OP_I64_AND:
            GVM_CASE(OP_I64_AND)
            sp -= 1
            sp[-1] = sp[-1] & sp[0]
            ip += 1
        elif op == OP_I64_OR:
            GVM_CASE(OP_I64_OR)
            sp -= 1
            sp[-1] = sp[-1] | sp[0]
            ip += 1
        elif op == OP_I64_XOR:
            GVM_CASE(OP_I64_XOR)
            sp -= 1
            sp[-1] = sp[-1] ^ sp[0]
            ip += 1
        elif op == OP_I64_SHL:
            GVM_CASE(OP_I64_SHL)
            sp -= 1
            sp[-1] = sp[-1] << (sp[0] & 63)
            ip += 1
        elif op == OP_I64_SHR_S:
            GVM_CASE(OP_I64_SHR_S)
            sp -= 1
            sp[-1] = <uint64_t>(<int64_t>sp[-1] >> (sp[0] & 63))
            ip += 1
        elif op == OP_I64_SHR_U:
            GVM_CASE(OP_I64_SHR_U)
            sp -= 1
            sp[-1] = sp[-1] >> (sp[0] & 63)
            ip += 1
        elif op == OP_I64_ROTL:
            GVM_CASE(OP_I64_ROTL)
            sp -= 1
            sp[-1] = gvm_rotl64(sp[-1], sp[0])
            ip += 1
        elif op == OP_I64_ROTR:
            GVM_CASE(OP_I64_ROTR)
            sp -= 1
            sp[-1] = gvm_rotr64(sp[-1], sp[0])
            ip += 1
        elif op == OP_I64_CLZ:
            GVM_CASE(OP_I64_CLZ)
            sp[-1] = gvm_clz64(sp[-1])
            ip += 1
        elif op == OP_I64_CTZ:
            GVM_CASE(OP_I64_CTZ)
            sp[-1] = gvm_ctz64(sp[-1])
            ip += 1
        elif op == OP_I64_POPCNT:
            GVM_CASE(OP_I64_POPCNT)
            sp[-1] = __builtin_popcountll(sp[-1])
            ip += 1
        elif op == OP_I64_EQZ:
            GVM_CASE(OP_I64_EQZ)
            sp[-1] = sp[-1] == 0
            ip += 1

        # --- generated by gen_fused.py: register forms (do not edit) ---
        elif op == X_I32_ADD_LL:
            GVM_CASE(X_I32_ADD_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = <uint32_t>(x + y)
            sp += 1
            ip += 3
        elif op == X_I32_ADD_LL_SET:
            GVM_CASE(X_I32_ADD_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <uint32_t>(x + y)
            ip += 4
        elif op == X_I32_ADD_LL_TEE:
            GVM_CASE(X_I32_ADD_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_ADD_LC:
            GVM_CASE(X_I32_ADD_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <uint32_t>(x + y)
            sp += 1
            ip += 3
        elif op == X_I32_ADD_LC_SET:
            GVM_CASE(X_I32_ADD_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            ip += 4
        elif op == X_I32_ADD_LC_TEE:
            GVM_CASE(X_I32_ADD_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_ADD_SL:
            GVM_CASE(X_I32_ADD_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = <uint32_t>(x + y)
            ip += 2
        elif op == X_I32_ADD_SL_SET:
            GVM_CASE(X_I32_ADD_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <uint32_t>(x + y)
            sp -= 1
            ip += 3
        elif op == X_I32_ADD_SL_TEE:
            GVM_CASE(X_I32_ADD_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <uint32_t>(x + y)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_ADD_SC:
            GVM_CASE(X_I32_ADD_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x + y)
            ip += 2
        elif op == X_I32_ADD_SC_SET:
            GVM_CASE(X_I32_ADD_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp -= 1
            ip += 3
        elif op == X_I32_ADD_SC_TEE:
            GVM_CASE(X_I32_ADD_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_SUB_LL:
            GVM_CASE(X_I32_SUB_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = <uint32_t>(x - y)
            sp += 1
            ip += 3
        elif op == X_I32_SUB_LL_SET:
            GVM_CASE(X_I32_SUB_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <uint32_t>(x - y)
            ip += 4
        elif op == X_I32_SUB_LL_TEE:
            GVM_CASE(X_I32_SUB_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <uint32_t>(x - y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_SUB_LC:
            GVM_CASE(X_I32_SUB_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <uint32_t>(x - y)
            sp += 1
            ip += 3
        elif op == X_I32_SUB_LC_SET:
            GVM_CASE(X_I32_SUB_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x - y)
            ip += 4
        elif op == X_I32_SUB_LC_TEE:
            GVM_CASE(X_I32_SUB_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x - y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_SUB_SL:
            GVM_CASE(X_I32_SUB_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = <uint32_t>(x - y)
            ip += 2
        elif op == X_I32_SUB_SL_SET:
            GVM_CASE(X_I32_SUB_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <uint32_t>(x - y)
            sp -= 1
            ip += 3
        elif op == X_I32_SUB_SL_TEE:
            GVM_CASE(X_I32_SUB_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <uint32_t>(x - y)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_SUB_SC:
            GVM_CASE(X_I32_SUB_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x - y)
            ip += 2
        elif op == X_I32_SUB_SC_SET:
            GVM_CASE(X_I32_SUB_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x - y)
            sp -= 1
            ip += 3
        elif op == X_I32_SUB_SC_TEE:
            GVM_CASE(X_I32_SUB_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x - y)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_MUL_LL:
            GVM_CASE(X_I32_MUL_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = <uint32_t>(x * y)
            sp += 1
            ip += 3
        elif op == X_I32_MUL_LL_SET:
            GVM_CASE(X_I32_MUL_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <uint32_t>(x * y)
            ip += 4
        elif op == X_I32_MUL_LL_TEE:
            GVM_CASE(X_I32_MUL_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <uint32_t>(x * y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_MUL_LC:
            GVM_CASE(X_I32_MUL_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <uint32_t>(x * y)
            sp += 1
            ip += 3
        elif op == X_I32_MUL_LC_SET:
            GVM_CASE(X_I32_MUL_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x * y)
            ip += 4
        elif op == X_I32_MUL_LC_TEE:
            GVM_CASE(X_I32_MUL_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x * y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_MUL_SL:
            GVM_CASE(X_I32_MUL_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = <uint32_t>(x * y)
            ip += 2
        elif op == X_I32_MUL_SL_SET:
            GVM_CASE(X_I32_MUL_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <uint32_t>(x * y)
            sp -= 1
            ip += 3
        elif op == X_I32_MUL_SL_TEE:
            GVM_CASE(X_I32_MUL_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <uint32_t>(x * y)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_MUL_SC:
            GVM_CASE(X_I32_MUL_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x * y)
            ip += 2
        elif op == X_I32_MUL_SC_SET:
            GVM_CASE(X_I32_MUL_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x * y)
            sp -= 1
            ip += 3
        elif op == X_I32_MUL_SC_TEE:
            GVM_CASE(X_I32_MUL_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x * y)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_AND_LL:
            GVM_CASE(X_I32_AND_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = x & y
            sp += 1
            ip += 3
        elif op == X_I32_AND_LL_SET:
            GVM_CASE(X_I32_AND_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x & y
            ip += 4
        elif op == X_I32_AND_LL_TEE:
            GVM_CASE(X_I32_AND_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x & y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_AND_LC:
            GVM_CASE(X_I32_AND_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = x & y
            sp += 1
            ip += 3
        elif op == X_I32_AND_LC_SET:
            GVM_CASE(X_I32_AND_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x & y
            ip += 4
        elif op == X_I32_AND_LC_TEE:
            GVM_CASE(X_I32_AND_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x & y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_AND_SL:
            GVM_CASE(X_I32_AND_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = x & y
            ip += 2
        elif op == X_I32_AND_SL_SET:
            GVM_CASE(X_I32_AND_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x & y
            sp -= 1
            ip += 3
        elif op == X_I32_AND_SL_TEE:
            GVM_CASE(X_I32_AND_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x & y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_AND_SC:
            GVM_CASE(X_I32_AND_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x & y
            ip += 2
        elif op == X_I32_AND_SC_SET:
            GVM_CASE(X_I32_AND_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x & y
            sp -= 1
            ip += 3
        elif op == X_I32_AND_SC_TEE:
            GVM_CASE(X_I32_AND_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x & y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_OR_LL:
            GVM_CASE(X_I32_OR_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = x | y
            sp += 1
            ip += 3
        elif op == X_I32_OR_LL_SET:
            GVM_CASE(X_I32_OR_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x | y
            ip += 4
        elif op == X_I32_OR_LL_TEE:
            GVM_CASE(X_I32_OR_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x | y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_OR_LC:
            GVM_CASE(X_I32_OR_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = x | y
            sp += 1
            ip += 3
        elif op == X_I32_OR_LC_SET:
            GVM_CASE(X_I32_OR_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x | y
            ip += 4
        elif op == X_I32_OR_LC_TEE:
            GVM_CASE(X_I32_OR_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x | y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_OR_SL:
            GVM_CASE(X_I32_OR_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = x | y
            ip += 2
        elif op == X_I32_OR_SL_SET:
            GVM_CASE(X_I32_OR_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x | y
            sp -= 1
            ip += 3
        elif op == X_I32_OR_SL_TEE:
            GVM_CASE(X_I32_OR_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x | y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_OR_SC:
            GVM_CASE(X_I32_OR_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x | y
            ip += 2
        elif op == X_I32_OR_SC_SET:
            GVM_CASE(X_I32_OR_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x | y
            sp -= 1
            ip += 3
        elif op == X_I32_OR_SC_TEE:
            GVM_CASE(X_I32_OR_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x | y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_XOR_LL:
            GVM_CASE(X_I32_XOR_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = x ^ y
            sp += 1
            ip += 3
        elif op == X_I32_XOR_LL_SET:
            GVM_CASE(X_I32_XOR_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x ^ y
            ip += 4
        elif op == X_I32_XOR_LL_TEE:
            GVM_CASE(X_I32_XOR_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x ^ y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_XOR_LC:
            GVM_CASE(X_I32_XOR_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = x ^ y
            sp += 1
            ip += 3
        elif op == X_I32_XOR_LC_SET:
            GVM_CASE(X_I32_XOR_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x ^ y
            ip += 4
        elif op == X_I32_XOR_LC_TEE:
            GVM_CASE(X_I32_XOR_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x ^ y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_XOR_SL:
            GVM_CASE(X_I32_XOR_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = x ^ y
            ip += 2
        elif op == X_I32_XOR_SL_SET:
            GVM_CASE(X_I32_XOR_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x ^ y
            sp -= 1
            ip += 3
        elif op == X_I32_XOR_SL_TEE:
            GVM_CASE(X_I32_XOR_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x ^ y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_XOR_SC:
            GVM_CASE(X_I32_XOR_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x ^ y
            ip += 2
        elif op == X_I32_XOR_SC_SET:
            GVM_CASE(X_I32_XOR_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x ^ y
            sp -= 1
            ip += 3
        elif op == X_I32_XOR_SC_TEE:
            GVM_CASE(X_I32_XOR_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x ^ y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_SHL_LL:
            GVM_CASE(X_I32_SHL_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = <uint32_t>(x << (y & 31))
            sp += 1
            ip += 3
        elif op == X_I32_SHL_LL_SET:
            GVM_CASE(X_I32_SHL_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <uint32_t>(x << (y & 31))
            ip += 4
        elif op == X_I32_SHL_LL_TEE:
            GVM_CASE(X_I32_SHL_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <uint32_t>(x << (y & 31))
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_SHL_LC:
            GVM_CASE(X_I32_SHL_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <uint32_t>(x << (y & 31))
            sp += 1
            ip += 3
        elif op == X_I32_SHL_LC_SET:
            GVM_CASE(X_I32_SHL_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x << (y & 31))
            ip += 4
        elif op == X_I32_SHL_LC_TEE:
            GVM_CASE(X_I32_SHL_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x << (y & 31))
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_SHL_SL:
            GVM_CASE(X_I32_SHL_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = <uint32_t>(x << (y & 31))
            ip += 2
        elif op == X_I32_SHL_SL_SET:
            GVM_CASE(X_I32_SHL_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <uint32_t>(x << (y & 31))
            sp -= 1
            ip += 3
        elif op == X_I32_SHL_SL_TEE:
            GVM_CASE(X_I32_SHL_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <uint32_t>(x << (y & 31))
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_SHL_SC:
            GVM_CASE(X_I32_SHL_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x << (y & 31))
            ip += 2
        elif op == X_I32_SHL_SC_SET:
            GVM_CASE(X_I32_SHL_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x << (y & 31))
            sp -= 1
            ip += 3
        elif op == X_I32_SHL_SC_TEE:
            GVM_CASE(X_I32_SHL_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x << (y & 31))
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_SHR_S_LL:
            GVM_CASE(X_I32_SHR_S_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = <uint32_t>(<int32_t>x >> (y & 31))
            sp += 1
            ip += 3
        elif op == X_I32_SHR_S_LL_SET:
            GVM_CASE(X_I32_SHR_S_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <uint32_t>(<int32_t>x >> (y & 31))
            ip += 4
        elif op == X_I32_SHR_S_LL_TEE:
            GVM_CASE(X_I32_SHR_S_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <uint32_t>(<int32_t>x >> (y & 31))
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_SHR_S_LC:
            GVM_CASE(X_I32_SHR_S_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <uint32_t>(<int32_t>x >> (y & 31))
            sp += 1
            ip += 3
        elif op == X_I32_SHR_S_LC_SET:
            GVM_CASE(X_I32_SHR_S_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(<int32_t>x >> (y & 31))
            ip += 4
        elif op == X_I32_SHR_S_LC_TEE:
            GVM_CASE(X_I32_SHR_S_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(<int32_t>x >> (y & 31))
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_SHR_S_SL:
            GVM_CASE(X_I32_SHR_S_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = <uint32_t>(<int32_t>x >> (y & 31))
            ip += 2
        elif op == X_I32_SHR_S_SL_SET:
            GVM_CASE(X_I32_SHR_S_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <uint32_t>(<int32_t>x >> (y & 31))
            sp -= 1
            ip += 3
        elif op == X_I32_SHR_S_SL_TEE:
            GVM_CASE(X_I32_SHR_S_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <uint32_t>(<int32_t>x >> (y & 31))
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_SHR_S_SC:
            GVM_CASE(X_I32_SHR_S_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(<int32_t>x >> (y & 31))
            ip += 2
        elif op == X_I32_SHR_S_SC_SET:
            GVM_CASE(X_I32_SHR_S_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(<int32_t>x >> (y & 31))
            sp -= 1
            ip += 3
        elif op == X_I32_SHR_S_SC_TEE:
            GVM_CASE(X_I32_SHR_S_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(<int32_t>x >> (y & 31))
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_SHR_U_LL:
            GVM_CASE(X_I32_SHR_U_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = x >> (y & 31)
            sp += 1
            ip += 3
        elif op == X_I32_SHR_U_LL_SET:
            GVM_CASE(X_I32_SHR_U_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x >> (y & 31)
            ip += 4
        elif op == X_I32_SHR_U_LL_TEE:
            GVM_CASE(X_I32_SHR_U_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x >> (y & 31)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_SHR_U_LC:
            GVM_CASE(X_I32_SHR_U_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = x >> (y & 31)
            sp += 1
            ip += 3
        elif op == X_I32_SHR_U_LC_SET:
            GVM_CASE(X_I32_SHR_U_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x >> (y & 31)
            ip += 4
        elif op == X_I32_SHR_U_LC_TEE:
            GVM_CASE(X_I32_SHR_U_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x >> (y & 31)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_SHR_U_SL:
            GVM_CASE(X_I32_SHR_U_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = x >> (y & 31)
            ip += 2
        elif op == X_I32_SHR_U_SL_SET:
            GVM_CASE(X_I32_SHR_U_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x >> (y & 31)
            sp -= 1
            ip += 3
        elif op == X_I32_SHR_U_SL_TEE:
            GVM_CASE(X_I32_SHR_U_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x >> (y & 31)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_SHR_U_SC:
            GVM_CASE(X_I32_SHR_U_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x >> (y & 31)
            ip += 2
        elif op == X_I32_SHR_U_SC_SET:
            GVM_CASE(X_I32_SHR_U_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x >> (y & 31)
            sp -= 1
            ip += 3
        elif op == X_I32_SHR_U_SC_TEE:
            GVM_CASE(X_I32_SHR_U_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x >> (y & 31)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_ROTL_LL:
            GVM_CASE(X_I32_ROTL_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = gvm_rotl32(x, y)
            sp += 1
            ip += 3
        elif op == X_I32_ROTL_LL_SET:
            GVM_CASE(X_I32_ROTL_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = gvm_rotl32(x, y)
            ip += 4
        elif op == X_I32_ROTL_LL_TEE:
            GVM_CASE(X_I32_ROTL_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = gvm_rotl32(x, y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_ROTL_LC:
            GVM_CASE(X_I32_ROTL_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = gvm_rotl32(x, y)
            sp += 1
            ip += 3
        elif op == X_I32_ROTL_LC_SET:
            GVM_CASE(X_I32_ROTL_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = gvm_rotl32(x, y)
            ip += 4
        elif op == X_I32_ROTL_LC_TEE:
            GVM_CASE(X_I32_ROTL_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = gvm_rotl32(x, y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_ROTL_SL:
            GVM_CASE(X_I32_ROTL_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = gvm_rotl32(x, y)
            ip += 2
        elif op == X_I32_ROTL_SL_SET:
            GVM_CASE(X_I32_ROTL_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = gvm_rotl32(x, y)
            sp -= 1
            ip += 3
        elif op == X_I32_ROTL_SL_TEE:
            GVM_CASE(X_I32_ROTL_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = gvm_rotl32(x, y)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_ROTL_SC:
            GVM_CASE(X_I32_ROTL_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = gvm_rotl32(x, y)
            ip += 2
        elif op == X_I32_ROTL_SC_SET:
            GVM_CASE(X_I32_ROTL_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = gvm_rotl32(x, y)
            sp -= 1
            ip += 3
        elif op == X_I32_ROTL_SC_TEE:
            GVM_CASE(X_I32_ROTL_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = gvm_rotl32(x, y)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_EQ_LL:
            GVM_CASE(X_I32_EQ_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = x == y
            sp += 1
            ip += 3
        elif op == X_I32_EQ_LL_SET:
            GVM_CASE(X_I32_EQ_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x == y
            ip += 4
        elif op == X_I32_EQ_LL_TEE:
            GVM_CASE(X_I32_EQ_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x == y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_EQ_LC:
            GVM_CASE(X_I32_EQ_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = x == y
            sp += 1
            ip += 3
        elif op == X_I32_EQ_LC_SET:
            GVM_CASE(X_I32_EQ_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x == y
            ip += 4
        elif op == X_I32_EQ_LC_TEE:
            GVM_CASE(X_I32_EQ_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x == y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_EQ_SL:
            GVM_CASE(X_I32_EQ_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = x == y
            ip += 2
        elif op == X_I32_EQ_SL_SET:
            GVM_CASE(X_I32_EQ_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x == y
            sp -= 1
            ip += 3
        elif op == X_I32_EQ_SL_TEE:
            GVM_CASE(X_I32_EQ_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x == y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_EQ_SC:
            GVM_CASE(X_I32_EQ_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x == y
            ip += 2
        elif op == X_I32_EQ_SC_SET:
            GVM_CASE(X_I32_EQ_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x == y
            sp -= 1
            ip += 3
        elif op == X_I32_EQ_SC_TEE:
            GVM_CASE(X_I32_EQ_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x == y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_NE_LL:
            GVM_CASE(X_I32_NE_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = x != y
            sp += 1
            ip += 3
        elif op == X_I32_NE_LL_SET:
            GVM_CASE(X_I32_NE_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x != y
            ip += 4
        elif op == X_I32_NE_LL_TEE:
            GVM_CASE(X_I32_NE_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x != y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_NE_LC:
            GVM_CASE(X_I32_NE_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = x != y
            sp += 1
            ip += 3
        elif op == X_I32_NE_LC_SET:
            GVM_CASE(X_I32_NE_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x != y
            ip += 4
        elif op == X_I32_NE_LC_TEE:
            GVM_CASE(X_I32_NE_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x != y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_NE_SL:
            GVM_CASE(X_I32_NE_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = x != y
            ip += 2
        elif op == X_I32_NE_SL_SET:
            GVM_CASE(X_I32_NE_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x != y
            sp -= 1
            ip += 3
        elif op == X_I32_NE_SL_TEE:
            GVM_CASE(X_I32_NE_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x != y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_NE_SC:
            GVM_CASE(X_I32_NE_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x != y
            ip += 2
        elif op == X_I32_NE_SC_SET:
            GVM_CASE(X_I32_NE_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x != y
            sp -= 1
            ip += 3
        elif op == X_I32_NE_SC_TEE:
            GVM_CASE(X_I32_NE_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x != y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_LT_S_LL:
            GVM_CASE(X_I32_LT_S_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = <int32_t>x < <int32_t>y
            sp += 1
            ip += 3
        elif op == X_I32_LT_S_LL_SET:
            GVM_CASE(X_I32_LT_S_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <int32_t>x < <int32_t>y
            ip += 4
        elif op == X_I32_LT_S_LL_TEE:
            GVM_CASE(X_I32_LT_S_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <int32_t>x < <int32_t>y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_LT_S_LC:
            GVM_CASE(X_I32_LT_S_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <int32_t>x < <int32_t>y
            sp += 1
            ip += 3
        elif op == X_I32_LT_S_LC_SET:
            GVM_CASE(X_I32_LT_S_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <int32_t>x < <int32_t>y
            ip += 4
        elif op == X_I32_LT_S_LC_TEE:
            GVM_CASE(X_I32_LT_S_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <int32_t>x < <int32_t>y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_LT_S_SL:
            GVM_CASE(X_I32_LT_S_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = <int32_t>x < <int32_t>y
            ip += 2
        elif op == X_I32_LT_S_SL_SET:
            GVM_CASE(X_I32_LT_S_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <int32_t>x < <int32_t>y
            sp -= 1
            ip += 3
        elif op == X_I32_LT_S_SL_TEE:
            GVM_CASE(X_I32_LT_S_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <int32_t>x < <int32_t>y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_LT_S_SC:
            GVM_CASE(X_I32_LT_S_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <int32_t>x < <int32_t>y
            ip += 2
        elif op == X_I32_LT_S_SC_SET:
            GVM_CASE(X_I32_LT_S_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <int32_t>x < <int32_t>y
            sp -= 1
            ip += 3
        elif op == X_I32_LT_S_SC_TEE:
            GVM_CASE(X_I32_LT_S_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <int32_t>x < <int32_t>y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_LT_U_LL:
            GVM_CASE(X_I32_LT_U_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = x < y
            sp += 1
            ip += 3
        elif op == X_I32_LT_U_LL_SET:
            GVM_CASE(X_I32_LT_U_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x < y
            ip += 4
        elif op == X_I32_LT_U_LL_TEE:
            GVM_CASE(X_I32_LT_U_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x < y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_LT_U_LC:
            GVM_CASE(X_I32_LT_U_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = x < y
            sp += 1
            ip += 3
        elif op == X_I32_LT_U_LC_SET:
            GVM_CASE(X_I32_LT_U_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x < y
            ip += 4
        elif op == X_I32_LT_U_LC_TEE:
            GVM_CASE(X_I32_LT_U_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x < y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_LT_U_SL:
            GVM_CASE(X_I32_LT_U_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = x < y
            ip += 2
        elif op == X_I32_LT_U_SL_SET:
            GVM_CASE(X_I32_LT_U_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x < y
            sp -= 1
            ip += 3
        elif op == X_I32_LT_U_SL_TEE:
            GVM_CASE(X_I32_LT_U_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x < y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_LT_U_SC:
            GVM_CASE(X_I32_LT_U_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x < y
            ip += 2
        elif op == X_I32_LT_U_SC_SET:
            GVM_CASE(X_I32_LT_U_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x < y
            sp -= 1
            ip += 3
        elif op == X_I32_LT_U_SC_TEE:
            GVM_CASE(X_I32_LT_U_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x < y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_GT_S_LL:
            GVM_CASE(X_I32_GT_S_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = <int32_t>x > <int32_t>y
            sp += 1
            ip += 3
        elif op == X_I32_GT_S_LL_SET:
            GVM_CASE(X_I32_GT_S_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <int32_t>x > <int32_t>y
            ip += 4
        elif op == X_I32_GT_S_LL_TEE:
            GVM_CASE(X_I32_GT_S_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <int32_t>x > <int32_t>y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_GT_S_LC:
            GVM_CASE(X_I32_GT_S_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <int32_t>x > <int32_t>y
            sp += 1
            ip += 3
        elif op == X_I32_GT_S_LC_SET:
            GVM_CASE(X_I32_GT_S_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <int32_t>x > <int32_t>y
            ip += 4
        elif op == X_I32_GT_S_LC_TEE:
            GVM_CASE(X_I32_GT_S_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <int32_t>x > <int32_t>y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_GT_S_SL:
            GVM_CASE(X_I32_GT_S_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = <int32_t>x > <int32_t>y
            ip += 2
        elif op == X_I32_GT_S_SL_SET:
            GVM_CASE(X_I32_GT_S_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <int32_t>x > <int32_t>y
            sp -= 1
            ip += 3
        elif op == X_I32_GT_S_SL_TEE:
            GVM_CASE(X_I32_GT_S_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <int32_t>x > <int32_t>y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_GT_S_SC:
            GVM_CASE(X_I32_GT_S_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <int32_t>x > <int32_t>y
            ip += 2
        elif op == X_I32_GT_S_SC_SET:
            GVM_CASE(X_I32_GT_S_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <int32_t>x > <int32_t>y
            sp -= 1
            ip += 3
        elif op == X_I32_GT_S_SC_TEE:
            GVM_CASE(X_I32_GT_S_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <int32_t>x > <int32_t>y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_GT_U_LL:
            GVM_CASE(X_I32_GT_U_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = x > y
            sp += 1
            ip += 3
        elif op == X_I32_GT_U_LL_SET:
            GVM_CASE(X_I32_GT_U_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x > y
            ip += 4
        elif op == X_I32_GT_U_LL_TEE:
            GVM_CASE(X_I32_GT_U_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x > y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_GT_U_LC:
            GVM_CASE(X_I32_GT_U_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = x > y
            sp += 1
            ip += 3
        elif op == X_I32_GT_U_LC_SET:
            GVM_CASE(X_I32_GT_U_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x > y
            ip += 4
        elif op == X_I32_GT_U_LC_TEE:
            GVM_CASE(X_I32_GT_U_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x > y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_GT_U_SL:
            GVM_CASE(X_I32_GT_U_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = x > y
            ip += 2
        elif op == X_I32_GT_U_SL_SET:
            GVM_CASE(X_I32_GT_U_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x > y
            sp -= 1
            ip += 3
        elif op == X_I32_GT_U_SL_TEE:
            GVM_CASE(X_I32_GT_U_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x > y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_GT_U_SC:
            GVM_CASE(X_I32_GT_U_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x > y
            ip += 2
        elif op == X_I32_GT_U_SC_SET:
            GVM_CASE(X_I32_GT_U_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x > y
            sp -= 1
            ip += 3
        elif op == X_I32_GT_U_SC_TEE:
            GVM_CASE(X_I32_GT_U_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x > y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_LE_S_LL:
            GVM_CASE(X_I32_LE_S_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = <int32_t>x <= <int32_t>y
            sp += 1
            ip += 3
        elif op == X_I32_LE_S_LL_SET:
            GVM_CASE(X_I32_LE_S_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <int32_t>x <= <int32_t>y
            ip += 4
        elif op == X_I32_LE_S_LL_TEE:
            GVM_CASE(X_I32_LE_S_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <int32_t>x <= <int32_t>y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_LE_S_LC:
            GVM_CASE(X_I32_LE_S_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <int32_t>x <= <int32_t>y
            sp += 1
            ip += 3
        elif op == X_I32_LE_S_LC_SET:
            GVM_CASE(X_I32_LE_S_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <int32_t>x <= <int32_t>y
            ip += 4
        elif op == X_I32_LE_S_LC_TEE:
            GVM_CASE(X_I32_LE_S_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <int32_t>x <= <int32_t>y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_LE_S_SL:
            GVM_CASE(X_I32_LE_S_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = <int32_t>x <= <int32_t>y
            ip += 2
        elif op == X_I32_LE_S_SL_SET:
            GVM_CASE(X_I32_LE_S_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <int32_t>x <= <int32_t>y
            sp -= 1
            ip += 3
        elif op == X_I32_LE_S_SL_TEE:
            GVM_CASE(X_I32_LE_S_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <int32_t>x <= <int32_t>y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_LE_S_SC:
            GVM_CASE(X_I32_LE_S_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <int32_t>x <= <int32_t>y
            ip += 2
        elif op == X_I32_LE_S_SC_SET:
            GVM_CASE(X_I32_LE_S_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <int32_t>x <= <int32_t>y
            sp -= 1
            ip += 3
        elif op == X_I32_LE_S_SC_TEE:
            GVM_CASE(X_I32_LE_S_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <int32_t>x <= <int32_t>y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_LE_U_LL:
            GVM_CASE(X_I32_LE_U_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = x <= y
            sp += 1
            ip += 3
        elif op == X_I32_LE_U_LL_SET:
            GVM_CASE(X_I32_LE_U_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x <= y
            ip += 4
        elif op == X_I32_LE_U_LL_TEE:
            GVM_CASE(X_I32_LE_U_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x <= y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_LE_U_LC:
            GVM_CASE(X_I32_LE_U_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = x <= y
            sp += 1
            ip += 3
        elif op == X_I32_LE_U_LC_SET:
            GVM_CASE(X_I32_LE_U_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x <= y
            ip += 4
        elif op == X_I32_LE_U_LC_TEE:
            GVM_CASE(X_I32_LE_U_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x <= y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_LE_U_SL:
            GVM_CASE(X_I32_LE_U_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = x <= y
            ip += 2
        elif op == X_I32_LE_U_SL_SET:
            GVM_CASE(X_I32_LE_U_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x <= y
            sp -= 1
            ip += 3
        elif op == X_I32_LE_U_SL_TEE:
            GVM_CASE(X_I32_LE_U_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x <= y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_LE_U_SC:
            GVM_CASE(X_I32_LE_U_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x <= y
            ip += 2
        elif op == X_I32_LE_U_SC_SET:
            GVM_CASE(X_I32_LE_U_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x <= y
            sp -= 1
            ip += 3
        elif op == X_I32_LE_U_SC_TEE:
            GVM_CASE(X_I32_LE_U_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x <= y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_GE_S_LL:
            GVM_CASE(X_I32_GE_S_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = <int32_t>x >= <int32_t>y
            sp += 1
            ip += 3
        elif op == X_I32_GE_S_LL_SET:
            GVM_CASE(X_I32_GE_S_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <int32_t>x >= <int32_t>y
            ip += 4
        elif op == X_I32_GE_S_LL_TEE:
            GVM_CASE(X_I32_GE_S_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <int32_t>x >= <int32_t>y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_GE_S_LC:
            GVM_CASE(X_I32_GE_S_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <int32_t>x >= <int32_t>y
            sp += 1
            ip += 3
        elif op == X_I32_GE_S_LC_SET:
            GVM_CASE(X_I32_GE_S_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <int32_t>x >= <int32_t>y
            ip += 4
        elif op == X_I32_GE_S_LC_TEE:
            GVM_CASE(X_I32_GE_S_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <int32_t>x >= <int32_t>y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_GE_S_SL:
            GVM_CASE(X_I32_GE_S_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = <int32_t>x >= <int32_t>y
            ip += 2
        elif op == X_I32_GE_S_SL_SET:
            GVM_CASE(X_I32_GE_S_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <int32_t>x >= <int32_t>y
            sp -= 1
            ip += 3
        elif op == X_I32_GE_S_SL_TEE:
            GVM_CASE(X_I32_GE_S_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <int32_t>x >= <int32_t>y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_GE_S_SC:
            GVM_CASE(X_I32_GE_S_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <int32_t>x >= <int32_t>y
            ip += 2
        elif op == X_I32_GE_S_SC_SET:
            GVM_CASE(X_I32_GE_S_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <int32_t>x >= <int32_t>y
            sp -= 1
            ip += 3
        elif op == X_I32_GE_S_SC_TEE:
            GVM_CASE(X_I32_GE_S_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <int32_t>x >= <int32_t>y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_GE_U_LL:
            GVM_CASE(X_I32_GE_U_LL)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = x >= y
            sp += 1
            ip += 3
        elif op == X_I32_GE_U_LL_SET:
            GVM_CASE(X_I32_GE_U_LL_SET)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x >= y
            ip += 4
        elif op == X_I32_GE_U_LL_TEE:
            GVM_CASE(X_I32_GE_U_LL_TEE)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = x >= y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_GE_U_LC:
            GVM_CASE(X_I32_GE_U_LC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = x >= y
            sp += 1
            ip += 3
        elif op == X_I32_GE_U_LC_SET:
            GVM_CASE(X_I32_GE_U_LC_SET)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x >= y
            ip += 4
        elif op == X_I32_GE_U_LC_TEE:
            GVM_CASE(X_I32_GE_U_LC_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = x >= y
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_GE_U_SL:
            GVM_CASE(X_I32_GE_U_SL)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = x >= y
            ip += 2
        elif op == X_I32_GE_U_SL_SET:
            GVM_CASE(X_I32_GE_U_SL_SET)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x >= y
            sp -= 1
            ip += 3
        elif op == X_I32_GE_U_SL_TEE:
            GVM_CASE(X_I32_GE_U_SL_TEE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = x >= y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_GE_U_SC:
            GVM_CASE(X_I32_GE_U_SC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x >= y
            ip += 2
        elif op == X_I32_GE_U_SC_SET:
            GVM_CASE(X_I32_GE_U_SC_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x >= y
            sp -= 1
            ip += 3
        elif op == X_I32_GE_U_SC_TEE:
            GVM_CASE(X_I32_GE_U_SC_TEE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x >= y
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I64_ADD_LL:
            GVM_CASE(X_I64_ADD_LL)
            a = fp[ip[1]]
            b = fp[ip[2]]
            sp[0] = a + b
            sp += 1
            ip += 3
        elif op == X_I64_ADD_LL_SET:
            GVM_CASE(X_I64_ADD_LL_SET)
            a = fp[ip[1]]
            b = fp[ip[2]]
            fp[ip[3]] = a + b
            ip += 4
        elif op == X_I64_ADD_LL_TEE:
            GVM_CASE(X_I64_ADD_LL_TEE)
            a = fp[ip[1]]
            b = fp[ip[2]]
            fp[ip[3]] = a + b
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I64_ADD_LC:
            GVM_CASE(X_I64_ADD_LC)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            sp[0] = a + b
            sp += 1
            ip += 4
        elif op == X_I64_ADD_LC_SET:
            GVM_CASE(X_I64_ADD_LC_SET)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = a + b
            ip += 5
        elif op == X_I64_ADD_LC_TEE:
            GVM_CASE(X_I64_ADD_LC_TEE)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = a + b
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_I64_ADD_SL:
            GVM_CASE(X_I64_ADD_SL)
            a = sp[-1]
            b = fp[ip[1]]
            sp[-1] = a + b
            ip += 2
        elif op == X_I64_ADD_SL_SET:
            GVM_CASE(X_I64_ADD_SL_SET)
            a = sp[-1]
            b = fp[ip[1]]
            fp[ip[2]] = a + b
            sp -= 1
            ip += 3
        elif op == X_I64_ADD_SL_TEE:
            GVM_CASE(X_I64_ADD_SL_TEE)
            a = sp[-1]
            b = fp[ip[1]]
            fp[ip[2]] = a + b
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I64_ADD_SC:
            GVM_CASE(X_I64_ADD_SC)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = a + b
            ip += 3
        elif op == X_I64_ADD_SC_SET:
            GVM_CASE(X_I64_ADD_SC_SET)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = a + b
            sp -= 1
            ip += 4
        elif op == X_I64_ADD_SC_TEE:
            GVM_CASE(X_I64_ADD_SC_TEE)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = a + b
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_I64_SUB_LL:
            GVM_CASE(X_I64_SUB_LL)
            a = fp[ip[1]]
            b = fp[ip[2]]
            sp[0] = a - b
            sp += 1
            ip += 3
        elif op == X_I64_SUB_LL_SET:
            GVM_CASE(X_I64_SUB_LL_SET)
            a = fp[ip[1]]
            b = fp[ip[2]]
            fp[ip[3]] = a - b
            ip += 4
        elif op == X_I64_SUB_LL_TEE:
            GVM_CASE(X_I64_SUB_LL_TEE)
            a = fp[ip[1]]
            b = fp[ip[2]]
            fp[ip[3]] = a - b
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I64_SUB_LC:
            GVM_CASE(X_I64_SUB_LC)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            sp[0] = a - b
            sp += 1
            ip += 4
        elif op == X_I64_SUB_LC_SET:
            GVM_CASE(X_I64_SUB_LC_SET)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = a - b
            ip += 5
        elif op == X_I64_SUB_LC_TEE:
            GVM_CASE(X_I64_SUB_LC_TEE)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = a - b
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_I64_SUB_SL:
            GVM_CASE(X_I64_SUB_SL)
            a = sp[-1]
            b = fp[ip[1]]
            sp[-1] = a - b
            ip += 2
        elif op == X_I64_SUB_SL_SET:
            GVM_CASE(X_I64_SUB_SL_SET)
            a = sp[-1]
            b = fp[ip[1]]
            fp[ip[2]] = a - b
            sp -= 1
            ip += 3
        elif op == X_I64_SUB_SL_TEE:
            GVM_CASE(X_I64_SUB_SL_TEE)
            a = sp[-1]
            b = fp[ip[1]]
            fp[ip[2]] = a - b
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I64_SUB_SC:
            GVM_CASE(X_I64_SUB_SC)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = a - b
            ip += 3
        elif op == X_I64_SUB_SC_SET:
            GVM_CASE(X_I64_SUB_SC_SET)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = a - b
            sp -= 1
            ip += 4
        elif op == X_I64_SUB_SC_TEE:
            GVM_CASE(X_I64_SUB_SC_TEE)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = a - b
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_I64_MUL_LL:
            GVM_CASE(X_I64_MUL_LL)
            a = fp[ip[1]]
            b = fp[ip[2]]
            sp[0] = a * b
            sp += 1
            ip += 3
        elif op == X_I64_MUL_LL_SET:
            GVM_CASE(X_I64_MUL_LL_SET)
            a = fp[ip[1]]
            b = fp[ip[2]]
            fp[ip[3]] = a * b
            ip += 4
        elif op == X_I64_MUL_LL_TEE:
            GVM_CASE(X_I64_MUL_LL_TEE)
            a = fp[ip[1]]
            b = fp[ip[2]]
            fp[ip[3]] = a * b
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I64_MUL_LC:
            GVM_CASE(X_I64_MUL_LC)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            sp[0] = a * b
            sp += 1
            ip += 4
        elif op == X_I64_MUL_LC_SET:
            GVM_CASE(X_I64_MUL_LC_SET)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = a * b
            ip += 5
        elif op == X_I64_MUL_LC_TEE:
            GVM_CASE(X_I64_MUL_LC_TEE)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = a * b
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_I64_MUL_SL:
            GVM_CASE(X_I64_MUL_SL)
            a = sp[-1]
            b = fp[ip[1]]
            sp[-1] = a * b
            ip += 2
        elif op == X_I64_MUL_SL_SET:
            GVM_CASE(X_I64_MUL_SL_SET)
            a = sp[-1]
            b = fp[ip[1]]
            fp[ip[2]] = a * b
            sp -= 1
            ip += 3
        elif op == X_I64_MUL_SL_TEE:
            GVM_CASE(X_I64_MUL_SL_TEE)
            a = sp[-1]
            b = fp[ip[1]]
            fp[ip[2]] = a * b
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I64_MUL_SC:
            GVM_CASE(X_I64_MUL_SC)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = a * b
            ip += 3
        elif op == X_I64_MUL_SC_SET:
            GVM_CASE(X_I64_MUL_SC_SET)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = a * b
            sp -= 1
            ip += 4
        elif op == X_I64_MUL_SC_TEE:
            GVM_CASE(X_I64_MUL_SC_TEE)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = a * b
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_I64_AND_LL:
            GVM_CASE(X_I64_AND_LL)
            a = fp[ip[1]]
            b = fp[ip[2]]
            sp[0] = a & b
            sp += 1
            ip += 3
        elif op == X_I64_AND_LL_SET:
            GVM_CASE(X_I64_AND_LL_SET)
            a = fp[ip[1]]
            b = fp[ip[2]]
            fp[ip[3]] = a & b
            ip += 4
        elif op == X_I64_AND_LL_TEE:
            GVM_CASE(X_I64_AND_LL_TEE)
            a = fp[ip[1]]
            b = fp[ip[2]]
            fp[ip[3]] = a & b
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I64_AND_LC:
            GVM_CASE(X_I64_AND_LC)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            sp[0] = a & b
            sp += 1
            ip += 4
        elif op == X_I64_AND_LC_SET:
            GVM_CASE(X_I64_AND_LC_SET)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = a & b
            ip += 5
        elif op == X_I64_AND_LC_TEE:
            GVM_CASE(X_I64_AND_LC_TEE)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = a & b
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_I64_AND_SL:
            GVM_CASE(X_I64_AND_SL)
            a = sp[-1]
            b = fp[ip[1]]
            sp[-1] = a & b
            ip += 2
        elif op == X_I64_AND_SL_SET:
            GVM_CASE(X_I64_AND_SL_SET)
            a = sp[-1]
            b = fp[ip[1]]
            fp[ip[2]] = a & b
            sp -= 1
            ip += 3
        elif op == X_I64_AND_SL_TEE:
            GVM_CASE(X_I64_AND_SL_TEE)
            a = sp[-1]
            b = fp[ip[1]]
            fp[ip[2]] = a & b
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I64_AND_SC:
            GVM_CASE(X_I64_AND_SC)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = a & b
            ip += 3
        elif op == X_I64_AND_SC_SET:
            GVM_CASE(X_I64_AND_SC_SET)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = a & b
            sp -= 1
            ip += 4
        elif op == X_I64_AND_SC_TEE:
            GVM_CASE(X_I64_AND_SC_TEE)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = a & b
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_I64_OR_LL:
            GVM_CASE(X_I64_OR_LL)
            a = fp[ip[1]]
            b = fp[ip[2]]
            sp[0] = a | b
            sp += 1
            ip += 3
        elif op == X_I64_OR_LL_SET:
            GVM_CASE(X_I64_OR_LL_SET)
            a = fp[ip[1]]
            b = fp[ip[2]]
            fp[ip[3]] = a | b
            ip += 4
        elif op == X_I64_OR_LL_TEE:
            GVM_CASE(X_I64_OR_LL_TEE)
            a = fp[ip[1]]
            b = fp[ip[2]]
            fp[ip[3]] = a | b
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I64_OR_LC:
            GVM_CASE(X_I64_OR_LC)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            sp[0] = a | b
            sp += 1
            ip += 4
        elif op == X_I64_OR_LC_SET:
            GVM_CASE(X_I64_OR_LC_SET)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = a | b
            ip += 5
        elif op == X_I64_OR_LC_TEE:
            GVM_CASE(X_I64_OR_LC_TEE)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = a | b
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_I64_OR_SL:
            GVM_CASE(X_I64_OR_SL)
            a = sp[-1]
            b = fp[ip[1]]
            sp[-1] = a | b
            ip += 2
        elif op == X_I64_OR_SL_SET:
            GVM_CASE(X_I64_OR_SL_SET)
            a = sp[-1]
            b = fp[ip[1]]
            fp[ip[2]] = a | b
            sp -= 1
            ip += 3
        elif op == X_I64_OR_SL_TEE:
            GVM_CASE(X_I64_OR_SL_TEE)
            a = sp[-1]
            b = fp[ip[1]]
            fp[ip[2]] = a | b
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I64_OR_SC:
            GVM_CASE(X_I64_OR_SC)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = a | b
            ip += 3
        elif op == X_I64_OR_SC_SET:
            GVM_CASE(X_I64_OR_SC_SET)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = a | b
            sp -= 1
            ip += 4
        elif op == X_I64_OR_SC_TEE:
            GVM_CASE(X_I64_OR_SC_TEE)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = a | b
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_I64_XOR_LL:
            GVM_CASE(X_I64_XOR_LL)
            a = fp[ip[1]]
            b = fp[ip[2]]
            sp[0] = a ^ b
            sp += 1
            ip += 3
        elif op == X_I64_XOR_LL_SET:
            GVM_CASE(X_I64_XOR_LL_SET)
            a = fp[ip[1]]
            b = fp[ip[2]]
            fp[ip[3]] = a ^ b
            ip += 4
        elif op == X_I64_XOR_LL_TEE:
            GVM_CASE(X_I64_XOR_LL_TEE)
            a = fp[ip[1]]
            b = fp[ip[2]]
            fp[ip[3]] = a ^ b
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I64_XOR_LC:
            GVM_CASE(X_I64_XOR_LC)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            sp[0] = a ^ b
            sp += 1
            ip += 4
        elif op == X_I64_XOR_LC_SET:
            GVM_CASE(X_I64_XOR_LC_SET)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = a ^ b
            ip += 5
        elif op == X_I64_XOR_LC_TEE:
            GVM_CASE(X_I64_XOR_LC_TEE)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = a ^ b
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_I64_XOR_SL:
            GVM_CASE(X_I64_XOR_SL)
            a = sp[-1]
            b = fp[ip[1]]
            sp[-1] = a ^ b
            ip += 2
        elif op == X_I64_XOR_SL_SET:
            GVM_CASE(X_I64_XOR_SL_SET)
            a = sp[-1]
            b = fp[ip[1]]
            fp[ip[2]] = a ^ b
            sp -= 1
            ip += 3
        elif op == X_I64_XOR_SL_TEE:
            GVM_CASE(X_I64_XOR_SL_TEE)
            a = sp[-1]
            b = fp[ip[1]]
            fp[ip[2]] = a ^ b
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I64_XOR_SC:
            GVM_CASE(X_I64_XOR_SC)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = a ^ b
            ip += 3
        elif op == X_I64_XOR_SC_SET:
            GVM_CASE(X_I64_XOR_SC_SET)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = a ^ b
            sp -= 1
            ip += 4
        elif op == X_I64_XOR_SC_TEE:
            GVM_CASE(X_I64_XOR_SC_TEE)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = a ^ b
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_I64_SHL_LL:
            GVM_CASE(X_I64_SHL_LL)
            a = fp[ip[1]]
            b = fp[ip[2]]
            sp[0] = a << (b & 63)
            sp += 1
            ip += 3
        elif op == X_I64_SHL_LL_SET:
            GVM_CASE(X_I64_SHL_LL_SET)
            a = fp[ip[1]]
            b = fp[ip[2]]
            fp[ip[3]] = a << (b & 63)
            ip += 4
        elif op == X_I64_SHL_LL_TEE:
            GVM_CASE(X_I64_SHL_LL_TEE)
            a = fp[ip[1]]
            b = fp[ip[2]]
            fp[ip[3]] = a << (b & 63)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I64_SHL_LC:
            GVM_CASE(X_I64_SHL_LC)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            sp[0] = a << (b & 63)
            sp += 1
            ip += 4
        elif op == X_I64_SHL_LC_SET:
            GVM_CASE(X_I64_SHL_LC_SET)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = a << (b & 63)
            ip += 5
        elif op == X_I64_SHL_LC_TEE:
            GVM_CASE(X_I64_SHL_LC_TEE)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = a << (b & 63)
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_I64_SHL_SL:
            GVM_CASE(X_I64_SHL_SL)
            a = sp[-1]
            b = fp[ip[1]]
            sp[-1] = a << (b & 63)
            ip += 2
        elif op == X_I64_SHL_SL_SET:
            GVM_CASE(X_I64_SHL_SL_SET)
            a = sp[-1]
            b = fp[ip[1]]
            fp[ip[2]] = a << (b & 63)
            sp -= 1
            ip += 3
        elif op == X_I64_SHL_SL_TEE:
            GVM_CASE(X_I64_SHL_SL_TEE)
            a = sp[-1]
            b = fp[ip[1]]
            fp[ip[2]] = a << (b & 63)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I64_SHL_SC:
            GVM_CASE(X_I64_SHL_SC)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = a << (b & 63)
            ip += 3
        elif op == X_I64_SHL_SC_SET:
            GVM_CASE(X_I64_SHL_SC_SET)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = a << (b & 63)
            sp -= 1
            ip += 4
        elif op == X_I64_SHL_SC_TEE:
            GVM_CASE(X_I64_SHL_SC_TEE)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = a << (b & 63)
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_I64_SHR_S_LL:
            GVM_CASE(X_I64_SHR_S_LL)
            a = fp[ip[1]]
            b = fp[ip[2]]
            sp[0] = <uint64_t>(<int64_t>a >> (b & 63))
            sp += 1
            ip += 3
        elif op == X_I64_SHR_S_LL_SET:
            GVM_CASE(X_I64_SHR_S_LL_SET)
            a = fp[ip[1]]
            b = fp[ip[2]]
            fp[ip[3]] = <uint64_t>(<int64_t>a >> (b & 63))
            ip += 4
        elif op == X_I64_SHR_S_LL_TEE:
            GVM_CASE(X_I64_SHR_S_LL_TEE)
            a = fp[ip[1]]
            b = fp[ip[2]]
            fp[ip[3]] = <uint64_t>(<int64_t>a >> (b & 63))
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I64_SHR_S_LC:
            GVM_CASE(X_I64_SHR_S_LC)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            sp[0] = <uint64_t>(<int64_t>a >> (b & 63))
            sp += 1
            ip += 4
        elif op == X_I64_SHR_S_LC_SET:
            GVM_CASE(X_I64_SHR_S_LC_SET)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = <uint64_t>(<int64_t>a >> (b & 63))
            ip += 5
        elif op == X_I64_SHR_S_LC_TEE:
            GVM_CASE(X_I64_SHR_S_LC_TEE)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = <uint64_t>(<int64_t>a >> (b & 63))
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_I64_SHR_S_SL:
            GVM_CASE(X_I64_SHR_S_SL)
            a = sp[-1]
            b = fp[ip[1]]
            sp[-1] = <uint64_t>(<int64_t>a >> (b & 63))
            ip += 2
        elif op == X_I64_SHR_S_SL_SET:
            GVM_CASE(X_I64_SHR_S_SL_SET)
            a = sp[-1]
            b = fp[ip[1]]
            fp[ip[2]] = <uint64_t>(<int64_t>a >> (b & 63))
            sp -= 1
            ip += 3
        elif op == X_I64_SHR_S_SL_TEE:
            GVM_CASE(X_I64_SHR_S_SL_TEE)
            a = sp[-1]
            b = fp[ip[1]]
            fp[ip[2]] = <uint64_t>(<int64_t>a >> (b & 63))
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I64_SHR_S_SC:
            GVM_CASE(X_I64_SHR_S_SC)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = <uint64_t>(<int64_t>a >> (b & 63))
            ip += 3
        elif op == X_I64_SHR_S_SC_SET:
            GVM_CASE(X_I64_SHR_S_SC_SET)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = <uint64_t>(<int64_t>a >> (b & 63))
            sp -= 1
            ip += 4
        elif op == X_I64_SHR_S_SC_TEE:
            GVM_CASE(X_I64_SHR_S_SC_TEE)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = <uint64_t>(<int64_t>a >> (b & 63))
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_I64_SHR_U_LL:
            GVM_CASE(X_I64_SHR_U_LL)
            a = fp[ip[1]]
            b = fp[ip[2]]
            sp[0] = a >> (b & 63)
            sp += 1
            ip += 3
        elif op == X_I64_SHR_U_LL_SET:
            GVM_CASE(X_I64_SHR_U_LL_SET)
            a = fp[ip[1]]
            b = fp[ip[2]]
            fp[ip[3]] = a >> (b & 63)
            ip += 4
        elif op == X_I64_SHR_U_LL_TEE:
            GVM_CASE(X_I64_SHR_U_LL_TEE)
            a = fp[ip[1]]
            b = fp[ip[2]]
            fp[ip[3]] = a >> (b & 63)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I64_SHR_U_LC:
            GVM_CASE(X_I64_SHR_U_LC)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            sp[0] = a >> (b & 63)
            sp += 1
            ip += 4
        elif op == X_I64_SHR_U_LC_SET:
            GVM_CASE(X_I64_SHR_U_LC_SET)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = a >> (b & 63)
            ip += 5
        elif op == X_I64_SHR_U_LC_TEE:
            GVM_CASE(X_I64_SHR_U_LC_TEE)
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = a >> (b & 63)
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_I64_SHR_U_SL:
            GVM_CASE(X_I64_SHR_U_SL)
            a = sp[-1]
            b = fp[ip[1]]
            sp[-1] = a >> (b & 63)
            ip += 2
        elif op == X_I64_SHR_U_SL_SET:
            GVM_CASE(X_I64_SHR_U_SL_SET)
            a = sp[-1]
            b = fp[ip[1]]
            fp[ip[2]] = a >> (b & 63)
            sp -= 1
            ip += 3
        elif op == X_I64_SHR_U_SL_TEE:
            GVM_CASE(X_I64_SHR_U_SL_TEE)
            a = sp[-1]
            b = fp[ip[1]]
            fp[ip[2]] = a >> (b & 63)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I64_SHR_U_SC:
            GVM_CASE(X_I64_SHR_U_SC)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = a >> (b & 63)
            ip += 3
        elif op == X_I64_SHR_U_SC_SET:
            GVM_CASE(X_I64_SHR_U_SC_SET)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = a >> (b & 63)
            sp -= 1
            ip += 4
        elif op == X_I64_SHR_U_SC_TEE:
            GVM_CASE(X_I64_SHR_U_SC_TEE)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = a >> (b & 63)
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_F32_ADD_LL:
            GVM_CASE(X_F32_ADD_LL)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(fp[ip[2]])
            sp[0] = gvm_f32_bits(f + g)
            sp += 1
            ip += 3
        elif op == X_F32_ADD_LL_SET:
            GVM_CASE(X_F32_ADD_LL_SET)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(fp[ip[2]])
            fp[ip[3]] = gvm_f32_bits(f + g)
            ip += 4
        elif op == X_F32_ADD_LL_TEE:
            GVM_CASE(X_F32_ADD_LL_TEE)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(fp[ip[2]])
            fp[ip[3]] = gvm_f32_bits(f + g)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_F32_ADD_LC:
            GVM_CASE(X_F32_ADD_LC)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(ip[2])
            sp[0] = gvm_f32_bits(f + g)
            sp += 1
            ip += 3
        elif op == X_F32_ADD_LC_SET:
            GVM_CASE(X_F32_ADD_LC_SET)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(ip[2])
            fp[ip[3]] = gvm_f32_bits(f + g)
            ip += 4
        elif op == X_F32_ADD_LC_TEE:
            GVM_CASE(X_F32_ADD_LC_TEE)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(ip[2])
            fp[ip[3]] = gvm_f32_bits(f + g)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_F32_ADD_SL:
            GVM_CASE(X_F32_ADD_SL)
            f = gvm_f32(sp[-1])
            g = gvm_f32(fp[ip[1]])
            sp[-1] = gvm_f32_bits(f + g)
            ip += 2
        elif op == X_F32_ADD_SL_SET:
            GVM_CASE(X_F32_ADD_SL_SET)
            f = gvm_f32(sp[-1])
            g = gvm_f32(fp[ip[1]])
            fp[ip[2]] = gvm_f32_bits(f + g)
            sp -= 1
            ip += 3
        elif op == X_F32_ADD_SL_TEE:
            GVM_CASE(X_F32_ADD_SL_TEE)
            f = gvm_f32(sp[-1])
            g = gvm_f32(fp[ip[1]])
            fp[ip[2]] = gvm_f32_bits(f + g)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_F32_ADD_SC:
            GVM_CASE(X_F32_ADD_SC)
            f = gvm_f32(sp[-1])
            g = gvm_f32(ip[1])
            sp[-1] = gvm_f32_bits(f + g)
            ip += 2
        elif op == X_F32_ADD_SC_SET:
            GVM_CASE(X_F32_ADD_SC_SET)
            f = gvm_f32(sp[-1])
            g = gvm_f32(ip[1])
            fp[ip[2]] = gvm_f32_bits(f + g)
            sp -= 1
            ip += 3
        elif op == X_F32_ADD_SC_TEE:
            GVM_CASE(X_F32_ADD_SC_TEE)
            f = gvm_f32(sp[-1])
            g = gvm_f32(ip[1])
            fp[ip[2]] = gvm_f32_bits(f + g)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_F32_SUB_LL:
            GVM_CASE(X_F32_SUB_LL)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(fp[ip[2]])
            sp[0] = gvm_f32_bits(f - g)
            sp += 1
            ip += 3
        elif op == X_F32_SUB_LL_SET:
            GVM_CASE(X_F32_SUB_LL_SET)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(fp[ip[2]])
            fp[ip[3]] = gvm_f32_bits(f - g)
            ip += 4
        elif op == X_F32_SUB_LL_TEE:
            GVM_CASE(X_F32_SUB_LL_TEE)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(fp[ip[2]])
            fp[ip[3]] = gvm_f32_bits(f - g)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_F32_SUB_LC:
            GVM_CASE(X_F32_SUB_LC)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(ip[2])
            sp[0] = gvm_f32_bits(f - g)
            sp += 1
            ip += 3
        elif op == X_F32_SUB_LC_SET:
            GVM_CASE(X_F32_SUB_LC_SET)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(ip[2])
            fp[ip[3]] = gvm_f32_bits(f - g)
            ip += 4
        elif op == X_F32_SUB_LC_TEE:
            GVM_CASE(X_F32_SUB_LC_TEE)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(ip[2])
            fp[ip[3]] = gvm_f32_bits(f - g)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_F32_SUB_SL:
            GVM_CASE(X_F32_SUB_SL)
            f = gvm_f32(sp[-1])
            g = gvm_f32(fp[ip[1]])
            sp[-1] = gvm_f32_bits(f - g)
            ip += 2
        elif op == X_F32_SUB_SL_SET:
            GVM_CASE(X_F32_SUB_SL_SET)
            f = gvm_f32(sp[-1])
            g = gvm_f32(fp[ip[1]])
            fp[ip[2]] = gvm_f32_bits(f - g)
            sp -= 1
            ip += 3
        elif op == X_F32_SUB_SL_TEE:
            GVM_CASE(X_F32_SUB_SL_TEE)
            f = gvm_f32(sp[-1])
            g = gvm_f32(fp[ip[1]])
            fp[ip[2]] = gvm_f32_bits(f - g)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_F32_SUB_SC:
            GVM_CASE(X_F32_SUB_SC)
            f = gvm_f32(sp[-1])
            g = gvm_f32(ip[1])
            sp[-1] = gvm_f32_bits(f - g)
            ip += 2
        elif op == X_F32_SUB_SC_SET:
            GVM_CASE(X_F32_SUB_SC_SET)
            f = gvm_f32(sp[-1])
            g = gvm_f32(ip[1])
            fp[ip[2]] = gvm_f32_bits(f - g)
            sp -= 1
            ip += 3
        elif op == X_F32_SUB_SC_TEE:
            GVM_CASE(X_F32_SUB_SC_TEE)
            f = gvm_f32(sp[-1])
            g = gvm_f32(ip[1])
            fp[ip[2]] = gvm_f32_bits(f - g)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_F32_MUL_LL:
            GVM_CASE(X_F32_MUL_LL)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(fp[ip[2]])
            sp[0] = gvm_f32_bits(f * g)
            sp += 1
            ip += 3
        elif op == X_F32_MUL_LL_SET:
            GVM_CASE(X_F32_MUL_LL_SET)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(fp[ip[2]])
            fp[ip[3]] = gvm_f32_bits(f * g)
            ip += 4
        elif op == X_F32_MUL_LL_TEE:
            GVM_CASE(X_F32_MUL_LL_TEE)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(fp[ip[2]])
            fp[ip[3]] = gvm_f32_bits(f * g)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_F32_MUL_LC:
            GVM_CASE(X_F32_MUL_LC)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(ip[2])
            sp[0] = gvm_f32_bits(f * g)
            sp += 1
            ip += 3
        elif op == X_F32_MUL_LC_SET:
            GVM_CASE(X_F32_MUL_LC_SET)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(ip[2])
            fp[ip[3]] = gvm_f32_bits(f * g)
            ip += 4
        elif op == X_F32_MUL_LC_TEE:
            GVM_CASE(X_F32_MUL_LC_TEE)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(ip[2])
            fp[ip[3]] = gvm_f32_bits(f * g)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_F32_MUL_SL:
            GVM_CASE(X_F32_MUL_SL)
            f = gvm_f32(sp[-1])
            g = gvm_f32(fp[ip[1]])
            sp[-1] = gvm_f32_bits(f * g)
            ip += 2
        elif op == X_F32_MUL_SL_SET:
            GVM_CASE(X_F32_MUL_SL_SET)
            f = gvm_f32(sp[-1])
            g = gvm_f32(fp[ip[1]])
            fp[ip[2]] = gvm_f32_bits(f * g)
            sp -= 1
            ip += 3
        elif op == X_F32_MUL_SL_TEE:
            GVM_CASE(X_F32_MUL_SL_TEE)
            f = gvm_f32(sp[-1])
            g = gvm_f32(fp[ip[1]])
            fp[ip[2]] = gvm_f32_bits(f * g)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_F32_MUL_SC:
            GVM_CASE(X_F32_MUL_SC)
            f = gvm_f32(sp[-1])
            g = gvm_f32(ip[1])
            sp[-1] = gvm_f32_bits(f * g)
            ip += 2
        elif op == X_F32_MUL_SC_SET:
            GVM_CASE(X_F32_MUL_SC_SET)
            f = gvm_f32(sp[-1])
            g = gvm_f32(ip[1])
            fp[ip[2]] = gvm_f32_bits(f * g)
            sp -= 1
            ip += 3
        elif op == X_F32_MUL_SC_TEE:
            GVM_CASE(X_F32_MUL_SC_TEE)
            f = gvm_f32(sp[-1])
            g = gvm_f32(ip[1])
            fp[ip[2]] = gvm_f32_bits(f * g)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_F32_DIV_LL:
            GVM_CASE(X_F32_DIV_LL)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(fp[ip[2]])
            sp[0] = gvm_f32_bits(f / g)
            sp += 1
            ip += 3
        elif op == X_F32_DIV_LL_SET:
            GVM_CASE(X_F32_DIV_LL_SET)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(fp[ip[2]])
            fp[ip[3]] = gvm_f32_bits(f / g)
            ip += 4
        elif op == X_F32_DIV_LL_TEE:
            GVM_CASE(X_F32_DIV_LL_TEE)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(fp[ip[2]])
            fp[ip[3]] = gvm_f32_bits(f / g)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_F32_DIV_LC:
            GVM_CASE(X_F32_DIV_LC)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(ip[2])
            sp[0] = gvm_f32_bits(f / g)
            sp += 1
            ip += 3
        elif op == X_F32_DIV_LC_SET:
            GVM_CASE(X_F32_DIV_LC_SET)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(ip[2])
            fp[ip[3]] = gvm_f32_bits(f / g)
            ip += 4
        elif op == X_F32_DIV_LC_TEE:
            GVM_CASE(X_F32_DIV_LC_TEE)
            f = gvm_f32(fp[ip[1]])
            g = gvm_f32(ip[2])
            fp[ip[3]] = gvm_f32_bits(f / g)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_F32_DIV_SL:
            GVM_CASE(X_F32_DIV_SL)
            f = gvm_f32(sp[-1])
            g = gvm_f32(fp[ip[1]])
            sp[-1] = gvm_f32_bits(f / g)
            ip += 2
        elif op == X_F32_DIV_SL_SET:
            GVM_CASE(X_F32_DIV_SL_SET)
            f = gvm_f32(sp[-1])
            g = gvm_f32(fp[ip[1]])
            fp[ip[2]] = gvm_f32_bits(f / g)
            sp -= 1
            ip += 3
        elif op == X_F32_DIV_SL_TEE:
            GVM_CASE(X_F32_DIV_SL_TEE)
            f = gvm_f32(sp[-1])
            g = gvm_f32(fp[ip[1]])
            fp[ip[2]] = gvm_f32_bits(f / g)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_F32_DIV_SC:
            GVM_CASE(X_F32_DIV_SC)
            f = gvm_f32(sp[-1])
            g = gvm_f32(ip[1])
            sp[-1] = gvm_f32_bits(f / g)
            ip += 2
        elif op == X_F32_DIV_SC_SET:
            GVM_CASE(X_F32_DIV_SC_SET)
            f = gvm_f32(sp[-1])
            g = gvm_f32(ip[1])
            fp[ip[2]] = gvm_f32_bits(f / g)
            sp -= 1
            ip += 3
        elif op == X_F32_DIV_SC_TEE:
            GVM_CASE(X_F32_DIV_SC_TEE)
            f = gvm_f32(sp[-1])
            g = gvm_f32(ip[1])
            fp[ip[2]] = gvm_f32_bits(f / g)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_F64_ADD_LL:
            GVM_CASE(X_F64_ADD_LL)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(fp[ip[2]])
            sp[0] = gvm_f64_bits(d + e)
            sp += 1
            ip += 3
        elif op == X_F64_ADD_LL_SET:
            GVM_CASE(X_F64_ADD_LL_SET)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(fp[ip[2]])
            fp[ip[3]] = gvm_f64_bits(d + e)
            ip += 4
        elif op == X_F64_ADD_LL_TEE:
            GVM_CASE(X_F64_ADD_LL_TEE)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(fp[ip[2]])
            fp[ip[3]] = gvm_f64_bits(d + e)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_F64_ADD_LC:
            GVM_CASE(X_F64_ADD_LC)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            sp[0] = gvm_f64_bits(d + e)
            sp += 1
            ip += 4
        elif op == X_F64_ADD_LC_SET:
            GVM_CASE(X_F64_ADD_LC_SET)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = gvm_f64_bits(d + e)
            ip += 5
        elif op == X_F64_ADD_LC_TEE:
            GVM_CASE(X_F64_ADD_LC_TEE)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = gvm_f64_bits(d + e)
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_F64_ADD_SL:
            GVM_CASE(X_F64_ADD_SL)
            d = gvm_f64(sp[-1])
            e = gvm_f64(fp[ip[1]])
            sp[-1] = gvm_f64_bits(d + e)
            ip += 2
        elif op == X_F64_ADD_SL_SET:
            GVM_CASE(X_F64_ADD_SL_SET)
            d = gvm_f64(sp[-1])
            e = gvm_f64(fp[ip[1]])
            fp[ip[2]] = gvm_f64_bits(d + e)
            sp -= 1
            ip += 3
        elif op == X_F64_ADD_SL_TEE:
            GVM_CASE(X_F64_ADD_SL_TEE)
            d = gvm_f64(sp[-1])
            e = gvm_f64(fp[ip[1]])
            fp[ip[2]] = gvm_f64_bits(d + e)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_F64_ADD_SC:
            GVM_CASE(X_F64_ADD_SC)
            d = gvm_f64(sp[-1])
            e = gvm_f64(<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = gvm_f64_bits(d + e)
            ip += 3
        elif op == X_F64_ADD_SC_SET:
            GVM_CASE(X_F64_ADD_SC_SET)
            d = gvm_f64(sp[-1])
            e = gvm_f64(<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = gvm_f64_bits(d + e)
            sp -= 1
            ip += 4
        elif op == X_F64_ADD_SC_TEE:
            GVM_CASE(X_F64_ADD_SC_TEE)
            d = gvm_f64(sp[-1])
            e = gvm_f64(<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = gvm_f64_bits(d + e)
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_F64_SUB_LL:
            GVM_CASE(X_F64_SUB_LL)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(fp[ip[2]])
            sp[0] = gvm_f64_bits(d - e)
            sp += 1
            ip += 3
        elif op == X_F64_SUB_LL_SET:
            GVM_CASE(X_F64_SUB_LL_SET)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(fp[ip[2]])
            fp[ip[3]] = gvm_f64_bits(d - e)
            ip += 4
        elif op == X_F64_SUB_LL_TEE:
            GVM_CASE(X_F64_SUB_LL_TEE)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(fp[ip[2]])
            fp[ip[3]] = gvm_f64_bits(d - e)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_F64_SUB_LC:
            GVM_CASE(X_F64_SUB_LC)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            sp[0] = gvm_f64_bits(d - e)
            sp += 1
            ip += 4
        elif op == X_F64_SUB_LC_SET:
            GVM_CASE(X_F64_SUB_LC_SET)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = gvm_f64_bits(d - e)
            ip += 5
        elif op == X_F64_SUB_LC_TEE:
            GVM_CASE(X_F64_SUB_LC_TEE)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = gvm_f64_bits(d - e)
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_F64_SUB_SL:
            GVM_CASE(X_F64_SUB_SL)
            d = gvm_f64(sp[-1])
            e = gvm_f64(fp[ip[1]])
            sp[-1] = gvm_f64_bits(d - e)
            ip += 2
        elif op == X_F64_SUB_SL_SET:
            GVM_CASE(X_F64_SUB_SL_SET)
            d = gvm_f64(sp[-1])
            e = gvm_f64(fp[ip[1]])
            fp[ip[2]] = gvm_f64_bits(d - e)
            sp -= 1
            ip += 3
        elif op == X_F64_SUB_SL_TEE:
            GVM_CASE(X_F64_SUB_SL_TEE)
            d = gvm_f64(sp[-1])
            e = gvm_f64(fp[ip[1]])
            fp[ip[2]] = gvm_f64_bits(d - e)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_F64_SUB_SC:
            GVM_CASE(X_F64_SUB_SC)
            d = gvm_f64(sp[-1])
            e = gvm_f64(<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = gvm_f64_bits(d - e)
            ip += 3
        elif op == X_F64_SUB_SC_SET:
            GVM_CASE(X_F64_SUB_SC_SET)
            d = gvm_f64(sp[-1])
            e = gvm_f64(<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = gvm_f64_bits(d - e)
            sp -= 1
            ip += 4
        elif op == X_F64_SUB_SC_TEE:
            GVM_CASE(X_F64_SUB_SC_TEE)
            d = gvm_f64(sp[-1])
            e = gvm_f64(<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = gvm_f64_bits(d - e)
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_F64_MUL_LL:
            GVM_CASE(X_F64_MUL_LL)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(fp[ip[2]])
            sp[0] = gvm_f64_bits(d * e)
            sp += 1
            ip += 3
        elif op == X_F64_MUL_LL_SET:
            GVM_CASE(X_F64_MUL_LL_SET)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(fp[ip[2]])
            fp[ip[3]] = gvm_f64_bits(d * e)
            ip += 4
        elif op == X_F64_MUL_LL_TEE:
            GVM_CASE(X_F64_MUL_LL_TEE)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(fp[ip[2]])
            fp[ip[3]] = gvm_f64_bits(d * e)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_F64_MUL_LC:
            GVM_CASE(X_F64_MUL_LC)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            sp[0] = gvm_f64_bits(d * e)
            sp += 1
            ip += 4
        elif op == X_F64_MUL_LC_SET:
            GVM_CASE(X_F64_MUL_LC_SET)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = gvm_f64_bits(d * e)
            ip += 5
        elif op == X_F64_MUL_LC_TEE:
            GVM_CASE(X_F64_MUL_LC_TEE)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = gvm_f64_bits(d * e)
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_F64_MUL_SL:
            GVM_CASE(X_F64_MUL_SL)
            d = gvm_f64(sp[-1])
            e = gvm_f64(fp[ip[1]])
            sp[-1] = gvm_f64_bits(d * e)
            ip += 2
        elif op == X_F64_MUL_SL_SET:
            GVM_CASE(X_F64_MUL_SL_SET)
            d = gvm_f64(sp[-1])
            e = gvm_f64(fp[ip[1]])
            fp[ip[2]] = gvm_f64_bits(d * e)
            sp -= 1
            ip += 3
        elif op == X_F64_MUL_SL_TEE:
            GVM_CASE(X_F64_MUL_SL_TEE)
            d = gvm_f64(sp[-1])
            e = gvm_f64(fp[ip[1]])
            fp[ip[2]] = gvm_f64_bits(d * e)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_F64_MUL_SC:
            GVM_CASE(X_F64_MUL_SC)
            d = gvm_f64(sp[-1])
            e = gvm_f64(<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = gvm_f64_bits(d * e)
            ip += 3
        elif op == X_F64_MUL_SC_SET:
            GVM_CASE(X_F64_MUL_SC_SET)
            d = gvm_f64(sp[-1])
            e = gvm_f64(<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = gvm_f64_bits(d * e)
            sp -= 1
            ip += 4
        elif op == X_F64_MUL_SC_TEE:
            GVM_CASE(X_F64_MUL_SC_TEE)
            d = gvm_f64(sp[-1])
            e = gvm_f64(<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = gvm_f64_bits(d * e)
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_F64_DIV_LL:
            GVM_CASE(X_F64_DIV_LL)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(fp[ip[2]])
            sp[0] = gvm_f64_bits(d / e)
            sp += 1
            ip += 3
        elif op == X_F64_DIV_LL_SET:
            GVM_CASE(X_F64_DIV_LL_SET)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(fp[ip[2]])
            fp[ip[3]] = gvm_f64_bits(d / e)
            ip += 4
        elif op == X_F64_DIV_LL_TEE:
            GVM_CASE(X_F64_DIV_LL_TEE)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(fp[ip[2]])
            fp[ip[3]] = gvm_f64_bits(d / e)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_F64_DIV_LC:
            GVM_CASE(X_F64_DIV_LC)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            sp[0] = gvm_f64_bits(d / e)
            sp += 1
            ip += 4
        elif op == X_F64_DIV_LC_SET:
            GVM_CASE(X_F64_DIV_LC_SET)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = gvm_f64_bits(d / e)
            ip += 5
        elif op == X_F64_DIV_LC_TEE:
            GVM_CASE(X_F64_DIV_LC_TEE)
            d = gvm_f64(fp[ip[1]])
            e = gvm_f64(<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            fp[ip[4]] = gvm_f64_bits(d / e)
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_F64_DIV_SL:
            GVM_CASE(X_F64_DIV_SL)
            d = gvm_f64(sp[-1])
            e = gvm_f64(fp[ip[1]])
            sp[-1] = gvm_f64_bits(d / e)
            ip += 2
        elif op == X_F64_DIV_SL_SET:
            GVM_CASE(X_F64_DIV_SL_SET)
            d = gvm_f64(sp[-1])
            e = gvm_f64(fp[ip[1]])
            fp[ip[2]] = gvm_f64_bits(d / e)
            sp -= 1
            ip += 3
        elif op == X_F64_DIV_SL_TEE:
            GVM_CASE(X_F64_DIV_SL_TEE)
            d = gvm_f64(sp[-1])
            e = gvm_f64(fp[ip[1]])
            fp[ip[2]] = gvm_f64_bits(d / e)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_F64_DIV_SC:
            GVM_CASE(X_F64_DIV_SC)
            d = gvm_f64(sp[-1])
            e = gvm_f64(<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = gvm_f64_bits(d / e)
            ip += 3
        elif op == X_F64_DIV_SC_SET:
            GVM_CASE(X_F64_DIV_SC_SET)
            d = gvm_f64(sp[-1])
            e = gvm_f64(<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = gvm_f64_bits(d / e)
            sp -= 1
            ip += 4
        elif op == X_F64_DIV_SC_TEE:
            GVM_CASE(X_F64_DIV_SC_TEE)
            d = gvm_f64(sp[-1])
            e = gvm_f64(<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            fp[ip[3]] = gvm_f64_bits(d / e)
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_BR_IF_SL_I32_EQ:
            GVM_CASE(X_BR_IF_SL_I32_EQ)
            sp -= 1
            x = <uint32_t>sp[0]
            y = <uint32_t>fp[ip[1]]
            if x == y:
                ip = _taken(code.ops + ip[2], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_IF_SL_I32_NE:
            GVM_CASE(X_BR_IF_SL_I32_NE)
            sp -= 1
            x = <uint32_t>sp[0]
            y = <uint32_t>fp[ip[1]]
            if x != y:
                ip = _taken(code.ops + ip[2], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_IF_SL_I32_LT_S:
            GVM_CASE(X_BR_IF_SL_I32_LT_S)
            sp -= 1
            x = <uint32_t>sp[0]
            y = <uint32_t>fp[ip[1]]
            if <int32_t>x < <int32_t>y:
                ip = _taken(code.ops + ip[2], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_IF_SL_I32_LT_U:
            GVM_CASE(X_BR_IF_SL_I32_LT_U)
            sp -= 1
            x = <uint32_t>sp[0]
            y = <uint32_t>fp[ip[1]]
            if x < y:
                ip = _taken(code.ops + ip[2], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_IF_SL_I32_GT_S:
            GVM_CASE(X_BR_IF_SL_I32_GT_S)
            sp -= 1
            x = <uint32_t>sp[0]
            y = <uint32_t>fp[ip[1]]
            if <int32_t>x > <int32_t>y:
                ip = _taken(code.ops + ip[2], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_IF_SL_I32_GT_U:
            GVM_CASE(X_BR_IF_SL_I32_GT_U)
            sp -= 1
            x = <uint32_t>sp[0]
            y = <uint32_t>fp[ip[1]]
            if x > y:
                ip = _taken(code.ops + ip[2], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_IF_SL_I32_LE_S:
            GVM_CASE(X_BR_IF_SL_I32_LE_S)
            sp -= 1
            x = <uint32_t>sp[0]
            y = <uint32_t>fp[ip[1]]
            if <int32_t>x <= <int32_t>y:
                ip = _taken(code.ops + ip[2], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_IF_SL_I32_LE_U:
            GVM_CASE(X_BR_IF_SL_I32_LE_U)
            sp -= 1
            x = <uint32_t>sp[0]
            y = <uint32_t>fp[ip[1]]
            if x <= y:
                ip = _taken(code.ops + ip[2], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_IF_SL_I32_GE_S:
            GVM_CASE(X_BR_IF_SL_I32_GE_S)
            sp -= 1
            x = <uint32_t>sp[0]
            y = <uint32_t>fp[ip[1]]
            if <int32_t>x >= <int32_t>y:
                ip = _taken(code.ops + ip[2], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_IF_SL_I32_GE_U:
            GVM_CASE(X_BR_IF_SL_I32_GE_U)
            sp -= 1
            x = <uint32_t>sp[0]
            y = <uint32_t>fp[ip[1]]
            if x >= y:
                ip = _taken(code.ops + ip[2], &poll, &resume)
            else:
                ip += 3
        elif op == X_I32_LOAD_L:
            GVM_CASE(X_I32_LOAD_L)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            sp[0] = gvm_ld32(mem + ea)
            sp += 1
            ip += 3
        elif op == X_I32_LOAD_L_SET:
            GVM_CASE(X_I32_LOAD_L_SET)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld32(mem + ea)
            ip += 4
        elif op == X_I32_LOAD_L_TEE:
            GVM_CASE(X_I32_LOAD_L_TEE)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld32(mem + ea)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_LOAD_S_SET:
            GVM_CASE(X_I32_LOAD_S_SET)
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld32(mem + ea)
            sp -= 1
            ip += 3
        elif op == X_I32_LOAD_S_TEE:
            GVM_CASE(X_I32_LOAD_S_TEE)
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld32(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_LOAD_C:
            GVM_CASE(X_I32_LOAD_C)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = gvm_ld32(mem + ea)
            ip += 3
        elif op == X_I32_LOAD_C_SET:
            GVM_CASE(X_I32_LOAD_C_SET)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld32(mem + ea)
            sp -= 1
            ip += 4
        elif op == X_I32_LOAD_C_TEE:
            GVM_CASE(X_I32_LOAD_C_TEE)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld32(mem + ea)
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_I32_LOAD_LC:
            GVM_CASE(X_I32_LOAD_LC)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[3]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            sp[0] = gvm_ld32(mem + ea)
            sp += 1
            ip += 4
        elif op == X_I32_LOAD_LC_SET:
            GVM_CASE(X_I32_LOAD_LC_SET)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[3]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[4]] = gvm_ld32(mem + ea)
            ip += 5
        elif op == X_I32_LOAD_LC_TEE:
            GVM_CASE(X_I32_LOAD_LC_TEE)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[3]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[4]] = gvm_ld32(mem + ea)
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_I64_LOAD_L:
            GVM_CASE(X_I64_LOAD_L)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            sp[0] = gvm_ld64(mem + ea)
            sp += 1
            ip += 3
        elif op == X_I64_LOAD_L_SET:
            GVM_CASE(X_I64_LOAD_L_SET)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld64(mem + ea)
            ip += 4
        elif op == X_I64_LOAD_L_TEE:
            GVM_CASE(X_I64_LOAD_L_TEE)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld64(mem + ea)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I64_LOAD_S_SET:
            GVM_CASE(X_I64_LOAD_S_SET)
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld64(mem + ea)
            sp -= 1
            ip += 3
        elif op == X_I64_LOAD_S_TEE:
            GVM_CASE(X_I64_LOAD_S_TEE)
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld64(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I64_LOAD_C:
            GVM_CASE(X_I64_LOAD_C)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = gvm_ld64(mem + ea)
            ip += 3
        elif op == X_I64_LOAD_C_SET:
            GVM_CASE(X_I64_LOAD_C_SET)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld64(mem + ea)
            sp -= 1
            ip += 4
        elif op == X_I64_LOAD_C_TEE:
            GVM_CASE(X_I64_LOAD_C_TEE)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld64(mem + ea)
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_I64_LOAD_LC:
            GVM_CASE(X_I64_LOAD_LC)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[3]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            sp[0] = gvm_ld64(mem + ea)
            sp += 1
            ip += 4
        elif op == X_I64_LOAD_LC_SET:
            GVM_CASE(X_I64_LOAD_LC_SET)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[3]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[4]] = gvm_ld64(mem + ea)
            ip += 5
        elif op == X_I64_LOAD_LC_TEE:
            GVM_CASE(X_I64_LOAD_LC_TEE)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[3]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[4]] = gvm_ld64(mem + ea)
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_I32_LOAD8_U_L:
            GVM_CASE(X_I32_LOAD8_U_L)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            sp[0] = gvm_ld8(mem + ea)
            sp += 1
            ip += 3
        elif op == X_I32_LOAD8_U_L_SET:
            GVM_CASE(X_I32_LOAD8_U_L_SET)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld8(mem + ea)
            ip += 4
        elif op == X_I32_LOAD8_U_L_TEE:
            GVM_CASE(X_I32_LOAD8_U_L_TEE)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld8(mem + ea)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_LOAD8_U_S_SET:
            GVM_CASE(X_I32_LOAD8_U_S_SET)
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld8(mem + ea)
            sp -= 1
            ip += 3
        elif op == X_I32_LOAD8_U_S_TEE:
            GVM_CASE(X_I32_LOAD8_U_S_TEE)
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld8(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_LOAD8_U_C:
            GVM_CASE(X_I32_LOAD8_U_C)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = gvm_ld8(mem + ea)
            ip += 3
        elif op == X_I32_LOAD8_U_C_SET:
            GVM_CASE(X_I32_LOAD8_U_C_SET)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld8(mem + ea)
            sp -= 1
            ip += 4
        elif op == X_I32_LOAD8_U_C_TEE:
            GVM_CASE(X_I32_LOAD8_U_C_TEE)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld8(mem + ea)
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_I32_LOAD8_U_LC:
            GVM_CASE(X_I32_LOAD8_U_LC)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[3]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            sp[0] = gvm_ld8(mem + ea)
            sp += 1
            ip += 4
        elif op == X_I32_LOAD8_U_LC_SET:
            GVM_CASE(X_I32_LOAD8_U_LC_SET)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[3]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[4]] = gvm_ld8(mem + ea)
            ip += 5
        elif op == X_I32_LOAD8_U_LC_TEE:
            GVM_CASE(X_I32_LOAD8_U_LC_TEE)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[3]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[4]] = gvm_ld8(mem + ea)
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_I32_LOAD8_S_L:
            GVM_CASE(X_I32_LOAD8_S_L)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            sp[0] = <uint32_t><int32_t><int8_t>gvm_ld8(mem + ea)
            sp += 1
            ip += 3
        elif op == X_I32_LOAD8_S_L_SET:
            GVM_CASE(X_I32_LOAD8_S_L_SET)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = <uint32_t><int32_t><int8_t>gvm_ld8(mem + ea)
            ip += 4
        elif op == X_I32_LOAD8_S_L_TEE:
            GVM_CASE(X_I32_LOAD8_S_L_TEE)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = <uint32_t><int32_t><int8_t>gvm_ld8(mem + ea)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_LOAD8_S_S_SET:
            GVM_CASE(X_I32_LOAD8_S_S_SET)
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = <uint32_t><int32_t><int8_t>gvm_ld8(mem + ea)
            sp -= 1
            ip += 3
        elif op == X_I32_LOAD8_S_S_TEE:
            GVM_CASE(X_I32_LOAD8_S_S_TEE)
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = <uint32_t><int32_t><int8_t>gvm_ld8(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_LOAD8_S_C:
            GVM_CASE(X_I32_LOAD8_S_C)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = <uint32_t><int32_t><int8_t>gvm_ld8(mem + ea)
            ip += 3
        elif op == X_I32_LOAD8_S_C_SET:
            GVM_CASE(X_I32_LOAD8_S_C_SET)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = <uint32_t><int32_t><int8_t>gvm_ld8(mem + ea)
            sp -= 1
            ip += 4
        elif op == X_I32_LOAD8_S_C_TEE:
            GVM_CASE(X_I32_LOAD8_S_C_TEE)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = <uint32_t><int32_t><int8_t>gvm_ld8(mem + ea)
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_I32_LOAD8_S_LC:
            GVM_CASE(X_I32_LOAD8_S_LC)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[3]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            sp[0] = <uint32_t><int32_t><int8_t>gvm_ld8(mem + ea)
            sp += 1
            ip += 4
        elif op == X_I32_LOAD8_S_LC_SET:
            GVM_CASE(X_I32_LOAD8_S_LC_SET)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[3]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[4]] = <uint32_t><int32_t><int8_t>gvm_ld8(mem + ea)
            ip += 5
        elif op == X_I32_LOAD8_S_LC_TEE:
            GVM_CASE(X_I32_LOAD8_S_LC_TEE)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[3]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[4]] = <uint32_t><int32_t><int8_t>gvm_ld8(mem + ea)
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_I32_LOAD16_U_L:
            GVM_CASE(X_I32_LOAD16_U_L)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            sp[0] = gvm_ld16(mem + ea)
            sp += 1
            ip += 3
        elif op == X_I32_LOAD16_U_L_SET:
            GVM_CASE(X_I32_LOAD16_U_L_SET)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld16(mem + ea)
            ip += 4
        elif op == X_I32_LOAD16_U_L_TEE:
            GVM_CASE(X_I32_LOAD16_U_L_TEE)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld16(mem + ea)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_LOAD16_U_S_SET:
            GVM_CASE(X_I32_LOAD16_U_S_SET)
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld16(mem + ea)
            sp -= 1
            ip += 3
        elif op == X_I32_LOAD16_U_S_TEE:
            GVM_CASE(X_I32_LOAD16_U_S_TEE)
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld16(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_LOAD16_U_C:
            GVM_CASE(X_I32_LOAD16_U_C)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = gvm_ld16(mem + ea)
            ip += 3
        elif op == X_I32_LOAD16_U_C_SET:
            GVM_CASE(X_I32_LOAD16_U_C_SET)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld16(mem + ea)
            sp -= 1
            ip += 4
        elif op == X_I32_LOAD16_U_C_TEE:
            GVM_CASE(X_I32_LOAD16_U_C_TEE)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld16(mem + ea)
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_I32_LOAD16_U_LC:
            GVM_CASE(X_I32_LOAD16_U_LC)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[3]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            sp[0] = gvm_ld16(mem + ea)
            sp += 1
            ip += 4
        elif op == X_I32_LOAD16_U_LC_SET:
            GVM_CASE(X_I32_LOAD16_U_LC_SET)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[3]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[4]] = gvm_ld16(mem + ea)
            ip += 5
        elif op == X_I32_LOAD16_U_LC_TEE:
            GVM_CASE(X_I32_LOAD16_U_LC_TEE)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[3]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[4]] = gvm_ld16(mem + ea)
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_I32_LOAD16_S_L:
            GVM_CASE(X_I32_LOAD16_S_L)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            sp[0] = <uint32_t><int32_t><int16_t>gvm_ld16(mem + ea)
            sp += 1
            ip += 3
        elif op == X_I32_LOAD16_S_L_SET:
            GVM_CASE(X_I32_LOAD16_S_L_SET)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = <uint32_t><int32_t><int16_t>gvm_ld16(mem + ea)
            ip += 4
        elif op == X_I32_LOAD16_S_L_TEE:
            GVM_CASE(X_I32_LOAD16_S_L_TEE)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = <uint32_t><int32_t><int16_t>gvm_ld16(mem + ea)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_I32_LOAD16_S_S_SET:
            GVM_CASE(X_I32_LOAD16_S_S_SET)
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = <uint32_t><int32_t><int16_t>gvm_ld16(mem + ea)
            sp -= 1
            ip += 3
        elif op == X_I32_LOAD16_S_S_TEE:
            GVM_CASE(X_I32_LOAD16_S_S_TEE)
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = <uint32_t><int32_t><int16_t>gvm_ld16(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_I32_LOAD16_S_C:
            GVM_CASE(X_I32_LOAD16_S_C)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = <uint32_t><int32_t><int16_t>gvm_ld16(mem + ea)
            ip += 3
        elif op == X_I32_LOAD16_S_C_SET:
            GVM_CASE(X_I32_LOAD16_S_C_SET)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = <uint32_t><int32_t><int16_t>gvm_ld16(mem + ea)
            sp -= 1
            ip += 4
        elif op == X_I32_LOAD16_S_C_TEE:
            GVM_CASE(X_I32_LOAD16_S_C_TEE)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = <uint32_t><int32_t><int16_t>gvm_ld16(mem + ea)
            sp[-1] = fp[ip[3]]
            ip += 4
        elif op == X_I32_LOAD16_S_LC:
            GVM_CASE(X_I32_LOAD16_S_LC)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[3]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            sp[0] = <uint32_t><int32_t><int16_t>gvm_ld16(mem + ea)
            sp += 1
            ip += 4
        elif op == X_I32_LOAD16_S_LC_SET:
            GVM_CASE(X_I32_LOAD16_S_LC_SET)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[3]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[4]] = <uint32_t><int32_t><int16_t>gvm_ld16(mem + ea)
            ip += 5
        elif op == X_I32_LOAD16_S_LC_TEE:
            GVM_CASE(X_I32_LOAD16_S_LC_TEE)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[3]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[4]] = <uint32_t><int32_t><int16_t>gvm_ld16(mem + ea)
            sp[0] = fp[ip[4]]
            sp += 1
            ip += 5
        elif op == X_I32_STORE_LL:
            GVM_CASE(X_I32_STORE_LL)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[3]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, fp[ip[2]])
            ip += 4
        elif op == X_I32_STORE_SL:
            GVM_CASE(X_I32_STORE_SL)
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[2]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, fp[ip[1]])
            sp -= 1
            ip += 3
        elif op == X_I32_STORE_CL:
            GVM_CASE(X_I32_STORE_CL)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[3]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, fp[ip[2]])
            sp -= 1
            ip += 4
        elif op == X_I32_STORE_LCL:
            GVM_CASE(X_I32_STORE_LCL)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[4]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, fp[ip[3]])
            ip += 5
        elif op == X_I64_STORE_LL:
            GVM_CASE(X_I64_STORE_LL)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[3]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st64(mem + ea, fp[ip[2]])
            ip += 4
        elif op == X_I64_STORE_SL:
            GVM_CASE(X_I64_STORE_SL)
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[2]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st64(mem + ea, fp[ip[1]])
            sp -= 1
            ip += 3
        elif op == X_I64_STORE_CL:
            GVM_CASE(X_I64_STORE_CL)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[3]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st64(mem + ea, fp[ip[2]])
            sp -= 1
            ip += 4
        elif op == X_I64_STORE_LCL:
            GVM_CASE(X_I64_STORE_LCL)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[4]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st64(mem + ea, fp[ip[3]])
            ip += 5
        elif op == X_I32_STORE8_LL:
            GVM_CASE(X_I32_STORE8_LL)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[3]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st8(mem + ea, fp[ip[2]])
            ip += 4
        elif op == X_I32_STORE8_SL:
            GVM_CASE(X_I32_STORE8_SL)
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[2]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st8(mem + ea, fp[ip[1]])
            sp -= 1
            ip += 3
        elif op == X_I32_STORE8_CL:
            GVM_CASE(X_I32_STORE8_CL)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[3]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st8(mem + ea, fp[ip[2]])
            sp -= 1
            ip += 4
        elif op == X_I32_STORE8_LCL:
            GVM_CASE(X_I32_STORE8_LCL)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[4]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st8(mem + ea, fp[ip[3]])
            ip += 5
        elif op == X_I32_STORE16_LL:
            GVM_CASE(X_I32_STORE16_LL)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[3]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st16(mem + ea, fp[ip[2]])
            ip += 4
        elif op == X_I32_STORE16_SL:
            GVM_CASE(X_I32_STORE16_SL)
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[2]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st16(mem + ea, fp[ip[1]])
            sp -= 1
            ip += 3
        elif op == X_I32_STORE16_CL:
            GVM_CASE(X_I32_STORE16_CL)
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[3]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st16(mem + ea, fp[ip[2]])
            sp -= 1
            ip += 4
        elif op == X_I32_STORE16_LCL:
            GVM_CASE(X_I32_STORE16_LCL)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]] + ip[2])) + ip[4]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st16(mem + ea, fp[ip[3]])
            ip += 5
        elif op == X_BR_IF_LC_I32_EQ:
            GVM_CASE(X_BR_IF_LC_I32_EQ)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if x == y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_IF_LC_I32_NE:
            GVM_CASE(X_BR_IF_LC_I32_NE)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if x != y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_IF_LC_I32_LT_S:
            GVM_CASE(X_BR_IF_LC_I32_LT_S)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if <int32_t>x < <int32_t>y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_IF_LC_I32_LT_U:
            GVM_CASE(X_BR_IF_LC_I32_LT_U)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if x < y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_IF_LC_I32_GT_S:
            GVM_CASE(X_BR_IF_LC_I32_GT_S)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if <int32_t>x > <int32_t>y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_IF_LC_I32_GT_U:
            GVM_CASE(X_BR_IF_LC_I32_GT_U)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if x > y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_IF_LC_I32_LE_S:
            GVM_CASE(X_BR_IF_LC_I32_LE_S)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if <int32_t>x <= <int32_t>y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_IF_LC_I32_LE_U:
            GVM_CASE(X_BR_IF_LC_I32_LE_U)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if x <= y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_IF_LC_I32_GE_S:
            GVM_CASE(X_BR_IF_LC_I32_GE_S)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if <int32_t>x >= <int32_t>y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_IF_LC_I32_GE_U:
            GVM_CASE(X_BR_IF_LC_I32_GE_U)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if x >= y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_IF_LC_I32_EQ:
            GVM_CASE(X_IF_LC_I32_EQ)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if x == y:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_LC_I32_NE:
            GVM_CASE(X_IF_LC_I32_NE)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if x != y:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_LC_I32_LT_S:
            GVM_CASE(X_IF_LC_I32_LT_S)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if <int32_t>x < <int32_t>y:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_LC_I32_LT_U:
            GVM_CASE(X_IF_LC_I32_LT_U)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if x < y:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_LC_I32_GT_S:
            GVM_CASE(X_IF_LC_I32_GT_S)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if <int32_t>x > <int32_t>y:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_LC_I32_GT_U:
            GVM_CASE(X_IF_LC_I32_GT_U)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if x > y:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_LC_I32_LE_S:
            GVM_CASE(X_IF_LC_I32_LE_S)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if <int32_t>x <= <int32_t>y:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_LC_I32_LE_U:
            GVM_CASE(X_IF_LC_I32_LE_U)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if x <= y:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_LC_I32_GE_S:
            GVM_CASE(X_IF_LC_I32_GE_S)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if <int32_t>x >= <int32_t>y:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_LC_I32_GE_U:
            GVM_CASE(X_IF_LC_I32_GE_U)
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if x >= y:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_BR_IF_SC_I32_EQ:
            GVM_CASE(X_BR_IF_SC_I32_EQ)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if x == y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_IF_SC_I32_NE:
            GVM_CASE(X_BR_IF_SC_I32_NE)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if x != y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_IF_SC_I32_LT_S:
            GVM_CASE(X_BR_IF_SC_I32_LT_S)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if <int32_t>x < <int32_t>y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_IF_SC_I32_LT_U:
            GVM_CASE(X_BR_IF_SC_I32_LT_U)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if x < y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_IF_SC_I32_GT_S:
            GVM_CASE(X_BR_IF_SC_I32_GT_S)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if <int32_t>x > <int32_t>y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_IF_SC_I32_GT_U:
            GVM_CASE(X_BR_IF_SC_I32_GT_U)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if x > y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_IF_SC_I32_LE_S:
            GVM_CASE(X_BR_IF_SC_I32_LE_S)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if <int32_t>x <= <int32_t>y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_IF_SC_I32_LE_U:
            GVM_CASE(X_BR_IF_SC_I32_LE_U)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if x <= y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_IF_SC_I32_GE_S:
            GVM_CASE(X_BR_IF_SC_I32_GE_S)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if <int32_t>x >= <int32_t>y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 3
        elif op == X_BR_IF_SC_I32_GE_U:
            GVM_CASE(X_BR_IF_SC_I32_GE_U)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if x >= y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 3
        elif op == X_IF_SC_I32_EQ:
            GVM_CASE(X_IF_SC_I32_EQ)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if x == y:
                ip += 3
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_SC_I32_NE:
            GVM_CASE(X_IF_SC_I32_NE)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if x != y:
                ip += 3
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_SC_I32_LT_S:
            GVM_CASE(X_IF_SC_I32_LT_S)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if <int32_t>x < <int32_t>y:
                ip += 3
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_SC_I32_LT_U:
            GVM_CASE(X_IF_SC_I32_LT_U)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if x < y:
                ip += 3
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_SC_I32_GT_S:
            GVM_CASE(X_IF_SC_I32_GT_S)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if <int32_t>x > <int32_t>y:
                ip += 3
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_SC_I32_GT_U:
            GVM_CASE(X_IF_SC_I32_GT_U)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if x > y:
                ip += 3
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_SC_I32_LE_S:
            GVM_CASE(X_IF_SC_I32_LE_S)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if <int32_t>x <= <int32_t>y:
                ip += 3
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_SC_I32_LE_U:
            GVM_CASE(X_IF_SC_I32_LE_U)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if x <= y:
                ip += 3
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_SC_I32_GE_S:
            GVM_CASE(X_IF_SC_I32_GE_S)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if <int32_t>x >= <int32_t>y:
                ip += 3
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_SC_I32_GE_U:
            GVM_CASE(X_IF_SC_I32_GE_U)
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if x >= y:
                ip += 3
            else:
                ip = code.ops + ip[1]
        elif op == X_BR_IF_LC_I64_EQ:
            GVM_CASE(X_BR_IF_LC_I64_EQ)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if a == b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 5
        elif op == X_BR_IF_LC_I64_NE:
            GVM_CASE(X_BR_IF_LC_I64_NE)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if a != b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 5
        elif op == X_BR_IF_LC_I64_LT_S:
            GVM_CASE(X_BR_IF_LC_I64_LT_S)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if <int64_t>a < <int64_t>b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 5
        elif op == X_BR_IF_LC_I64_LT_U:
            GVM_CASE(X_BR_IF_LC_I64_LT_U)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if a < b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 5
        elif op == X_BR_IF_LC_I64_GT_S:
            GVM_CASE(X_BR_IF_LC_I64_GT_S)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if <int64_t>a > <int64_t>b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 5
        elif op == X_BR_IF_LC_I64_GT_U:
            GVM_CASE(X_BR_IF_LC_I64_GT_U)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if a > b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 5
        elif op == X_BR_IF_LC_I64_LE_S:
            GVM_CASE(X_BR_IF_LC_I64_LE_S)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if <int64_t>a <= <int64_t>b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 5
        elif op == X_BR_IF_LC_I64_LE_U:
            GVM_CASE(X_BR_IF_LC_I64_LE_U)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if a <= b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 5
        elif op == X_BR_IF_LC_I64_GE_S:
            GVM_CASE(X_BR_IF_LC_I64_GE_S)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if <int64_t>a >= <int64_t>b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 5
        elif op == X_BR_IF_LC_I64_GE_U:
            GVM_CASE(X_BR_IF_LC_I64_GE_U)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if a >= b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 5
        elif op == X_IF_LC_I64_EQ:
            GVM_CASE(X_IF_LC_I64_EQ)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if a == b:
                ip += 5
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_LC_I64_NE:
            GVM_CASE(X_IF_LC_I64_NE)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if a != b:
                ip += 5
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_LC_I64_LT_S:
            GVM_CASE(X_IF_LC_I64_LT_S)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if <int64_t>a < <int64_t>b:
                ip += 5
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_LC_I64_LT_U:
            GVM_CASE(X_IF_LC_I64_LT_U)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if a < b:
                ip += 5
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_LC_I64_GT_S:
            GVM_CASE(X_IF_LC_I64_GT_S)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if <int64_t>a > <int64_t>b:
                ip += 5
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_LC_I64_GT_U:
            GVM_CASE(X_IF_LC_I64_GT_U)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if a > b:
                ip += 5
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_LC_I64_LE_S:
            GVM_CASE(X_IF_LC_I64_LE_S)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if <int64_t>a <= <int64_t>b:
                ip += 5
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_LC_I64_LE_U:
            GVM_CASE(X_IF_LC_I64_LE_U)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if a <= b:
                ip += 5
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_LC_I64_GE_S:
            GVM_CASE(X_IF_LC_I64_GE_S)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if <int64_t>a >= <int64_t>b:
                ip += 5
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_LC_I64_GE_U:
            GVM_CASE(X_IF_LC_I64_GE_U)
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if a >= b:
                ip += 5
            else:
                ip = code.ops + ip[1]
        elif op == X_BR_IF_SC_I64_EQ:
            GVM_CASE(X_BR_IF_SC_I64_EQ)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if a == b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_IF_SC_I64_NE:
            GVM_CASE(X_BR_IF_SC_I64_NE)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if a != b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_IF_SC_I64_LT_S:
            GVM_CASE(X_BR_IF_SC_I64_LT_S)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if <int64_t>a < <int64_t>b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_IF_SC_I64_LT_U:
            GVM_CASE(X_BR_IF_SC_I64_LT_U)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if a < b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_IF_SC_I64_GT_S:
            GVM_CASE(X_BR_IF_SC_I64_GT_S)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if <int64_t>a > <int64_t>b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_IF_SC_I64_GT_U:
            GVM_CASE(X_BR_IF_SC_I64_GT_U)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if a > b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_IF_SC_I64_LE_S:
            GVM_CASE(X_BR_IF_SC_I64_LE_S)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if <int64_t>a <= <int64_t>b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_IF_SC_I64_LE_U:
            GVM_CASE(X_BR_IF_SC_I64_LE_U)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if a <= b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_IF_SC_I64_GE_S:
            GVM_CASE(X_BR_IF_SC_I64_GE_S)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if <int64_t>a >= <int64_t>b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_BR_IF_SC_I64_GE_U:
            GVM_CASE(X_BR_IF_SC_I64_GE_U)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if a >= b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_IF_SC_I64_EQ:
            GVM_CASE(X_IF_SC_I64_EQ)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if a == b:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_SC_I64_NE:
            GVM_CASE(X_IF_SC_I64_NE)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if a != b:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_SC_I64_LT_S:
            GVM_CASE(X_IF_SC_I64_LT_S)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if <int64_t>a < <int64_t>b:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_SC_I64_LT_U:
            GVM_CASE(X_IF_SC_I64_LT_U)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if a < b:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_SC_I64_GT_S:
            GVM_CASE(X_IF_SC_I64_GT_S)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if <int64_t>a > <int64_t>b:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_SC_I64_GT_U:
            GVM_CASE(X_IF_SC_I64_GT_U)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if a > b:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_SC_I64_LE_S:
            GVM_CASE(X_IF_SC_I64_LE_S)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if <int64_t>a <= <int64_t>b:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_SC_I64_LE_U:
            GVM_CASE(X_IF_SC_I64_LE_U)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if a <= b:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_SC_I64_GE_S:
            GVM_CASE(X_IF_SC_I64_GE_S)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if <int64_t>a >= <int64_t>b:
                ip += 4
            else:
                ip = code.ops + ip[1]
        elif op == X_IF_SC_I64_GE_U:
            GVM_CASE(X_IF_SC_I64_GE_U)
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if a >= b:
                ip += 4
            else:
                ip = code.ops + ip[1]
        # --- end of gen_fused.py's arms ---
        # --- generated by gen_seqs.py: sequence arms (do not edit) ---
        elif op == X_SEQ_LOCAL_SET_C64__I32_LOAD8_U_L_TEE__I32_SHL_SC__I32_LOAD_C__BR_TABLE_JUMP_FWD_C:
            GVM_CASE(X_SEQ_LOCAL_SET_C64__I32_LOAD8_U_L_TEE__I32_SHL_SC__I32_LOAD_C__BR_TABLE_JUMP_FWD_C)
            fp[ip[1]] = <uint64_t>ip[2] | (<uint64_t>ip[3] << 32)
            ip += 4
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld8(mem + ea)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x << (y & 31))
            ip += 2
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = gvm_ld32(mem + ea)
            ip += 3
            sp -= 1
            x = <uint32_t>sp[0] + ip[2]
            if x > ip[1]:
                x = ip[1]
            ip = code.ops + ip[3 + x]
        elif op == X_SEQ_I32_ADD_LC_SET__LOCAL_GET2__I32_LOAD16_U_S_TEE__I32_SHL_SC__I32_ADD__I64_LOAD_S_TEE__I64_AND_SC__BR_IF_SC_I64_NE:
            GVM_CASE(X_SEQ_I32_ADD_LC_SET__LOCAL_GET2__I32_LOAD16_U_S_TEE__I32_SHL_SC__I32_ADD__I64_LOAD_S_TEE__I64_AND_SC__BR_IF_SC_I64_NE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            ip += 4
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld16(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x << (y & 31))
            ip += 2
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] + <uint32_t>sp[0])
            ip += 1
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld64(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = a & b
            ip += 3
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if a != b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_SEQ_LOCAL_ADD_C__LOCAL_GET2__I32_ADD_SC_TEE__BR_IF_I32_NE:
            GVM_CASE(X_SEQ_LOCAL_ADD_C__LOCAL_GET2__I32_ADD_SC_TEE__BR_IF_I32_NE)
            fp[ip[1]] = <uint32_t>(<uint32_t>fp[ip[1]] + ip[2])
            ip += 3
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp[-1] = fp[ip[2]]
            ip += 3
            sp -= 2
            if <uint32_t>sp[0] != <uint32_t>sp[1]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_SEQ_I32_WRAP_I64__LOCAL_TEE_GET__I32_ADD_SC_TEE__I64_LOAD_S_TEE__I64_SHR_U_SC__I32_WRAP_I64__LOCAL_TEE__I32_OR:
            GVM_CASE(X_SEQ_I32_WRAP_I64__LOCAL_TEE_GET__I32_ADD_SC_TEE__I64_LOAD_S_TEE__I64_SHR_U_SC__I32_WRAP_I64__LOCAL_TEE__I32_OR)
            sp[-1] = <uint32_t>sp[-1]
            ip += 1
            fp[ip[1]] = sp[-1]
            sp[0] = fp[ip[2]]
            sp += 1
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp[-1] = fp[ip[2]]
            ip += 3
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld64(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = a >> (b & 63)
            ip += 3
            sp[-1] = <uint32_t>sp[-1]
            ip += 1
            fp[ip[1]] = sp[-1]
            ip += 2
            sp -= 1
            sp[-1] = sp[-1] | sp[0]
            ip += 1
        elif op == X_SEQ_I32_STORE8__I32_ADD_LC__I32_MUL_LC__I32_ADD_SC__I32_SHR_U_SC:
            GVM_CASE(X_SEQ_I32_STORE8__I32_ADD_LC__I32_MUL_LC__I32_ADD_SC__I32_SHR_U_SC)
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st8(mem + ea, sp[-1])
            sp -= 2
            ip += 2
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <uint32_t>(x + y)
            sp += 1
            ip += 3
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <uint32_t>(x * y)
            sp += 1
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x + y)
            ip += 2
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x >> (y & 31)
            ip += 2
        elif op == X_SEQ_LOCAL_GET__LOCAL_SET_GET__LOCAL_SET_GET__I32_ADD_SC_SET__JUMP:
            GVM_CASE(X_SEQ_LOCAL_GET__LOCAL_SET_GET__LOCAL_SET_GET__I32_ADD_SC_SET__JUMP)
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            fp[ip[1]] = sp[-1]
            sp[-1] = fp[ip[2]]
            ip += 3
            fp[ip[1]] = sp[-1]
            sp[-1] = fp[ip[2]]
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp -= 1
            ip += 3
            ip = _taken(code.ops + ip[1], &poll, &resume)
        elif op == X_SEQ_I64_STORE_LL__LOCAL_ADD_C__LOCAL_ADD_C__JUMP:
            GVM_CASE(X_SEQ_I64_STORE_LL__LOCAL_ADD_C__LOCAL_ADD_C__JUMP)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[3]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st64(mem + ea, fp[ip[2]])
            ip += 4
            fp[ip[1]] = <uint32_t>(<uint32_t>fp[ip[1]] + ip[2])
            ip += 3
            fp[ip[1]] = <uint32_t>(<uint32_t>fp[ip[1]] + ip[2])
            ip += 3
            ip = _taken(code.ops + ip[1], &poll, &resume)
        elif op == X_SEQ_LOCAL_TEE__I64_ADD_SC__I64_AND_LC__I64_CONST__I64_GT_U__SELECT:
            GVM_CASE(X_SEQ_LOCAL_TEE__I64_ADD_SC__I64_AND_LC__I64_CONST__I64_GT_U__SELECT)
            fp[ip[1]] = sp[-1]
            ip += 2
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = a + b
            ip += 3
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            sp[0] = a & b
            sp += 1
            ip += 4
            sp[0] = <uint64_t>ip[1] | (<uint64_t>ip[2] << 32)
            sp += 1
            ip += 3
            sp -= 1
            sp[-1] = <uint64_t>sp[-1] > <uint64_t>sp[0]
            ip += 1
            sp -= 2
            if not sp[1]:
                sp[-1] = sp[0]
            ip += 1
        elif op == X_SEQ_I32_SHL_SC__I32_ADD:
            GVM_CASE(X_SEQ_I32_SHL_SC__I32_ADD)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x << (y & 31))
            ip += 2
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] + <uint32_t>sp[0])
            ip += 1
        elif op == X_SEQ_I32_ADD_SC__I32_STORE:
            GVM_CASE(X_SEQ_I32_ADD_SC__I32_STORE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x + y)
            ip += 2
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, sp[-1])
            sp -= 2
            ip += 2
        elif op == X_SEQ_LOCAL_GET__LOCAL_SET_GET__I32_ADD_SC_SET__JUMP:
            GVM_CASE(X_SEQ_LOCAL_GET__LOCAL_SET_GET__I32_ADD_SC_SET__JUMP)
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            fp[ip[1]] = sp[-1]
            sp[-1] = fp[ip[2]]
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp -= 1
            ip += 3
            ip = _taken(code.ops + ip[1], &poll, &resume)
        elif op == X_SEQ_LOCAL_GET2__I32_ADD_SL:
            GVM_CASE(X_SEQ_LOCAL_GET2__I32_ADD_SL)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = <uint32_t>(x + y)
            ip += 2
        elif op == X_SEQ_GLOBAL_GET_I32__I32_SUB_SC_TEE__GLOBAL_SET_I32:
            GVM_CASE(X_SEQ_GLOBAL_GET_I32__I32_SUB_SC_TEE__GLOBAL_SET_I32)
            cell = code.gcells[ip[1]]
            if GVM_LIKELY(cell.live):
                sp[0] = <uint32_t>cell.value
            else:
                _save(m, code, ip, sp, fp, top, fuel)
                _cell_load(m, cell, code.globals[ip[1]], sp)
            sp += 1
            ip += 2
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x - y)
            sp[-1] = fp[ip[2]]
            ip += 3
            sp -= 1
            cell = code.gcells[ip[1]]
            if GVM_LIKELY(cell.live):
                cell.value = <uint32_t>sp[0]
            else:
                _save(m, code, ip, sp + 1, fp, top, fuel)
                _cell_store(m, cell, code.globals[ip[1]], <uint32_t>sp[0])
            ip += 2
        elif op == X_SEQ_LOCAL_SET__JUMP_FWD:
            GVM_CASE(X_SEQ_LOCAL_SET__JUMP_FWD)
            sp -= 1
            fp[ip[1]] = sp[0]
            ip += 2
            ip = code.ops + ip[1]
        elif op == X_SEQ_LOCAL_GET2__I32_ADD_SC_TEE:
            GVM_CASE(X_SEQ_LOCAL_GET2__I32_ADD_SC_TEE)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_SEQ_I32_ADD_LC_TEE__I64_LOAD_S_TEE:
            GVM_CASE(X_SEQ_I32_ADD_LC_TEE__I64_LOAD_S_TEE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld64(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_SEQ_LOCAL_GET__I32_CONST:
            GVM_CASE(X_SEQ_LOCAL_GET__I32_CONST)
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            sp[0] = ip[1]
            sp += 1
            ip += 2
        elif op == X_SEQ_LOCAL_GET2__I32_LOAD:
            GVM_CASE(X_SEQ_LOCAL_GET2__I32_LOAD)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            ea = <uint64_t>(<uint32_t>sp[-1]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = gvm_ld32(mem + ea)
            ip += 2
        elif op == X_SEQ_LOCAL_GET__I32_WRAP_I64:
            GVM_CASE(X_SEQ_LOCAL_GET__I32_WRAP_I64)
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            sp[-1] = <uint32_t>sp[-1]
            ip += 1
        elif op == X_SEQ_I32_CONST__I64_SHR_U_LC__I32_WRAP_I64__LOCAL_TEE_GET__I32_ADD_SC__I32_LT_U_SC__SELECT:
            GVM_CASE(X_SEQ_I32_CONST__I64_SHR_U_LC__I32_WRAP_I64__LOCAL_TEE_GET__I32_ADD_SC__I32_LT_U_SC__SELECT)
            sp[0] = ip[1]
            sp += 1
            ip += 2
            a = fp[ip[1]]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            sp[0] = a >> (b & 63)
            sp += 1
            ip += 4
            sp[-1] = <uint32_t>sp[-1]
            ip += 1
            fp[ip[1]] = sp[-1]
            sp[0] = fp[ip[2]]
            sp += 1
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x + y)
            ip += 2
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x < y
            ip += 2
            sp -= 2
            if not sp[1]:
                sp[-1] = sp[0]
            ip += 1
        elif op == X_SEQ_I32_ADD_LC__GLOBAL_SET_I32__RETURN_L:
            GVM_CASE(X_SEQ_I32_ADD_LC__GLOBAL_SET_I32__RETURN_L)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <uint32_t>(x + y)
            sp += 1
            ip += 3
            sp -= 1
            cell = code.gcells[ip[1]]
            if GVM_LIKELY(cell.live):
                cell.value = <uint32_t>sp[0]
            else:
                _save(m, code, ip, sp + 1, fp, top, fuel)
                _cell_store(m, cell, code.globals[ip[1]], <uint32_t>sp[0])
            ip += 2
            fp[0] = fp[ip[1]]
            sp = fp + 1
            m.local_count -= code.nlocals
            top -= 1
            if top == frames:
                status = ST_DONE
                break
            frame = top
            nc = frame.code
            ip = frame.ip
            fp = frame.fp
            if nc.mem != code.mem:
                _mem_view(nc.mem, &mbase, &msize)
                mem = mbase
                memsize = msize
            code = nc
        elif op == X_SEQ_LOCAL_ADD_C__I32_ADD_LC_TEE:
            GVM_CASE(X_SEQ_LOCAL_ADD_C__I32_ADD_LC_TEE)
            fp[ip[1]] = <uint32_t>(<uint32_t>fp[ip[1]] + ip[2])
            ip += 3
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_SEQ_I32_ADD_LC_SET__LOCAL_GET2__I32_LOAD16_U_S_TEE__I32_SHL_SC__I32_ADD__LOCAL_TEE__I64_LOAD_S_TEE__I64_AND_SC:
            GVM_CASE(X_SEQ_I32_ADD_LC_SET__LOCAL_GET2__I32_LOAD16_U_S_TEE__I32_SHL_SC__I32_ADD__LOCAL_TEE__I64_LOAD_S_TEE__I64_AND_SC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            ip += 4
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld16(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x << (y & 31))
            ip += 2
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] + <uint32_t>sp[0])
            ip += 1
            fp[ip[1]] = sp[-1]
            ip += 2
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld64(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = a & b
            ip += 3
        elif op == X_SEQ_LOCAL_GET2__I32_GT_U_SC__SELECT__I32_SHL_SC_TEE:
            GVM_CASE(X_SEQ_LOCAL_GET2__I32_GT_U_SC__SELECT__I32_SHL_SC_TEE)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x > y
            ip += 2
            sp -= 2
            if not sp[1]:
                sp[-1] = sp[0]
            ip += 1
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x << (y & 31))
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_SEQ_I32_ADD__I32_ADD_SC__I32_SHR_U_SC__I32_ADD__I32_ADD_SC__I32_SHR_U_SC__I32_STORE8:
            GVM_CASE(X_SEQ_I32_ADD__I32_ADD_SC__I32_SHR_U_SC__I32_ADD__I32_ADD_SC__I32_SHR_U_SC__I32_STORE8)
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] + <uint32_t>sp[0])
            ip += 1
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x + y)
            ip += 2
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x >> (y & 31)
            ip += 2
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] + <uint32_t>sp[0])
            ip += 1
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x + y)
            ip += 2
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x >> (y & 31)
            ip += 2
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st8(mem + ea, sp[-1])
            sp -= 2
            ip += 2
        elif op == X_SEQ_I32_ADD__LOCAL_TEE__I32_LOAD_S_TEE:
            GVM_CASE(X_SEQ_I32_ADD__LOCAL_TEE__I32_LOAD_S_TEE)
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] + <uint32_t>sp[0])
            ip += 1
            fp[ip[1]] = sp[-1]
            ip += 2
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld32(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_SEQ_LOCAL_GET__BR_IF_I32_EQZ:
            GVM_CASE(X_SEQ_LOCAL_GET__BR_IF_I32_EQZ)
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            sp -= 1
            if <uint32_t>sp[0] == 0:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_SEQ_LOCAL_GET2__I32_LOAD_S_TEE:
            GVM_CASE(X_SEQ_LOCAL_GET2__I32_LOAD_S_TEE)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld32(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_SEQ_LOCAL_GET__BR_IF:
            GVM_CASE(X_SEQ_LOCAL_GET__BR_IF)
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            sp -= 1
            if sp[0]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_SEQ_LOCAL_GET2__I32_SHL_SC__I32_ADD:
            GVM_CASE(X_SEQ_LOCAL_GET2__I32_SHL_SC__I32_ADD)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x << (y & 31))
            ip += 2
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] + <uint32_t>sp[0])
            ip += 1
        elif op == X_SEQ_F64_ADD__I64_STORE__I32_ADD_LC_TEE:
            GVM_CASE(X_SEQ_F64_ADD__I64_STORE__I32_ADD_LC_TEE)
            sp -= 1
            sp[-1] = gvm_f64_bits(gvm_f64(sp[-1]) + gvm_f64(sp[0]))
            ip += 1
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st64(mem + ea, sp[-1])
            sp -= 2
            ip += 2
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_SEQ_I32_ADD_LC__I32_CONST__I32_STORE8:
            GVM_CASE(X_SEQ_I32_ADD_LC__I32_CONST__I32_STORE8)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <uint32_t>(x + y)
            sp += 1
            ip += 3
            sp[0] = ip[1]
            sp += 1
            ip += 2
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st8(mem + ea, sp[-1])
            sp -= 2
            ip += 2
        elif op == X_SEQ_LOCAL_GET2__BR_IF_I32_GE_U:
            GVM_CASE(X_SEQ_LOCAL_GET2__BR_IF_I32_GE_U)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            sp -= 2
            if <uint32_t>sp[0] >= <uint32_t>sp[1]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_SEQ_I32_XOR__LOCAL_SET_GET__I32_ADD_LC_TEE__BR_IF_I32_NE:
            GVM_CASE(X_SEQ_I32_XOR__LOCAL_SET_GET__I32_ADD_LC_TEE__BR_IF_I32_NE)
            sp -= 1
            sp[-1] = sp[-1] ^ sp[0]
            ip += 1
            fp[ip[1]] = sp[-1]
            sp[-1] = fp[ip[2]]
            ip += 3
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            sp -= 2
            if <uint32_t>sp[0] != <uint32_t>sp[1]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_SEQ_LOCAL_GET__I32_WRAP_I64__I32_ADD_SC_TEE__I32_LOAD_L_TEE__I32_ADD_SC__I32_STORE__BR_IF_LC_I32_GT_S:
            GVM_CASE(X_SEQ_LOCAL_GET__I32_WRAP_I64__I32_ADD_SC_TEE__I32_LOAD_L_TEE__I32_ADD_SC__I32_STORE__BR_IF_LC_I32_GT_S)
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            sp[-1] = <uint32_t>sp[-1]
            ip += 1
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp[-1] = fp[ip[2]]
            ip += 3
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld32(mem + ea)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x + y)
            ip += 2
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, sp[-1])
            sp -= 2
            ip += 2
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if <int32_t>x > <int32_t>y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_SEQ_LOCAL_GET2__I32_ADD_SC_TEE__I64_LOAD__I64_STORE__BR_IF_LC_I64_LT_U:
            GVM_CASE(X_SEQ_LOCAL_GET2__I32_ADD_SC_TEE__I64_LOAD__I64_STORE__BR_IF_LC_I64_LT_U)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp[-1] = fp[ip[2]]
            ip += 3
            ea = <uint64_t>(<uint32_t>sp[-1]) + ip[1]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = gvm_ld64(mem + ea)
            ip += 2
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st64(mem + ea, sp[-1])
            sp -= 2
            ip += 2
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if a < b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 5
        elif op == X_SEQ_LOCAL_GET__LOCAL_TEE__I32_MUL_SC__I32_ADD_SC_TEE__I32_SHR_U_SC:
            GVM_CASE(X_SEQ_LOCAL_GET__LOCAL_TEE__I32_MUL_SC__I32_ADD_SC_TEE__I32_SHR_U_SC)
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            fp[ip[1]] = sp[-1]
            ip += 2
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x * y)
            ip += 2
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp[-1] = fp[ip[2]]
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x >> (y & 31)
            ip += 2
        elif op == X_SEQ_LOCAL_GET2__I32_ADD_SC_TEE__I32_STORE__I32_LOAD_L_TEE:
            GVM_CASE(X_SEQ_LOCAL_GET2__I32_ADD_SC_TEE__I32_STORE__I32_LOAD_L_TEE)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp[-1] = fp[ip[2]]
            ip += 3
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, sp[-1])
            sp -= 2
            ip += 2
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld32(mem + ea)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
        elif op == X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2:
            GVM_CASE(X_SEQ_I32_CONST__I32_STORE__LOCAL_GET2__I32_ADD_SC__I32_STORE__LOCAL_GET2)
            sp[0] = ip[1]
            sp += 1
            ip += 2
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, sp[-1])
            sp -= 2
            ip += 2
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x + y)
            ip += 2
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, sp[-1])
            sp -= 2
            ip += 2
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
        elif op == X_SEQ_SELECT__LOCAL_TEE_GET__LOCAL_GET2:
            GVM_CASE(X_SEQ_SELECT__LOCAL_TEE_GET__LOCAL_GET2)
            sp -= 2
            if not sp[1]:
                sp[-1] = sp[0]
            ip += 1
            fp[ip[1]] = sp[-1]
            sp[0] = fp[ip[2]]
            sp += 1
            ip += 3
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
        elif op == X_SEQ_LOCAL_GET__LOCAL_SET_GET:
            GVM_CASE(X_SEQ_LOCAL_GET__LOCAL_SET_GET)
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            fp[ip[1]] = sp[-1]
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_SEQ_I32_LOAD_L_TEE__I32_SHL_SC__I32_ADD__I32_ADD_SC_TEE__I32_AND_LL__I32_XOR_SC__I32_SHL_SC__I32_ADD:
            GVM_CASE(X_SEQ_I32_LOAD_L_TEE__I32_SHL_SC__I32_ADD__I32_ADD_SC_TEE__I32_AND_LL__I32_XOR_SC__I32_SHL_SC__I32_ADD)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld32(mem + ea)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x << (y & 31))
            ip += 2
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] + <uint32_t>sp[0])
            ip += 1
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp[-1] = fp[ip[2]]
            ip += 3
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            sp[0] = x & y
            sp += 1
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x ^ y
            ip += 2
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x << (y & 31))
            ip += 2
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] + <uint32_t>sp[0])
            ip += 1
        elif op == X_SEQ_I32_STORE8__LOCAL_GET2__I32_MUL_SC__I32_ADD_SC__I32_SHR_U_SC__I32_STORE8__I32_ADD_LC_TEE__BR_IF_SC_I32_NE:
            GVM_CASE(X_SEQ_I32_STORE8__LOCAL_GET2__I32_MUL_SC__I32_ADD_SC__I32_SHR_U_SC__I32_STORE8__I32_ADD_LC_TEE__BR_IF_SC_I32_NE)
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st8(mem + ea, sp[-1])
            sp -= 2
            ip += 2
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x * y)
            ip += 2
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x + y)
            ip += 2
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x >> (y & 31)
            ip += 2
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st8(mem + ea, sp[-1])
            sp -= 2
            ip += 2
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if x != y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 3
        elif op == X_SEQ_LOCAL_GET__CALL:
            GVM_CASE(X_SEQ_LOCAL_GET__CALL)
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            callee = &code.callees[ip[1]]
            nc = callee.code
            if GVM_UNLIKELY(nc == NULL):
                _save(m, code, ip, sp, fp, top, fuel)
                m.resolve_callee(code, callee)
                nc = callee.code
                if nc == NULL:          # a host function
                    sp = m.call_host(<object>callee.func, sp)
                    fuel = m.fuel
                    _mem_view(code.mem, &mbase, &msize)
                    mem = mbase
                    memsize = msize
                    ip += 2
                    continue
            if top >= frames_max:
                status = ST_CALL_EXHAUSTED
                break
            dst = sp - nc.nparams                 # the callee's fp: arguments become locals
            if dst + nc.frame_size > m.call_end:  # below it, MAX_LOCALS holds (Machine)
                if m.local_count > MAX_LOCALS:
                    status = ST_CALL_EXHAUSTED
                    break
                if dst + nc.frame_size > m.stack_end:
                    _save(m, code, ip, sp, fp, top, fuel)
                    rebased = fp
                    sp = m.grow_stack(sp, &rebased, dst + nc.frame_size, <int>(top - frames))
                    fp = rebased
                    dst = sp - nc.nparams
            frame = top
            frame.code = code
            frame.ip = ip + 2
            frame.fp = fp
            top += 1
            m.local_count += nc.nlocals
            gvm_zero_locals(sp, nc.nzero)
            fp = dst
            sp = dst + nc.nlocals
            if nc.mem != code.mem:
                _mem_view(nc.mem, &mbase, &msize)
                mem = mbase
                memsize = msize
            code = nc
            ip = _taken(nc.ops, &poll, &resume)
        elif op == X_SEQ_SELECT__LOCAL_SET_GET__I32_ADD_SC_SET:
            GVM_CASE(X_SEQ_SELECT__LOCAL_SET_GET__I32_ADD_SC_SET)
            sp -= 2
            if not sp[1]:
                sp[-1] = sp[0]
            ip += 1
            fp[ip[1]] = sp[-1]
            sp[-1] = fp[ip[2]]
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp -= 1
            ip += 3
        elif op == X_SEQ_I32_ADD_SC_SET__I32_ADD_LC:
            GVM_CASE(X_SEQ_I32_ADD_SC_SET__I32_ADD_LC)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp -= 1
            ip += 3
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <uint32_t>(x + y)
            sp += 1
            ip += 3
        elif op == X_SEQ_I64_CONST__LOCAL_GET__I32_REINTERPRET_F32:
            GVM_CASE(X_SEQ_I64_CONST__LOCAL_GET__I32_REINTERPRET_F32)
            sp[0] = <uint64_t>ip[1] | (<uint64_t>ip[2] << 32)
            sp += 1
            ip += 3
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            ip += 1                               # slots hold the bits either way
        elif op == X_SEQ_I32_ADD_LC_TEE__I64_LOAD_S_TEE__I64_SHR_U_SC:
            GVM_CASE(X_SEQ_I32_ADD_LC_TEE__I64_LOAD_S_TEE__I64_SHR_U_SC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld64(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = a >> (b & 63)
            ip += 3
        elif op == X_SEQ_LOCAL_ADD_C__JUMP:
            GVM_CASE(X_SEQ_LOCAL_ADD_C__JUMP)
            fp[ip[1]] = <uint32_t>(<uint32_t>fp[ip[1]] + ip[2])
            ip += 3
            ip = _taken(code.ops + ip[1], &poll, &resume)
        elif op == X_SEQ_I32_AND_LC__BR_IF:
            GVM_CASE(X_SEQ_I32_AND_LC__BR_IF)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = x & y
            sp += 1
            ip += 3
            sp -= 1
            if sp[0]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_SEQ_I64_STORE_LL__LOCAL_GET__LOCAL_SET_GET__LOCAL_SET_GET__I32_ADD_SC_SET__JUMP:
            GVM_CASE(X_SEQ_I64_STORE_LL__LOCAL_GET__LOCAL_SET_GET__LOCAL_SET_GET__I32_ADD_SC_SET__JUMP)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[3]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st64(mem + ea, fp[ip[2]])
            ip += 4
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            fp[ip[1]] = sp[-1]
            sp[-1] = fp[ip[2]]
            ip += 3
            fp[ip[1]] = sp[-1]
            sp[-1] = fp[ip[2]]
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp -= 1
            ip += 3
            ip = _taken(code.ops + ip[1], &poll, &resume)
        elif op == X_SEQ_I32_ADD_LC_TEE__BR_IF_SL_I32_LT_U:
            GVM_CASE(X_SEQ_I32_ADD_LC_TEE__BR_IF_SL_I32_LT_U)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            sp -= 1
            x = <uint32_t>sp[0]
            y = <uint32_t>fp[ip[1]]
            if x < y:
                ip = _taken(code.ops + ip[2], &poll, &resume)
            else:
                ip += 3
        elif op == X_SEQ_LOCAL_GET__I32_WRAP_I64__I32_ADD_SC_TEE__I32_LOAD_L__I32_ADD_SC__I32_STORE:
            GVM_CASE(X_SEQ_LOCAL_GET__I32_WRAP_I64__I32_ADD_SC_TEE__I32_LOAD_L__I32_ADD_SC__I32_STORE)
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            sp[-1] = <uint32_t>sp[-1]
            ip += 1
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp[-1] = fp[ip[2]]
            ip += 3
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            sp[0] = gvm_ld32(mem + ea)
            sp += 1
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x + y)
            ip += 2
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, sp[-1])
            sp -= 2
            ip += 2
        elif op == X_SEQ_I32_SHL_LC__I32_OR__I32_STORE__JUMP_FWD:
            GVM_CASE(X_SEQ_I32_SHL_LC__I32_OR__I32_STORE__JUMP_FWD)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <uint32_t>(x << (y & 31))
            sp += 1
            ip += 3
            sp -= 1
            sp[-1] = sp[-1] | sp[0]
            ip += 1
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, sp[-1])
            sp -= 2
            ip += 2
            ip = code.ops + ip[1]
        elif op == X_SEQ_LOCAL_GET2__I32_ADD_SC:
            GVM_CASE(X_SEQ_LOCAL_GET2__I32_ADD_SC)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x + y)
            ip += 2
        elif op == X_SEQ_LOCAL_ADD_C__I32_ADD_LC_TEE__BR_IF_SC_I32_GT_U:
            GVM_CASE(X_SEQ_LOCAL_ADD_C__I32_ADD_LC_TEE__BR_IF_SC_I32_GT_U)
            fp[ip[1]] = <uint32_t>(<uint32_t>fp[ip[1]] + ip[2])
            ip += 3
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if x > y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 3
        elif op == X_SEQ_I32_STORE8__LOCAL_GET__LOCAL_SET_GET__I32_ADD_SC_TEE__BR_IF:
            GVM_CASE(X_SEQ_I32_STORE8__LOCAL_GET__LOCAL_SET_GET__I32_ADD_SC_TEE__BR_IF)
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st8(mem + ea, sp[-1])
            sp -= 2
            ip += 2
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            fp[ip[1]] = sp[-1]
            sp[-1] = fp[ip[2]]
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp[-1] = fp[ip[2]]
            ip += 3
            sp -= 1
            if sp[0]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_SEQ_I32_ADD_LC__I32_MUL_LC__I32_ADD_SC_TEE__I32_SHR_U_SC:
            GVM_CASE(X_SEQ_I32_ADD_LC__I32_MUL_LC__I32_ADD_SC_TEE__I32_SHR_U_SC)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <uint32_t>(x + y)
            sp += 1
            ip += 3
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <uint32_t>(x * y)
            sp += 1
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp[-1] = fp[ip[2]]
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x >> (y & 31)
            ip += 2
        elif op == X_SEQ_I32_LOAD_L_TEE__BR_IF:
            GVM_CASE(X_SEQ_I32_LOAD_L_TEE__BR_IF)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld32(mem + ea)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            sp -= 1
            if sp[0]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_SEQ_I32_STORE__I32_ADD_LC_TEE__I32_LOAD_L:
            GVM_CASE(X_SEQ_I32_STORE__I32_ADD_LC_TEE__I32_LOAD_L)
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, sp[-1])
            sp -= 2
            ip += 2
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            sp[0] = gvm_ld32(mem + ea)
            sp += 1
            ip += 3
        elif op == X_SEQ_LOCAL_GET2__I32_LOAD8_U_C_TEE__I32_SHL_SC__I32_LOAD16_U_C__I32_MUL__I32_SUB__LOCAL_TEE__I32_ADD_SC_TEE:
            GVM_CASE(X_SEQ_LOCAL_GET2__I32_LOAD8_U_C_TEE__I32_SHL_SC__I32_LOAD16_U_C__I32_MUL__I32_SUB__LOCAL_TEE__I32_ADD_SC_TEE)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld8(mem + ea)
            sp[-1] = fp[ip[3]]
            ip += 4
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x << (y & 31))
            ip += 2
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = gvm_ld16(mem + ea)
            ip += 3
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] * <uint32_t>sp[0])
            ip += 1
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] - <uint32_t>sp[0])
            ip += 1
            fp[ip[1]] = sp[-1]
            ip += 2
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_SEQ_LOCAL_GET2__I32_ADD_SC__I32_STORE:
            GVM_CASE(X_SEQ_LOCAL_GET2__I32_ADD_SC__I32_STORE)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x + y)
            ip += 2
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, sp[-1])
            sp -= 2
            ip += 2
        elif op == X_SEQ_LOCAL_GET__LOCAL_SET:
            GVM_CASE(X_SEQ_LOCAL_GET__LOCAL_SET)
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            sp -= 1
            fp[ip[1]] = sp[0]
            ip += 2
        elif op == X_SEQ_LOCAL_GET2__BR_IF_I32_LE_U:
            GVM_CASE(X_SEQ_LOCAL_GET2__BR_IF_I32_LE_U)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            sp -= 2
            if <uint32_t>sp[0] <= <uint32_t>sp[1]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_SEQ_LOCAL_GET__LOCAL_TEE:
            GVM_CASE(X_SEQ_LOCAL_GET__LOCAL_TEE)
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            fp[ip[1]] = sp[-1]
            ip += 2
        elif op == X_SEQ_LOCAL_GET2__CALL:
            GVM_CASE(X_SEQ_LOCAL_GET2__CALL)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            callee = &code.callees[ip[1]]
            nc = callee.code
            if GVM_UNLIKELY(nc == NULL):
                _save(m, code, ip, sp, fp, top, fuel)
                m.resolve_callee(code, callee)
                nc = callee.code
                if nc == NULL:          # a host function
                    sp = m.call_host(<object>callee.func, sp)
                    fuel = m.fuel
                    _mem_view(code.mem, &mbase, &msize)
                    mem = mbase
                    memsize = msize
                    ip += 2
                    continue
            if top >= frames_max:
                status = ST_CALL_EXHAUSTED
                break
            dst = sp - nc.nparams                 # the callee's fp: arguments become locals
            if dst + nc.frame_size > m.call_end:  # below it, MAX_LOCALS holds (Machine)
                if m.local_count > MAX_LOCALS:
                    status = ST_CALL_EXHAUSTED
                    break
                if dst + nc.frame_size > m.stack_end:
                    _save(m, code, ip, sp, fp, top, fuel)
                    rebased = fp
                    sp = m.grow_stack(sp, &rebased, dst + nc.frame_size, <int>(top - frames))
                    fp = rebased
                    dst = sp - nc.nparams
            frame = top
            frame.code = code
            frame.ip = ip + 2
            frame.fp = fp
            top += 1
            m.local_count += nc.nlocals
            gvm_zero_locals(sp, nc.nzero)
            fp = dst
            sp = dst + nc.nlocals
            if nc.mem != code.mem:
                _mem_view(nc.mem, &mbase, &msize)
                mem = mbase
                memsize = msize
            code = nc
            ip = _taken(nc.ops, &poll, &resume)
        elif op == X_SEQ_I32_AND_SC__BR_IF_SC_I32_NE:
            GVM_CASE(X_SEQ_I32_AND_SC__BR_IF_SC_I32_NE)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x & y
            ip += 2
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if x != y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 3
        elif op == X_SEQ_LOCAL_ADD_C__LOCAL_ADD_C__I32_ADD_LC_TEE__BR_IF:
            GVM_CASE(X_SEQ_LOCAL_ADD_C__LOCAL_ADD_C__I32_ADD_LC_TEE__BR_IF)
            fp[ip[1]] = <uint32_t>(<uint32_t>fp[ip[1]] + ip[2])
            ip += 3
            fp[ip[1]] = <uint32_t>(<uint32_t>fp[ip[1]] + ip[2])
            ip += 3
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            sp -= 1
            if sp[0]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_SEQ_I32_SHL_SC__I32_ADD__LOCAL_TEE__I64_LOAD_S_SET__LOCAL_GET__I64_CONST__I64_STORE__BR_IF_LC_I64_LT_U:
            GVM_CASE(X_SEQ_I32_SHL_SC__I32_ADD__LOCAL_TEE__I64_LOAD_S_SET__LOCAL_GET__I64_CONST__I64_STORE__BR_IF_LC_I64_LT_U)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x << (y & 31))
            ip += 2
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] + <uint32_t>sp[0])
            ip += 1
            fp[ip[1]] = sp[-1]
            ip += 2
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld64(mem + ea)
            sp -= 1
            ip += 3
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            sp[0] = <uint64_t>ip[1] | (<uint64_t>ip[2] << 32)
            sp += 1
            ip += 3
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st64(mem + ea, sp[-1])
            sp -= 2
            ip += 2
            a = fp[ip[2]]
            b = (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if a < b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 5
        elif op == X_SEQ_I32_ADD_LL_TEE__BR_IF_SL_I32_LT_U:
            GVM_CASE(X_SEQ_I32_ADD_LL_TEE__BR_IF_SL_I32_LT_U)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            sp -= 1
            x = <uint32_t>sp[0]
            y = <uint32_t>fp[ip[1]]
            if x < y:
                ip = _taken(code.ops + ip[2], &poll, &resume)
            else:
                ip += 3
        elif op == X_SEQ_I32_ADD_LC_TEE__I64_LOAD_S_TEE__I32_ADD_LC_TEE__I64_LOAD_S_TEE__I64_OR__BR_IF_SC_I64_GT_U:
            GVM_CASE(X_SEQ_I32_ADD_LC_TEE__I64_LOAD_S_TEE__I32_ADD_LC_TEE__I64_LOAD_S_TEE__I64_OR__BR_IF_SC_I64_GT_U)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld64(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld64(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
            sp -= 1
            sp[-1] = sp[-1] | sp[0]
            ip += 1
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if a > b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_SEQ_I32_ADD_LC_TEE__BR_IF_SC_I32_NE:
            GVM_CASE(X_SEQ_I32_ADD_LC_TEE__BR_IF_SC_I32_NE)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if x != y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 3
        elif op == X_SEQ_LOCAL_GET__I32_CONST__I32_STORE:
            GVM_CASE(X_SEQ_LOCAL_GET__I32_CONST__I32_STORE)
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            sp[0] = ip[1]
            sp += 1
            ip += 2
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, sp[-1])
            sp -= 2
            ip += 2
        elif op == X_SEQ_I32_LOAD8_U_L_SET__BR_IF_LC_I32_NE:
            GVM_CASE(X_SEQ_I32_LOAD8_U_L_SET__BR_IF_LC_I32_NE)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld8(mem + ea)
            ip += 4
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if x != y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_SEQ_I32_ADD__LOCAL_TEE:
            GVM_CASE(X_SEQ_I32_ADD__LOCAL_TEE)
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] + <uint32_t>sp[0])
            ip += 1
            fp[ip[1]] = sp[-1]
            ip += 2
        elif op == X_SEQ_I32_AND_LC__BR_IF_I32_EQZ:
            GVM_CASE(X_SEQ_I32_AND_LC__BR_IF_I32_EQZ)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = x & y
            sp += 1
            ip += 3
            sp -= 1
            if <uint32_t>sp[0] == 0:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_SEQ_LOCAL_ADD_C__LOCAL_GET__LOCAL_SET_GET__I32_ADD_SC_SET__JUMP:
            GVM_CASE(X_SEQ_LOCAL_ADD_C__LOCAL_GET__LOCAL_SET_GET__I32_ADD_SC_SET__JUMP)
            fp[ip[1]] = <uint32_t>(<uint32_t>fp[ip[1]] + ip[2])
            ip += 3
            sp[0] = fp[ip[1]]
            sp += 1
            ip += 2
            fp[ip[1]] = sp[-1]
            sp[-1] = fp[ip[2]]
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp -= 1
            ip += 3
            ip = _taken(code.ops + ip[1], &poll, &resume)
        elif op == X_SEQ_I32_STORE16__I32_STORE16_LL__I32_ADD_LC_SET__I32_ADD_LC_TEE__I32_LOAD16_U_S_TEE__I32_ADD_LC:
            GVM_CASE(X_SEQ_I32_STORE16__I32_STORE16_LL__I32_ADD_LC_SET__I32_ADD_LC_TEE__I32_LOAD16_U_S_TEE__I32_ADD_LC)
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st16(mem + ea, sp[-1])
            sp -= 2
            ip += 2
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[3]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st16(mem + ea, fp[ip[2]])
            ip += 4
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            ip += 4
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld16(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <uint32_t>(x + y)
            sp += 1
            ip += 3
        elif op == X_SEQ_I32_STORE16__I32_STORE16_LL__LOCAL_ADD_C__I32_AND_LC__I32_LOAD16_U_L__BR_IF_I32_NE:
            GVM_CASE(X_SEQ_I32_STORE16__I32_STORE16_LL__LOCAL_ADD_C__I32_AND_LC__I32_LOAD16_U_L__BR_IF_I32_NE)
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st16(mem + ea, sp[-1])
            sp -= 2
            ip += 2
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[3]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st16(mem + ea, fp[ip[2]])
            ip += 4
            fp[ip[1]] = <uint32_t>(<uint32_t>fp[ip[1]] + ip[2])
            ip += 3
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = x & y
            sp += 1
            ip += 3
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            sp[0] = gvm_ld16(mem + ea)
            sp += 1
            ip += 3
            sp -= 2
            if <uint32_t>sp[0] != <uint32_t>sp[1]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_SEQ_I32_AND_SC_SET__I32_LOAD_L_SET:
            GVM_CASE(X_SEQ_I32_AND_SC_SET__I32_LOAD_L_SET)
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = x & y
            sp -= 1
            ip += 3
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld32(mem + ea)
            ip += 4
        elif op == X_SEQ_I32_CONST__CALL:
            GVM_CASE(X_SEQ_I32_CONST__CALL)
            sp[0] = ip[1]
            sp += 1
            ip += 2
            callee = &code.callees[ip[1]]
            nc = callee.code
            if GVM_UNLIKELY(nc == NULL):
                _save(m, code, ip, sp, fp, top, fuel)
                m.resolve_callee(code, callee)
                nc = callee.code
                if nc == NULL:          # a host function
                    sp = m.call_host(<object>callee.func, sp)
                    fuel = m.fuel
                    _mem_view(code.mem, &mbase, &msize)
                    mem = mbase
                    memsize = msize
                    ip += 2
                    continue
            if top >= frames_max:
                status = ST_CALL_EXHAUSTED
                break
            dst = sp - nc.nparams                 # the callee's fp: arguments become locals
            if dst + nc.frame_size > m.call_end:  # below it, MAX_LOCALS holds (Machine)
                if m.local_count > MAX_LOCALS:
                    status = ST_CALL_EXHAUSTED
                    break
                if dst + nc.frame_size > m.stack_end:
                    _save(m, code, ip, sp, fp, top, fuel)
                    rebased = fp
                    sp = m.grow_stack(sp, &rebased, dst + nc.frame_size, <int>(top - frames))
                    fp = rebased
                    dst = sp - nc.nparams
            frame = top
            frame.code = code
            frame.ip = ip + 2
            frame.fp = fp
            top += 1
            m.local_count += nc.nlocals
            gvm_zero_locals(sp, nc.nzero)
            fp = dst
            sp = dst + nc.nlocals
            if nc.mem != code.mem:
                _mem_view(nc.mem, &mbase, &msize)
                mem = mbase
                memsize = msize
            code = nc
            ip = _taken(nc.ops, &poll, &resume)
        elif op == X_SEQ_LOCAL_SET_C32__LOCAL_SET_C32:
            GVM_CASE(X_SEQ_LOCAL_SET_C32__LOCAL_SET_C32)
            fp[ip[1]] = ip[2]
            ip += 3
            fp[ip[1]] = ip[2]
            ip += 3
        elif op == X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE:
            GVM_CASE(X_SEQ_I32_SUB_SL__I32_STORE__LOCAL_GET2__I32_LOAD__I32_ADD_SC__I32_STORE__I32_LOAD16_U_L_TEE__BR_IF_SC_I32_NE)
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            sp[-1] = <uint32_t>(x - y)
            ip += 2
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, sp[-1])
            sp -= 2
            ip += 2
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            ea = <uint64_t>(<uint32_t>sp[-1]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = gvm_ld32(mem + ea)
            ip += 2
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x + y)
            ip += 2
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, sp[-1])
            sp -= 2
            ip += 2
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 2 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[3]] = gvm_ld16(mem + ea)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            sp -= 1
            x = <uint32_t>sp[0]
            y = ip[2]
            if x != y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 3
        elif op == X_SEQ_I32_ADD_LL_TEE__I32_ADD_SC:
            GVM_CASE(X_SEQ_I32_ADD_LL_TEE__I32_ADD_SC)
            x = <uint32_t>fp[ip[1]]
            y = <uint32_t>fp[ip[2]]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x + y)
            ip += 2
        elif op == X_SEQ_I32_AND_SC__BR_IF:
            GVM_CASE(X_SEQ_I32_AND_SC__BR_IF)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x & y
            ip += 2
            sp -= 1
            if sp[0]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_SEQ_I64_AND_SC__I64_STORE__I32_ADD_LC_SET__LOCAL_ADD_C__LOCAL_ADD_C__JUMP:
            GVM_CASE(X_SEQ_I64_AND_SC__I64_STORE__I32_ADD_LC_SET__LOCAL_ADD_C__LOCAL_ADD_C__JUMP)
            a = sp[-1]
            b = (<uint64_t>ip[1] | (<uint64_t>ip[2] << 32))
            sp[-1] = a & b
            ip += 3
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st64(mem + ea, sp[-1])
            sp -= 2
            ip += 2
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            ip += 4
            fp[ip[1]] = <uint32_t>(<uint32_t>fp[ip[1]] + ip[2])
            ip += 3
            fp[ip[1]] = <uint32_t>(<uint32_t>fp[ip[1]] + ip[2])
            ip += 3
            ip = _taken(code.ops + ip[1], &poll, &resume)
        elif op == X_SEQ_LOCAL_GET2__I64_LOAD_C:
            GVM_CASE(X_SEQ_LOCAL_GET2__I64_LOAD_C)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = gvm_ld64(mem + ea)
            ip += 3
        elif op == X_SEQ_I32_LOAD_L__I32_SHL_LC__I32_ADD:
            GVM_CASE(X_SEQ_I32_LOAD_L__I32_SHL_LC__I32_ADD)
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            sp[0] = gvm_ld32(mem + ea)
            sp += 1
            ip += 3
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <uint32_t>(x << (y & 31))
            sp += 1
            ip += 3
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] + <uint32_t>sp[0])
            ip += 1
        elif op == X_SEQ_LOCAL_SET_C32__BR_IF_LC_I32_LT_S:
            GVM_CASE(X_SEQ_LOCAL_SET_C32__BR_IF_LC_I32_LT_S)
            fp[ip[1]] = ip[2]
            ip += 3
            x = <uint32_t>fp[ip[2]]
            y = ip[3]
            if <int32_t>x < <int32_t>y:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_SEQ_LOCAL_GET2__I32_ADD_SL_TEE:
            GVM_CASE(X_SEQ_LOCAL_GET2__I32_ADD_SL_TEE)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            x = <uint32_t>sp[-1]
            y = <uint32_t>fp[ip[1]]
            fp[ip[2]] = <uint32_t>(x + y)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_SEQ_I32_ADD_LC__GLOBAL_SET_I32__RETURN:
            GVM_CASE(X_SEQ_I32_ADD_LC__GLOBAL_SET_I32__RETURN)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <uint32_t>(x + y)
            sp += 1
            ip += 3
            sp -= 1
            cell = code.gcells[ip[1]]
            if GVM_LIKELY(cell.live):
                cell.value = <uint32_t>sp[0]
            else:
                _save(m, code, ip, sp + 1, fp, top, fuel)
                _cell_store(m, cell, code.globals[ip[1]], <uint32_t>sp[0])
            ip += 2
            n = code.nresults
            if n == 1:
                fp[0] = sp[-1]
            elif n:
                memmove(fp, sp - n, n * sizeof(slot))
            sp = fp + n
            m.local_count -= code.nlocals
            top -= 1
            if top == frames:
                status = ST_DONE
                break
            frame = top
            nc = frame.code
            ip = frame.ip
            fp = frame.fp
            if nc.mem != code.mem:
                _mem_view(nc.mem, &mbase, &msize)
                mem = mbase
                memsize = msize
            code = nc
        elif op == X_SEQ_I64_LOAD_S_TEE__BR_IF_SC_I64_LT_U:
            GVM_CASE(X_SEQ_I64_LOAD_S_TEE__BR_IF_SC_I64_LT_U)
            ea = <uint64_t>(<uint32_t>(sp[-1])) + ip[1]
            if ea + 8 > memsize:
                status = ST_MEM_OOB
                break
            fp[ip[2]] = gvm_ld64(mem + ea)
            sp[-1] = fp[ip[2]]
            ip += 3
            sp -= 1
            a = sp[0]
            b = (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
            if a < b:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 4
        elif op == X_SEQ_I32_CONST__I32_CONST__I32_STORE:
            GVM_CASE(X_SEQ_I32_CONST__I32_CONST__I32_STORE)
            sp[0] = ip[1]
            sp += 1
            ip += 2
            sp[0] = ip[1]
            sp += 1
            ip += 2
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, sp[-1])
            sp -= 2
            ip += 2
        elif op == X_SEQ_F64_MUL__LOCAL_SET__JUMP_FWD:
            GVM_CASE(X_SEQ_F64_MUL__LOCAL_SET__JUMP_FWD)
            sp -= 1
            sp[-1] = gvm_f64_bits(gvm_f64(sp[-1]) * gvm_f64(sp[0]))
            ip += 1
            sp -= 1
            fp[ip[1]] = sp[0]
            ip += 2
            ip = code.ops + ip[1]
        elif op == X_SEQ_I32_SHL_SC__I32_ADD__I32_LOAD:
            GVM_CASE(X_SEQ_I32_SHL_SC__I32_ADD__I32_LOAD)
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x << (y & 31))
            ip += 2
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] + <uint32_t>sp[0])
            ip += 1
            ea = <uint64_t>(<uint32_t>sp[-1]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = gvm_ld32(mem + ea)
            ip += 2
        elif op == X_SEQ_LOCAL_GET2__I32_MUL_SC__I32_ADD_SC_TEE:
            GVM_CASE(X_SEQ_LOCAL_GET2__I32_MUL_SC__I32_ADD_SC_TEE)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x * y)
            ip += 2
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp[-1] = fp[ip[2]]
            ip += 3
        elif op == X_SEQ_I32_MUL_LC__I32_LOAD8_U_L__I32_ADD__LOCAL_SET_GET__I32_ADD_SC_SET__I32_ADD_LC_TEE__BR_IF:
            GVM_CASE(X_SEQ_I32_MUL_LC__I32_LOAD8_U_L__I32_ADD__LOCAL_SET_GET__I32_ADD_SC_SET__I32_ADD_LC_TEE__BR_IF)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <uint32_t>(x * y)
            sp += 1
            ip += 3
            ea = <uint64_t>(<uint32_t>(fp[ip[1]])) + ip[2]
            if ea + 1 > memsize:
                status = ST_MEM_OOB
                break
            sp[0] = gvm_ld8(mem + ea)
            sp += 1
            ip += 3
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] + <uint32_t>sp[0])
            ip += 1
            fp[ip[1]] = sp[-1]
            sp[-1] = fp[ip[2]]
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            fp[ip[2]] = <uint32_t>(x + y)
            sp -= 1
            ip += 3
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            fp[ip[3]] = <uint32_t>(x + y)
            sp[0] = fp[ip[3]]
            sp += 1
            ip += 4
            sp -= 1
            if sp[0]:
                ip = _taken(code.ops + ip[1], &poll, &resume)
            else:
                ip += 2
        elif op == X_SEQ_LOCAL_GET2__I32_SHL_SC__I32_ADD__LOCAL_TEE_GET__I32_STORE:
            GVM_CASE(X_SEQ_LOCAL_GET2__I32_SHL_SC__I32_ADD__LOCAL_TEE_GET__I32_STORE)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = <uint32_t>(x << (y & 31))
            ip += 2
            sp -= 1
            sp[-1] = <uint32_t>(<uint32_t>sp[-1] + <uint32_t>sp[0])
            ip += 1
            fp[ip[1]] = sp[-1]
            sp[0] = fp[ip[2]]
            sp += 1
            ip += 3
            ea = <uint64_t>(<uint32_t>sp[-2]) + ip[1]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            gvm_st32(mem + ea, sp[-1])
            sp -= 2
            ip += 2
        elif op == X_SEQ_LOCAL_GET2__I32_AND_SC:
            GVM_CASE(X_SEQ_LOCAL_GET2__I32_AND_SC)
            sp[0] = fp[ip[1]]
            sp[1] = fp[ip[2]]
            sp += 2
            ip += 3
            x = <uint32_t>sp[-1]
            y = ip[1]
            sp[-1] = x & y
            ip += 2
        elif op == X_SEQ_I32_SHL_LC__I32_LOAD_C:
            GVM_CASE(X_SEQ_I32_SHL_LC__I32_LOAD_C)
            x = <uint32_t>fp[ip[1]]
            y = ip[2]
            sp[0] = <uint32_t>(x << (y & 31))
            sp += 1
            ip += 3
            ea = <uint64_t>(<uint32_t>(sp[-1] + ip[1])) + ip[2]
            if ea + 4 > memsize:
                status = ST_MEM_OOB
                break
            sp[-1] = gvm_ld32(mem + ea)
            ip += 3
        # --- end of gen_seqs.py's arms ---

        # --- f32 ------------------------------------------------------------------------
        elif op == OP_F32_ADD:
            GVM_CASE(OP_F32_ADD)
            sp -= 1
            sp[-1] = gvm_f32_bits(gvm_f32(sp[-1]) + gvm_f32(sp[0]))
            ip += 1
        elif op == OP_F32_SUB:
            GVM_CASE(OP_F32_SUB)
            sp -= 1
            sp[-1] = gvm_f32_bits(gvm_f32(sp[-1]) - gvm_f32(sp[0]))
            ip += 1
        elif op == OP_F32_MUL:
            GVM_CASE(OP_F32_MUL)
            sp -= 1
            sp[-1] = gvm_f32_bits(gvm_f32(sp[-1]) * gvm_f32(sp[0]))
            ip += 1
        elif op == OP_F32_DIV:
            GVM_CASE(OP_F32_DIV)
            sp -= 1
            sp[-1] = gvm_f32_bits(gvm_f32(sp[-1]) / gvm_f32(sp[0]))
            ip += 1
        elif op == OP_F32_MIN:
            GVM_CASE(OP_F32_MIN)
            sp -= 1
            sp[-1] = gvm_f32_bits(gvm_fminf(gvm_f32(sp[-1]), gvm_f32(sp[0])))
            ip += 1
        elif op == OP_F32_MAX:
            GVM_CASE(OP_F32_MAX)
            sp -= 1
            sp[-1] = gvm_f32_bits(gvm_fmaxf(gvm_f32(sp[-1]), gvm_f32(sp[0])))
            ip += 1
        elif op == OP_F32_COPYSIGN:
            GVM_CASE(OP_F32_COPYSIGN)
            sp -= 1
            sp[-1] = (sp[-1] & 0x7FFFFFFF) | (sp[0] & 0x80000000U)
            ip += 1
        elif op == OP_F32_ABS:
            GVM_CASE(OP_F32_ABS)
            sp[-1] = sp[-1] & 0x7FFFFFFF
            ip += 1
        elif op == OP_F32_NEG:
            GVM_CASE(OP_F32_NEG)
            sp[-1] = sp[-1] ^ 0x80000000U
            ip += 1
        elif op == OP_F32_CEIL:
            GVM_CASE(OP_F32_CEIL)
            sp[-1] = gvm_f32_bits(gvm_ceilf(gvm_f32(sp[-1])))
            ip += 1
        elif op == OP_F32_FLOOR:
            GVM_CASE(OP_F32_FLOOR)
            sp[-1] = gvm_f32_bits(gvm_floorf(gvm_f32(sp[-1])))
            ip += 1
        elif op == OP_F32_TRUNC:
            GVM_CASE(OP_F32_TRUNC)
            sp[-1] = gvm_f32_bits(gvm_truncf(gvm_f32(sp[-1])))
            ip += 1
        elif op == OP_F32_NEAREST:
            GVM_CASE(OP_F32_NEAREST)
            sp[-1] = gvm_f32_bits(gvm_nearestf(gvm_f32(sp[-1])))
            ip += 1
        elif op == OP_F32_SQRT:
            GVM_CASE(OP_F32_SQRT)
            sp[-1] = gvm_f32_bits(gvm_sqrtf(gvm_f32(sp[-1])))
            ip += 1
        elif op == OP_F32_EQ:
            GVM_CASE(OP_F32_EQ)
            sp -= 1
            sp[-1] = gvm_f32(sp[-1]) == gvm_f32(sp[0])
            ip += 1
        elif op == OP_F32_NE:
            GVM_CASE(OP_F32_NE)
            sp -= 1
            sp[-1] = gvm_f32(sp[-1]) != gvm_f32(sp[0])
            ip += 1
        elif op == OP_F32_LT:
            GVM_CASE(OP_F32_LT)
            sp -= 1
            sp[-1] = gvm_f32(sp[-1]) < gvm_f32(sp[0])
            ip += 1
        elif op == OP_F32_GT:
            GVM_CASE(OP_F32_GT)
            sp -= 1
            sp[-1] = gvm_f32(sp[-1]) > gvm_f32(sp[0])
            ip += 1
        elif op == OP_F32_LE:
            GVM_CASE(OP_F32_LE)
            sp -= 1
            sp[-1] = gvm_f32(sp[-1]) <= gvm_f32(sp[0])
            ip += 1
        elif op == OP_F32_GE:
            GVM_CASE(OP_F32_GE)
            sp -= 1
            sp[-1] = gvm_f32(sp[-1]) >= gvm_f32(sp[0])
            ip += 1

        # --- f64 ------------------------------------------------------------------------
        elif op == OP_F64_ADD:
            GVM_CASE(OP_F64_ADD)
            sp -= 1
            sp[-1] = gvm_f64_bits(gvm_f64(sp[-1]) + gvm_f64(sp[0]))
            ip += 1
        elif op == OP_F64_SUB:
            GVM_CASE(OP_F64_SUB)
            sp -= 1
            sp[-1] = gvm_f64_bits(gvm_f64(sp[-1]) - gvm_f64(sp[0]))
            ip += 1
        elif op == OP_F64_MUL:
            GVM_CASE(OP_F64_MUL)
            sp -= 1
            sp[-1] = gvm_f64_bits(gvm_f64(sp[-1]) * gvm_f64(sp[0]))
            ip += 1
        elif op == OP_F64_DIV:
            GVM_CASE(OP_F64_DIV)
            sp -= 1
            sp[-1] = gvm_f64_bits(gvm_f64(sp[-1]) / gvm_f64(sp[0]))
            ip += 1
        elif op == OP_F64_MIN:
            GVM_CASE(OP_F64_MIN)
            sp -= 1
            sp[-1] = gvm_f64_bits(gvm_fmin(gvm_f64(sp[-1]), gvm_f64(sp[0])))
            ip += 1
        elif op == OP_F64_MAX:
            GVM_CASE(OP_F64_MAX)
            sp -= 1
            sp[-1] = gvm_f64_bits(gvm_fmax(gvm_f64(sp[-1]), gvm_f64(sp[0])))
            ip += 1
        elif op == OP_F64_COPYSIGN:
            GVM_CASE(OP_F64_COPYSIGN)
            sp -= 1
            sp[-1] = (sp[-1] & 0x7FFFFFFFFFFFFFFFULL) | (sp[0] & 0x8000000000000000ULL)
            ip += 1
        elif op == OP_F64_ABS:
            GVM_CASE(OP_F64_ABS)
            sp[-1] = sp[-1] & 0x7FFFFFFFFFFFFFFFULL
            ip += 1
        elif op == OP_F64_NEG:
            GVM_CASE(OP_F64_NEG)
            sp[-1] = sp[-1] ^ 0x8000000000000000ULL
            ip += 1
        elif op == OP_F64_CEIL:
            GVM_CASE(OP_F64_CEIL)
            sp[-1] = gvm_f64_bits(gvm_ceil(gvm_f64(sp[-1])))
            ip += 1
        elif op == OP_F64_FLOOR:
            GVM_CASE(OP_F64_FLOOR)
            sp[-1] = gvm_f64_bits(gvm_floor(gvm_f64(sp[-1])))
            ip += 1
        elif op == OP_F64_TRUNC:
            GVM_CASE(OP_F64_TRUNC)
            sp[-1] = gvm_f64_bits(gvm_trunc(gvm_f64(sp[-1])))
            ip += 1
        elif op == OP_F64_NEAREST:
            GVM_CASE(OP_F64_NEAREST)
            sp[-1] = gvm_f64_bits(gvm_nearest(gvm_f64(sp[-1])))
            ip += 1
        elif op == OP_F64_SQRT:
            GVM_CASE(OP_F64_SQRT)
            sp[-1] = gvm_f64_bits(gvm_sqrt(gvm_f64(sp[-1])))
            ip += 1
        elif op == OP_F64_EQ:
            GVM_CASE(OP_F64_EQ)
            sp -= 1
            sp[-1] = gvm_f64(sp[-1]) == gvm_f64(sp[0])
            ip += 1
        elif op == OP_F64_NE:
            GVM_CASE(OP_F64_NE)
            sp -= 1
            sp[-1] = gvm_f64(sp[-1]) != gvm_f64(sp[0])
            ip += 1
        elif op == OP_F64_LT:
            GVM_CASE(OP_F64_LT)
            sp -= 1
            sp[-1] = gvm_f64(sp[-1]) < gvm_f64(sp[0])
            ip += 1
        elif op == OP_F64_GT:
            GVM_CASE(OP_F64_GT)
            sp -= 1
            sp[-1] = gvm_f64(sp[-1]) > gvm_f64(sp[0])
            ip += 1
        elif op == OP_F64_LE:
            GVM_CASE(OP_F64_LE)
            sp -= 1
            sp[-1] = gvm_f64(sp[-1]) <= gvm_f64(sp[0])
            ip += 1
        elif op == OP_F64_GE:
            GVM_CASE(OP_F64_GE)
            sp -= 1
            sp[-1] = gvm_f64(sp[-1]) >= gvm_f64(sp[0])
            ip += 1

        # --- conversions ----------------------------------------------------------------
        elif op == OP_I32_WRAP_I64:
            GVM_CASE(OP_I32_WRAP_I64)
            sp[-1] = <uint32_t>sp[-1]
            ip += 1
        elif op == OP_I64_EXTEND_I32_S:
            GVM_CASE(OP_I64_EXTEND_I32_S)
            sp[-1] = <uint64_t><int64_t><int32_t>sp[-1]
            ip += 1
        elif op == OP_I64_EXTEND_I32_U:
            GVM_CASE(OP_I64_EXTEND_I32_U)
            ip += 1                               # i32 slots are zero-extended already
        elif (op == OP_I32_TRUNC_F32_S or op == OP_I32_TRUNC_F32_U or op == OP_I64_TRUNC_F32_S
              or op == OP_I64_TRUNC_F32_U or op == OP_I32_TRUNC_F64_S or op == OP_I32_TRUNC_F64_U
              or op == OP_I64_TRUNC_F64_S or op == OP_I64_TRUNC_F64_U):
            GVM_CASE(OP_I32_TRUNC_F32_S, OP_I32_TRUNC_F32_U, OP_I64_TRUNC_F32_S,
                     OP_I64_TRUNC_F32_U, OP_I32_TRUNC_F64_S, OP_I32_TRUNC_F64_U,
                     OP_I64_TRUNC_F64_S, OP_I64_TRUNC_F64_U)
            op = gvm_opcode(ip)
            if (op == OP_I32_TRUNC_F32_S or op == OP_I32_TRUNC_F32_U or op == OP_I64_TRUNC_F32_S
                    or op == OP_I64_TRUNC_F32_U):
                d = gvm_f32(sp[-1])
            else:
                d = gvm_f64(sp[-1])
            if op == OP_I32_TRUNC_F32_S or op == OP_I32_TRUNC_F64_S:
                trap = gvm_trunc_i32_s(d, &sp[-1])
            elif op == OP_I32_TRUNC_F32_U or op == OP_I32_TRUNC_F64_U:
                trap = gvm_trunc_i32_u(d, &sp[-1])
            elif op == OP_I64_TRUNC_F32_S or op == OP_I64_TRUNC_F64_S:
                trap = gvm_trunc_i64_s(d, &sp[-1])
            else:
                trap = gvm_trunc_i64_u(d, &sp[-1])
            if trap:
                status = ST_INT_OVERFLOW if trap == 1 else ST_INVALID_CONV
                break
            ip += 1
        elif op == OP_I32_TRUNC_SAT_F32_S:
            GVM_CASE(OP_I32_TRUNC_SAT_F32_S)
            sp[-1] = gvm_sat_i32_s(gvm_f32(sp[-1]))
            ip += 1
        elif op == OP_I32_TRUNC_SAT_F32_U:
            GVM_CASE(OP_I32_TRUNC_SAT_F32_U)
            sp[-1] = gvm_sat_i32_u(gvm_f32(sp[-1]))
            ip += 1
        elif op == OP_I64_TRUNC_SAT_F32_S:
            GVM_CASE(OP_I64_TRUNC_SAT_F32_S)
            sp[-1] = gvm_sat_i64_s(gvm_f32(sp[-1]))
            ip += 1
        elif op == OP_I64_TRUNC_SAT_F32_U:
            GVM_CASE(OP_I64_TRUNC_SAT_F32_U)
            sp[-1] = gvm_sat_i64_u(gvm_f32(sp[-1]))
            ip += 1
        elif op == OP_I32_TRUNC_SAT_F64_S:
            GVM_CASE(OP_I32_TRUNC_SAT_F64_S)
            sp[-1] = gvm_sat_i32_s(gvm_f64(sp[-1]))
            ip += 1
        elif op == OP_I32_TRUNC_SAT_F64_U:
            GVM_CASE(OP_I32_TRUNC_SAT_F64_U)
            sp[-1] = gvm_sat_i32_u(gvm_f64(sp[-1]))
            ip += 1
        elif op == OP_I64_TRUNC_SAT_F64_S:
            GVM_CASE(OP_I64_TRUNC_SAT_F64_S)
            sp[-1] = gvm_sat_i64_s(gvm_f64(sp[-1]))
            ip += 1
        elif op == OP_I64_TRUNC_SAT_F64_U:
            GVM_CASE(OP_I64_TRUNC_SAT_F64_U)
            sp[-1] = gvm_sat_i64_u(gvm_f64(sp[-1]))
            ip += 1
        elif op == OP_F32_CONVERT_I32_S:
            GVM_CASE(OP_F32_CONVERT_I32_S)
            sp[-1] = gvm_f32_bits(<float><int32_t>sp[-1])
            ip += 1
        elif op == OP_F32_CONVERT_I32_U:
            GVM_CASE(OP_F32_CONVERT_I32_U)
            sp[-1] = gvm_f32_bits(<float><uint32_t>sp[-1])
            ip += 1
        elif op == OP_F32_CONVERT_I64_S:
            GVM_CASE(OP_F32_CONVERT_I64_S)
            sp[-1] = gvm_f32_bits(<float><int64_t>sp[-1])
            ip += 1
        elif op == OP_F32_CONVERT_I64_U:
            GVM_CASE(OP_F32_CONVERT_I64_U)
            sp[-1] = gvm_f32_bits(<float>sp[-1])
            ip += 1
        elif op == OP_F64_CONVERT_I32_S:
            GVM_CASE(OP_F64_CONVERT_I32_S)
            sp[-1] = gvm_f64_bits(<double><int32_t>sp[-1])
            ip += 1
        elif op == OP_F64_CONVERT_I32_U:
            GVM_CASE(OP_F64_CONVERT_I32_U)
            sp[-1] = gvm_f64_bits(<double><uint32_t>sp[-1])
            ip += 1
        elif op == OP_F64_CONVERT_I64_S:
            GVM_CASE(OP_F64_CONVERT_I64_S)
            sp[-1] = gvm_f64_bits(<double><int64_t>sp[-1])
            ip += 1
        elif op == OP_F64_CONVERT_I64_U:
            GVM_CASE(OP_F64_CONVERT_I64_U)
            sp[-1] = gvm_f64_bits(<double>sp[-1])
            ip += 1
        elif op == OP_F32_DEMOTE_F64:
            GVM_CASE(OP_F32_DEMOTE_F64)
            sp[-1] = gvm_f32_bits(<float>gvm_f64(sp[-1]))
            ip += 1
        elif op == OP_F64_PROMOTE_F32:
            GVM_CASE(OP_F64_PROMOTE_F32)
            sp[-1] = gvm_f64_bits(<double>gvm_f32(sp[-1]))
            ip += 1
        elif (op == OP_I32_REINTERPRET_F32 or op == OP_F32_REINTERPRET_I32
              or op == OP_I64_REINTERPRET_F64 or op == OP_F64_REINTERPRET_I64):
            GVM_CASE(OP_I32_REINTERPRET_F32, OP_F32_REINTERPRET_I32, OP_I64_REINTERPRET_F64,
                     OP_F64_REINTERPRET_I64)
            ip += 1                               # slots hold the bits either way
        elif op == OP_I32_EXTEND8_S:
            GVM_CASE(OP_I32_EXTEND8_S)
            sp[-1] = <uint32_t><int32_t><int8_t>sp[-1]
            ip += 1
        elif op == OP_I32_EXTEND16_S:
            GVM_CASE(OP_I32_EXTEND16_S)
            sp[-1] = <uint32_t><int32_t><int16_t>sp[-1]
            ip += 1
        elif op == OP_I64_EXTEND8_S:
            GVM_CASE(OP_I64_EXTEND8_S)
            sp[-1] = <uint64_t><int64_t><int8_t>sp[-1]
            ip += 1
        elif op == OP_I64_EXTEND16_S:
            GVM_CASE(OP_I64_EXTEND16_S)
            sp[-1] = <uint64_t><int64_t><int16_t>sp[-1]
            ip += 1
        elif op == OP_I64_EXTEND32_S:
            GVM_CASE(OP_I64_EXTEND32_S)
            sp[-1] = <uint64_t><int64_t><int32_t>sp[-1]
            ip += 1

        # --- references -----------------------------------------------------------------
        elif op == OP_REF_NULL:
            GVM_CASE(OP_REF_NULL)
            sp[0] = 0
            sp += 1
            ip += 1
        elif op == OP_REF_IS_NULL:
            GVM_CASE(OP_REF_IS_NULL)
            sp[-1] = sp[-1] == 0
            ip += 1
        elif op == OP_REF_AS_NON_NULL:
            GVM_CASE(OP_REF_AS_NON_NULL)
            if sp[-1] == 0:
                status = ST_NULL_REF
                break
            ip += 1

        # --- slow paths: Python objects -------------------------------------------------
        elif op == X_GLOBAL_GET_I32:
            GVM_CASE(X_GLOBAL_GET_I32)
            # Clang's __stack_pointer, read on entry to most C functions: from its
            # Global's cell (GCell), loaded by the first access since the last _save.
            cell = code.gcells[ip[1]]
            if GVM_LIKELY(cell.live):
                sp[0] = <uint32_t>cell.value
            else:
                _save(m, code, ip, sp, fp, top, fuel)
                _cell_load(m, cell, code.globals[ip[1]], sp)
            sp += 1
            ip += 2
        elif op == X_GLOBAL_SET_I32:
            GVM_CASE(X_GLOBAL_SET_I32)
            # ... and set on entry and on return: the cell's value, written back by _save.
            sp -= 1
            cell = code.gcells[ip[1]]
            if GVM_LIKELY(cell.live):
                cell.value = <uint32_t>sp[0]
            else:
                _save(m, code, ip, sp + 1, fp, top, fuel)
                _cell_store(m, cell, code.globals[ip[1]], <uint32_t>sp[0])
            ip += 2
        elif (op == X_GLOBAL_GET_I64 or op == X_GLOBAL_GET_F32
              or op == X_GLOBAL_GET_F64 or op == X_GLOBAL_GET_REF):
            GVM_CASE(X_GLOBAL_GET_I64, X_GLOBAL_GET_F32, X_GLOBAL_GET_F64, X_GLOBAL_GET_REF)
            op = gvm_opcode(ip)
            _save(m, code, ip, sp, fp, top, fuel)
            global_get(m, code.globals[ip[1]], op - X_GLOBAL_GET_I32, sp)
            sp += 1
            ip += 2
        elif op == X_GLOBAL_SET_I64 or op == X_GLOBAL_SET_F32 or op == X_GLOBAL_SET_F64:
            GVM_CASE(X_GLOBAL_SET_I64, X_GLOBAL_SET_F32, X_GLOBAL_SET_F64)
            op = gvm_opcode(ip)
            _save(m, code, ip, sp, fp, top, fuel)
            sp -= 1
            global_set(m, code.globals[ip[1]], op - X_GLOBAL_SET_I32, sp[0])
            ip += 2
        elif op == X_GLOBAL_SET_REF:
            GVM_CASE(X_GLOBAL_SET_REF)
            op = gvm_opcode(ip)
            # Dropping the old reference may run arbitrary Python code (__del__).
            _save(m, code, ip, sp, fp, top, fuel)
            sp -= 1
            global_set(m, code.globals[ip[1]], op - X_GLOBAL_SET_I32, sp[0])
            _mem_view(code.mem, &mbase, &msize)
            mem = mbase
            memsize = msize
            ip += 2
        elif (op == OP_TABLE_GET or op == OP_TABLE_SET or op == OP_TABLE_SIZE
              or op == OP_TABLE_GROW or op == OP_TABLE_FILL or op == OP_TABLE_COPY
              or op == OP_TABLE_INIT or op == OP_ELEM_DROP or op == OP_REF_FUNC):
            GVM_CASE(OP_TABLE_GET, OP_TABLE_SET, OP_TABLE_SIZE, OP_TABLE_GROW, OP_TABLE_FILL,
                     OP_TABLE_COPY, OP_TABLE_INIT, OP_ELEM_DROP, OP_REF_FUNC)
            op = gvm_opcode(ip)
            _save(m, code, ip, sp, fp, top, fuel)
            sp = table_op(m, code, op, ip, sp)
            _mem_view(code.mem, &mbase, &msize)
            mem = mbase
            memsize = msize
            ip += 3 if op == OP_TABLE_COPY or op == OP_TABLE_INIT else 2
        elif (op == OP_MEMORY_SIZE or op == OP_MEMORY_GROW or op == OP_MEMORY_FILL
              or op == OP_MEMORY_COPY or op == OP_MEMORY_INIT or op == OP_DATA_DROP):
            GVM_CASE(OP_MEMORY_SIZE, OP_MEMORY_GROW, OP_MEMORY_FILL, OP_MEMORY_COPY,
                     OP_MEMORY_INIT, OP_DATA_DROP)
            op = gvm_opcode(ip)
            _save(m, code, ip, sp, fp, top, fuel)
            sp = memory_op(m, code, op, ip, sp)
            _mem_view(code.mem, &mbase, &msize)
            mem = mbase
            memsize = msize
            ip += 3 if op == OP_MEMORY_COPY or op == OP_MEMORY_INIT else 2
        elif op == X_MEMORY_FILL0:
            GVM_CASE(X_MEMORY_FILL0)
            # On run's view of memory 0 (memory_op reads the memory's mask and bytes
            # through Python each time: some 300 instructions, against a memset's few).
            sp -= 3
            a = <uint32_t>sp[0]                 # destination
            b = <uint32_t>sp[2]                 # length
            if _oob(a, b, memsize):             # checked before any byte is written
                status = ST_MEM_OOB
                break
            memset(mem + a, <int>(sp[1] & 0xFF), b)
            ip += 1
        elif op == X_MEMORY_COPY0:
            GVM_CASE(X_MEMORY_COPY0)
            sp -= 3
            a = <uint32_t>sp[0]                 # destination
            ea = <uint32_t>sp[1]                # source
            b = <uint32_t>sp[2]                 # length
            if _oob(ea, b, memsize) or _oob(a, b, memsize):
                status = ST_MEM_OOB
                break
            memmove(mem + a, mem + ea, b)
            ip += 1
        elif op == X_MEM:
            GVM_CASE(X_MEM)
            # A load or store on another memory than 0, or on a 64-bit one: the address
            # is an i64 there, the offset up to 2**64 - 1, so their sum may wrap.
            y = ip[1]
            k = MEM_WIDTH[y]
            a = sp[-2] if MEM_STORE[y] else sp[-1]
            if not ip[5]:
                a = <uint32_t>a
            ea = a + (<uint64_t>ip[3] | (<uint64_t>ip[4] << 32))
            if ip[2] == 0:
                mbase = mem
                msize = memsize
            else:
                _save(m, code, ip, sp, fp, top, fuel)
                _mem_view(code.mems[ip[2]], &mbase, &msize)
            if ea < a or ea > msize or msize - ea < k:
                status = ST_MEM_OOB
                break
            if MEM_STORE[y]:
                _store(k, mbase + ea, sp[-1])
                sp -= 2
            else:
                sp[-1] = _load(y, mbase + ea)
            ip += 6
        else:
            GVM_DEFAULT()
            op = gvm_opcode(ip)
            # Vector instructions: one range, tested here where it leaves the chain above
            # a C switch (Cython makes one only of equality tests).
            if (op >= OP_V128_LOAD and op < OP_COUNT) or (op >= X_V128_LOCAL_GET and op < X_COUNT):
                sp = simd_step(m, code, ip, sp, fp, mem, memsize)
                if sp == NULL:
                    sp = m.sp
                    status = ST_MEM_OOB
                    break
                ip = m.next_ip
            elif (op >= OP_REF_EQ and op <= OP_I31_GET_U) or op == X_NATIVE:
                # GC instructions (gc.pxi): Python objects, as the slow paths above; and
                # the call of a function's native code (X_NATIVE, native.pxi), through
                # the same call so that `run` is compiled as it was without the tier.
                _save(m, code, ip, sp, fp, top, fuel)
                mbase = mem
                msize = memsize
                sp = gc_step(m, code, op, ip, sp, &mbase, &msize)
                mem = mbase
                memsize = msize
                ip += 2
            else:
                _save(m, code, ip, sp, fp, top, fuel)
                unsupported(ip[1] if op == X_UNSUPPORTED else op)
    _save(m, code, ip, sp, fp, top, fuel)
    m.ip = ip
    return status


# --- Entry --------------------------------------------------------------------------------
cdef list _invoke(Machine m, func, list args):
    """Run WasmFunction `func` on `args` (gvm.values representation); return its results."""
    cdef FuncCode* code = _code_of(func, m.fueled)
    cdef Py_ssize_t k
    cdef int status
    params = (<Code>code.owner).param_types
    if len(args) != len(params):
        raise TypeError(f"{func!r} takes {len(params)} arguments, {len(args)} given")
    if m.stack + code.frame_size > m.stack_end:
        m.sp = m.grow_stack(m.stack, &m.fp, m.stack + code.frame_size, 0)
    for k in range(len(params)):
        m.put(params[k], args[k], m.stack + k)
    memset(m.stack + code.nparams, 0, code.nzero * sizeof(slot))
    m.code = code
    m.ip = code.ops
    m.fp = m.stack
    m.sp = m.stack + code.nlocals
    m.depth = 1
    m.local_count = code.nlocals
    m.tail_host = False
    m.native_trap = None
    if m.fueled:
        m.fuel = m.engine.fuel
    try:
        while True:
            if code.native != NULL:
                m.at = code.ops      # where an exception from a host call finds it
                status = _native_call(m, code, m.stack, 0)
                m.depth = 0          # no interpreter frame: the trap's is native_trap
                break
            try:
                status = run(m)
            except WasmException as exc:     # from a host function
                if m.catch(exc):
                    continue
                raise
            if status == ST_THROW:
                exc = m.exc
                m.exc = None
                if m.catch(exc):
                    continue
                raise exc
            break
    except Trap as trap:
        trap.frames = _backtrace(m)
        raise
    finally:
        m.exc = None
        if m.fueled:
            m.engine.fuel = m.fuel
        if m.live != NULL:       # an exception out of `run` between a cell's use and _save
            _flush(m)
    if status != ST_DONE:
        if status == ST_CALL_EXHAUSTED:
            raise Exhaustion("call stack exhausted")
        if status == ST_FUEL_EXHAUSTED:
            raise Exhaustion("fuel exhausted")
        message = _TRAP_MESSAGES[status]
        if status == ST_UNDEFINED_ELEM or status == ST_UNINIT_ELEM:
            message = f"{message} {m.trap_index}"
        raise Trap(message, _backtrace(m))
    result_types = (<Code>code.owner).result_types
    return [m.get(result_types[k], m.stack + k) for k in range(len(result_types))]


cdef list _backtrace(Machine m):
    """(function name, byte offset) per frame, outermost first, like the reference's."""
    trace = []
    cdef int d
    for d in range(1, m.depth + 1):
        if d == m.depth:
            trace.append(_position(m.code, m.at))
        else:
            trace.append(_position(m.frames[d].code, m.frames[d].ip - 1))
    if m.native_trap is not None:
        # The frame native code trapped in (the native frames between it and the
        # interpreter's call are not recorded: docs/native-tier.md).
        trace.append(m.native_trap)
    return trace


cdef tuple _position(FuncCode* code, uint32_t* at):
    func = (<Code>code.owner).func
    body = func.func.body
    cdef Py_ssize_t cell = at - code.ops
    # Outside the code: the return of a host tail call (RETURN_CELL), at the function end.
    pc = code.body_pc[cell] if 0 <= cell < code.nops else len(body) - 1
    return func.name, body[pc].offset if 0 <= pc < len(body) else None


# Invocations of the engine in progress (nested ones through host functions included).
cdef int _entered = 0


cdef void _chain_signals():
    """Put the C handler of each watched signal (the C block's gvm_watched) back in
    front of Python's, where Python has a handler for it: Python code may have replaced
    ours since (signal.signal installs Python's own C handler again). A signal without
    a Python handler (SIG_DFL, SIG_IGN, or a C handler Python did not install: None)
    has nothing for Python to run, and costs no sigaction read."""
    cdef size_t i
    for i in range(GVM_WATCHED_COUNT):
        handler = _getsignal(gvm_watched[i])
        if handler is not None and handler != _SIG_DFL and handler != _SIG_IGN:
            gvm_chain(gvm_watched[i])


class Engine:
    """The fast engine. `fuel`, when given, is the number of wasm instructions this engine
    may still execute, across all calls; running out raises Exhaustion("fuel exhausted")."""
    name = "fast"

    def __init__(self, fuel=None):
        self.fuel = fuel
        self._idle = None       # a Machine to reuse; a nested invocation makes its own

    def invoke(self, func, args):
        global _entered
        if type(func) is HostFunction:
            return func.call_raw(args)
        if _entered == 0:
            _chain_signals()
        if _waiting or _building:
            _native_tick()
        m = self._idle
        if m is None or (<Machine>m).fueled != (self.fuel is not None):
            m = Machine(self)
        else:
            self._idle = None
        try:
            (<Machine>m).max_depth = call_stack.enter(m)
            _entered += 1
            try:
                return _invoke(<Machine>m, func, list(args))
            finally:
                _entered -= 1
                call_stack.leave()
        except RecursionError:      # Python's stack ran out first (a low recursion limit)
            raise Exhaustion("call stack exhausted") from None
        finally:
            (<Machine>m).refs = [None]
            (<Machine>m).ref_index = {}
            (<Machine>m).free_refs = []
            (<Machine>m).compact_at = GC_COMPACT_MIN
            (<Machine>m).gc_allocated = 0
            (<Machine>m).pinned = set()
            self._idle = m

    def lower(self, func):
        """The Code of `func`, lowered and linked now if need be (it is otherwise on its
        first call)."""
        return <Code>_code_of(func, self.fuel is not None).owner
