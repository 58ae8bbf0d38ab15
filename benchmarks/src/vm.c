/* A small bytecode VM: a stack machine with eight registers whose dispatch is a
 * switch on dense opcodes (a br_table in wasm, a jump table natively). It runs a
 * loop of 19 bytecodes `work` times. A unit is one iteration of that loop. Returns
 * the accumulator and the number of bytecodes executed. */
#include "common.h"

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, XOR, SHR, SHL, AND, JMP, JZ, DUP, DROP, HALT };

/* r0: the counter (work); r1: the accumulator. */
static const int32_t program[] = {
    /* 0 */ LOAD, 0,
    /* 2 */ JZ, 34,
    /* 4 */ LOAD, 1, PUSH, 31, MUL,
    /* 9 */ LOAD, 0, ADD,
    /* 12 */ LOAD, 1, PUSH, 3, SHR, XOR,
    /* 18 */ STORE, 1,
    /* 20 */ LOAD, 0, PUSH, 1, SUB, DUP, DROP,
    /* 27 */ STORE, 0,
    /* 29 */ JMP, 0,
    /* 31 */ HALT, HALT, HALT,
    /* 34 */ LOAD, 1, HALT,
};

EXPORT(vm) int64_t vm_bench(int32_t n) {
    uint32_t regs[8] = {(uint32_t)n, 7, 0, 0, 0, 0, 0, 0};
    uint32_t stack[64];
    int32_t sp = 0, pc = 0;
    uint32_t executed = 0;
    for (;;) {
        int32_t op = program[pc++];
        executed++;
        switch (op) {
        case PUSH: stack[sp++] = (uint32_t)program[pc++]; break;
        case LOAD: stack[sp++] = regs[program[pc++] & 7]; break;
        case STORE: regs[program[pc++] & 7] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
        case SHR: sp--; stack[sp - 1] >>= stack[sp] & 31; break;
        case SHL: sp--; stack[sp - 1] <<= stack[sp] & 31; break;
        case AND: sp--; stack[sp - 1] &= stack[sp]; break;
        case JMP: pc = program[pc]; break;
        case JZ: pc = stack[--sp] == 0 ? program[pc] : pc + 1; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case DROP: sp--; break;
        case HALT: return (int64_t)((uint64_t)executed << 32 | stack[sp - 1]);
        default: return -1;
        }
    }
}
