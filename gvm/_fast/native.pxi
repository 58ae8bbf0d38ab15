# The fast engine's native tier: the engine's side of native.h (included by engine.pyx;
# docs/native-tier.md).
#
# A module's functions that gvm/_fast/native/translate.py supports are translated to C
# and compiled by the system's C compiler into a shared library (gvm/_fast/native/
# build.py, cached by a digest of the module and the toolchain), loaded once per module.
# An instance gets a NativeInstance: the gvm_inst its native code reads (memory 0, the
# globals' cells) and the objects the callbacks below need. A function with native code
# gets a second FuncCode in its Code (native_c: X_NATIVE, X_RETURN), which its callers'
# slots hold; `_invoke` calls the native code of an outermost call directly. Native
# code calls back here for everything that involves Python: host functions, nested
# invocations (`_native_out`), call_indirect, globals without a cell, memory.grow and
# signals.
#
# When: see _MODES below (GVM_NATIVE, set_native). Never with fuel (native code counts
# no instructions), nor in the switch build (which has no signal handler to tell native
# loops of a signal).

cdef extern from *:
    """
    #include <pthread.h>
    /* Native frames live on the thread's C stack: gvm_enter is given an address below
       which a call reports exhaustion, leaving room for the callbacks' Python frames. */
    static __thread char* gvm_stack_low;
    static char* gvm_stack_floor(void) {
        if (!gvm_stack_low) {
            pthread_attr_t a;
            void* low;
            size_t size;
            if (pthread_getattr_np(pthread_self(), &a) == 0
                    && pthread_attr_getstack(&a, &low, &size) == 0) {
                size_t margin = size / 2 < ((size_t)1 << 20) ? size / 2 : ((size_t)1 << 20);
                gvm_stack_low = (char*)low + margin;
                pthread_attr_destroy(&a);
            } else {
                gvm_stack_low = (char*)__builtin_frame_address(0) - ((size_t)1 << 20);
            }
        }
        return gvm_stack_low;
    }
    """
    char* gvm_stack_floor() nogil
    int gvm_signalled


# The trap statuses native code leaves with, by the names translate.py gives them.
NATIVE_STATUSES = {
    "UNREACHABLE": ST_UNREACHABLE, "DIV_ZERO": ST_DIV_ZERO, "INT_OVERFLOW": ST_INT_OVERFLOW,
    "INVALID_CONV": ST_INVALID_CONV, "MEM_OOB": ST_MEM_OOB, "TABLE_OOB": ST_TABLE_OOB,
    "UNDEFINED_ELEM": ST_UNDEFINED_ELEM, "UNINIT_ELEM": ST_UNINIT_ELEM,
    "INDIRECT_MISMATCH": ST_INDIRECT_MISMATCH, "CALL_EXHAUSTED": ST_CALL_EXHAUSTED,
}

cdef enum:
    NCACHE = 256             # call_indirect targets an instance remembers


cdef struct NativeTarget:
    PyObject* func           # a table element (owned)
    uint32_t type            # the type index a call site expected of it
    void* direct             # its native function


cdef class NativeInstance:
    """An instance's view for its module's native code: the gvm_inst it passes to every
    native function, and what the callbacks look up by index."""
    cdef gvm_inst inst
    cdef gvm_enter_fn enter
    cdef gvm_entry* entries
    cdef list funcs, globals_, tables, type_keys, keep
    cdef PyObject** table_objs
    cdef int* global_kinds
    cdef object mem0
    cdef object instance
    cdef NativeTarget targets[NCACHE]

    def __dealloc__(self):
        cdef Py_ssize_t i
        for i in range(NCACHE):
            Py_XDECREF(self.targets[i].func)
        free(self.inst.gcells)
        free(self.table_objs)
        free(self.global_kinds)

    cdef int refresh(self) except -1:
        """Memory 0's current bytes (they move when it grows)."""
        _mem_view(<PyObject*>self.mem0 if self.mem0 is not None else NULL,
                  &self.inst.mem, &self.inst.memsize)
        return 0


cdef gvm_host _HOST


cdef NativeInstance _native_instance(inst, native):
    """The NativeInstance of `inst`, whose module's native code is `native` (a
    gvm._fast.native.build.Library)."""
    cdef NativeInstance ni = NativeInstance()
    cdef Py_ssize_t i
    ni.instance = inst
    ni.enter = <gvm_enter_fn><size_t>native.enter
    ni.entries = <gvm_entry*><size_t>native.entries
    ni.inst.direct = <void**><size_t>native.directs
    ni.inst.host = &_HOST
    ni.inst.signalled = &gvm_signalled
    ni.inst.owner = <PyObject*>ni
    ni.funcs = list(inst.funcs)
    ni.globals_ = list(inst.globals)
    ni.tables = list(inst.tables)
    ni.type_keys = list(inst.module.type_keys)
    ni.keep = [native]
    ni.mem0 = inst.mems[0] if inst.mems else None
    ni.inst.gcells = <GCell**>calloc(max(len(ni.globals_), 1), sizeof(GCell*))
    ni.global_kinds = <int*>calloc(max(len(ni.globals_), 1), sizeof(int))
    ni.table_objs = <PyObject**>calloc(max(len(ni.tables), 1), sizeof(PyObject*))
    if ni.inst.gcells == NULL or ni.global_kinds == NULL or ni.table_objs == NULL:
        raise MemoryError()
    for i, g in enumerate(ni.globals_):
        t = g.type.valtype
        ni.global_kinds[i] = _KINDS.get(t, 4)
        if (GLOBAL_VALUE >= 0 and _type_of(<PyObject*>g) == GLOBAL_TYPE and t == T.I32):
            cell = _cell_of(g)
            ni.keep.append(cell)
            ni.inst.gcells[i] = &(<GlobalCell>cell).c
        else:
            ni.inst.gcells[i] = &_NO_CELL
    for i, t in enumerate(ni.tables):
        ni.table_objs[i] = <PyObject*>t
    return ni

cdef dict _KINDS = {T.I32: 0, T.I64: 1, T.F32: 2, T.F64: 3}


cdef int _native_call(Machine m, FuncCode* code, slot* io, int depth) except -1:
    """Run native function `code` on io (its arguments; its result comes back in io[0])
    at call depth `depth`: 0, or the status of a trap. m's state is saved (_save)."""
    cdef NativeInstance ni = <NativeInstance>code.ninst.owner
    cdef bint outer = m.native
    cdef int status
    ni.refresh()
    m.ctx.machine = <void*>m
    m.ctx.depth = depth
    m.ctx.max_depth = m.max_depth
    m.ctx.stack_floor = gvm_stack_floor()
    m.native = True
    status = ni.enter(code.ninst, &m.ctx, code.native, io)
    m.native = outer
    if status == -1:
        return -1            # a callback's exception, set
    if status != 0:
        m.native_trap = (ni.funcs[m.ctx.trap_func].name, m.ctx.trap_at)
    return status


cdef slot* _native_step(Machine m, FuncCode* code, unsigned char** mem,
                        uint64_t* memsize) except NULL:
    """X_NATIVE, the first of NATIVE_CELL's cells: run the native code of the frame that
    `run` has just pushed (its state saved: m.depth frames, the last this one, whose
    arguments are its locals); its result comes back in fp[0], and `run` goes on to
    NATIVE_CELL's X_RETURN. A trap raises its Trap with m's state the caller's, at its
    call (the native function's own frame is m.native_trap)."""
    cdef int status = _native_call(m, code, m.fp, m.depth - 1)
    cdef Frame* frame
    if status != 0:
        if m.depth > 1:
            m.depth -= 1
            frame = &m.frames[m.depth]
            m.code = frame.code
            m.at = frame.ip - 1
            m.ip = m.at
            m.fp = frame.fp
        if status == ST_CALL_EXHAUSTED:
            raise Exhaustion("call stack exhausted")
        message = _TRAP_MESSAGES[status]
        if status == ST_UNDEFINED_ELEM or status == ST_UNINIT_ELEM:
            message = f"{message} {m.trap_index}"
        raise Trap(message)
    _mem_view(code.mem, mem, memsize)
    return m.fp + code.nresults


cdef int _native_out(Machine m, NativeInstance ni, f, slot* io) except -1:
    """Call a host function, or wasm that is not this instance's native code (a nested
    invocation), from native code: io as the interpreter's stack top, the arguments
    below it, the results where they were."""
    cdef Py_ssize_t k
    ft = f.type
    if m.live != NULL:
        _flush(m)            # Python code may read the globals
    if type(f) is HostFunction:
        m.call_host(f, io + len(ft.params))
    else:
        results = m.engine.invoke(f, [m.get(ft.params[k], io + k)
                                      for k in range(len(ft.params))])
        for k in range(len(ft.results)):
            m.put(ft.results[k], results[k], io + k)
    ni.refresh()
    return 0


cdef int _cb_call(gvm_inst* I, gvm_ctx* X, uint32_t func, slot* io) except -1:
    cdef NativeInstance ni = <NativeInstance>I.owner
    return _native_out(<Machine>X.machine, ni, ni.funcs[func], io)


cdef int _cb_call_indirect(gvm_inst* I, gvm_ctx* X, uint32_t table, uint32_t typeidx,
                           uint64_t elem, slot* io, void** direct) except -1:
    cdef NativeInstance ni = <NativeInstance>I.owner
    cdef Machine m = <Machine>X.machine
    cdef PyObject* elements = _table_list(ni.table_objs[table])
    cdef PyObject* e
    cdef NativeTarget* target
    if elem >= <uint64_t>PyList_GET_SIZE(elements):
        m.trap_index = elem
        return ST_UNDEFINED_ELEM
    e = PyList_GET_ITEM(elements, elem)
    target = &ni.targets[((<uint64_t><size_t>e * 0x9E3779B97F4A7C15ULL + typeidx) >> 56) & (NCACHE - 1)]
    if target.func == e and target.type == typeidx and direct != NULL:
        direct[0] = target.direct
        return 0
    if e == Py_None:
        m.trap_index = elem
        return ST_UNINIT_ELEM
    f = <object>e
    if type(f) is not WasmFunction and type(f) is not HostFunction:
        return ST_INDIRECT_MISMATCH
    if ni.type_keys[typeidx] not in f.type_ids:
        return ST_INDIRECT_MISMATCH
    if (direct != NULL and type(f) is WasmFunction and f.instance is ni.instance
            and ni.inst.direct[<Py_ssize_t>f.index] != NULL):
        Py_INCREF(f)
        Py_XDECREF(target.func)
        target.func = e
        target.type = typeidx
        target.direct = ni.inst.direct[<Py_ssize_t>f.index]
        direct[0] = target.direct
        return 0
    return _native_out(m, ni, f, io)


cdef int _cb_global_get(gvm_inst* I, gvm_ctx* X, uint32_t g, slot* out) except -1:
    cdef NativeInstance ni = <NativeInstance>I.owner
    cdef Machine m = <Machine>X.machine
    cdef int kind = ni.global_kinds[g]
    if kind == 0:
        return _cell_load(m, I.gcells[g], <PyObject*>ni.globals_[g], out)
    return global_get(m, <PyObject*>ni.globals_[g], kind, out)


cdef int _cb_global_set(gvm_inst* I, gvm_ctx* X, uint32_t g, slot v) except -1:
    cdef NativeInstance ni = <NativeInstance>I.owner
    cdef Machine m = <Machine>X.machine
    cdef int kind = ni.global_kinds[g]
    if kind == 0:
        return _cell_store(m, I.gcells[g], <PyObject*>ni.globals_[g], <uint32_t>v)
    return global_set(m, <PyObject*>ni.globals_[g], kind, v)


cdef int _cb_memory_grow(gvm_inst* I, gvm_ctx* X, uint64_t delta, int64_t* old) except -1:
    cdef NativeInstance ni = <NativeInstance>I.owner
    r = ni.mem0.grow(delta)
    old[0] = -1 if r < 0 else r
    ni.refresh()
    return 0


cdef int _cb_poll(gvm_inst* I, gvm_ctx* X) except -1:
    global gvm_signalled
    cdef NativeInstance ni = <NativeInstance>I.owner
    cdef Machine m = <Machine>X.machine
    gvm_signalled = 0
    if m.live != NULL:
        _flush(m)            # a handler may read the globals
    PyErr_CheckSignals()
    ni.refresh()             # ... or grow the memory
    return 0


_HOST.call = <void*>_cb_call
_HOST.call_indirect = <void*>_cb_call_indirect
_HOST.global_get = <void*>_cb_global_get
_HOST.global_set = <void*>_cb_global_set
_HOST.memory_grow = <void*>_cb_memory_grow
_HOST.poll = <void*>_cb_poll


# --- When native code is made ------------------------------------------------------------
import os as _os
from time import monotonic as _monotonic

# GVM_NATIVE (or set_native): "0" never; "eager" on a module's first call on the fast
# engine, which waits for the compiler (the spec runs and the tests); otherwise, the
# default, once a module has run for NATIVE_AFTER seconds, in the background: the
# interpreter runs it meanwhile, and its functions switch to native code at the first
# `Engine.invoke` or host call after the compiler is done (_native_tick). Until then
# nothing is imported, hashed or asked of a compiler: a module gone in less time (a
# test, a short command) starts as fast as without the tier, and never waits for one.
cdef enum:
    NATIVE_OFF = 0
    NATIVE_AUTO = 1
    NATIVE_EAGER = 2
NATIVE_AFTER = 0.5
cdef dict _MODES = {"0": NATIVE_OFF, "off": NATIVE_OFF, "eager": NATIVE_EAGER,
                    "auto": NATIVE_AUTO, "1": NATIVE_AUTO, "": NATIVE_AUTO}
cdef int _native_mode = _MODES.get(_os.environ.get("GVM_NATIVE", ""), NATIVE_AUTO)
cdef list _waiting = []      # [module, since] of modules without native code yet
cdef list _building = []     # modules whose Build is not done
# A module's `_gvm_native_build` until NATIVE_AFTER has passed, in auto mode.
_WAITING = object()


def set_native(mode):
    """The native tier of the modules first called from now on: "off", "auto" or
    "eager" (as GVM_NATIVE)."""
    global _native_mode
    _native_mode = _MODES[mode]


cdef int _link_native(Code code, func) except -1:
    cdef NativeInstance ni = _native_of(func.instance)
    if ni is not None:
        _set_native(code, ni, func.index)
    return 0


# The cells of every function that has native code: X_NATIVE, which calls it, and
# X_RETURN, which leaves its frame (run steps over X_NATIVE's two cells).
cdef uint32_t NATIVE_CELL[3]
NATIVE_CELL[0] = X_NATIVE
NATIVE_CELL[1] = 0
NATIVE_CELL[2] = X_RETURN
cdef int32_t NATIVE_PC[3]
NATIVE_PC[0] = NATIVE_PC[1] = NATIVE_PC[2] = 0


cdef bint _set_native(Code code, NativeInstance ni, Py_ssize_t index) except -1:
    """Give `code` its native code, if its module's library has some for it: its
    native_c becomes what calls run (`entry`). True if it did."""
    cdef FuncCode* n = &code.native_c
    if ni.entries[index] == NULL or code.entry == n:
        return False
    n[0] = code.c
    n.ops = NATIVE_CELL
    n.body_pc = NATIVE_PC
    n.nops = 3
    n.nlocals = n.nparams            # X_NATIVE reads the arguments; nothing to zero
    n.nzero = 0
    n.frame_size = n.nparams + n.nresults + 1
    n.native = ni.entries[index]
    n.ninst = &ni.inst
    code.keep.append(ni)
    code.entry = n
    return True


cdef int _retarget(Code code, dict moved) except -1:
    """Point `code`'s callee slots and call_indirect caches that hold the interpreted
    code of a function in `moved` ({address of its c: Code}) at its native code."""
    cdef Py_ssize_t i
    cdef size_t key
    for i in range(len((<Code>code).lowered.callees)):
        key = <size_t>code.c.callees[i].code
        if key and key in moved:
            code.c.callees[i].code = (<Code>moved[key]).entry
    for i in range(code.ncache):
        key = <size_t>code.c.icache[i].code
        if key and key in moved:
            code.c.icache[i].code = (<Code>moved[key]).entry
    return 0


cdef object _native_of(inst):
    """The NativeInstance of instance `inst` once its module's native code is there,
    else None (registering `inst` for its installation). A module's first call decides
    its tier: the mode then is the module's."""
    ni = getattr(inst, "_gvm_native", False)
    if ni is not False:
        return ni
    module = inst.module
    build = getattr(module, "_gvm_native_build", None)
    if build is None:
        if _native_mode == NATIVE_OFF or not GVM_THREADED:
            build = False
        elif _native_mode == NATIVE_EAGER:
            build = _new_build(module)
            if build is not False:
                _build_step(build, True)
        else:
            build = _WAITING
            _waiting.append([module, _monotonic()])
        module._gvm_native_build = build
    if build is False:
        inst._gvm_native = None
        return None
    if build is _WAITING or not build.done:
        waiting = getattr(module, "_gvm_native_instances", None)
        if waiting is None:
            waiting = module._gvm_native_instances = weakref.WeakSet()
        waiting.add(inst)
        return None
    ni = None if build.library is None else _native_instance(inst, build.library)
    inst._gvm_native = ni
    return ni


cdef object _new_build(module):
    """`module`'s Build, its library taken from the cache or its compiler started; False
    without a C compiler (the interpreter it is, and nothing is said)."""
    from gvm._fast.native.build import Build, NativeBuildError
    try:
        build = Build(module, NATIVE_STATUSES)
    except NativeBuildError:
        return False
    _build_step(build, False)
    return build


cdef bint _build_step(build, bint wait) except -1:
    """Start or finish `build`; True once it is done. A bug in the translation leaves
    the module to the interpreter, and says so."""
    try:
        build.start()
        return build.poll(wait)
    except Exception as e:
        import sys
        print(f"gvm: the native tier failed on {build.module.name or 'a module'} (it runs "
              f"in the interpreter): {type(e).__name__}: {e}", file=sys.stderr)
        build.done = True
        build.library = None
        return True


cdef int _start(module) except -1:
    """The build of a module that waited (auto mode), now."""
    build = module._gvm_native_build = _new_build(module)
    if build is False:
        module._gvm_native_instances = None
    else:
        _building.append(module)
    return 0


cdef int _native_tick() except -1:
    """Start the builds of modules that have run long enough; give the functions of the
    builds that are done their native code."""
    now = _monotonic()
    for entry in list(_waiting):
        if now - entry[1] >= NATIVE_AFTER:
            _waiting.remove(entry)
            _start(entry[0])
    for module in list(_building):
        if _build_step(module._gvm_native_build, False):
            _building.remove(module)
            _install(module)
    return 0


cdef int _install(module) except -1:
    """Give the functions that the instances of `module` have linked so far their
    native code (those linked later get it at link()). Frames running their
    interpreted code go on with it; the callers' slots and caches are pointed at the
    native code, so the next calls run it."""
    cdef NativeInstance ni
    for inst in list(getattr(module, "_gvm_native_instances", ())):
        ni = _native_of(inst)
        if ni is None:
            continue
        codes, moved = [], {}
        for f in inst.funcs:
            if type(f) is WasmFunction and f.instance is inst:
                code = f.compiled.get(_KEY)
                if code is not None:
                    codes.append(code)
                    if _set_native(<Code>code, ni, f.index):
                        moved[<size_t>&(<Code>code).c] = code
        if moved:
            for code in codes:
                _retarget(<Code>code, moved)
    module._gvm_native_instances = None
    return 0


def settle():
    """Wait for the native tier: start the builds of the modules that have run at all,
    wait for the compiler, and give their functions native code. For benchmarks of
    sustained runs, which time a module once its tier has settled (as one times a JIT
    after its warm-up)."""
    for entry in list(_waiting):
        _waiting.remove(entry)
        _start(entry[0])
    for module in list(_building):
        _build_step(module._gvm_native_build, True)
        _building.remove(module)
        _install(module)
