"""The abstract syntax of a module (spec section 2.5 "Modules"), as the decoder builds it.

Plain data, no behaviour: the decoder fills it, the validator checks it and adds the
side tables, instantiation and the engines read it. Indices are as in the spec: the
function, table, memory, global and tag index spaces start with the imports.
"""
from dataclasses import dataclass, field
from typing import NamedTuple


class Instr(NamedTuple):
    """One instruction: `op` indexes gvm.opcodes.OPCODES; `imm` has the shape of the
    opcode's immediate kind (see the decoder); `offset` is its byte offset in the module."""
    op: int
    imm: object
    offset: int


class Import(NamedTuple):
    module: str
    name: str
    kind: int       # gvm.types.EXTERN_*
    desc: object    # typeidx for a function or tag, else TableType, MemType or GlobalType


class Export(NamedTuple):
    name: str
    kind: int
    index: int


@dataclass
class Func:
    type_idx: int
    locals: tuple = ()      # (count, valtype) groups, as in the binary format
    body: list = field(default_factory=list)  # Instr list ending with `end`
    offset: int = 0         # byte offset of the body (after its size)


@dataclass
class Global:
    type: object            # GlobalType
    init: list              # constant expression: Instr list ending with `end`


ELEM_ACTIVE, ELEM_PASSIVE, ELEM_DECLARATIVE = "active", "passive", "declarative"


@dataclass
class Elem:
    mode: str
    type: object            # reference type of the elements
    init: list              # one constant expression (Instr list) per element
    table: int = 0          # active only
    offset: list | None = None  # active only: constant expression


@dataclass
class Data:
    mode: str               # ELEM_ACTIVE or ELEM_PASSIVE
    init: bytes
    memory: int = 0
    offset: list | None = None


class Custom(NamedTuple):
    name: str
    data: bytes
    offset: int
    after: int              # id of the last non-custom section before it (0 if none)


@dataclass
class Names:
    """The `name` custom section (appendix 7.4): all optional, indices as in the module."""
    module: str | None = None
    funcs: dict = field(default_factory=dict)    # funcidx -> name
    locals: dict = field(default_factory=dict)   # funcidx -> {localidx -> name}
    labels: dict = field(default_factory=dict)   # funcidx -> {labelidx -> name}
    types: dict = field(default_factory=dict)
    tables: dict = field(default_factory=dict)
    memories: dict = field(default_factory=dict)
    globals: dict = field(default_factory=dict)
    elems: dict = field(default_factory=dict)
    datas: dict = field(default_factory=dict)
    tags: dict = field(default_factory=dict)


@dataclass
class Module:
    types: list = field(default_factory=list)     # FuncType (and later GC types)
    imports: list = field(default_factory=list)
    funcs: list = field(default_factory=list)     # Func, defined functions only
    tables: list = field(default_factory=list)    # TableType, defined only
    mems: list = field(default_factory=list)      # MemType, defined only
    globals: list = field(default_factory=list)   # Global, defined only
    tags: list = field(default_factory=list)      # typeidx, defined only
    exports: list = field(default_factory=list)
    start: int | None = None
    elems: list = field(default_factory=list)
    datas: list = field(default_factory=list)
    data_count: int | None = None
    customs: list = field(default_factory=list)
    names: Names = field(default_factory=Names)
    size: int = 0                                 # bytes in the binary

    def imported(self, kind):
        return [imp for imp in self.imports if imp.kind == kind]
