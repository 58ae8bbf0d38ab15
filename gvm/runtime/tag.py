"""Tag instances (spec 4.2.13, exception handling): the identity of an exception kind,
with the function type of the values it carries."""


class Tag:
    """`key` is the canonical key of its type: imports match tags by it."""
    __slots__ = ("type", "key")

    def __init__(self, functype, key=None):
        self.type = functype
        self.key = key

    def __repr__(self):
        return f"<tag {self.type}>"
