"""The abstract syntax of a module (spec section 2.5 "Modules"), as the decoder builds it.

Plain data, no behaviour: the decoder fills it, the validator checks it and adds the
side tables, instantiation and the engines read it. Indices are as in the spec: the
function, table, memory, global and tag index spaces start with the imports.
"""
from .record import new, record


class _Record:
    """A plain record: keyword fields with defaults, compared field by field. (Not a
    dataclass: importing dataclasses costs more start-up time than the whole decoder.)"""
    __slots__ = ()
    _defaults = {}

    def __init__(self, *args, **kwargs):
        values = dict(zip(self.__slots__, args), **kwargs)
        for name in self.__slots__:
            if name in values:
                value = values[name]
            else:   # a callable default is a factory: each record gets a fresh list or dict
                value = self._defaults[name]
                if callable(value):
                    value = value()
            setattr(self, name, value)

    def __eq__(self, other):
        return type(other) is type(self) and all(
            getattr(self, n) == getattr(other, n) for n in self.__slots__)

    __hash__ = None

    def __repr__(self):
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__)
        return f"{type(self).__name__}({fields})"


@record
class Instr(tuple):
    """One instruction: `op` indexes gvm.opcodes.OPCODES; `imm` has the shape of the
    opcode's immediate kind (see the decoder); `offset` is its byte offset in the module."""
    __slots__ = ()

    def __new__(cls, op, imm, offset):
        return new(cls, (op, imm, offset))


@record
class Import(tuple):
    # kind: gvm.types.EXTERN_*
    # desc: typeidx for a function or tag, else TableType, MemType or GlobalType
    __slots__ = ()

    def __new__(cls, module, name, kind, desc):
        return new(cls, (module, name, kind, desc))


@record
class Export(tuple):
    __slots__ = ()

    def __new__(cls, name, kind, index):
        return new(cls, (name, kind, index))


class Func(_Record):
    # type_idx; locals: (count, valtype) groups, as in the binary format; body: a
    # gvm.binary.code.Body, the code's bytes, decoded to Instrs ending with `end` when
    # iterated; offset: byte offset of the function's entry (after its size)
    __slots__ = ("type_idx", "locals", "body", "offset")

    def __init__(self, type_idx, locals, body, offset):
        # The fields set directly, not by _Record's keyword handling: the decoder makes
        # one Func per function, and that handling was a sixth of decoding MicroPython's
        # 889 functions.
        self.type_idx = type_idx
        self.locals = locals
        self.body = body
        self.offset = offset


class Global(_Record):
    # type: GlobalType; init: constant expression, an Instr list ending with `end`
    __slots__ = ("type", "init")


ELEM_ACTIVE, ELEM_PASSIVE, ELEM_DECLARATIVE = "active", "passive", "declarative"


class Elem(_Record):
    # mode; type: reference type of the elements; init: one constant expression per
    # element; table and offset (a constant expression): for active segments only;
    # flags: which of the binary format's eight encodings it had (the disassembler
    # writes the text that encodes to it again), None when not decoded
    __slots__ = ("mode", "type", "init", "table", "offset", "flags")
    _defaults = {"table": 0, "offset": None, "flags": None}


class Data(_Record):
    # mode: ELEM_ACTIVE or ELEM_PASSIVE; init: the bytes; memory and offset: active only
    __slots__ = ("mode", "init", "memory", "offset")
    _defaults = {"memory": 0, "offset": None}


@record
class Custom(tuple):
    # after: id of the last non-custom section before it (0 if none)
    __slots__ = ()

    def __new__(cls, name, data, offset, after):
        return new(cls, (name, data, offset, after))


class Names(_Record):
    """The `name` custom section (appendix 7.4): all optional, indices as in the module.
    `funcs` maps funcidx -> name, `locals` and `labels` funcidx -> {index -> name}, the
    others index -> name."""
    __slots__ = ("module", "funcs", "locals", "labels", "types", "tables", "memories",
                 "globals", "elems", "datas", "tags")
    _defaults = {"module": None, **{n: dict for n in __slots__[1:]}}


class Module(_Record):
    """types: FuncType or GC type definitions; funcs, tables, mems, globals, tags: the
    defined ones only (imports come first in each index space); size: bytes in the
    binary."""
    __slots__ = ("types", "imports", "funcs", "tables", "mems", "globals", "tags", "exports",
                 "start", "elems", "datas", "data_count", "customs", "names", "size")
    _defaults = {**{n: list for n in ("types", "imports", "funcs", "tables", "mems", "globals",
                                       "tags", "exports", "elems", "datas", "customs")},
                 "start": None, "data_count": None, "names": Names, "size": 0}

    def imported(self, kind):
        return [imp for imp in self.imports if imp.kind == kind]
