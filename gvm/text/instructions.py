"""Instructions in the text format (spec section 6.5 "Instructions"): plain and folded
(S-expression) forms, labels, block types, and every immediate, encoded to the binary
format (5.4) as they are read.

Which keywords are instructions, their opcodes and the kind of immediate each takes all
come from the opcode table (gvm.opcodes); the readers here are one per immediate kind,
as the binary decoder's are. The text-only spellings are derived from the table too:
`select (result t)` is the row `select_t`, `ref.test (ref null t)` the row `ref.test
null`. Nesting is kept on an explicit stack, never Python recursion, so 10,000 nested
blocks parse like one.
"""
from .. import opcodes as O
from ..binary.instructions import BLOCK_IMMEDIATES
from . import encode as E
from . import numbers
from .lexer import ID, KEYWORD, LPAR, NUMBER, RESERVED, RPAR

TEXT_OPCODES = {op.name: op for op in O.OPCODES if " " not in op.name and op.name != "select_t"}
NULLABLE_FORM = {op.name.split()[0]: op for op in O.OPCODES if op.name.endswith(" null")}
OPCODE_BYTES = {op.id: bytes([op.code]) if op.prefix == 0 else bytes([op.prefix]) + E.u(op.code)
                for op in O.OPCODES}
BLOCKS = {op.name for op in O.OPCODES if op.imm in BLOCK_IMMEDIATES}
# Instructions whose presence requires the data count section (5.5.14).
USES_DATA_COUNT = {O.MEMORY_INIT, O.DATA_DROP, O.ARRAY_NEW_DATA, O.ARRAY_INIT_DATA}
CATCH_CLAUSES = {"catch": 0, "catch_ref": 1, "catch_all": 2, "catch_all_ref": 3}
END, ELSE = b"\x0b", b"\x05"

# v128.const lane shapes: (lane count, lane bits, is float).
SHAPES = {"i8x16": (16, 8, False), "i16x8": (8, 16, False), "i32x4": (4, 32, False),
          "i64x2": (2, 64, False), "f32x4": (4, 32, True), "f64x2": (2, 64, True)}


class Frame:
    """An open folded instruction or block on the parser's stack. kind: "op" (its
    encoding is written at its `)`), "block" (folded block, loop or try_table), "if"
    (state: "cond", "then", "else"), "then"/"else" (the arms of a folded if), or
    "plain" (a block, loop, if or try_table closed by `end`)."""
    __slots__ = ("kind", "data", "at", "label", "state")

    def __init__(self, kind, data=None, at=0, label=None, state=None):
        self.kind, self.data, self.at, self.label, self.state = kind, data, at, label, state


class InstrSyntax:
    """Instruction parsing for the module parser. Needs `index(space)`, `locals` (name ->
    index; None in constant expressions), `labels` (innermost last), `positions`,
    `block_names` and `wide_integers` (see ModuleParser)."""

    def instructions(self, out, stop=None):
        """Instructions up to the `)` that closes the enclosing form (left unconsumed),
        or up to token `stop`, appended to `out`; `positions` gets (offset in out,
        character offset) for each."""
        stack = []
        toks = self.toks
        while True:
            if self.i == stop and not stack:
                return
            kind = toks[self.i][0] if self.i < len(toks) else None
            if kind == RPAR:
                if not stack:
                    return
                self.close(stack, out)
            elif kind == LPAR:
                self.open_folded(stack, out)
            elif kind == KEYWORD:
                if stack and stack[-1].kind == "if":   # only folded forms and arms there
                    raise self.unexpected()
                self.plain(stack, out)
            else:
                raise self.unexpected()

    def emit(self, out, code, at):
        self.positions.append((len(out), self.toks[at][2]))
        out += code

    # --- Folded forms -----------------------------------------------------------------

    def open_folded(self, stack, out):
        top = stack[-1] if stack else None
        at = self.i + 1
        if self.kind(1) != KEYWORD:
            raise self.unexpected(at)
        word = self.text(1)
        if top is not None and top.kind == "if":
            if word == "then" and top.state == "cond":
                self.i += 2
                self.emit(out, top.data, top.at)
                self.open_label(top.label)
                top.state = "then"
                stack.append(Frame("then"))
                return
            if word == "else" and top.state == "then":
                self.i += 2
                self.emit(out, ELSE, at)
                top.state = "else"
                stack.append(Frame("else"))
                return
            if top.state != "cond":
                raise self.unexpected(at)
        self.i += 2
        if word in BLOCKS:
            op = TEXT_OPCODES[word]
            label = self.identifier()
            code = OPCODE_BYTES[op.id] + self.block_header(op)
            if op.id == O.IF:
                stack.append(Frame("if", code, at, label, "cond"))
                return
            self.emit(out, code, at)
            self.open_label(label)
            stack.append(Frame("block", None, at, label))
            return
        code = self.operator(word, at)
        stack.append(Frame("op", code, at))

    def close(self, stack, out):
        frame = stack.pop()
        kind = frame.kind
        if kind == "op":
            self.emit(out, frame.data, frame.at)
        elif kind == "block":
            self.emit(out, END, self.i)
            self.labels.pop()
        elif kind == "if":
            if frame.state == "cond":
                raise self.unexpected()
            self.emit(out, END, self.i)
            self.labels.pop()
        elif kind in ("then", "else"):
            pass
        else:   # a plain block still open
            raise self.unexpected()
        self.i += 1

    # --- Plain forms ------------------------------------------------------------------

    def plain(self, stack, out):
        at = self.i
        word = self.take()[1]
        if word in BLOCKS:
            op = TEXT_OPCODES[word]
            label = self.identifier()
            self.emit(out, OPCODE_BYTES[op.id] + self.block_header(op), at)
            self.open_label(label)
            stack.append(Frame("plain", op.id, at, label))
            return
        if word in ("else", "end"):
            top = stack[-1] if stack else None
            if top is None or top.kind != "plain" or (word == "else" and top.data != O.IF):
                raise self.unexpected(at)
            self.closing_label(top.label)
            if word == "else":
                top.data = O.ELSE
                self.emit(out, ELSE, at)
            else:
                stack.pop()
                self.labels.pop()
                self.emit(out, END, at)
            return
        self.emit(out, self.operator(word, at), at)

    def open_label(self, label):
        """Enter a block: its label is in scope, and named in the name section by the
        block's number in the function (blocks counted in the order they open)."""
        self.labels.append(label)
        if label is not None and self.block_names is not None:
            self.block_names[self.blocks_opened] = label
        self.blocks_opened += 1

    def closing_label(self, label):
        """`end $l` / `else $l` must repeat the block's label."""
        if self.kind() == ID:
            at = self.i
            if self.identifier() != label:
                raise self.error("mismatching label", at)

    def block_header(self, op):
        """The block type (and for try_table the catch clauses) after a block's label.
        Catch labels are resolved outside the try_table's own label."""
        blocktype = self.block_type()
        if op.imm != O.BLOCKTYPE_CATCHES:
            return blocktype
        clauses = []
        while self.kind() == LPAR and self.kind(1) == KEYWORD and self.text(1) in CATCH_CLAUSES:
            code = CATCH_CLAUSES[self.text(1)]
            self.i += 2
            clause = bytes([code])
            if code < 2:
                clause += E.u(self.index("tag"))
            clause += E.u(self.label_index())
            self.rpar()
            clauses.append(clause)
        return blocktype + E.vec(clauses)

    def block_type(self):
        index, sig, at = self.type_use(named=False)
        if index is None and not sig.params and len(sig.results) <= 1:
            return sig.results[0] if sig.results else b"\x40"
        return E.s(self.func_type_index(index, sig, at))

    # --- Operators and their immediates ---------------------------------------------------

    def operator(self, word, at):
        """The encoding of a non-block instruction whose keyword `word` was just read."""
        op = TEXT_OPCODES.get(word)
        if op is None:
            raise self.unexpected(at)
        if op.id in USES_DATA_COUNT and self.locals is not None:   # in code, not constants
            self.needs_data_count = True
        if op.id == O.SELECT and self.at_open("result"):
            op = O.OPCODES[O.SELECT_T]
        elif op.name in NULLABLE_FORM:
            nullable, heap = self.ref_type_parts()
            return OPCODE_BYTES[(NULLABLE_FORM[op.name] if nullable else op).id] + heap
        return OPCODE_BYTES[op.id] + IMMEDIATES[op.imm](self, op)

    def label_index(self):
        if self.kind() == ID:
            at = self.i
            name = self.identifier()
            for depth, label in enumerate(reversed(self.labels)):
                if label == name:
                    return depth
            raise self.error(f"unknown label ${name}", at)
        return self.u32()

    def local_index(self):
        if self.kind() == ID:
            at = self.i
            name = self.identifier()
            if not self.locals or name not in self.locals:
                raise self.error(f"unknown local ${name}", at)
            return self.locals[name]
        return self.u32()

    def at_index(self):
        return self.kind() == ID or self.at_u32()

    def optional_index(self, space):
        return self.index(space) if self.at_index() else 0

    def labels_table(self, op):
        labels = [self.label_index()]
        while self.at_index():
            labels.append(self.label_index())
        return E.vec([E.u(label) for label in labels[:-1]]) + E.u(labels[-1])

    def call_indirect(self, op):
        table = self.optional_index("table")
        index, sig, at = self.type_use(named=False)
        return E.u(self.func_type_index(index, sig, at)) + E.u(table)

    def memarg(self, op, memory=None):
        if memory is None:
            memory = self.optional_index("memory")
        offset, align = 0, op.width
        # With 64-bit memories, offsets beyond a memory's range are invalid, not malformed.
        bits = 64 if self.wide_integers else 32
        if self.at_keyword() and self.text().startswith("offset="):
            offset = self.keyword_number(7, bits)
        if self.at_keyword() and self.text().startswith("align="):
            align = self.keyword_number(6, bits)
            if align == 0 or align & (align - 1):
                raise self.error("alignment must be a power of two", self.i - 1)
        flags = align.bit_length() - 1
        if memory:
            return E.u(flags | 0x40) + E.u(memory) + E.u(offset)
        return E.u(flags) + E.u(offset)

    def keyword_number(self, skip, bits):
        """The number after `offset=` or `align=` (`skip` characters)."""
        text = self.text()[skip:]
        try:
            value = numbers.integer(text, bits, False)
        except numbers.LiteralError as e:
            raise self.error(e.args[0] if "range" in e.args[0] else f"unknown operator {self.text()}") from None
        self.i += 1
        return value

    def memarg_lane(self, op):
        # `v128.load8_lane 1` is a lane; `v128.load8_lane 1 2` memory 1, lane 2.
        if self.kind() == NUMBER and not (self.kind(1) == NUMBER or self.kind(1) == KEYWORD
                                          and self.text(1).startswith(("offset=", "align="))):
            return self.memarg(op, 0) + self.lane_index()
        return self.memarg(op) + self.lane_index()

    def lane_index(self):
        if not self.at_u32():
            raise self.unexpected()
        return bytes([self.lane_value()])

    def lane_value(self):
        """A lane index: a u8. (The 2.0 interpreter called a bad one a "malformed lane
        index", 3.0's an "i8 constant out of range".)"""
        text = self.text()
        value = numbers.integer(text, 64, False) if numbers.UNSIGNED_RE.fullmatch(text) else 256
        if value > 255:
            raise self.error("i8 constant out of range" if self.wide_integers
                             else "malformed lane index")
        self.i += 1
        return value

    def shuffle(self, op):
        lanes = []
        while self.kind() == NUMBER:
            lanes.append(self.lane_value())
        if len(lanes) != 16:
            raise self.error("invalid lane length")
        return bytes(lanes)

    def v128_const(self, op):
        at = self.i
        shape = self.keyword()
        if shape not in SHAPES:
            raise self.unexpected(at)
        count, bits, is_float = SHAPES[shape]
        # The lanes are counted before they are read, as the spec interpreter does.
        first = self.i
        while self.kind() == NUMBER:
            self.i += 1
        if self.kind() in (KEYWORD, RESERVED) and self.i - first < count:
            raise self.unexpected()
        if self.i - first != count:
            raise self.error("wrong number of lane literals")
        self.i = first
        convert = numbers.float_bits if is_float else numbers.integer
        return b"".join(self.number(convert, bits).to_bytes(bits // 8, "little")
                        for _ in range(count))

    def two_optional(self, space):
        """Both indices or neither (memory.copy, table.copy)."""
        if self.at_index():
            first = self.index(space)
            return E.u(first) + E.u(self.index(space))
        return b"\x00\x00"

    def index_then(self, first_space, second_space):
        """`x? y` encoded as y x (memory.init, table.init: the segment comes first)."""
        if self.at_two_indices():
            first = self.index(first_space)
            return E.u(self.index(second_space)) + E.u(first)
        return E.u(self.index(second_space)) + b"\x00"

    def at_two_indices(self):
        return self.at_index() and (self.kind(1) == ID or self.kind(1) == NUMBER)

    def cast_label(self, op):
        label = self.label_index()
        null1, heap1 = self.ref_type_parts()
        null2, heap2 = self.ref_type_parts()
        return bytes([null1 | null2 << 1]) + E.u(label) + heap1 + heap2

    def type_field(self, op):
        type_index = self.index("type")
        if self.kind() == ID:
            at = self.i
            name = self.identifier()
            fields = self.field_names.get(type_index, {})
            if name not in fields:
                raise self.error(f"unknown field ${name}", at)
            return E.u(type_index) + E.u(fields[name])
        return E.u(type_index) + E.u(self.u32())


def _space(name):
    return lambda p, op: E.u(p.index(name))


def _pair(first, second):
    return lambda p, op: E.u(p.index(first)) + E.u(p.index(second))


IMMEDIATES = {
    O.NONE: lambda p, op: b"",
    O.LABEL: lambda p, op: E.u(p.label_index()),
    O.LABELS: InstrSyntax.labels_table,
    O.FUNC: _space("func"),
    O.TYPE_TABLE: InstrSyntax.call_indirect,
    O.LOCAL: lambda p, op: E.u(p.local_index()),
    O.GLOBAL: _space("global"),
    O.TABLE: lambda p, op: E.u(p.optional_index("table")),
    O.MEMARG: InstrSyntax.memarg,
    O.MEM: lambda p, op: E.u(p.optional_index("memory")),
    O.I32: lambda p, op: E.signed(p.number(numbers.integer, 32), 32),
    O.I64: lambda p, op: E.signed(p.number(numbers.integer, 64), 64),
    O.F32: lambda p, op: p.number(numbers.float_bits, 32).to_bytes(4, "little"),
    O.F64: lambda p, op: p.number(numbers.float_bits, 64).to_bytes(8, "little"),
    O.HEAPTYPE: lambda p, op: p.heap_type(),
    O.VALTYPES: lambda p, op: E.vec(p.params_and_results(False).results),
    O.ELEM: _space("elem"),
    O.ELEM_TABLE: lambda p, op: p.index_then("table", "elem"),
    O.DATA: _space("data"),
    O.DATA_MEM: lambda p, op: p.index_then("memory", "data"),
    O.MEM_MEM: lambda p, op: p.two_optional("memory"),
    O.TABLE_TABLE: lambda p, op: p.two_optional("table"),
    O.TAG: _space("tag"),
    O.TYPE: _space("type"),
    O.TYPE_FIELD: InstrSyntax.type_field,
    O.TYPE_TYPE: _pair("type", "type"),
    O.TYPE_SIZE: lambda p, op: E.u(p.index("type")) + E.u(p.u32()),
    O.TYPE_DATA: _pair("type", "data"),
    O.TYPE_ELEM: _pair("type", "elem"),
    O.CAST_LABEL: InstrSyntax.cast_label,
    O.V128: InstrSyntax.v128_const,
    O.SHUFFLE: InstrSyntax.shuffle,
    O.LANE: lambda p, op: p.lane_index(),
    O.MEMARG_LANE: InstrSyntax.memarg_lane,
}
