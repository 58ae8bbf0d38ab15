"""The types of a function's locals (spec 2.5.3 "Functions"): its parameters, then the
declared locals. A body may declare up to 2**32 - 1 locals, which must validate, so
they are kept as run-length groups and looked up by bisection, never listed."""
from bisect import bisect_right
from itertools import repeat


class Locals:
    __slots__ = ("starts", "types", "count", "params")

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

    def __len__(self):
        return self.count

    def __getitem__(self, i):
        if not 0 <= i < self.count:
            raise IndexError(i)
        return self.types[bisect_right(self.starts, i) - 1]

    def declared(self):
        """The declared locals' types, in order, one per local."""
        ends = self.starts[1:] + [self.count]
        for start, end, t in zip(self.starts, ends, self.types):
            if start >= self.params:
                yield from repeat(t, end - start)

    def __repr__(self):
        return f"<{self.count} locals>"
