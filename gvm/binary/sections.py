"""Modules: spec section 5.5 "Modules" (the preamble, each section, their order and the
consistency checks between the function and code sections and the data count).

Sections come in a fixed order, each at most once, with custom sections anywhere. As in
the reference interpreter, the decoder tries each known section in turn: a section out
of order is therefore left over at the end, "unexpected content after last section".
"""
from .. import opcodes as O
from ..module import (Custom, Data, ELEM_ACTIVE, ELEM_DECLARATIVE, ELEM_PASSIVE, Elem,
                      Export, Func, Global, Import, Instr, Module)
from ..types import (EXTERN_FUNC, EXTERN_GLOBAL, EXTERN_MEMORY, EXTERN_TABLE, EXTERN_TAG,
                     FUNCREF, RefType)
from ..errors import DecodeError
from .code import Body, scan
from .instructions import expr
from .names import decode_names
from .reader import Reader
from .types import (FUNC, TableWithInit, global_type, mem_type, rec_type, ref_type,
                    table_type, tag_type, type_index, val_type)

MAGIC = 0x6D736100   # "\0asm"
VERSION = 1

CUSTOM, TYPE, IMPORT, FUNCTION, TABLE, MEMORY, GLOBAL, EXPORT, START, ELEMENT, CODE, DATA, \
    DATA_COUNT, TAG = range(14)


# --- Type, import, function, table, memory, tag and global sections (5.5.4 - 5.5.10) ----

def type_section(r):
    types = []
    for _ in range(r.length()):
        types.extend(rec_type(r, len(types)))
    return types


def _tags_allowed(r):
    return "exceptions" in r.features


def import_entry(r):
    module = r.name()
    name = r.name()
    start = r.pos
    kind = r.byte()
    read_desc = {EXTERN_FUNC: type_index, EXTERN_TABLE: table_type, EXTERN_MEMORY: mem_type,
                 EXTERN_GLOBAL: global_type, EXTERN_TAG: tag_type}.get(kind)
    r.require(read_desc is not None and (kind != EXTERN_TAG or _tags_allowed(r)),
              "malformed import kind", start)
    return Import(module, name, kind, read_desc(r))


def import_section(r):
    return r.vec(lambda: import_entry(r))


def function_section(r):
    return r.vec(lambda: r.u32())


def table_entry(r):
    """A table type, or with typed references `0x40 0x00 tabletype expr`: a table whose
    elements start as the value of the expression instead of null."""
    if r.peek() == 0x40 and "function_references" in r.features:
        r.byte()
        r.expect(0x00, "zero byte expected")
        tabletype = table_type(r)
        return TableWithInit(tabletype.limits, tabletype.elem, expr(r))
    return table_type(r)


def table_section(r):
    return r.vec(lambda: table_entry(r))


def memory_section(r):
    return r.vec(lambda: mem_type(r))


def tag_section(r):
    return r.vec(lambda: tag_type(r))


def global_entry(r):
    globaltype = global_type(r)
    return Global(globaltype, expr(r))


def global_section(r):
    return r.vec(lambda: global_entry(r))


# --- Export and start sections (5.5.11, 5.5.12) -----------------------------------------

def export_entry(r):
    name = r.name()
    start = r.pos
    kind = r.byte()
    r.require(kind <= EXTERN_GLOBAL or (kind == EXTERN_TAG and _tags_allowed(r)),
              "malformed export kind", start)
    return Export(name, kind, r.u32())


def export_section(r):
    return r.vec(lambda: export_entry(r))


def start_section(r):
    return r.u32()


# --- Element section (5.5.13) -----------------------------------------------------------

def func_index_expr(r):
    """An element given as a function index, as the expression `ref.func i` would be;
    both instructions carry the offset of the index."""
    start = r.pos
    return [Instr(O.REF_FUNC, r.u32(), start), Instr(O.END, None, start)]


def func_index_type(r):
    """The type of elements given as function indices: never null with typed references."""
    return RefType(False, FUNC) if "function_references" in r.features else FUNCREF


def elem_kind(r):
    start = r.pos
    r.require(r.byte() == 0x00, "malformed element kind", start)
    return func_index_type(r)


def elem_segment(r):
    """The eight encodings are the combinations of three flag bits: bit 0 passive or
    declarative, bit 1 an explicit table index (if active) or declarative (if not), bit 2
    expressions instead of function indices. Only encodings with bit 0 or 1 set name the
    element type."""
    start = r.pos
    flags = r.u32()
    r.require(flags < 8, "malformed elements segment kind", start)
    has_exprs = flags & 4
    table, offset = 0, None
    if flags & 1:
        mode = ELEM_DECLARATIVE if flags & 2 else ELEM_PASSIVE
    else:
        mode = ELEM_ACTIVE
        table = r.u32() if flags & 2 else 0
        offset = expr(r)
    if flags & 3:
        elemtype = ref_type(r) if has_exprs else elem_kind(r)
    else:
        elemtype = FUNCREF if has_exprs else func_index_type(r)
    read = expr if has_exprs else func_index_expr
    init = [read(r) for _ in range(r.length())]
    return Elem(mode, elemtype, init, table, offset, flags)


def element_section(r):
    return r.vec(lambda: elem_segment(r))


# --- Code section (5.5.15) --------------------------------------------------------------

def local_groups(r):
    """The (count, value type) groups of a function's locals."""
    start = r.pos
    groups = tuple([(r.u32(), val_type(r)) for _ in range(r.length())])
    if len(groups) > 1:     # a single count, a u32, is below 2**32 already
        r.require(sum(count for count, _ in groups) < 1 << 32, "too many locals", start)
    return groups


def code_entry(r):
    """The locals and the Body of one function; its type comes from the function section.
    The body stays bytes (see code.py); the reader's `bodies` collects it. (What
    `r.sized` does, written out: this runs once per function.)"""
    size = r.length()
    offset = r.pos
    locals_ = local_groups(r)
    r.require(r.pos <= offset + size, "section size mismatch", offset)
    body = Body(r.data, offset, r.pos, offset + size, r.features)
    r.bodies.append(body)
    r.pos = body.end
    return locals_, body


def code_section(r):
    return r.vec(lambda: code_entry(r))


# --- Data and data count sections (5.5.14, 5.5.16) --------------------------------------

def data_segment(r):
    start = r.pos
    flags = r.u32()
    r.require(flags < 3, "malformed data segment kind", start)
    if flags == 1:
        return Data(ELEM_PASSIVE, r.bytes(r.length()))
    memory = r.u32() if flags == 2 else 0
    offset = expr(r)
    return Data(ELEM_ACTIVE, r.bytes(r.length()), memory, offset)


def data_section(r):
    return r.vec(lambda: data_segment(r))


def data_count_section(r):
    return r.u32()


# --- Custom sections (5.5.3) ------------------------------------------------------------

def custom_section(r, size, offset, after):
    start = r.pos
    name = r.name()
    return Custom(name, r.bytes(size - (r.pos - start)), offset, after)


# --- The module (5.5.17) ----------------------------------------------------------------

# Known sections in the order they must appear, with their readers.
SECTIONS = (
    (TYPE, type_section), (IMPORT, import_section), (FUNCTION, function_section),
    (TABLE, table_section), (MEMORY, memory_section), (TAG, tag_section),
    (GLOBAL, global_section), (EXPORT, export_section), (START, start_section),
    (ELEMENT, element_section), (DATA_COUNT, data_count_section), (CODE, code_section),
    (DATA, data_section),
)


def next_section_id(r):
    """The id of the next section without consuming it, or None at the end."""
    section_id = r.peek()
    if section_id is not None:
        known = section_id <= DATA_COUNT or (section_id == TAG and _tags_allowed(r))
        r.require(known, "malformed section id")
    return section_id


def custom_sections(r, after):
    customs = []
    while next_section_id(r) == CUSTOM:
        offset = r.pos
        r.byte()
        customs.append(r.sized(lambda size: custom_section(r, size, offset, after)))
    return customs


def preamble(r):
    r.require(r.fixed_u32() == MAGIC, "magic header not detected", 0)
    r.require(r.fixed_u32() == VERSION, "unknown binary version", 4)


def read_sections(r):
    """{section id: contents} of the known sections present, and the custom sections."""
    contents = {}
    customs = custom_sections(r, 0)
    for section_id, read in SECTIONS:
        if next_section_id(r) == section_id:
            r.byte()
            contents[section_id] = r.sized(lambda size: read(r))
            customs += custom_sections(r, section_id)
    r.require(r.at_end(), "unexpected content after last section", r.end)
    return contents, customs


def read_sections_checked(r):
    """The sections, with the checks between them that need all of them."""
    preamble(r)
    sections, customs = read_sections(r)
    datas = sections.get(DATA, [])
    data_count = sections.get(DATA_COUNT)
    r.require(len(sections.get(FUNCTION, [])) == len(sections.get(CODE, [])),
              "function and code section have inconsistent lengths", r.end)
    r.require(data_count is None or data_count == len(datas),
              "data count and data section have inconsistent lengths", r.end)
    return sections, customs


def decode_module(data, features):
    r = Reader(data, features)
    r.bodies = []
    try:
        sections, customs = read_sections_checked(r)
    except DecodeError:
        # A decoder reading bodies in stream order would have stopped at a malformed body
        # before this error: that is the module's error.
        scan(r.bodies)
        raise
    func_types = sections.get(FUNCTION, [])
    bodies = sections.get(CODE, [])
    for _locals, body in bodies:
        body.data_count = DATA_COUNT in sections
    return Module(
        types=sections.get(TYPE, []),
        imports=sections.get(IMPORT, []),
        funcs=[Func(type_idx, locals_, body, body.offset)
               for type_idx, (locals_, body) in zip(func_types, bodies)],
        tables=sections.get(TABLE, []),
        mems=sections.get(MEMORY, []),
        globals=sections.get(GLOBAL, []),
        tags=sections.get(TAG, []),
        exports=sections.get(EXPORT, []),
        start=sections.get(START),
        elems=sections.get(ELEMENT, []),
        datas=sections.get(DATA, []),
        data_count=sections.get(DATA_COUNT),
        customs=customs,
        names=decode_names(customs),
        size=len(data),
    )
