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

/* The engine's side. Each returns 0, an engine status (ST_*, a trap) to leave native
   code with, or -1 with a Python exception set (a host function raised, a signal
   handler did). */
typedef struct gvm_host {
    /* Call function `func` of the instance (an import, or one left to the interpreter):
       its arguments in io[0..params), its results written to io[0..results). */
    int (*call)(struct gvm_inst* I, uint32_t func, gvm_slot* io);
    /* call_indirect through table `table` at `elem`, expecting type `type`: io as for
       call. *direct gets the native function to call instead when the element is one
       of this instance's native functions (then nothing has been called yet). */
    int (*call_indirect)(struct gvm_inst* I, uint32_t table, uint32_t type, uint64_t elem,
                         gvm_slot* io, void** direct);
    int (*global_get)(struct gvm_inst* I, uint32_t global, gvm_slot* out);
    int (*global_set)(struct gvm_inst* I, uint32_t global, gvm_slot value);
    /* memory.grow of memory 0 by `delta` pages: the old size in pages, or -1. */
    int (*memory_grow)(struct gvm_inst* I, uint64_t delta, int64_t* old);
    /* A watched signal arrived: let Python run its handler. */
    int (*poll)(struct gvm_inst* I);
} gvm_host;

typedef struct gvm_inst {
    unsigned char* mem;      /* memory 0's bytes and size, kept current by the engine */
    uint64_t memsize;
    GCell** gcells;          /* per global index: its cell, or one whose field is NULL */
    void** direct;           /* per function index: its native function, or NULL */
    const gvm_host* host;
    volatile int* signalled; /* set by the engine's signal handler */
    void* machine;           /* the engine's Machine of the innermost gvm_enter */
    int depth;               /* wasm frames below, the interpreter's included */
    int max_depth;
    char* stack_floor;       /* C stack addresses below it are too deep */
    jmp_buf* exit;
    struct _object* owner;   /* the engine's NativeInstance */
} gvm_inst;

/* Each native function also has an entry of this type, which reads its arguments from
   io[], calls it, and writes its result back to io[0]. */
typedef void (*gvm_entry)(gvm_inst* I, gvm_slot* io);
typedef int (*gvm_enter_fn)(gvm_inst* I, gvm_entry entry, gvm_slot* io, void* machine,
                            int depth, int max_depth, char* stack_floor);

/* What follows is the generated code's: it defines GVM_NATIVE_MODULE, and the trap
   statuses (GVM_ST_*, from engine.pyx's ST_* values), before it includes this. */
#ifdef GVM_NATIVE_MODULE

static void gvm_trap(gvm_inst* I, int status) __attribute__((noreturn, cold, noinline));
static void gvm_trap(gvm_inst* I, int status) { longjmp(*I->exit, status); }

#define GVM_CHECK(I, call) do { int gvm_s_ = (call); \
    if (__builtin_expect(gvm_s_ != 0, 0)) gvm_trap((I), gvm_s_); } while (0)

/* Every native function's first step: one more frame, within the call depth limit and
   the C stack's room (native frames use the thread's stack, the interpreter's do not). */
#define GVM_FRAME(I) do { \
    if (__builtin_expect(++(I)->depth > (I)->max_depth \
            || (char*)__builtin_frame_address(0) < (I)->stack_floor, 0)) \
        gvm_trap((I), GVM_ST_CALL_EXHAUSTED); } while (0)

#define GVM_POLL(I) do { if (__builtin_expect(*(I)->signalled, 0)) \
    GVM_CHECK((I), (I)->host->poll(I)); } while (0)

#ifdef GVM_NATIVE_ENTER       /* in one part of the module's code */
/* The way in: run `entry` on io with `machine`'s depth, and return 0 or the status a
   trap left with. Everything the entry changes in I is put back, so that entries nest
   (native code -> a host function -> wasm again). */
__attribute__((visibility("default"), noinline))
int gvm_enter(gvm_inst* I, gvm_entry entry, gvm_slot* io, void* machine, int depth,
              int max_depth, char* stack_floor) {
    jmp_buf here;
    jmp_buf* volatile outer = I->exit;
    void* volatile outer_machine = I->machine;
    volatile int outer_depth = I->depth, outer_max = I->max_depth;
    char* volatile outer_floor = I->stack_floor;
    int status;
    I->exit = &here;
    I->machine = machine;
    I->depth = depth;
    I->max_depth = max_depth;
    I->stack_floor = stack_floor;
    status = setjmp(here);
    if (status == 0)
        entry(I, io);
    I->exit = outer;
    I->machine = outer_machine;
    I->depth = outer_depth;
    I->max_depth = outer_max;
    I->stack_floor = outer_floor;
    return status;
}
#endif

#endif
#endif
