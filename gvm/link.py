"""Instantiation (spec section 4.5.4 "Instantiation"): resolve imports against the
import-matching rules (4.5.2), allocate the module's functions, tables, memories and
globals, initialise active element and data segments in order, run the start function.

Errors: LinkError for missing or mismatched imports (the spec's "unlinkable"), and for
memories and tables, allocated or imported, larger than the host's limits
(runtime/limits.py: `max_memory` in bytes, `max_table` in entries); a Trap
from segment initialisation or the start function (the spec's "uninstantiable"), in
which case segments already written stay written, as the spec requires.
"""
from . import opcodes as O
from . import types as T
from .errors import LinkError
from .runtime import WasmFunction, HostFunction, Memory, Table, Global, Tag, Instance
from .runtime.instance import Function, extern_kind
from .runtime.limits import check_entries, check_pages
from .runtime import gc as G
from .validate.subtype import canonical, canonical_matches


def instantiate(module, imports, engine, max_memory=None, max_table=None):
    inst = Instance(module, engine)
    inst.rtts = module.lowered.rtts
    inst.gc_budget = G.Budget(max_memory)
    _resolve_imports(inst, module, imports or {})
    _check_imported_sizes(inst, module, max_memory, max_table)
    _allocate(inst, module, max_memory, max_table)
    _export(inst, module)
    _initialise_segments(inst, module)
    if module.ast.start is not None:
        engine.invoke(inst.funcs[module.ast.start], [])
    return inst


# --- imports --------------------------------------------------------------------------
def _lookup(imports, imp):
    provider = imports.get(imp.module)
    if provider is None:
        return None
    exports = getattr(provider, "exports", None)
    if exports is not None:       # a whole instance
        return exports[imp.name] if imp.name in exports else None
    return provider.get(imp.name)


def _resolve_imports(inst, module, imports):
    ast = module.ast
    for imp in ast.imports:
        extern = _lookup(imports, imp)
        where = f"{imp.module}.{imp.name}"
        if extern is None:
            raise LinkError(f"unknown import {where}")
        if isinstance(extern, Function):
            extern = extern.extern
        elif callable(extern) and imp.kind == T.EXTERN_FUNC and extern_kind(extern) is None:
            extern = HostFunction(ast.types[imp.desc], extern, name=where)
        if extern_kind(extern) != imp.kind:
            raise LinkError(f"incompatible import type for {where}: expected "
                            f"{T.EXTERN_NAMES[imp.kind]}")
        _check_import_type(module, imp, extern, where)
        _index_space(inst, imp.kind).append(extern)


def _index_space(inst, kind):
    return {T.EXTERN_FUNC: inst.funcs, T.EXTERN_TABLE: inst.tables, T.EXTERN_MEMORY: inst.mems,
            T.EXTERN_GLOBAL: inst.globals, T.EXTERN_TAG: inst.tags}[kind]


def _limits_match(actual, expected):
    """Limits subtyping: at least as large a minimum, at most as large a maximum."""
    if actual.min < expected.min:
        return False
    if expected.max is None:
        return True
    return actual.max is not None and actual.max <= expected.max


def _check_import_type(module, imp, extern, where):
    if imp.kind == T.EXTERN_FUNC:
        ok = module.type_keys[imp.desc] in extern.type_ids
    elif imp.kind == T.EXTERN_TAG:
        ok = extern.key == module.type_keys[imp.desc]
    elif imp.kind == T.EXTERN_TABLE:
        actual = T.Limits(len(extern.elements), extern.type.limits.max)
        ok = (_same_type(extern, extern.type.elem, module, imp.desc.elem)
              and _limits_match(actual, imp.desc.limits)
              and T.is_64(extern.type.limits) == T.is_64(imp.desc.limits))
    elif imp.kind == T.EXTERN_MEMORY:
        actual = T.Limits(extern.pages, extern.type.limits.max)
        ok = (_limits_match(actual, imp.desc.limits)
              and T.is_64(extern.type.limits) == T.is_64(imp.desc.limits))
    else:   # an immutable global may be of a subtype: it can only be read
        actual, expected = extern.type, imp.desc
        a = _canonical(extern, actual.valtype)
        b = canonical(expected.valtype, module.type_keys, module.type_supers)
        ok = actual.mutable == expected.mutable and (
            a == b or (not actual.mutable and canonical_matches(a, b)))
    if not ok:
        raise LinkError(f"incompatible import type for {where}")


def _canonical(extern, t):
    """A type of an extern (table or global), comparable across modules."""
    if extern.types is None:
        return t
    return canonical(t, *extern.types)


def _same_type(extern, t, module, expected):
    return _canonical(extern, t) == canonical(expected, module.type_keys, module.type_supers)


def _check_imported_sizes(inst, module, max_memory, max_table):
    """An imported memory or table counts against this instance's limits as its own do."""
    imported = {T.EXTERN_MEMORY: iter(inst.mems), T.EXTERN_TABLE: iter(inst.tables)}
    for imp in module.ast.imports:
        what = f"imported {T.EXTERN_NAMES[imp.kind]} {imp.module}.{imp.name}"
        if imp.kind == T.EXTERN_MEMORY:
            memory = next(imported[imp.kind])
            check_pages(what, memory.pages, memory.type, max_memory)
        elif imp.kind == T.EXTERN_TABLE:
            table = next(imported[imp.kind])
            check_entries(what, len(table.elements), table.type, max_table)


# --- allocation -----------------------------------------------------------------------
def _allocate(inst, module, max_memory, max_table):
    ast = module.ast
    names = ast.names.funcs
    types = (module.type_keys, module.type_supers)
    first = len(inst.funcs)
    for i, (func, info) in enumerate(zip(ast.funcs, module.func_infos)):
        index = first + i
        name = names.get(index)
        if name is None:    # not made for every function: most are named
            name = f"func[{index}]"
        inst.funcs.append(WasmFunction(inst, index, func, info, name,
                                       module.type_supers[func.type_idx]))
    for glob in ast.globals:
        inst.globals.append(Global(glob.type, evaluate_const(inst, glob.init), types))
    for tabletype in ast.tables:
        init = getattr(tabletype, "init", None)
        inst.tables.append(Table(tabletype, None if init is None else evaluate_const(inst, init),
                                 max_table, f"table {len(inst.tables)}", types))
    for memtype in ast.mems:
        inst.mems.append(Memory(memtype, max_memory, f"memory {len(inst.mems)}"))
    for typeidx in ast.tags:
        inst.tags.append(Tag(ast.types[typeidx], module.type_keys[typeidx]))
    inst.elems = [[evaluate_const(inst, expr) for expr in elem.init] for elem in ast.elems]
    inst.datas = [data.init for data in ast.datas]


def _export(inst, module):
    for export in module.ast.exports:
        inst.exports._add(export.name, _index_space(inst, export.kind)[export.index])


def evaluate_const(inst, expr):
    """Evaluate a validated constant expression (spec 3.3.10) without an engine."""
    if len(expr) == 2 and expr[0].op == O.REF_FUNC:   # `ref.func i`: most table elements
        return inst.funcs[expr[0].imm]
    stack = []
    for instr in expr:
        op = instr.op
        if op in (O.I32_CONST, O.I64_CONST, O.F32_CONST, O.F64_CONST, O.V128_CONST):
            stack.append(instr.imm)
        elif op == O.GLOBAL_GET:
            stack.append(inst.globals[instr.imm].value)
        elif op == O.REF_NULL:
            stack.append(None)
        elif op == O.REF_FUNC:
            stack.append(inst.funcs[instr.imm])
        elif op == O.END:
            break
        elif op in _GC_CONSTANT:
            _GC_CONSTANT[op](inst, instr.imm, stack)
        else:   # extended constant expressions: i32/i64 add, sub, mul
            from .interp.numeric import NUMERIC  # rare: not worth its start-up time
            b = stack.pop()
            stack.append(NUMERIC[op](stack.pop(), b))
    return stack[-1]


def _pop(stack, n):
    values = stack[len(stack) - n:]
    del stack[len(stack) - n:]
    return values


def _const_struct_new(inst, typeidx, stack):
    rtt = inst.rtts[typeidx]
    stack.append(G.new_struct(rtt, _pop(stack, len(rtt.defaults))))


def _const_array_new(inst, typeidx, stack):
    value, n = _pop(stack, 2)
    stack.append(G.new_array(inst.rtts[typeidx], value, n, inst.gc_budget))


def _const_array_new_fixed(inst, imm, stack):
    typeidx, n = imm
    stack.append(G.new_array_fixed(inst.rtts[typeidx], _pop(stack, n), inst.gc_budget))


# GC instructions allowed in constant expressions (WebAssembly 3.0)
_GC_CONSTANT = {
    O.STRUCT_NEW: _const_struct_new,
    O.STRUCT_NEW_DEFAULT: lambda inst, t, stack: stack.append(
        G.Struct(inst.rtts[t], list(inst.rtts[t].defaults))),
    O.ARRAY_NEW: _const_array_new,
    O.ARRAY_NEW_DEFAULT: lambda inst, t, stack: stack.append(
        G.new_array_default(inst.rtts[t], stack.pop(), inst.gc_budget)),
    O.ARRAY_NEW_FIXED: _const_array_new_fixed,
    O.REF_I31: lambda inst, imm, stack: stack.append(G.I31(stack.pop())),
    O.ANY_CONVERT_EXTERN: lambda inst, imm, stack: None,
    O.EXTERN_CONVERT_ANY: lambda inst, imm, stack: None,
}


# --- segments -------------------------------------------------------------------------
def _initialise_segments(inst, module):
    """Active segments act as `table.init`/`memory.init` then a drop, in module order;
    declarative element segments are dropped at once."""
    for i, elem in enumerate(module.ast.elems):
        if elem.mode == "active":
            offset = evaluate_const(inst, elem.offset)
            inst.tables[elem.table].init(inst.elems[i], offset, 0, len(inst.elems[i]))
        if elem.mode != "passive":
            inst.elems[i] = []
    for i, data in enumerate(module.ast.datas):
        if data.mode == "active":
            offset = evaluate_const(inst, data.offset)
            inst.mems[data.memory].init(inst.datas[i], offset, 0, len(data.init))
            inst.datas[i] = b""

