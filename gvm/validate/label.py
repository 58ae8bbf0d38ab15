"""Where a branch lands: the entries of a side table (gvm/validate/body.py), which the
engines lower branches from."""


class Label:
    __slots__ = ("target", "height", "arity")

    def __init__(self, target, height, arity):
        self.target = target
        self.height = height
        self.arity = arity

    def __repr__(self):
        return f"Label(target={self.target}, height={self.height}, arity={self.arity})"
