/* The native tier's interface: what the fast engine (engine.pyx, native.pxi) and the C
   it generates for a module (gvm/_fast/native/translate.py) share. A module's native
   code is compiled once for all its instances; an instance's objects reach it through
   a gvm_inst, and everything that needs Python (host functions, functions left to the
   interpreter, globals that are not i32, memory.grow, signals) through the engine's
   callbacks in gvm_host. Traps leave native code by longjmp to gvm_enter, the one way
   in from the engine. */
#ifndef GVM_NATIVE_H
#define GVM_NATIVE_H
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include "numeric.h"

typedef uint64_t gvm_slot;
struct _object;              /* PyObject, which the generated code never touches */

/* An i32 Global's value while wasm runs (engine.pyx: "Globals' values in C cells"). */
typedef struct GCell {
    uint64_t value;
    struct _object** field;  /* the Global's `value` slot; NULL in the engine's _NO_CELL */
    struct GCell* next;      /* the machine's chain of live cells */
    int live;
} GCell;

struct gvm_inst;
struct gvm_ctx;

/* The engine's side. Each returns 0, an engine status (ST_*, a trap) to leave native
   code with, or -1 with a Python exception set (a host function raised, a signal
   handler did). */
typedef struct gvm_host {
    /* Call function `func` of the instance (an import, or one left to the interpreter):
       its arguments in io[0..params), its results written to io[0..results). */
    int (*call)(struct gvm_inst* I, struct gvm_ctx* X, uint32_t func, gvm_slot* io);
    /* call_indirect through table `table` at `elem`, expecting type `type`: io as for
       call. *direct gets the native function to call instead when the element is one
       of this instance's native functions (then nothing has been called yet). */
    int (*call_indirect)(struct gvm_inst* I, struct gvm_ctx* X, uint32_t table,
                         uint32_t type, uint64_t elem, gvm_slot* io, void** direct);
    int (*global_get)(struct gvm_inst* I, struct gvm_ctx* X, uint32_t global, gvm_slot* out);
    int (*global_set)(struct gvm_inst* I, struct gvm_ctx* X, uint32_t global, gvm_slot value);
    /* memory.grow of memory 0 by `delta` pages: the old size in pages, or -1. */
    int (*memory_grow)(struct gvm_inst* I, struct gvm_ctx* X, uint64_t delta, int64_t* old);
    /* A watched signal arrived: let Python run its handler. */
    int (*poll)(struct gvm_inst* I, struct gvm_ctx* X);
} gvm_host;

/* An instance, as its native code sees it (one per instance, shared by the threads
   that call it). */
typedef struct gvm_inst {
    unsigned char* mem;      /* memory 0's bytes and size, kept current by the engine */
    uint64_t memsize;
    GCell** gcells;          /* per global index: its cell, or one whose field is NULL */
    void** direct;           /* per function index: its native function, or NULL */
    const gvm_host* host;
    volatile int* signalled; /* set by the engine's signal handler */
    struct _object* owner;   /* the engine's NativeInstance */
} gvm_inst;

/* An invocation, as its native code sees it: the engine's Machine (one per
   invocation, so one thread's) owns it. */
typedef struct gvm_ctx {
    void* machine;
    int depth;               /* wasm frames below, the interpreter's included */
    int max_depth;
    char* stack_floor;       /* C stack addresses below it are too deep */
    jmp_buf* exit;           /* where a trap goes: the innermost gvm_enter */
    uint32_t trap_func;      /* where the last trap happened: the function's index */
    uint32_t trap_at;        /* and the byte offset of its instruction */
} gvm_ctx;

/* Each native function also has an entry of this type, which reads its arguments from
   io[], calls it, and writes its result back to io[0]. */
typedef void (*gvm_entry)(gvm_inst* I, gvm_ctx* X, gvm_slot* io);
typedef int (*gvm_enter_fn)(gvm_inst* I, gvm_ctx* X, gvm_entry entry, gvm_slot* io);

/* What follows is the generated code's: it defines GVM_NATIVE_MODULE, and the trap
   statuses (GVM_ST_*, from engine.pyx's ST_* values), before it includes this. */
#ifdef GVM_NATIVE_MODULE

/* A trap, in function `func` at byte offset `at`: back to gvm_enter. */
static void gvm_trap(gvm_ctx* X, int status, uint32_t func, uint32_t at)
    __attribute__((noreturn, cold, noinline));
static void gvm_trap(gvm_ctx* X, int status, uint32_t func, uint32_t at) {
    X->trap_func = func;
    X->trap_at = at;
    longjmp(*X->exit, status);
}

#define GVM_CHECK(X, call, func, at) do { int gvm_s_ = (call); \
    if (__builtin_expect(gvm_s_ != 0, 0)) gvm_trap((X), gvm_s_, (func), (at)); } while (0)

/* Every native function's first step: one more frame, within the call depth limit and
   the C stack's room (native frames use the thread's stack, the interpreter's do not). */
#define GVM_FRAME(X, func, at) do { \
    if (__builtin_expect(++(X)->depth > (X)->max_depth \
            || (char*)__builtin_frame_address(0) < (X)->stack_floor, 0)) \
        gvm_trap((X), GVM_ST_CALL_EXHAUSTED, (func), (at)); } while (0)


#ifdef GVM_NATIVE_ENTER       /* in one part of the module's code */
/* The way in: run `entry` on io in the invocation X (whose machine, depth, limit and
   stack floor the engine has set), and return 0 or the status a trap left with. */
__attribute__((visibility("default"), noinline))
int gvm_enter(gvm_inst* I, gvm_ctx* X, gvm_entry entry, gvm_slot* io) {
    jmp_buf here;
    jmp_buf* volatile outer = X->exit;
    volatile int depth = X->depth;
    int status;
    X->exit = &here;
    status = setjmp(here);
    if (status == 0)
        entry(I, X, io);
    X->exit = outer;
    X->depth = depth;
    return status;
}
#endif

#endif
#endif
