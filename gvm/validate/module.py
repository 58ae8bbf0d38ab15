"""Validation of modules (spec section 3.4 "Modules"): everything the spec calls
"invalid", raised as ValidationError with the spec interpreter's message. gvm.validate's
`validate` runs it; it lives apart so that a program run from the cache, which never
validates, never imports the validator.
"""
import os

from .. import features as F
from .. import opcodes as O
from .. import types as T
from ..binary.code import scan
from ..binary.types import StructType, as_sub_type
from ..errors import ValidationError
from .body import CHECKS, BodyValidator
from .context import Context
from .gc import check_declared_supers
from .locals import Locals
from . import FuncInfo, Validated
from .subtype import Subtyping, as_ref


def validate_module(module, features=None):
    features = F.resolve(features)
    try:
        ctx = _check_declarations(module, features)
    except ValidationError:
        # Function bodies are decoded as they are validated (gvm.binary.code): before
        # calling the module invalid, make sure no body is malformed, as a decoder that
        # read everything first would have found. (_check_bodies does the same for the
        # bodies after an invalid one.)
        scan(func.body for func in module.funcs)
        raise
    _check_bodies(ctx, module)
    return Validated(_func_infos(ctx, module.funcs), ctx.subtyping.keys, ctx.subtyping.supers_of)


def _check_declarations(module, features):
    """Everything but the function bodies; the Context the bodies are checked in."""
    ctx = Context(module, features)
    _check_type_section(ctx)
    ctx.subtyping = Subtyping(module.types)
    check_declared_supers(ctx)
    _check_imports(ctx)
    _check_limits(ctx, features)
    _check_tags(ctx)
    ctx.refs = _declared_refs(module)
    _check_globals(ctx, features)
    _check_tables(ctx)
    _check_elems(ctx, features)
    _check_datas(ctx, features)
    _check_start(ctx)
    _check_exports(ctx)
    return ctx


def _check_type_section(ctx):
    """Type definitions may refer to types up to the end of their recursion group."""
    for i, t in enumerate(ctx.types):
        sub = as_sub_type(t, i)
        for valtype in _valtypes_of(sub.comp):
            ctx.check_valtype(valtype, sub.group_start + sub.group_size)
        for s in sub.supers:
            if s >= i:          # a supertype is defined before its subtypes
                raise ValidationError(f"unknown type {s}")
            if as_sub_type(ctx.types[s], s).final:
                raise ValidationError("sub type")


def _valtypes_of(comp):
    if isinstance(comp, T.FuncType):
        return comp.params + comp.results
    if isinstance(comp, StructType):
        return tuple(f.storage for f in comp.fields)
    return (comp.field.storage,)


def _check_imports(ctx):
    for imp in ctx.module.imports:
        if imp.kind in (T.EXTERN_FUNC, T.EXTERN_TAG):
            ctx.func_type(imp.desc)
        elif imp.kind == T.EXTERN_GLOBAL:
            ctx.check_valtype(imp.desc.valtype)
        elif imp.kind == T.EXTERN_TABLE:
            ctx.check_valtype(imp.desc.elem)


def _check_tags(ctx):
    for ft in ctx.tags:
        if ft.results:
            raise ValidationError("non-empty tag result type")


def _check_tables(ctx):
    """A table of non-null references needs an initial value for its elements."""
    for table in ctx.module.tables:
        ctx.check_valtype(table.elem)
        init = getattr(table, "init", None)
        if init is not None:   # the table section precedes the globals: imports only
            _check_const(ctx, init, table.elem, ctx.imported_globals)
        elif as_ref(table.elem) and not as_ref(table.elem)[0]:
            raise ValidationError("type mismatch")


def _check_limits(ctx, features):
    for table in ctx.tables:
        if T.is_64(table.limits):
            _check_limit(table.limits, 2**64 - 1, "table size must be at most 2^64-1")
        else:
            _check_limit(table.limits, 2**32 - 1, "table size must be at most 2^32-1")
    for mem in ctx.mems:
        if T.is_64(mem.limits):
            _check_limit(mem.limits, 2**48, "memory size must be at most 2^48 pages")
        else:
            _check_limit(mem.limits, T.MAX_PAGES, "memory size must be at most 65536 pages (4GiB)")
    if len(ctx.mems) > 1 and "multi_memory" not in features:
        raise ValidationError("multiple memories")


def _check_limit(limits, bound, message):
    if limits.min > bound or (limits.max is not None and limits.max > bound):
        raise ValidationError(message)
    if limits.max is not None and limits.min > limits.max:
        raise ValidationError("size minimum must not be greater than maximum")


def _declared_refs(module):
    """C.refs: functions named outside function bodies, which `ref.func` may take."""
    refs = {e.index for e in module.exports if e.kind == T.EXTERN_FUNC}
    exprs = [g.init for g in module.globals]
    exprs += [t.init for t in module.tables if getattr(t, "init", None) is not None]
    for elem in module.elems:
        exprs += elem.init
    for expr in exprs:
        refs.update(i.imm for i in expr if i.op == O.REF_FUNC)
    return refs


_CONSTANT = frozenset({O.I32_CONST, O.I64_CONST, O.F32_CONST, O.F64_CONST, O.V128_CONST,
                       O.REF_NULL, O.REF_FUNC, O.GLOBAL_GET, O.END})
_EXTENDED_CONST = frozenset({O.I32_ADD, O.I32_SUB, O.I32_MUL, O.I64_ADD, O.I64_SUB, O.I64_MUL})
_GC_CONST = frozenset({O.STRUCT_NEW, O.STRUCT_NEW_DEFAULT, O.ARRAY_NEW, O.ARRAY_NEW_DEFAULT,
                       O.ARRAY_NEW_FIXED, O.REF_I31, O.ANY_CONVERT_EXTERN,
                       O.EXTERN_CONVERT_ANY})


def _check_const(ctx, expr, valtype, visible_globals):
    """A constant expression (spec 3.3.10): only constant instructions, of type [valtype]."""
    if len(expr) == 2 and expr[0].op in _SINGLE and expr[1].op == O.END:
        _check_single(ctx, expr[0], expr[1], valtype, visible_globals)
        return
    allowed = _CONSTANT | (_EXTENDED_CONST if "extended_const" in ctx.features else set())
    if "gc" in ctx.features:
        allowed |= _GC_CONST
    for instr in expr:
        if instr.op not in allowed:
            raise ValidationError("constant expression required")
        if instr.op == O.GLOBAL_GET:
            _check_const_global(ctx, instr.imm, visible_globals)
    BodyValidator(ctx, T.FuncType((), (valtype,)), Locals((), ())).run(expr)


def _check_const_global(ctx, idx, visible_globals):
    """A constant expression reads only globals it can see, and only immutable ones."""
    if not 0 <= idx < visible_globals:
        raise ValidationError(f"unknown global {idx}")
    if ctx.globals[idx].mutable:
        raise ValidationError("constant expression required")


# Constant instructions without operands that make up most constant expressions alone:
# a table's `ref.func` elements (hundreds in a large module), `i32.const` offsets,
# `global.get` and number constants as the initial values of globals. Allowed with
# every feature set.
_SINGLE = frozenset({O.I32_CONST, O.I64_CONST, O.F32_CONST, O.F64_CONST, O.REF_FUNC,
                     O.GLOBAL_GET})


class _Pushed:
    """What the rule of an instruction in _SINGLE reads of its BodyValidator: the context
    and the stack to push its type on (it pops nothing, opens no block)."""
    __slots__ = ("ctx", "vals")

    def __init__(self, ctx):
        self.ctx = ctx
        self.vals = []

    def push(self, t):
        self.vals.append(t)


def _check_single(ctx, instr, end, valtype, visible_globals):
    """`instr end` checked as BodyValidator.run would (same rule, same errors and
    offsets), without a validator, a control frame and a Locals for each: one
    expression's type is the type the instruction's rule pushes, which must match
    `valtype` at the `end`."""
    if instr.op == O.GLOBAL_GET:
        _check_const_global(ctx, instr.imm, visible_globals)
    pushed = _Pushed(ctx)
    try:
        CHECKS[instr.op](pushed, instr.imm)
    except ValidationError as e:
        raise ValidationError(e.message, offset=instr.offset) from None
    t, = pushed.vals
    if t != valtype and not ctx.subtyping.matches(t, valtype):
        raise ValidationError("type mismatch", offset=end.offset)


def _visible_globals(ctx, features, index):
    """Globals a constant expression may read: before 3.0 only imported ones."""
    if "extended_const" in features:
        return index
    return ctx.imported_globals


def _check_globals(ctx, features):
    for i, glob in enumerate(ctx.module.globals):
        ctx.check_valtype(glob.type.valtype)
        index = ctx.imported_globals + i
        _check_const(ctx, glob.init, glob.type.valtype, _visible_globals(ctx, features, index))
        ctx.globals.append(glob.type)


def _check_elems(ctx, features):
    visible = _visible_globals(ctx, features, len(ctx.globals))
    for elem in ctx.module.elems:
        ctx.check_valtype(elem.type)
        for expr in elem.init:
            _check_const(ctx, expr, elem.type, visible)
        if elem.mode == "active":
            table = ctx.table(elem.table)
            if not ctx.subtyping.matches(elem.type, table.elem):
                raise ValidationError("type mismatch")
            _check_const(ctx, elem.offset, ctx.table_addr(elem.table), visible)


def _check_datas(ctx, features):
    visible = _visible_globals(ctx, features, len(ctx.globals))
    for data in ctx.module.datas:
        if data.mode == "active":
            ctx.mem(data.memory)
            _check_const(ctx, data.offset, ctx.mem_addr(data.memory), visible)


def _check_start(ctx):
    start = ctx.module.start
    if start is not None:
        ft = ctx.func(start)
        if ft.params or ft.results:
            raise ValidationError("start function must have type [] -> []")


def _check_exports(ctx):
    seen = set()
    spaces = {T.EXTERN_FUNC: ctx.func, T.EXTERN_TABLE: ctx.table, T.EXTERN_MEMORY: ctx.mem,
              T.EXTERN_GLOBAL: ctx.global_,
              T.EXTERN_TAG: lambda i: ctx.lookup(ctx.tags, i, "tag")}
    for export in ctx.module.exports:
        if export.name in seen:
            raise ValidationError("duplicate export name")
        seen.add(export.name)
        spaces[export.kind](export.index)


def _check_bodies(ctx, module):
    """Every function's locals and body, in order: in C where the fast engine is built
    (gvm/_fast/validate.pyx, the same rules and messages, and the same verdict on every
    spec module), else by the body validator here. Either way, when a function is
    invalid, its body's rest and the bodies after it are still decoded: a malformed one
    wins."""
    compiled = compiled_checker()
    if compiled is not None:
        if module.funcs:
            compiled.check_bodies(ctx, module, module.funcs[0].body.data)
        return
    for i, func in enumerate(module.funcs):
        try:
            _check_func(ctx, i, func)
        except ValidationError:    # the rest of this body too: the check stopped early
            scan(later.body for later in module.funcs[i:])
            raise


def _check_func(ctx, i, func):
    ft = ctx.func_type(func.type_idx)
    for _count, valtype in func.locals:
        ctx.check_valtype(valtype)
    try:
        BodyValidator(ctx, ft, Locals(ft.params, func.locals), record=False).check(func.body)
    except ValidationError as e:
        raise ValidationError(e.message, func=ctx.imported_funcs + i, offset=e.offset) from None


def compiled_checker():
    """gvm._fast.validate, or None where it is not built or GVM_PUREPYTHON=1 asks for
    the pure-Python path."""
    if os.environ.get("GVM_PUREPYTHON") == "1":
        return None
    try:
        from .._fast import validate as compiled
    except ImportError:
        return None
    return compiled


def _func_infos(ctx, funcs):
    """The FuncInfo of every defined function. Functions whose parameters and declared
    locals are the same share one Locals (a module restored from the cache shares them
    too, by type: gvm/cache/entry.py): in a large module most functions do (MicroPython:
    889 functions, 140 Locals; QuickJS: 1,243 and 668), and instantiation makes the
    initial values of each Locals once (gvm/runtime/function.py)."""
    shared = {}
    infos = []
    for ft, func in zip(ctx.funcs[ctx.imported_funcs:], funcs):
        key = (ft.params, func.locals)
        local_types = shared.get(key)
        if local_types is None:
            local_types = shared[key] = Locals(ft.params, func.locals)
        infos.append(FuncInfo(ft, local_types, ctx, func))
    return infos
