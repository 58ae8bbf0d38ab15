# The fast engine's vector instructions (spec 4.4.3 "Vector Instructions", 4.4.7 for the
# vector loads and stores), included from engine.pyx. `run` hands every vector opcode,
# and the engine's own X_V128_* instructions, to `simd_step`.
#
# The v128 slot layout: a v128 takes one stack position like every other value, its low
# half in the slot and its high half in the stack's upper region, `Machine.hi` slots
# above (the stack is allocated twice as large, see Machine). Heights, locals, arities
# and calls therefore count values as before and scalar code is untouched; only code
# that moves a v128 (the X_V128_* instructions, chosen at lowering when a type says
# v128) copies the high half too. The lane arithmetic is C generated from the opcode
# table (simd.h, by gen_simd.py).

cdef extern from "simd.h":
    slot* gvm_simd_op(uint32_t op, const uint32_t* ip, slot* sp, Py_ssize_t H) nogil
    slot* gvm_simd_memory(uint32_t op, const uint32_t* ip, slot* sp, Py_ssize_t H,
                          unsigned char* p) nogil

# The vector rows are the last of the opcode table, v128.load first: `run` tests one
# range, from OP_V128_LOAD to OP_COUNT.
OP_V128_FIRST = OP_V128_LOAD
if any(op.prefix != 0xFD for op in O.OPCODES[OP_V128_FIRST:]):
    raise ImportError("gvm.opcodes: the vector rows must come last")

# Per vector opcode: its cells, the opcode included (see _Lowering.vector); for loads
# and stores, where the address is (1 on top: plain loads; 2 below a v128 operand) and
# how many bytes they access.
cdef uint8_t SIMD_CELLS[OP_COUNT]
cdef uint8_t SIMD_MEMORY[OP_COUNT]
cdef uint8_t SIMD_WIDTH[OP_COUNT]
memset(SIMD_CELLS, 0, sizeof(SIMD_CELLS))
memset(SIMD_MEMORY, 0, sizeof(SIMD_MEMORY))
memset(SIMD_WIDTH, 0, sizeof(SIMD_WIDTH))
for _op in O.OPCODES[OP_V128_FIRST:]:
    if _op.imm in (O.MEMARG, O.MEMARG_LANE):
        SIMD_MEMORY[_op.id] = len(_op.params)
    SIMD_WIDTH[_op.id] = _op.width
    SIMD_CELLS[_op.id] = {O.MEMARG: 6, O.MEMARG_LANE: 6, O.V128: 5, O.SHUFFLE: 5,
                          O.LANE: 2}.get(_op.imm, 1)


cdef inline slot* simd_memory(FuncCode* code, uint32_t op, uint32_t* ip, slot* sp,
                              Py_ssize_t H, unsigned char* mem, uint64_t memsize) except? NULL:
    """A vector load or store, bounds-checked as X_MEM checks scalar ones; NULL if out of
    bounds. The address is below the v128 operand of stores and lane accesses."""
    cdef uint64_t a = sp[-<Py_ssize_t>SIMD_MEMORY[op]]
    cdef uint64_t ea, msize
    cdef unsigned char* mbase
    cdef uint32_t k = SIMD_WIDTH[op]
    if not ip[4]:
        a = <uint32_t>a
    ea = a + (<uint64_t>ip[2] | (<uint64_t>ip[3] << 32))
    if ip[1] == 0:
        mbase = mem
        msize = memsize
    else:
        _mem_view(code.mems[ip[1]], &mbase, &msize)
    if ea < a or ea > msize or msize - ea < k:
        return NULL
    return gvm_simd_memory(op, ip, sp, H, mbase + ea)



cdef int v128_global_get(PyObject* g, slot* out, Py_ssize_t H) except -1:
    value = <object>_read_slot(g, GLOBAL_VALUE, GLOBAL_TYPE, _VALUE)
    out[0] = PyLong_AsUnsignedLongLongMask(value)
    out[H] = PyLong_AsUnsignedLongLongMask(value >> 64)
    return 0


cdef int v128_global_set(PyObject* g, slot* at, Py_ssize_t H) except -1:
    (<object>g).value = <object>at[0] | (<object>at[H] << 64)
    return 0


cdef inline void v128_move(slot* dst, slot* src, Py_ssize_t n, Py_ssize_t H) noexcept:
    """Move n values, both halves (a branch carrying a v128)."""
    memmove(dst, src, n * sizeof(slot))
    memmove(dst + H, src + H, n * sizeof(slot))


cdef slot* simd_step(Machine m, FuncCode* code, uint32_t* ip, slot* sp, slot* fp,
                     unsigned char* mem, uint64_t memsize) except? NULL:
    """Execute the vector instruction or X_V128_* instruction at ip; return the new top
    of the stack and set m.next_ip, or return NULL (m.sp the top) on an out-of-bounds
    access. Nothing of `run` is passed by address, so that its variables stay in
    registers."""
    cdef uint32_t op = ip[0]
    cdef slot* dst
    cdef Py_ssize_t H = m.hi
    cdef Py_ssize_t n
    cdef uint32_t x
    # One if/elif chain of equality tests, which Cython compiles to a switch.
    if op == X_V128_LOCAL_GET:
        sp[0] = fp[ip[1]]
        sp[H] = fp[ip[1] + H]
        m.next_ip = ip + 2
        return sp + 1
    elif op == X_V128_LOCAL_SET or op == X_V128_LOCAL_TEE:
        fp[ip[1]] = sp[-1]
        fp[ip[1] + H] = sp[H - 1]
        m.next_ip = ip + 2
        return sp - 1 if op == X_V128_LOCAL_SET else sp
    elif op == OP_V128_CONST:
        sp[0] = <uint64_t>ip[1] | (<uint64_t>ip[2] << 32)
        sp[H] = <uint64_t>ip[3] | (<uint64_t>ip[4] << 32)
        m.next_ip = ip + 5
        return sp + 1
    elif op == X_V128_ZERO_LOCAL:
        fp[ip[1] + H] = 0
        m.next_ip = ip + 2
        return sp
    elif op == X_V128_GLOBAL_GET:
        v128_global_get(code.globals[ip[1]], sp, H)
        m.next_ip = ip + 2
        return sp + 1
    elif op == X_V128_GLOBAL_SET:
        v128_global_set(code.globals[ip[1]], sp - 1, H)
        m.next_ip = ip + 2
        return sp - 1
    elif op == X_V128_SELECT:
        sp -= 2
        if not sp[1]:
            sp[-1] = sp[0]
            sp[H - 1] = sp[H]
        m.next_ip = ip + 1
        return sp
    elif op == X_V128_RESULTS:
        # Before a return (or return_call): the high halves of the top n values (below
        # `skip` more) to where the results (arguments) go, fp[0:n]; the low halves
        # follow with the return itself.
        n = ip[1]
        memmove(fp + H, sp - ip[2] - n + H, n * sizeof(slot))
        m.next_ip = ip + 3
        return sp
    elif op == X_V128_BR:
        n = ip[3]
        dst = fp + ip[2]
        v128_move(dst, sp - n, n, H)
        m.next_ip = code.ops + ip[1]
        return dst + n
    elif op == X_V128_BR_IF:
        sp -= 1
        if sp[0]:
            n = ip[3]
            dst = fp + ip[2]
            v128_move(dst, sp - n, n, H)
            m.next_ip = code.ops + ip[1]
            return dst + n
        m.next_ip = ip + 4
        return sp
    elif op == X_V128_BR_TABLE:
        sp -= 1
        x = <uint32_t>sp[0]
        if x > ip[1]:
            x = ip[1]
        ip = ip + 2 + 3 * x
        n = ip[2]
        dst = fp + ip[1]
        v128_move(dst, sp - n, n, H)
        m.next_ip = code.ops + ip[0]
        return dst + n
    m.next_ip = ip + SIMD_CELLS[op]
    if SIMD_MEMORY[op]:
        dst = simd_memory(code, op, ip, sp, H, mem, memsize)
        if dst == NULL:
            m.sp = sp
        return dst
    return gvm_simd_op(op, ip, sp, H)
