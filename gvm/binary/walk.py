"""One pass over the bytes of a function body: spec section 5.4 "Instructions", decoded
without the decoder's generator, each instruction handed straight to a check or
appended to a list as an Instr.

This is the loop the validator runs over every body at load (gvm.validate.body), the
decode-only scan runs on the error path (gvm.binary.code.scan), and Body.decode runs to
make the instructions the engines lower and translate. It decodes exactly what
`instructions()` decodes and raises the same errors: the immediates most instructions
have (none, one index, an integer constant, a memory argument, an empty block type) are
read inline when their LEB128 encodings take one or two bytes (which are always in
range), and everything else, or any longer encoding, by the decoder's own reader for
the opcode's immediate kind.
"""
from functools import lru_cache

from .. import opcodes as O
from ..errors import ValidationError
from ..module import Instr
from ..values import MASK32, MASK64
from .instructions import BLOCK_IMMEDIATES, DATA_IMMEDIATES, IMMEDIATES, opcode
from .proposals import opcode_table
from .reader import Reader, UNEXPECTED_END

new_tuple = tuple.__new__

# How the loop reads an opcode's immediate, and what it does to the nesting of blocks.
# Ordered so that the kinds that shape the nesting come last (>= END).
NONE, INDEX, I32, I64, MEMARG, GENERIC, END, OPENS, OPENS_GENERIC, ELSE = range(10)
MASKS = {I32: MASK32, I64: MASK64}
BITS = {I32: 32, I64: 64}

_BY_IMMEDIATE = {O.NONE: NONE, O.I32: I32, O.I64: I64, O.MEMARG: MEMARG,
                 **dict.fromkeys((O.LABEL, O.FUNC, O.LOCAL, O.GLOBAL, O.TABLE, O.ELEM, O.TAG,
                                  O.TYPE), INDEX)}


def _kind(op):
    if op.id == O.END:
        return END
    if op.id == O.ELSE:
        return ELSE
    if op.imm == O.BLOCKTYPE:
        return OPENS
    if op.imm in BLOCK_IMMEDIATES:
        return OPENS_GENERIC
    return _BY_IMMEDIATE.get(op.imm, GENERIC)


KINDS = [_kind(op) for op in O.OPCODES]
# By opcode id, the decoder's reader of the opcode's immediate kind.
READERS = [IMMEDIATES[op.imm] for op in O.OPCODES]


@lru_cache(maxsize=None)
def _single_byte_ids(features):
    """By first byte, the opcode id of a single-byte instruction available with
    `features`, or -1 (a prefix, or an illegal byte: the decoder's `opcode` decides)."""
    return [-1 if op is None else op.id for op in opcode_table(features).single_byte]


# Without a data count section an instruction naming a data segment is malformed (see
# instructions()); all of them have immediates of the GENERIC kind.
DATA_OPS = frozenset(op.id for op in O.OPCODES if op.imm in DATA_IMMEDIATES)


def walk(body, checks=None, state=None, out=None, plain=False):
    """Decode `body` (a gvm.binary.code.Body) and, with `checks`, call
    `checks[op id](state, immediate)` on each instruction, after setting `state.pc` to
    its index; or, with a list `out`, append each instruction to it as an Instr (as a
    plain (op id, immediate, offset) tuple if `plain`: making the Instr, a tuple
    subclass, is a third of decoding). With `checks`, return the index of the body's
    final `end` (only the checks count instructions: a list's length is its count). A
    check's ValidationError gets the offset of its instruction."""
    data = body.data
    n = len(data)
    pos = body.start
    table = opcode_table(body.features)
    single = _single_byte_ids(body.features)
    kinds = KINDS
    reader = Reader(data, body.features)
    no_data = None if body.data_count else DATA_OPS
    open_blocks = []   # opcode id of each enclosing block; ELSE once an `if` reached it
    pc = -1
    start = pos
    try:
        while True:
            start = pos
            try:   # reading past the module's last byte: an IndexError, rare, handled once
                oid = single[data[pos]]
                pos += 1
                if oid < 0:
                    reader.pos = start
                    oid = opcode(reader, table).id
                    pos = reader.pos
                kind = kinds[oid]
                if kind == INDEX:
                    b = data[pos]
                    if b < 0x80:
                        imm = b
                        pos += 1
                    elif data[pos + 1] < 0x80:
                        imm = (b & 0x7F) | data[pos + 1] << 7
                        pos += 2
                    else:
                        reader.pos = pos
                        imm = reader.u32()
                        pos = reader.pos
                elif kind == NONE or kind == END:
                    imm = None
                elif kind == I32 or kind == I64:
                    b = data[pos]
                    if b < 0x80:
                        imm = (b - 0x80) & MASKS[kind] if b & 0x40 else b
                        pos += 1
                    elif data[pos + 1] < 0x80:
                        imm = (b & 0x7F) | data[pos + 1] << 7
                        imm = (imm - 0x4000) & MASKS[kind] if imm & 0x2000 else imm
                        pos += 2
                    else:
                        # the reader's loop itself (i32_const's, three calls less)
                        reader.pos = pos
                        imm = reader.sN(BITS[kind]) & MASKS[kind]
                        pos = reader.pos
                elif kind == MEMARG and data[pos] < 32 and data[pos + 1] < 0x80:
                    # Alignment flags below 32 and a one-byte offset: memory 0, in every
                    # feature set (multiple memories put the memory index behind bit 6).
                    imm = (data[pos], data[pos + 1], 0)
                    pos += 2
                elif kind == MEMARG and data[pos] < 32 and data[pos + 2] < 0x80:
                    # ... and a two-byte offset (a struct's fields past the 127th byte)
                    imm = (data[pos], (data[pos + 1] & 0x7F) | data[pos + 2] << 7, 0)
                    pos += 3
                elif kind == OPENS and pos < n and data[pos] == 0x40:
                    # (At the module's end the decoder's block type has its own error.)
                    imm = None
                    pos += 1
                elif kind == ELSE:
                    # Anywhere but in the first part of an `if`, the spec's decoder wants
                    # the end.
                    if not open_blocks or open_blocks[-1] != O.IF:
                        reader.error("END opcode expected", start)
                    imm = None
                else:
                    if no_data is not None and oid in no_data:
                        reader.error("data count section required", n)
                    reader.pos = pos
                    imm = READERS[oid](reader)
                    pos = reader.pos
            except IndexError:
                reader.error(UNEXPECTED_END, n)
            if checks is not None:
                pc += 1
                state.pc = pc
                checks[oid](state, imm)
            elif plain:
                out.append((oid, imm, start))
            elif out is not None:
                out.append(new_tuple(Instr, (oid, imm, start)))
            if kind >= END:
                if kind == END:
                    if not open_blocks:
                        break
                    open_blocks.pop()
                elif kind == ELSE:
                    open_blocks[-1] = O.ELSE
                else:
                    open_blocks.append(oid)
    except ValidationError as e:
        raise ValidationError(e.message, offset=start) from None
    # As for any sized entry, the code must take exactly the size it declared.
    reader.require(pos == body.end, "section size mismatch", body.offset)
    return pc
