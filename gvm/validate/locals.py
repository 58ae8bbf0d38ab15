"""The types of a function's locals (spec 2.5.3 "Functions"): its parameters, then the
declared locals. A body may declare up to 2**32 - 1 locals, which must validate, so
they are kept as run-length groups and looked up by bisection, never listed."""
from bisect import bisect_right
from itertools import repeat

from .. import types as T


# Up to this many locals are also kept as a plain tuple, for lookups without bisection.
_FLAT_LIMIT = 4096


class Locals:
    __slots__ = ("starts", "types", "count", "params", "flat", "all_defaultable",
                 "declared_runs")

    def __init__(self, params, groups):
        self.starts = []
        self.types = []
        self.params = len(params)
        count = 0
        for n, t in [(1, t) for t in params] + list(groups):
            if n:
                self.starts.append(count)
                self.types.append(t)
                count += n
        self.count = count
        # (type, how many) of each run of declared locals of one type, in order
        self.declared_runs = tuple((self.types[i], self.starts[i + 1] - self.starts[i])
                                   for i in range(len(self.starts) - 1)
                                   if self.starts[i] >= self.params)
        if self.starts and self.starts[-1] >= self.params:
            self.declared_runs += ((self.types[-1], count - self.starts[-1]),)
        self.flat = tuple(self._expand()) if count <= _FLAT_LIMIT else None
        # Non-null references have no default value: such locals must be set first.
        self.all_defaultable = not any(type(t) is T.RefType and not t.nullable
                                       for t in self.types)

    def __len__(self):
        return self.count

    def __getitem__(self, i):
        if not 0 <= i < self.count:
            raise IndexError(i)
        if self.flat is not None:
            return self.flat[i]
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
