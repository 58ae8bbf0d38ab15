"""Run the commands of one converted spec script against the GVM API.

`Script` plays the spec interpreter's script semantics (interpreter/script/run.ml):
it keeps the current module, the named modules and the registered ones, and checks
every assertion. Each command ends in exactly one outcome: passed, skipped (with a
reason) or failed (with a reason). The only commands skipped are those of the text
format (and those that use a module given in it): a command GVM cannot run fails. A
Python exception from GVM is a failure of that command, never a crash of the runner.

The API is passed in (`api`, normally the `gvm` package) so that the command logic can
be tested against a fake engine.
"""
import os
import sys
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import gvm
import gvm.spectest  # noqa: F401  (gvm does not import its spectest module itself)

from wast_convert import ConversionError, convert, load_commands
from wast_values import results_mismatch, to_wasm

TEXT_FORMAT = "text format not supported"
PROGRESS_INTERVAL = 1.0  # seconds between the snapshots a worker sends its parent
MAX_REASON = 500  # characters kept of a failure reason; the report shortens further


@dataclass
class Failure:
    line: int        # 0 for a failure of the whole file (conversion, timeout, crash)
    command: str
    reason: str
    count: int = 1   # commands this failure stands for (those a broken file never ran)


@dataclass
class FileResult:
    name: str        # path relative to the suite, e.g. `i32.wast` or `gc/array.wast`
    passed: int = 0
    failures: list = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)   # reason -> number of commands
    total: int = 0   # commands in the file, once it is converted

    @property
    def skipped_total(self):
        return sum(self.skipped.values())

    @property
    def failed_total(self):
        return sum(f.count for f in self.failures)

    @property
    def remaining(self):
        """Commands with no outcome yet: those a timeout or crash left unrun."""
        return max(self.total - self.passed - self.failed_total - self.skipped_total, 0)

    @property
    def broken(self):
        """Whether the file did not run to its end, so its outcomes are incomplete."""
        return any(f.line == 0 for f in self.failures)


@dataclass
class Job:
    """One file to run, with everything a worker process needs."""
    path: str
    name: str
    features: str
    engine: str
    wasm_tools: str
    tool_version: str


class Fail(Exception):
    """The command failed; `args[0]` says why."""


class Skip(Exception):
    """The command cannot run here; `args[0]` says why."""


@dataclass
class Unavailable:
    """Stands for a module that failed to load (or was skipped), so that commands
    using it fail (or are skipped) instead of running against the wrong module."""
    reason: str
    skipped: bool = False


def run_job(job, progress=None):
    """Convert and run one file; everything that goes wrong ends up in the result.
    `progress(result)`, if given, is called with the result so far now and then, so
    that a parent knows what ran if the file later hangs or crashes the process."""
    result = FileResult(job.name)
    try:
        converted = convert(job.path, job.wasm_tools, job.tool_version)
        commands = load_commands(converted)
        result.total = len(commands)
        Script(gvm, converted, job.features, job.engine, result).run(commands, progress)
    except ConversionError as e:
        result.failures.append(Failure(0, "convert", str(e)[:MAX_REASON]))
    except Exception as e:  # a bug of the runner itself: report it with the file
        result.failures.append(Failure(0, "runner", f"{type(e).__name__}: {e}"[:MAX_REASON]))
    return result


def work(conn, job):
    """Entry point of a worker process: run the job, sending ("progress", result so far)
    at most every PROGRESS_INTERVAL seconds and ("done", result) at the end.

    The spectest `print*` functions write to stdout; the worker silences its own
    stdout (at the file-descriptor level too, for output from C) so that the report
    printed by the parent stays readable."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sys.stdout = open(devnull, "w")
    conn.send(("done", run_job(job, lambda result: conn.send(("progress", result)))))
    conn.close()


class Script:
    def __init__(self, api, wasm_dir, features, engine, result):
        self.api = api
        self.wasm_dir = Path(wasm_dir)
        self.features = features
        self.engine = engine
        self.result = result
        self.current = Unavailable("no module defined yet")
        self.named = {}          # $name -> instance or Unavailable
        self.definitions = {}    # $name of a `module definition` -> Module or Unavailable
        self.registered = {}     # name given by `register` -> instance
        # One spectest instance per script, as in the spec interpreter.
        self.spectest = api.spectest.imports()

    def run(self, commands, progress=None):
        last = time.monotonic()
        if progress:
            progress(self.result)
        for command in commands:
            self.run_command(command)
            if progress and time.monotonic() - last >= PROGRESS_INTERVAL:
                progress(self.result)
                last = time.monotonic()

    def run_command(self, command):
        kind = command["type"]
        handler = getattr(self, "do_" + kind, None)
        try:
            if handler is None:
                raise Fail(f"unknown command type {kind!r}")
            handler(command)
        except Skip as e:
            self.result.skipped[e.args[0]] += 1
        except Fail as e:
            self._fail(command, e.args[0])
        except Exception as e:
            self._fail(command, self.describe_error(e))
        else:
            self.result.passed += 1

    def _fail(self, command, reason):
        self.result.failures.append(Failure(command["line"], command["type"], reason[:MAX_REASON]))

    def describe_error(self, error):
        message = getattr(error, "message", None) or str(error)
        if isinstance(error, self.api.WasmError):
            return f"{type(error).__name__}: {message}"
        return f"unexpected {type(error).__name__}: {message}"

    # -- modules -----------------------------------------------------------------

    def decode(self, command):
        if command.get("module_type") == "text":
            raise Skip(TEXT_FORMAT)
        data = (self.wasm_dir / command["filename"]).read_bytes()
        return self.api.Module(data, features=self.features)

    def instantiate(self, module):
        imports = dict(self.spectest)
        imports.update(self.registered)
        return self.api.instantiate(module, imports, engine=self.engine)

    def bind(self, name, instance):
        self.current = instance
        if name is not None:
            self.named[name] = instance

    @contextmanager
    def or_unavailable(self, store):
        """Run the body that loads a module; if it fails (or is skipped), `store` an
        Unavailable in the module's place so that later commands report why."""
        try:
            yield
        except Skip as e:
            store(Unavailable(e.args[0], skipped=True))
            raise
        except Fail as e:
            store(Unavailable(e.args[0]))
            raise
        except Exception as e:
            store(Unavailable(self.describe_error(e)))
            raise

    @staticmethod
    def usable(module, what):
        if isinstance(module, Unavailable):
            raise (Skip if module.skipped else Fail)(f"{what} not loaded: {module.reason}")
        return module

    def instance(self, name):
        """The instance a command refers to: the named one, else the current one."""
        if name is None:
            return self.usable(self.current, "module")
        if name not in self.named:
            raise Fail(f"unknown module {name}")
        return self.usable(self.named[name], "module")

    def do_module(self, command):
        name = command.get("name")
        with self.or_unavailable(lambda unavailable: self.bind(name, unavailable)):
            self.bind(name, self.instantiate(self.decode(command)))

    def do_module_definition(self, command):
        name = command.get("name")

        def store(module):
            self.definitions[name] = module
        with self.or_unavailable(store):
            store(self.decode(command))

    def do_module_instance(self, command):
        name = command.get("instance")
        with self.or_unavailable(lambda unavailable: self.bind(name, unavailable)):
            if command["module"] not in self.definitions:
                raise Fail(f"unknown module definition {command['module']}")
            definition = self.usable(self.definitions[command["module"]], "module definition")
            self.bind(name, self.instantiate(definition))

    def do_register(self, command):
        self.registered[command["as"]] = self.instance(command.get("name"))

    # -- actions -----------------------------------------------------------------

    def act(self, command):
        """Perform the command's action: the list of results of an invoke, or [value] of a get."""
        action = command["action"]
        instance = self.instance(action.get("module"))
        try:
            export = instance.exports[action["field"]]
        except KeyError:
            raise Fail(f"unknown export {action['field']!r}") from None
        if action["type"] == "get":
            return [export.value]
        return list(export.call_raw([to_wasm(arg) for arg in action["args"]]))

    def do_action(self, command):
        self.act(command)

    def do_assert_return(self, command):
        reason = results_mismatch(command["expected"], self.act(command))
        if reason is not None:
            raise Fail(reason)

    # -- assertions that expect an error -----------------------------------------

    def expect_error(self, error_class, text, thunk):
        """Pass if `thunk()` raises `error_class` with a message starting with `text`."""
        expected = f"{error_class.__name__} {text!r}"
        try:
            thunk()
        except (Fail, Skip):
            raise
        except error_class as e:
            message = getattr(e, "message", None) or str(e)
            if not message.startswith(text):
                raise Fail(f"expected {expected}, got message {message!r}") from None
            return
        except Exception as e:
            raise Fail(f"expected {expected}, got {self.describe_error(e)}") from None
        raise Fail(f"expected {expected}, but it succeeded")

    def load(self, command):
        return lambda: self.instantiate(self.decode(command))

    def do_assert_trap(self, command):
        thunk = self.load(command) if "filename" in command else lambda: self.act(command)
        self.expect_error(self.api.Trap, command["text"], thunk)

    def do_assert_exhaustion(self, command):
        self.expect_error(self.api.Exhaustion, command["text"], lambda: self.act(command))

    def do_assert_malformed(self, command):
        self.expect_error(self.api.DecodeError, command["text"], lambda: self.decode(command))

    def do_assert_invalid(self, command):
        self.expect_error(self.api.ValidationError, command["text"], lambda: self.decode(command))

    def do_assert_unlinkable(self, command):
        self.expect_error(self.api.LinkError, command["text"], self.load(command))

    def do_assert_uninstantiable(self, command):
        self.expect_error(self.api.Trap, command["text"], self.load(command))

    def do_assert_exception(self, command):
        """An uncaught wasm exception: the action raises the API's WasmException."""
        try:
            self.act(command)
        except (Fail, Skip):
            raise
        except self.api.WasmException:
            return
        except Exception as e:
            raise Fail(f"expected an uncaught exception, got {self.describe_error(e)}") from None
        raise Fail("expected an uncaught exception, but it returned")
