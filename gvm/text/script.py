"""WebAssembly scripts (`.wast`), as the spec interpreter reads them (its README's
"Scripts" grammar): modules (text, `binary` and `quote`, `definition` and `instance`),
`register`, the actions `invoke` and `get`, and every assertion.

`read_script(text)` returns the commands in the shape `wasm-tools json-from-wast`
writes (`type`, `line`, `action`, `expected`, `text`, ...), so the spec runner plays
either converter's output alike; a module command carries a `ScriptModule` under
`source` instead of a file name. Text modules are parsed only when a command loads
them, so that a malformed one fails its own command, not the script.
"""
from . import numbers
from .cursor import Cursor
from .errors import TextError
from .lexer import ID, KEYWORD, NUMBER, Source, tokenize
from .module import ModuleParser
from .types import HEAP_TYPES, NUM_VEC_TYPES
from .instructions import SHAPES


class ScriptModule:
    """A module of a script: `kind` is "text", "quote" or "binary"."""

    def __init__(self, kind, source, tokens=None, start=0, data=None):
        self.kind = kind
        self._source = source
        self._tokens = tokens
        self._start = start
        self._data = data

    def parse(self, features=None):
        """The module as a gvm.text.TextModule (for binary modules, only `.binary`)."""
        from . import TextModule, parse_module
        if self.kind == "binary":
            return TextModule(self._data, {}, self._source)
        if self.kind == "quote":
            return parse_module(self._data, self._source.file, features)
        parser = ModuleParser(self._source, self._tokens, self._start, features)
        binary = parser.module()
        return TextModule(binary, parser.source_map, self._source)

    def binary(self, features=None):
        return self.parse(features).binary


MODULE_FIELDS = ("type", "rec", "import", "func", "table", "memory", "global", "tag",
                 "export", "start", "elem", "data")
NULL_TYPES = {"none": "nullref", "nofunc": "nullfuncref", "noextern": "nullexternref",
              "noexn": "nullexnref"}


class ScriptReader(Cursor):
    def commands(self):
        if self.at_open() and self.text(1) in MODULE_FIELDS:   # a module without `(module`
            module = ScriptModule("text", self.source, self.toks, 0)
            return [{"type": "module", "name": None, "source": module, "module_type": "binary",
                     "line": 1}]
        out = []
        while self.kind() is not None:
            out.append(self.command())
        return out

    def line(self):
        return self.source.position(self.toks[self.i][2])[0]

    def command(self):
        line = self.line()
        if not self.at_open():
            raise self.unexpected()
        word = self.text(1)
        if word == "module":
            command = self.module_command()
        elif word in ("invoke", "get"):
            command = {"type": "action", "action": self.action()}
        else:
            self.i += 2
            command = getattr(self, "cmd_" + word, None)
            if command is None:
                raise self.error(f"unknown command {word}", self.i - 1)
            command = command()
            self.rpar()
        command.setdefault("line", line)
        return command

    # --- Modules --------------------------------------------------------------------

    def module_command(self):
        self.open("module")
        if self.at_keyword("instance"):
            self.i += 1
            instance = self.identifier()
            module = self.identifier()
            self.rpar()
            return {"type": "module_instance", "instance": instance, "module": module}
        definition = self.at_keyword("definition")
        if definition:
            self.i += 1
        name = self.identifier()
        module = self.module_body()
        return {"type": "module_definition" if definition else "module", "name": name,
                "source": module, "module_type": "text" if module.kind == "quote" else "binary"}

    def module_body(self):
        """After `(module $name?`: the module, its `)` consumed."""
        if self.at_keyword("binary") or self.at_keyword("quote"):
            kind = self.take()[1]
            data = self.strings()
            self.rpar()
            return ScriptModule(kind, self.source, data=data)
        start = self.i
        self.skip_to_close()    # parsed only when a command loads it
        return ScriptModule("text", self.source, self.toks, start)

    def script_module(self):
        """A module inside an assertion: `(module ...)`."""
        self.open("module")
        if self.at_keyword("definition"):
            self.i += 1
        self.identifier()       # a name here binds nothing
        return self.module_body()

    # --- Commands -------------------------------------------------------------------

    def cmd_register(self):
        name = self.name().decode("utf-8")
        return {"type": "register", "as": name, "name": self.identifier()}

    def action(self):
        self.lpar()
        kind = self.keyword()
        module = self.identifier()
        field = self.name().decode("utf-8")
        action = {"type": kind, "field": field, "module": module}
        if kind == "invoke":
            action["args"] = []
            while not self.at_rpar():
                action["args"].append(self.value(expected=False))
        elif kind != "get":
            raise self.unexpected(self.i - 2)
        self.rpar()
        return action

    # An assertion's line is that of its action or module, as wasm-tools gives it.

    def cmd_assert_return(self):
        line = self.line()
        action = self.action()
        expected = []
        while not self.at_rpar():
            expected.append(self.value(expected=True))
        return {"type": "assert_return", "action": action, "expected": expected, "line": line}

    def cmd_assert_trap(self):
        line = self.line()
        if self.at_open("module"):     # a trap of the start function: not instantiable
            return {"type": "assert_uninstantiable", "source": self.script_module(),
                    "text": self.message(), "line": line}
        return {"type": "assert_trap", "action": self.action(), "text": self.message(),
                "line": line}

    def cmd_assert_exhaustion(self):
        line = self.line()
        return {"type": "assert_exhaustion", "action": self.action(), "text": self.message(),
                "line": line}

    def cmd_assert_exception(self):
        line = self.line()
        return {"type": "assert_exception", "action": self.action(), "line": line}

    def module_assertion(kind):
        def command(self):
            line = self.line()
            module = self.script_module()
            return {"type": kind, "source": module, "text": self.message(), "line": line,
                    "module_type": "text" if module.kind == "quote" else "binary"}
        return command

    cmd_assert_malformed = module_assertion("assert_malformed")
    cmd_assert_invalid = module_assertion("assert_invalid")
    cmd_assert_unlinkable = module_assertion("assert_unlinkable")
    cmd_assert_uninstantiable = module_assertion("assert_uninstantiable")
    del module_assertion

    def message(self):
        return self.string().decode("utf-8")

    # --- Values ---------------------------------------------------------------------

    def value(self, expected):
        """A constant of an action's arguments or of an expected result, as JSON."""
        self.lpar()
        word = self.keyword()
        if word == "either" and expected:
            values = []
            while not self.at_rpar():
                values.append(self.value(True))
            self.rpar()
            return {"type": "either", "values": values}
        kind, _, op = word.partition(".")
        if op == "const" and kind in NUM_VEC_TYPES:
            result = self.number_value(kind, expected)
        elif word == "ref.null":
            heap = self.take()[1] if self.kind() in (KEYWORD, ID, NUMBER) else None
            if heap is None:
                result = {"type": "refnull"}
            elif heap in NULL_TYPES:
                result = {"type": NULL_TYPES[heap]}
            else:
                result = {"type": f"{heap}ref" if heap in HEAP_TYPES else "refnull",
                          "value": "null"}
        elif kind == "ref":
            result = {"type": "anyref" if op == "host" else f"{op}ref"}
            if self.kind() == NUMBER:
                result["value"] = str(self.u32())
        else:
            raise self.unexpected(self.i - 1)
        self.rpar()
        return result

    def number_value(self, kind, expected):
        if kind == "v128":
            shape = self.keyword()
            count, bits, is_float = SHAPES[shape]
            lanes = [self.number_text(("f" if is_float else "i") + str(bits), expected)
                     for _ in range(count)]
            return {"type": "v128", "lane_type": shape.split("x")[0], "value": lanes}
        return {"type": kind, "value": self.number_text(kind, expected)}

    def number_text(self, kind, expected):
        bits = int(kind[1:])
        if expected and kind[0] == "f" and self.text() in ("nan:canonical", "nan:arithmetic"):
            return self.take()[1]
        if kind[0] == "f":
            return str(self.number(numbers.float_bits, bits))
        return str(self.number(numbers.integer, bits))


def read_script(text, file=None):
    """The commands of a .wast script."""
    source = Source(text, file)
    return ScriptReader(source, tokenize(source)).commands()


__all__ = ["read_script", "ScriptModule", "TextError"]
