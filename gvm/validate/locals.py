"""The types of a function's locals (spec 2.5.3 "Functions"): its parameters, then the
declared locals. A body may declare up to 2**32 - 1 locals, which must validate, so
they are kept as run-length groups and looked up by bisection, never listed."""
from bisect import bisect_right
from itertools import repeat

from .. import types as T


# Up to this many locals are also kept as a plain tuple, for lookups without bisection.
_FLAT_LIMIT = 4096


class Locals:
    __slots__ = ("starts", "types", "count", "params", "_flat", "all_defaultable",
                 "declared_runs", "zeros")

    def __init__(self, params, groups):
        starts, types = [], []
        count = 0
        for t in params:
            starts.append(count)
            types.append(t)
            count += 1
        runs = []       # (type, how many) of each group of declared locals, in order
        for n, t in groups:
            if n:
                starts.append(count)
                types.append(t)
                runs.append((t, n))
                count += n
        self.starts = starts
        self.types = types
        self.params = len(params)
        self.count = count
        self.declared_runs = tuple(runs)
        # Non-null references have no default value: such locals must be set first.
        self.all_defaultable = not any(type(t) is T.RefType and not t.nullable
                                       for t in types)
        self._flat = None
        # the declared locals' initial values, made by gvm/runtime/function.py on the
        # first instantiation and shared by every function with these Locals
        self.zeros = None

    def __len__(self):
        return self.count

    @property
    def flat(self):
        """All the types as a tuple, or None past _FLAT_LIMIT locals; made on first use,
        since a module restored from the cache makes thousands of Locals and a run
        looks into few of them."""
        if self._flat is None and self.count <= _FLAT_LIMIT:
            self._flat = tuple(self._expand())
        return self._flat

    def __getitem__(self, i):
        if not 0 <= i < self.count:
            raise IndexError(i)
        flat = self.flat
        if flat is not None:
            return flat[i]
        return self.types[bisect_right(self.starts, i) - 1]

    def _expand(self, first=0):
        ends = self.starts[1:] + [self.count]
        for start, end, t in zip(self.starts, ends, self.types):
            if start >= first:
                yield from repeat(t, end - start)

    def declared(self):
        """The declared locals' types, in order, one per local."""
        return self._expand(self.params)


    def __repr__(self):
        return f"<{self.count} locals>"
