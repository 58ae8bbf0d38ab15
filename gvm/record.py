"""Record classes: what `collections.namedtuple` makes, from a tuple subclass that
writes its own `__new__`.

namedtuple compiles a `__new__` for each class it makes, about 0.3 ms apiece; GVM's
eighteen records made that a fifth of `python -m gvm hello.wasm`'s start-up. Written
in the source, `__new__` comes compiled from the bytecode cache, and `record` only
adds what namedtuple would: a getter per field, `_fields`, `_make`, `_replace`,
`_asdict`, `__getnewargs__` (pickling, copying), `__match_args__` and the same repr.

    @record
    class Limits(tuple):
        __slots__ = ()

        def __new__(cls, min, max):
            return new(cls, (min, max))
"""
from operator import itemgetter

try:
    from _collections import _tuplegetter      # what namedtuple's fields are
except ImportError:                             # another Python implementation
    def _tuplegetter(index, doc):
        return property(itemgetter(index), doc=doc)

new = tuple.__new__


def record(cls):
    """`cls` with the fields that its `__new__`'s parameters name, in order."""
    code = cls.__new__.__code__
    fields = code.co_varnames[1:code.co_argcount]
    for i, name in enumerate(fields):
        setattr(cls, name, _tuplegetter(i, f"Alias for field number {i}"))
    cls._fields = fields
    cls.__match_args__ = fields
    cls._make = classmethod(_make)
    cls._replace = _replace
    cls._asdict = _asdict
    cls.__getnewargs__ = _getnewargs
    if "__repr__" not in cls.__dict__:
        cls.__repr__ = _repr
    return cls


def _make(cls, iterable):
    values = new(cls, iterable)
    if len(values) != len(cls._fields):
        raise TypeError(f"expected {len(cls._fields)} arguments, got {len(values)}")
    return values


def _replace(self, **changes):
    values = self._make(map(changes.pop, self._fields, self))
    if changes:
        raise ValueError(f"got unexpected field names: {list(changes)!r}")
    return values


def _asdict(self):
    return dict(zip(self._fields, self))


def _getnewargs(self):
    return tuple(self)


def _repr(self):
    fields = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self))
    return f"{type(self).__name__}({fields})"
