"""Tag instances (spec 4.2.13, exception handling): the identity of an exception kind,
with the function type of the values it carries."""


class Tag:
    __slots__ = ("type",)

    def __init__(self, functype):
        self.type = functype

    def __repr__(self):
        return f"<tag {self.type}>"
