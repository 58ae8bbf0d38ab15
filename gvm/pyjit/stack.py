"""The symbolic operand stack of the python engine, and the writer of source lines.

The operand stack disappears at translation time: the value at height i lives in the
Python local `s{i}`, and pure values (locals, constants, arithmetic that cannot trap)
stay expressions until they are needed, so `local.get 0; local.get 1; i32.add;
local.set 2` becomes `l2 = (l0 + l1) & 0xFFFFFFFF`. An expression remembers the
variables it reads (`deps`); before a variable is assigned, every pending expression
that reads it is stored to its slot first ("materialised"), which keeps program order
where it is observable. Reads of mutable globals depend on "G", which calls and
global.set invalidate.

Expressions carry parentheses around every operation, which keeps their composition
simple; where a whole expression stands alone (the right of an assignment, a subscript,
an argument, a test) `bare` drops its outer pair: the parser's work only, about 18,000
CPython instructions a pair for `exec` (a third of json's parentheses), for the same
syntax tree and bytecode.
"""

GLOBALS = "G"
MAX_SIZE = 12   # operators in one expression before it goes to its slot (parser limits)


def enclosed(x):
    """Whether `x` is one parenthesized expression: its first "(" closes at its end
    (the depth before each ")" but the last stays above 1; `x` is balanced)."""
    if x[:1] != "(" or x[-1:] != ")":
        return False
    if x.count("(") == 1:   # the commonest: one operation on atoms
        return True
    parts = x.split(")")
    depth = 0
    for k in range(len(parts) - 2):
        depth += parts[k].count("(") - 1
        if not depth:
            return False
    return True


def bare(x):
    """`x` without its outer parentheses where any expression but a tuple or an
    assignment expression may stand (an assignment's right, a subscript, an argument,
    the right of `:=`)."""
    if enclosed(x) and not x.startswith(" :=", x.find(" ")) and ("," not in x or nested_commas(x)):
        return x[1:-1]
    return x


def nested_commas(x):
    """Whether every comma of `x` is inside a pair of brackets within its outer
    parentheses (a call's arguments, `_uI(D0, a)[0]`): none makes it a tuple."""
    depth = 0
    for part in x.split(",")[:-1]:
        depth += part.count("(") + part.count("[") - part.count(")") - part.count("]")
        if depth < 2:
            return False
    return True


class Val:
    """A value of the symbolic stack. The facts most values lack are class attributes,
    which an instance shadows once one is known: making a Val stores its six own
    fields only (a third of translating is pushing values: 300,000 Vals for QuickJS's
    cold run), where __slots__ needed all fourteen stored, for reads about as fast."""
    floor = 0               # a known lower bound of an exact value (ranges.py)
    # (-m, top): an i32 local known to be in [2**32 - m, 2**32) or [0, top], a counter
    # from a negative start (ranges.py); its bound is then None.
    split = None
    signed = False          # a lazy value that may be negative (a difference)
    wraps = False           # a lazy value that is most often past its mask
    # Low bits known to be zero (modulo the mask too): an address with them is aligned,
    # and reads and writes through a memoryview cast (memory.py).
    align = 0
    alsrc = frozenset()     # the locals whose known alignment `align` relies on
    # (base, k, c): the exact value is (base << k) + c, with `base` an expression of this
    # value's deps; an aligned view index is then base << (k - s) + (c >> s).
    scaled = None
    # (base, index, k, c): an i32 sum base + ((index << k) + c), `base` a variable of
    # unknown alignment (a pointer plus a scaled index: `t[i]`, `&p[i]`)
    based = None

    def __init__(self, x, deps=frozenset(), cond=False, size=0, lazy=None, bound=None):
        self.x = x          # Python expression
        self.deps = deps    # variables (and GLOBALS) it reads
        self.cond = cond    # a Python bool standing for i32 1 or 0
        self.size = size
        # The mask still to apply: the value is only right modulo 2**32 or 2**64 (+, -,
        # *, <<, &, |, ^ keep that, so chains of them mask once, at the end).
        self.lazy = lazy
        # A known upper bound of an exact integer value (None: any value of its type),
        # which lets sums and products that cannot wrap go unmasked.
        self.bound = 1 if cond else bound

    def known(self):
        """The bound, if the value is exact and bounded."""
        return None if self.lazy else self.bound

    @property
    def atom(self):
        return self.size == 0

    def int(self):
        """The expression as a value of its type, exact."""
        if self.cond:
            return f"(1 if {self.x} else 0)"
        if not self.lazy:
            return self.x
        if self.signed or self.wraps:
            return f"({self.x} & {self.lazy})"
        # Most sums do not wrap: a comparison is cheaper than the & of a two-digit int.
        return f"(w_ if (w_ := {bare(self.x)}) <= {self.lazy} else w_ & {self.lazy})"

    def raw(self):
        """The expression for an operation that is right modulo the mask."""
        return self.x if self.lazy else self.int()

    def test(self):
        """The expression as a Python truth value, for `if`, `if not` and a conditional
        expression's test: bare if only comparisons and tighter operators are inside."""
        x = self.int() if self.lazy else self.x
        if (enclosed(x) and ":=" not in x and " if " not in x and " and " not in x
                and " or " not in x and "not " not in x and "lambda" not in x):
            return x[1:-1]
        return x


def var(name, bound=None, align=0):
    v = Val(name, frozenset((name,)), bound=bound)
    v.align = align
    return v


def trailing_zeros(n, cap=64):
    return cap if n == 0 else min(cap, (n & -n).bit_length() - 1)


# literal -> (bound, align) of the constants seen: a function names few distinct ones
_CONSTANTS = {}


def const(literal):
    facts = _CONSTANTS.get(literal)
    if facts is None:
        digits = literal.isdigit()
        facts = (int(literal), trailing_zeros(int(literal))) if digits else (None, 0)
        if len(_CONSTANTS) < 4096:
            _CONSTANTS[literal] = facts
    v = Val(literal, bound=facts[0])
    v.align = facts[1]
    return v


# template -> (the same as a %-format of its operands in order, how many it takes):
# "({a} + {b})" is ("(%s + %s)", 2), filled in half the time of str.format with
# keywords; (None, 0) where an operand is used twice or b before a. A function has few
# distinct templates.
_FORMS = {}


def _form(template):
    a, b = template.count("{a}"), template.count("{b}")
    if (a != 1 or b > 1 or -1 < template.find("{b}") < template.find("{a}")
            or template.count("{") + template.count("}") != 2 * (a + b)):  # other fields, "{{"
        return None, 0
    return template.replace("%", "%%").replace("{a}", "%s").replace("{b}", "%s"), a + b


def combine(template, args, cond=False, lazy=None, raw=False, bound=None):
    """Fill `template` with the operands: raw ones for a `lazy` result, or when `raw`."""
    try:
        form, n = _FORMS[template]
    except KeyError:
        form, n = _form(template)
        if len(_FORMS) < 4096:
            _FORMS[template] = form, n
    raw = lazy or raw
    # an exact operand that is no condition is its expression, raw or not
    if len(args) == 2:
        a, b = args
        deps = a.deps | b.deps
        size = 1 + a.size + b.size
        ax = a.x if not (a.lazy or a.cond) else a.raw() if raw else a.int()
        bx = b.x if not (b.lazy or b.cond) else b.raw() if raw else b.int()
        x = form % (ax, bx) if n == 2 else template.format(a=ax, b=bx)
    else:
        (a,) = args
        b = a
        deps, size = a.deps, 1 + a.size
        ax = a.x if not (a.lazy or a.cond) else a.raw() if raw else a.int()
        x = form % ax if n == 1 else template.format(a=ax)
    val = Val(x, deps, cond, size, lazy, bound)
    if lazy:
        val.signed = "-" in template or bool(a.lazy and a.signed or b.lazy and b.signed)
        val.wraps = bool(a.lazy and a.wraps or b.lazy and b.wraps)
    return val


_PADS = ["    " * indent for indent in range(32)]     # the commonest indentations, made once


class Writer:
    """Source lines with their indentation and the byte offset of the wasm instruction
    each comes from (for backtraces)."""

    def __init__(self):
        self.lines = []     # [indent, text, offset]
        self.indent = 1
        self.offset = None

    def emit(self, text):
        self.lines.append([self.indent, text, self.offset])
        return len(self.lines) - 1

    def mark(self):
        return len(self.lines)

    def ensure_body(self, since):
        """A Python block needs a statement."""
        if len(self.lines) == since:
            self.emit("pass")

    def render(self, header):
        lines = self.lines
        offsets = [None] + [line[2] for line in lines if line[1] is not None]
        try:
            source = _indented(header, lines, _PADS)
        except IndexError:      # deeper than the pads made once
            pads = ["    " * indent for indent in range(max(line[0] for line in lines) + 1)]
            source = _indented(header, lines, pads)
        if source.count("\n") == len(offsets):     # each line one statement
            return source, offsets
        offsets = [None]
        for _indent, text, offset in lines:
            if text is not None:
                offsets += [offset] * (text.count("\n") + 1)
        return source, offsets


def _indented(header, lines, pads):
    """The source of `lines` under `header` (those whose text is None dropped): every
    statement of a line (a line may hold several, one a row) at its indentation."""
    return "\n".join([header] + [pads[indent] + text.replace("\n", "\n" + pads[indent])
                                  if "\n" in text else pads[indent] + text
                                  for indent, text, _offset in lines if text is not None]) + "\n"


class Stack:
    """The symbolic operand stack of one function."""

    def __init__(self, writer):
        self.vals = []
        self.w = writer

    def push(self, val):
        self.vals.append(val)
        if val.size > MAX_SIZE:
            self.store(len(self.vals) - 1)

    def pop(self):
        return self.vals.pop()

    def popn(self, n):
        if not n:
            return []
        vals = self.vals[-n:]
        del self.vals[-n:]
        return vals

    def top(self, n):
        return self.vals[len(self.vals) - n:] if n else []

    def before_assign(self, name, keep=None):
        """Materialise every pending value but `keep` that reads variable `name`."""
        for i, v in enumerate(self.vals):
            if name in v.deps and v is not keep and v.x != f"s{i}":
                self.store(i)

    def store(self, i):
        """Materialise the value at height i into its slot s{i}."""
        v = self.vals[i]
        slot = f"s{i}"
        if v.x == slot:
            return
        self.before_assign(slot, keep=v)
        self.w.emit(f"{slot} = {bare(v.int())}")
        self.vals[i] = var(slot, v.known(), v.align)
        self.vals[i].alsrc = v.alsrc

    def flush(self, dep):
        for i, v in enumerate(self.vals):
            if dep in v.deps:
                self.store(i)

    def canonical(self):
        """Every value in its slot: the state at every join of control flow."""
        for i in range(len(self.vals)):
            self.store(i)

    def reset(self, height):
        self.vals = [var(f"s{i}") for i in range(height)]

    def assign(self, names, vals):
        """Assign values to variables at once (a branch's values to its label's slots)."""
        pairs = [(n, v) for n, v in zip(names, vals) if v.x != n]
        if not pairs:
            return
        if len(pairs) == 1:
            self.w.emit(f"{pairs[0][0]} = {bare(pairs[0][1].int())}")
        else:
            self.w.emit(", ".join(n for n, _ in pairs) + " = " + ", ".join(v.int() for _, v in pairs))

    def result(self, height, n):
        """The slot names for n results landing at `height`, after saving what reads them."""
        names = [f"s{height + k}" for k in range(n)]
        for name in names:
            self.before_assign(name)
        return names
